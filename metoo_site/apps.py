from django.apps import AppConfig


class MetooSiteConfig(AppConfig):
    name = "metoo_site"
    verbose_name = "Site"

    def ready(self) -> None:
        from metoo_site import checks  # noqa: F401  (registers the deploy checks)
        from metoo_site.pagecache import connect_signals

        connect_signals()
