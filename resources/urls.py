from django.urls import path

from resources import views

app_name = "resources"
urlpatterns = [
    path("", views.search, name="search"),
    # suggest/ and states/ come before <slug:slug>/ so that they are never taken for a listing
    # (and both are reserved slugs: resources.models.RESERVED_SLUGS).
    path("suggest/", views.suggest, name="suggest"),
    path("states/", views.states, name="states"),
    path("states/<str:code>/", views.state, name="state"),
    path("suggest/thanks/", views.suggest_thanks, name="suggest_thanks"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report/thanks/", views.report_thanks, name="report_thanks"),
]
