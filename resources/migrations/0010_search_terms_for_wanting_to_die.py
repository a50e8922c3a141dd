"""Words for wanting to die, in English and Spanish ("want to die", "quiero morir", ...): typed
alone they found nothing, and the 988 line must come first. Adds the terms of
``resources/data/search_terms.json`` that a database does not have yet; a term a maintainer
already has (or edited in admin) is left as it is."""

import json
from pathlib import Path

from django.db import migrations

TERMS_FILE = Path(__file__).resolve().parent.parent / "data" / "search_terms.json"


def add_missing_terms(apps, schema_editor):
    from resources.words import tokens

    SearchTerm = apps.get_model("resources", "SearchTerm")
    Need = apps.get_model("resources", "Need")
    Community = apps.get_model("resources", "Community")
    needs = {need.slug: need for need in Need.objects.all()}
    communities = {community.slug: community for community in Community.objects.all()}
    known = set(SearchTerm.objects.values_list("phrase", flat=True))
    for entry in json.loads(TERMS_FILE.read_text(encoding="utf-8"))["terms"]:
        phrase = " ".join(tokens(entry["phrase"]))
        if phrase in known:
            continue
        term = SearchTerm.objects.create(
            phrase=phrase, language=entry.get("language", "en"), words=", ".join(entry.get("words", []))
        )
        term.needs.set([needs[slug] for slug in entry.get("needs", []) if slug in needs])
        term.communities.set([communities[slug] for slug in entry.get("communities", []) if slug in communities])
        known.add(phrase)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0009_hsds_import"),
    ]

    operations = [
        migrations.RunPython(add_missing_terms, migrations.RunPython.noop),
    ]
