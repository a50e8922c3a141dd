"""Terms added to resources/data/search_terms.json reach databases migrated before them, and a
maintainer's edits in admin are never overwritten (migrations 0010 and 0011)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from resources.models import SearchTerm
from resources.words import tokens

pytestmark = pytest.mark.django_db

TERMS_FILE = Path(__file__).resolve().parents[2] / "resources" / "data" / "search_terms.json"
LATEST = importlib.import_module("resources.migrations.0011_search_terms_people_type_in_hard_moments")


def test_a_migrated_database_has_every_shipped_term():
    shipped = {" ".join(tokens(entry["phrase"])) for entry in json.loads(TERMS_FILE.read_text())["terms"]}
    assert shipped <= set(SearchTerm.objects.values_list("phrase", flat=True))


def test_missing_terms_are_added_and_edited_ones_kept():
    SearchTerm.objects.filter(phrase__in=["tengo miedo", "nightmares"]).delete()
    SearchTerm.objects.filter(phrase="rape kit").update(words="forensic exam, medical, exam")
    SearchTerm.objects.filter(phrase="stalked").update(words="stalking")
    SearchTerm.objects.filter(phrase="scared").update(words="a maintainer's own words")
    LATEST.add_terms(apps, None)
    miedo = SearchTerm.objects.get(phrase="tengo miedo")
    assert (miedo.language, miedo.words, [n.slug for n in miedo.needs.all()]) == (
        "es",
        "hotline, crisis",
        ["crisis-hotline"],
    )
    assert SearchTerm.objects.filter(phrase="nightmares").exists()
    assert SearchTerm.objects.get(phrase="rape kit").words == "forensic exam, medical, exam, sexual assault"
    assert SearchTerm.objects.get(phrase="stalked").words == "stalking, harassment, domestic violence"
    assert SearchTerm.objects.get(phrase="scared").words == "a maintainer's own words"


def test_rape_kit_edited_by_a_maintainer_is_left_as_it_is():
    SearchTerm.objects.filter(phrase="rape kit").update(words="forensic exam, hospital")
    LATEST.add_terms(apps, None)
    assert SearchTerm.objects.get(phrase="rape kit").words == "forensic exam, hospital"
