"""Words people type in hard moments that found little or the wrong help ("touched me", "tengo
miedo", "nightmares", "someone is stalking me", "me drogaron", "plan b", "press charges", ...).
Adds the terms of ``resources/data/search_terms.json`` that a database does not have yet, as 0010
does. Two shipped terms gain words ("rape kit" also finds the sexual assault line, which connects
callers to the local centre that goes with them to the exam; "stalked" found nothing), only where
their words are still the ones first shipped: a maintainer's edit is kept."""

import importlib

from django.db import migrations

# phrase: (the words first shipped, the words now)
WIDENED = {
    "rape kit": ("forensic exam, medical, exam", "forensic exam, medical, exam, sexual assault"),
    "stalked": ("stalking", "stalking, harassment, domestic violence"),
}


def add_terms(apps, schema_editor):
    importlib.import_module("resources.migrations.0010_search_terms_for_wanting_to_die").add_missing_terms(
        apps, schema_editor
    )
    SearchTerm = apps.get_model("resources", "SearchTerm")
    for phrase, (shipped, widened) in WIDENED.items():
        SearchTerm.objects.filter(phrase=phrase, words=shipped).update(words=widened)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0010_search_terms_for_wanting_to_die"),
    ]

    operations = [
        migrations.RunPython(add_terms, migrations.RunPython.noop),
    ]
