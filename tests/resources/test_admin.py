"""The maintainers' admin: every save is recorded, contact changes are held, actions, filters and queues."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resources.models import ListingChange, ListingReport, Need, Resource, ResourceSuggestion
from tests.conftest import sign_in_staff

INLINES = ("opening_hours", "languages", "modes", "states_served")


def change_form_data(resource: Resource, **overrides) -> dict:
    """What the admin's change form posts for ``resource`` unchanged (no inline rows)."""
    data: dict[str, str | list[str]] = {
        field: "" if getattr(resource, field) is None else str(getattr(resource, field))
        for field in (
            "name", "slug", "description", "status", "phone", "phone_notes", "text_number", "text_keyword", "tty",
            "videophone", "chat_url", "website", "email", "cost", "cost_notes", "eligibility", "accessibility",
            "confidentiality", "timezone", "hours_notes", "service_area", "service_radius_miles", "street", "city",
            "state", "zip_code", "country", "address_visibility", "latitude", "longitude", "source_url",
            "last_verified", "priority",
        )
    }  # fmt: skip
    data["organization"] = str(resource.organization_id or "")
    saved = resource.pk is not None
    data["needs"] = [str(pk) for pk in resource.needs.values_list("pk", flat=True)] if saved else []
    data["communities"] = [str(pk) for pk in resource.communities.values_list("pk", flat=True)] if saved else []
    if resource.is_24_7:
        data["is_24_7"] = "on"
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
                     f"{prefix}-MAX_NUM_FORMS": "1000"})  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def listing(make_resource) -> Resource:
    return make_resource(description="Walk-in advocacy.", last_verified=date(2026, 1, 5))


def test_an_admin_edit_records_every_field_and_holds_the_phone(admin_client, listing):
    url = f"/admin/resources/resource/{listing.pk}/change/"
    legal = Need.objects.get(slug="legal")
    data = change_form_data(
        listing,
        description="Walk-in advocacy and court accompaniment.",
        phone="312-555-0199",
        needs=[str(legal.pk)],
        **{"languages-TOTAL_FORMS": "1", "languages-0-code": "es", "languages-0-resource": str(listing.pk)},
    )
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "wait for a second maintainer" in response.content.decode() or "waits for a second" in (
        response.content.decode()
    )
    listing.refresh_from_db()
    assert listing.description == "Walk-in advocacy and court accompaniment."
    assert listing.phone == "312-555-0100"
    assert list(listing.languages.values_list("code", flat=True)) == ["es"]
    changes = {c.field: c for c in ListingChange.objects.filter(resource=listing)}
    assert changes["description"].status == ListingChange.Status.APPLIED
    assert (changes["needs"].before, changes["needs"].after) == ("", "legal")
    assert changes["languages"].after == "es"
    assert changes["phone"].status == ListingChange.Status.PENDING and changes["phone"].after == "312-555-0199"
    assert all(c.changed_by.username == "admin" for c in changes.values())


def test_an_unchanged_admin_save_records_nothing(admin_client, listing):
    response = admin_client.post(f"/admin/resources/resource/{listing.pk}/change/", change_form_data(listing))
    assert response.status_code == 302
    assert not ListingChange.objects.exists()


@pytest.mark.django_db
def test_adding_a_listing_in_admin_records_it(admin_client):
    blank = Resource(name="Cedar Hill Legal Aid", slug="cedar-hill-legal-aid", source_url="https://example.org/x")
    data = change_form_data(blank, zip_code="60601", organization="")
    response = admin_client.post("/admin/resources/resource/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(slug="cedar-hill-legal-aid")
    fields = set(ListingChange.objects.filter(resource=resource).values_list("field", flat=True))
    assert {"name", "slug", "zip_code", "latitude", "state"} <= fields
    assert resource.state == "IL"


def test_the_listing_page_shows_its_history(admin_client, listing):
    admin_client.post(
        f"/admin/resources/resource/{listing.pk}/change/", change_form_data(listing, description="Shorter.")
    )
    html = admin_client.get(f"/admin/resources/resource/{listing.pk}/change/").content.decode()
    assert "Walk-in advocacy." in html and "Shorter." in html
    assert f"/admin/resources/listingchange/?resource__id__exact={listing.pk}" in html


def test_same_maintainer_cannot_confirm_but_a_second_one_can(admin_client, listing, second_maintainer):
    admin_client.post(
        f"/admin/resources/resource/{listing.pk}/change/", change_form_data(listing, phone="312-555-0199")
    )
    change = ListingChange.objects.get(status=ListingChange.Status.PENDING)
    action = {"action": "confirm", "_selected_action": [str(change.pk)]}
    response = admin_client.post("/admin/resources/listingchange/", action, follow=True)
    assert "you made it" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ListingChange.Status.PENDING

    second = sign_in_staff(Client(), second_maintainer)
    second.post("/admin/resources/listingchange/", action)
    change.refresh_from_db()
    listing.refresh_from_db()
    assert change.status == ListingChange.Status.APPLIED and change.decided_by == second_maintainer
    assert listing.phone == "312-555-0199"


def test_decline_action_keeps_the_listing(admin_client, listing):
    admin_client.post(
        f"/admin/resources/resource/{listing.pk}/change/", change_form_data(listing, website="https://bad.example/")
    )
    change = ListingChange.objects.get(status=ListingChange.Status.PENDING)
    admin_client.post("/admin/resources/listingchange/", {"action": "decline", "_selected_action": [str(change.pk)]})
    change.refresh_from_db()
    listing.refresh_from_db()
    assert change.status == ListingChange.Status.DECLINED
    assert listing.website == "https://riverbend.example.org/"


def test_listing_changes_cannot_be_added_edited_or_deleted_by_hand(admin_client, listing):
    listing.description = "x"
    from resources import services

    services.resource_save(resource=listing, changed_by=None)
    change = ListingChange.objects.get()
    assert admin_client.get("/admin/resources/listingchange/add/").status_code == 403
    assert admin_client.get(f"/admin/resources/listingchange/{change.pk}/delete/").status_code == 403
    admin_client.post(f"/admin/resources/listingchange/{change.pk}/change/", {"after": "forged"})
    change.refresh_from_db()
    assert change.after == "x"


@pytest.mark.django_db
def test_actions_publish_and_archive(admin_client, make_resource):
    a = make_resource(slug="a", status=Resource.Status.DRAFT, last_verified=date(2020, 1, 1))
    b = make_resource(slug="b", status=Resource.Status.DRAFT)
    url = "/admin/resources/resource/"
    admin_client.post(url, {"action": "publish", "_selected_action": [a.pk, b.pk]})
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == b.status == Resource.Status.PUBLISHED
    admin_client.post(url, {"action": "archive", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.status == Resource.Status.ARCHIVED
    assert ListingChange.objects.filter(resource=a, field="status").count() == 2


@pytest.mark.django_db
def test_publish_action_explains_why_a_listing_without_source_stays_a_draft(admin_client, make_resource):
    a = make_resource(slug="a", status=Resource.Status.DRAFT, source_url="")
    response = admin_client.post(
        "/admin/resources/resource/", {"action": "publish", "_selected_action": [a.pk]}, follow=True
    )
    assert "needs a source address" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Resource.Status.DRAFT


@pytest.mark.django_db
def test_stale_filter_lists_listings_not_confirmed_in_12_months(admin_client, make_resource):
    confirmed = {"verification": Resource.Verification.CONFIRMED, "confirmed_via": Resource.ConfirmedVia.PHONE}
    make_resource(slug="old", name="Old Listing", last_verified=date.today() - timedelta(days=400), **confirmed)
    make_resource(slug="never", name="Never Checked", last_verified=None)
    make_resource(slug="fresh", name="Fresh Listing", last_verified=date.today() - timedelta(days=30), **confirmed)
    stale = admin_client.get("/admin/resources/resource/?verified=stale").content.decode()
    assert "Old Listing" in stale and "Never Checked" in stale and "Fresh Listing" not in stale
    recent = admin_client.get("/admin/resources/resource/?verified=recent").content.decode()
    assert "Fresh Listing" in recent and "Old Listing" not in recent


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "status__exact=published",
        "needs__id__exact=1",
        "communities__id__exact=1",
        "state__exact=IL",
        "service_area__exact=local",
        "is_demo__exact=1",
        "is_demo__exact=0",
        "country__exact=US",
        "q=riverbend",
        "verified=nonsense",
    ],
)
def test_every_filter_and_search_answers(admin_client, listing, query):
    assert admin_client.get(f"/admin/resources/resource/?{query}").status_code == 200


def _changelist_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/resources/resource/?verified=stale").status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_changelist_query_count_does_not_grow_with_listings(admin_client, make_resource, django_assert_max_num_queries):
    for i in range(5):
        make_resource(slug=f"few-{i}", last_verified=None)
    few = _changelist_queries(admin_client)
    for i in range(60):
        make_resource(slug=f"many-{i}", last_verified=None)
    assert _changelist_queries(admin_client) == few
    with django_assert_max_num_queries(15):
        admin_client.get("/admin/resources/resource/")


def test_other_admin_pages_render(admin_client, listing):
    for url in (
        "/admin/resources/need/",
        "/admin/resources/community/",
        "/admin/resources/organization/",
        "/admin/resources/listingchange/",
        "/admin/resources/listingreport/",
        "/admin/resources/resourcesuggestion/",
        f"/admin/resources/resource/{listing.pk}/change/",
        "/admin/resources/resource/add/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_resolve_actions_close_reports_and_suggestions(admin_client, listing):
    report = ListingReport.objects.create(resource=listing, problem="hours")
    added = ResourceSuggestion.objects.create(organization_name="A", description="a")
    declined = ResourceSuggestion.objects.create(organization_name="B", description="b")
    admin_client.post("/admin/resources/listingreport/", {"action": "resolve", "_selected_action": [report.pk]})
    admin_client.post("/admin/resources/resourcesuggestion/", {"action": "mark_added", "_selected_action": [added.pk]})
    admin_client.post("/admin/resources/resourcesuggestion/", {"action": "decline", "_selected_action": [declined.pk]})
    report.refresh_from_db()
    added.refresh_from_db()
    declined.refresh_from_db()
    assert report.status == ListingReport.Status.RESOLVED and report.resolved_by.username == "admin"
    assert added.status == ResourceSuggestion.Status.ADDED
    assert declined.status == ResourceSuggestion.Status.DECLINED


def test_admin_index_counts_the_open_queues(admin_client, listing):
    ListingReport.objects.create(resource=listing, problem="hours")
    ListingReport.objects.create(resource=listing, problem="phone")
    ListingReport.objects.create(resource=listing, problem="closed", status=ListingReport.Status.RESOLVED)
    ResourceSuggestion.objects.create(organization_name="A", description="a")
    ListingChange.objects.create(resource=listing, resource_name="x", field="phone", status="pending")
    html = admin_client.get("/admin/").content.decode()
    assert "2 open reports of wrong information" in html
    assert "1 new listing suggestion" in html
    assert "1 contact change waiting for a second maintainer" in html
    assert "/admin/resources/listingreport/?status__exact=open" in html


def test_deleting_a_listing_in_admin_keeps_its_history_and_who_deleted_it(admin_client, listing):
    response = admin_client.post(f"/admin/resources/resource/{listing.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Resource.objects.filter(pk=listing.pk).exists()
    change = ListingChange.objects.get(field="deleted")
    assert change.resource is None and change.resource_name == listing.name
    assert change.changed_by.username == "admin" and change.before == listing.slug


def test_a_listings_full_history_link_shows_only_its_changes(admin_client, make_resource, listing):
    from resources import services

    other = make_resource(slug="other", name="Other Listing")
    for resource, words in ((listing, "Listing words."), (other, "Other words.")):
        resource.description = words
        services.resource_save(resource=resource, changed_by=None)
    response = admin_client.get(f"/admin/resources/listingchange/?resource__id__exact={listing.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Listing words." in html and "Other words." not in html
