"""Seed the default needs and communities of the product brief (editable in admin afterwards)."""

from django.db import migrations

from resources.taxonomy import DEFAULT_COMMUNITIES, DEFAULT_NEEDS, NEED_DESCRIPTIONS


def seed(apps, schema_editor):
    Need = apps.get_model("resources", "Need")
    Community = apps.get_model("resources", "Community")
    for order, (slug, name, name_es) in enumerate(DEFAULT_NEEDS):
        description, description_es = NEED_DESCRIPTIONS.get(slug, ("", ""))
        Need.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_es": name_es, "order": order,
                      "description": description, "description_es": description_es},
        )  # fmt: skip
    for order, (slug, name, name_es) in enumerate(DEFAULT_COMMUNITIES):
        Community.objects.get_or_create(slug=slug, defaults={"name": name, "name_es": name_es, "order": order})


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
