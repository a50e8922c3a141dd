from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "Stories and moderation"

    def ready(self) -> None:
        post_migrate.connect(_keep_moderators_group, sender=self)


def _keep_moderators_group(sender, apps, **kwargs) -> None:
    from stories.permissions import ensure_moderators_group

    ensure_moderators_group(apps)
