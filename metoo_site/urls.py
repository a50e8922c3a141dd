from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from metoo_site import views
from metoo_site.sitemaps import PagesSitemap
from resources.sitemaps import ResourcesSitemap, StatesSitemap

# The one module of the project package that imports apps: each app brings its own URLs and
# sitemap sections (see docs/architecture.md).
SITEMAPS = {"pages": PagesSitemap, "states": StatesSitemap, "resources": ResourcesSitemap}

handler404 = "metoo_site.views.page_not_found"
handler500 = "metoo_site.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(settings.ADMIN_PATH, admin.site.urls),
    # The read-only HSDS 3.0 open-data API: one address for every language (never prefixed).
    path("api/", include("resources.hsds.urls")),
]

# English is unprefixed; Spanish lives under /es/ with the same paths.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("get-help/", views.get_help, name="get_help"),
    path("safety/", views.safety, name="safety"),
    path("privacy/", views.privacy, name="privacy"),
    path("resources/", include("resources.urls")),
    path("stories/", include("stories.urls")),
    prefix_default_language=False,
)
