from django.urls import path

from stories import views

app_name = "stories"
urlpatterns = [
    path("", views.story_list, name="list"),
    path("share/", views.story_list, name="share"),
]
