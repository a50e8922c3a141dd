"""Every listing says truthfully how and when it was checked; a maintainer confirms one listing at a
time, saying how, and the history records who; Spanish pages read in Spanish."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from resources import services
from resources.models import ListingChange, Resource
from tests.resources.factories import make_listing, national

pytestmark = pytest.mark.django_db


def test_a_compiled_listing_says_so_and_claims_no_check(client):
    national("Line", slug="line", last_verified=date(2026, 11, 29))
    html = client.get("/resources/line/").content.decode()
    assert "Compiled from public sources on 29 Nov 2026. Not yet confirmed with the service." in html
    assert "Last checked" not in html and "verified" not in html.lower()


def test_a_confirmed_listing_says_when_and_never_who(client, admin_user):
    listing = national("Line", slug="line")
    services.resource_confirm(resource=listing, by=admin_user, via="email", on=date(2026, 12, 1))
    html = client.get("/resources/line/").content.decode()
    assert "Confirmed with the service on 1 Dec 2026." in html
    assert admin_user.username not in html
    assert "Confirmada con el servicio el 1 de diciembre de 2026." in client.get("/es/resources/line/").content.decode()


def test_an_imported_listing_names_its_source(client):
    national("Line", slug="line", verification="imported", source_name="Example 211", last_verified=date(2026, 10, 2))
    html = client.get("/resources/line/").content.decode()
    assert "Imported from Example 211 on 2 Oct 2026. Not yet confirmed with the service." in html


def test_a_secondary_source_is_marked_as_such(client):
    national("Line", slug="line", source_is_secondary=True, source_name="Wikipedia")
    html = client.get("/resources/line/").content.decode()
    assert "(Wikipedia: a secondary page, not the service's own site)" in html


def test_search_results_claim_no_check_by_volunteers(client):
    national("Line", slug="line")
    html = client.get("/resources/").content.decode()
    assert "checked by volunteers" not in html and "Last checked" not in html
    assert "Compiled from public sources on 1 Nov 2026." in html


def test_confirmed_needs_how_and_when_in_the_database():
    listing = national("Line", slug="line")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=listing.pk).update(verification="confirmed", confirmed_via="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=listing.pk).update(confirmed_via="phone")  # still "compiled"


def test_confirming_checks_how_and_when(admin_user):
    listing = national("Line", slug="line")
    with pytest.raises(services.DirectoryError):
        services.resource_confirm(resource=listing, by=admin_user, via="", on=date.today())
    with pytest.raises(services.DirectoryError):
        services.resource_confirm(resource=listing, by=admin_user, via="phone", on=date.today() + timedelta(days=1))


def test_admin_confirms_one_listing_at_a_time_and_the_history_records_it(admin_client, admin_user):
    listing = national("Line", slug="line")
    url = f"/admin/resources/resource/{listing.pk}/confirm/"
    assert f'href="{url}"' in admin_client.get(f"/admin/resources/resource/{listing.pk}/change/").content.decode()
    page = admin_client.get(url).content.decode()
    assert "Reading its web site is not a confirmation" in page
    bad = admin_client.post(url, {"via": "phone", "on": (date.today() + timedelta(days=3)).isoformat()})
    assert bad.status_code == 200 and "cannot be in the future" in bad.content.decode()
    response = admin_client.post(url, {"via": "phone", "on": "2026-11-30"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.verification, listing.confirmed_via, listing.last_verified) == (
        "confirmed",
        "phone",
        date(2026, 11, 30),
    )
    assert listing.verified_by == admin_user
    recorded = dict(ListingChange.objects.filter(resource=listing).values_list("field", "after"))
    assert recorded["verification"] == "confirmed" and recorded["confirmed_via"] == "phone"
    assert ListingChange.objects.filter(resource=listing, changed_by=admin_user).exists()


def test_mark_verified_today_is_gone(admin_client):
    national("Line", slug="line")
    html = admin_client.get("/admin/resources/resource/").content.decode()
    assert "mark_verified_today" not in html and "Mark verified" not in html


def test_stale_queue_is_listings_never_confirmed_or_not_in_12_months():
    today = date(2026, 12, 1)
    compiled = national("Compiled today", last_verified=today)
    fresh = national("Fresh", verification="confirmed", confirmed_via="phone", last_verified=today - timedelta(days=30))
    old = national("Old", verification="confirmed", confirmed_via="email", last_verified=today - timedelta(days=400))
    imported = national("Imported", verification="imported", last_verified=today)
    assert set(Resource.objects.stale(today=today)) == {compiled, old, imported}
    assert fresh not in Resource.objects.stale(today=today)


def test_spanish_page_shows_spanish_text_and_marks_english_as_english(client):
    make_listing(
        "Line", slug="line", service_area="national", description="Free help.", description_es="Ayuda gratuita.",
        phone="1-800-656-4673", phone_notes="Press 1.", cost="free", cost_notes="Free, confidential",
        cost_notes_es="Gratis y confidencial",
    )  # fmt: skip
    html = client.get("/es/resources/line/").content.decode()
    assert "<p>Ayuda gratuita.</p>" in html and "Free help." not in html
    assert '<li lang="en">Press 1.</li>' in html  # no Spanish notes yet: marked as English
    assert "<dd>Gratis y confidencial</dd>" in html
    assert "<p>Free help.</p>" in client.get("/resources/line/").content.decode()


def test_an_organization_that_trains_advocates_says_so(client):
    national("Center", slug="center", serves_advocates=True)
    html = client.get("/resources/center/").content.decode()
    assert "rather than helping survivors directly" in html


def test_office_line_is_labelled_as_not_a_crisis_line(client):
    national("Coalition", slug="coalition", office_phone="602-279-2900")
    html = client.get("/resources/coalition/").content.decode()
    assert 'Office line (not a crisis line): <a href="tel:+16022792900">602-279-2900</a>' in html
    assert "Call 602-279-2900" not in html
