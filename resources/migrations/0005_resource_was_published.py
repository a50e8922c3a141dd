"""Listings remember that they were published once, so the two-person rule for contact fields
keeps applying after they are unpublished (see resources/services.py)."""

from django.db import migrations, models


def mark_published_listings(apps, schema_editor):
    Resource = apps.get_model("resources", "Resource")
    ListingChange = apps.get_model("resources", "ListingChange")
    Resource.objects.filter(status="published").update(was_published=True)
    # Listings unpublished before this field existed: their history shows the publication.
    ever = ListingChange.objects.filter(field="status", after="published").values("resource_id")
    Resource.objects.filter(pk__in=ever).update(was_published=True)


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_open_now_timezone_index")]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="was_published",
            field=models.BooleanField(default=False, editable=False, verbose_name="has been published"),
        ),
        migrations.RunPython(mark_published_listings, migrations.RunPython.noop),
    ]
