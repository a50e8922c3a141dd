"""The Moderators group and exactly the permissions moderators need: stories and their log.

Not resources, users or settings. Used by the migration that creates the group and again after
every ``migrate`` (and test-database flush), so the group always matches this list.
"""

from __future__ import annotations

from django.conf import settings

# The name is a setting because the staff app's create_moderator needs it too, and apps never
# import each other; the group and its permissions are this app's.
MODERATORS_GROUP: str = settings.MODERATORS_GROUP
MODERATOR_PERMISSIONS: list[tuple[str, str]] = [
    ("stories", "view_story"),
    ("stories", "change_story"),
    ("stories", "view_moderationlog"),
]


def ensure_moderators_group(apps) -> None:
    """Create the group if missing and set its permissions (``apps``: real or historical)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if app_config.label in {"auth", "contenttypes", "stories"}:
            app_config.models_module = getattr(app_config, "models_module", None) or True
            create_permissions(app_config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = [
        permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in MODERATOR_PERMISSIONS
    ]
    group.permissions.set(wanted)
