"""Words people type in hard moments that found little or the wrong help ("touched me", "tengo
miedo", "nightmares", "me drogaron", "plan b", ...), and "rape kit" also finding the sexual
assault line, which connects callers to the local centre that goes with them to the exam. Adds
the terms of ``resources/data/search_terms.json`` that a database does not have yet, as 0010
does; "rape kit" changes only where its words are still the ones first shipped."""

import importlib

from django.db import migrations

SHIPPED_RAPE_KIT_WORDS = "forensic exam, medical, exam"
RAPE_KIT_WORDS = "forensic exam, medical, exam, sexual assault"


def add_terms(apps, schema_editor):
    importlib.import_module("resources.migrations.0010_search_terms_for_wanting_to_die").add_missing_terms(
        apps, schema_editor
    )
    SearchTerm = apps.get_model("resources", "SearchTerm")
    SearchTerm.objects.filter(phrase="rape kit", words=SHIPPED_RAPE_KIT_WORDS).update(words=RAPE_KIT_WORDS)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0010_search_terms_for_wanting_to_die"),
    ]

    operations = [
        migrations.RunPython(add_terms, migrations.RunPython.noop),
    ]
