from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Stories and moderation")

    def ready(self) -> None:
        post_migrate.connect(_keep_moderators_group, sender=self)


def _keep_moderators_group(sender, apps=None, **kwargs) -> None:
    """After migrate and after a test database flush (which sends post_migrate without ``apps``)."""
    from django.apps import apps as global_apps

    from stories.permissions import ensure_moderators_group

    ensure_moderators_group(apps or global_apps)
