"""Create the Moderators group with only the permissions moderation needs."""

from django.db import migrations


def create_group(apps, schema_editor):
    from stories.permissions import ensure_moderators_group

    ensure_moderators_group(apps)


def remove_group(apps, schema_editor):
    from stories.permissions import MODERATORS_GROUP

    apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_stories"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
