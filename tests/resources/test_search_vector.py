"""The search index is kept right on every write path, on both databases: PostgreSQL's
``search_vector`` and SQLite's FTS5 table ``resource_fts``, each kept by database triggers."""

from __future__ import annotations

import pytest
from django.db import connection

from resources.models import Community, Need, Organization, Resource
from resources.query import Concept
from resources.search import matching
from resources.words import tokens
from tests.resources.factories import make_listing

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the search vector is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")


def matches(listing: Resource, words: str) -> bool:
    """Whether the index finds the listing for every one of the words."""
    return all(
        matching(Resource.objects.filter(pk=listing.pk), [Concept(word, ((word,),))]).exists() for word in tokens(words)
    )


def vector(listing: Resource) -> str:
    return str(Resource.objects.values_list("search_vector", flat=True).get(pk=listing.pk))


@on_postgresql
def test_create_fills_the_vector_with_weights():
    listing = make_listing("Harbor House", description="Peer meetings on Tuesdays", organization="Lighthouse Trust")
    text = vector(listing)
    assert "'harbor':1A" in text and "'lighthous'" in text and "B" in text.split("'lighthous'")[1][:6]
    assert "'tuesday'" in text and matches(listing, "harbor peer")


def test_save_updates_the_vector():
    listing = make_listing("Harbor House")
    listing.name = "Meadow House"
    listing.save()
    assert matches(listing, "meadow") and not matches(listing, "harbor")


def test_queryset_update_updates_the_vector():
    listing = make_listing("Harbor House")
    Resource.objects.filter(pk=listing.pk).update(description="Quilting circle")
    assert matches(listing, "quilting")


def test_bulk_create_fills_the_vector():
    Resource.objects.bulk_create(
        [Resource(name=f"Orchard {n}", slug=f"orchard-{n}", description="Garden therapy") for n in range(3)]
    )
    assert matching(Resource.objects.all(), [Concept("garden", (("garden",),))]).count() == 3


def test_bulk_update_updates_the_vector():
    listing = make_listing("Harbor House")
    listing.description = "Pottery"
    Resource.objects.bulk_update([listing], ["description"])
    assert matches(listing, "pottery")


def test_adding_removing_setting_and_clearing_needs_update_the_vector():
    listing = make_listing("Harbor House")
    legal, medical = Need.objects.get(slug="legal"), Need.objects.get(slug="medical")
    listing.needs.add(legal)
    assert matches(listing, "legal") and matches(listing, "ayuda")  # English and Spanish names
    listing.needs.remove(legal)
    assert not matches(listing, "legal")
    listing.needs.set([medical])
    assert matches(listing, "medical") and not matches(listing, "legal")
    listing.needs.set([legal])
    assert matches(listing, "legal") and not matches(listing, "medical")
    listing.needs.clear()
    assert not matches(listing, "legal")


def test_reverse_side_of_needs_updates_the_vector():
    listing = make_listing("Harbor House")
    Need.objects.get(slug="legal").resources.add(listing)
    assert matches(listing, "legal")


def test_adding_removing_and_clearing_communities_update_the_vector():
    listing = make_listing("Harbor House")
    listing.communities.add(Community.objects.get(slug="youth"))
    assert matches(listing, "youth") and matches(listing, "jóvenes".replace("ó", "o"))
    listing.communities.remove(Community.objects.get(slug="youth"))
    assert not matches(listing, "youth")
    listing.communities.set(Community.objects.filter(slug__in=["women", "black"]))
    assert matches(listing, "women") and matches(listing, "black")
    listing.communities.clear()
    assert not matches(listing, "women")


def test_renaming_the_organization_updates_the_vector():
    listing = make_listing("Harbor House", organization="Lighthouse Trust")
    organization = Organization.objects.get(pk=listing.organization_id)
    organization.name = "Beacon Fund"
    organization.save()
    assert matches(listing, "beacon") and not matches(listing, "lighthouse")
    Organization.objects.filter(pk=organization.pk).update(name="Compass Group")
    assert matches(listing, "compass")


def test_changing_the_organization_updates_the_vector():
    listing = make_listing("Harbor House", organization="Lighthouse Trust")
    listing.organization = Organization.objects.create(name="Beacon Fund")
    listing.save()
    assert matches(listing, "beacon") and not matches(listing, "lighthouse")


def test_renaming_a_need_or_community_updates_the_vector():
    listing = make_listing("Harbor House", needs=("legal",), communities=("youth",))
    Need.objects.filter(slug="legal").update(name="Justice help", name_es="Justicia")
    assert matches(listing, "justice") and matches(listing, "justicia") and not matches(listing, "legal")
    community = Community.objects.get(slug="youth")
    community.name = "Teenagers"
    community.save()
    assert matches(listing, "teenagers")


def test_deleting_a_need_updates_the_vector():
    listing = make_listing("Harbor House", needs=("legal",))
    Need.objects.filter(slug="legal").delete()
    assert not matches(listing, "legal")


@on_postgresql
def test_accents_are_kept_out_of_the_vector():
    listing = make_listing("Consejería Latina")
    assert "'consejeria'" in vector(listing)


def test_accents_never_matter():
    listing = make_listing("Consejería Latina")
    assert matches(listing, "consejeria") and matches(listing, "consejería")


def test_spanish_word_forms_meet():
    listing = make_listing("Apoyo", description="Acompañamos a sobrevivientes de violación.")
    assert matches(listing, "violaciones") and matches(listing, "violacion")


def test_spanish_listing_text_is_searched():
    listing = make_listing("Harbor House", description_es="Grupo de apoyo para madres.", eligibility_es="Adultas")
    assert matches(listing, "madres") and matches(listing, "adultas")


def test_the_listings_numbers_are_searched_as_dialled():
    listing = make_listing("Harbor House", phone="1-800-656-4673", text_number="741741", tty="711")
    assert matches(listing, "8006564673") and matches(listing, "741741") and matches(listing, "711")


def test_deleting_a_listing_takes_it_out_of_the_index():
    listing = make_listing("Harbor House")
    pk = listing.pk
    listing.delete()
    assert not matching(Resource.objects.filter(pk=pk), [Concept("harbor", (("harbor",),))]).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM resource_fts WHERE rowid = %s", [pk])
            assert cursor.fetchone()[0] == 0


@on_sqlite
def test_the_fts_row_holds_each_column():
    listing = make_listing("Harbor House", organization="Lighthouse Trust", needs=("legal",), description="Peer")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, organization, tags, body, spanish FROM resource_fts WHERE rowid = %s", [listing.pk]
        )
        name, organization, tags, body, spanish = cursor.fetchone()
    assert name.startswith("Harbor House") and organization == "Lighthouse Trust"
    assert "Legal help" in tags and "Ayuda legal" in tags and "Peer" in body and "harbor" in spanish


@on_postgresql
def test_the_gin_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'resources_resource'")
        names = {row[0] for row in cursor.fetchall()}
    assert "resource_search_vector" in names


@on_sqlite
def test_the_triggers_come_back_after_migrate_and_the_index_is_rebuilt():
    """Django rebuilds a SQLite table to alter it, which drops its triggers: migrate reinstalls
    them and rebuilds the index (resources/fts.py), so no migration can leave it stale."""
    from resources import fts

    listing = make_listing("Harbor House")
    fts.remove_triggers(connection)
    Resource.objects.filter(pk=listing.pk).update(name="Meadow House")
    assert not matches(listing, "meadow")  # nothing kept the index right
    fts.after_migrate(sender=None, using="default")
    assert matches(listing, "meadow") and not matches(listing, "harbor")
    Resource.objects.filter(pk=listing.pk).update(name="Orchard House")
    assert matches(listing, "orchard")
