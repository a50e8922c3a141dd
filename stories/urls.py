from django.urls import path

from stories import views

app_name = "stories"
urlpatterns = [
    path("", views.story_list, name="list"),
    path("share/", views.share, name="share"),
    path("status/", views.status, name="status"),
    path("me-too/", views.me_too, name="me_too"),
    path("<slug:public_id>/", views.story_detail, name="detail"),
    path("<slug:public_id>/react/", views.story_react, name="react"),
]
