from django.urls import path

from resources import views

app_name = "resources"
urlpatterns = [
    path("", views.search, name="search"),
    # suggest/ comes before <slug:slug>/ so that it is never taken for a listing.
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/thanks/", views.suggest_thanks, name="suggest_thanks"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report/thanks/", views.report_thanks, name="report_thanks"),
]
