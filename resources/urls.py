from django.urls import path

from resources import views

app_name = "resources"
urlpatterns = [
    path("", views.search, name="search"),
    # Replaced by the resources-data branch (report and suggest views) at merge.
    path("suggest/", views.not_here_yet, name="suggest"),
    path("<slug:slug>/", views.detail, name="detail"),
    # Replaced by the resources-data branch (report and suggest views) at merge.
    path("<slug:slug>/report/", views.not_here_yet, name="report"),
]
