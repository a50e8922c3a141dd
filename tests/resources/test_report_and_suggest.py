"""Visitors report wrong information and suggest listings: no personal data, honeypot, rate limit, thank-you page."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from resources.models import ListingReport, Resource, ResourceSuggestion

REPORT_URL = "/resources/riverbend-rape-crisis-center/report/"
SUGGEST_URL = "/resources/suggest/"
GOOD_SUGGESTION = {
    "organization_name": "Cedar Hill Survivor Services",
    "service_name": "Walk-in advocacy",
    "website": "https://cedarhill.example.org/",
    "phone": "(312) 555-0123",
    "area": "Cook County, Illinois",
    "description": "Free advocacy for survivors, in English and Spanish.",
    "source_url": "https://cedarhill.example.org/services",
}


@pytest.fixture
def listing(make_resource) -> Resource:
    return make_resource()


@pytest.mark.usefixtures("listing")
def test_report_form_shows_the_problems_and_asks_nothing_personal(client):
    response = client.get(REPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Riverbend Rape Crisis Center" in html
    for value in ("phone", "hours", "address", "closed", "other"):
        assert f'value="{value}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website_url"' in html  # honeypot
    assert 'type="email"' not in html and 'name="email"' not in html and 'name="name"' not in html


@pytest.mark.django_db
def test_report_for_an_unknown_or_unpublished_listing_is_404(client, make_resource):
    make_resource(slug="draft-listing", status=Resource.Status.DRAFT)
    make_resource(slug="archived-listing", status=Resource.Status.ARCHIVED)
    assert client.get("/resources/no-such-listing/report/").status_code == 404
    assert client.get("/resources/draft-listing/report/").status_code == 404
    assert client.post("/resources/archived-listing/report/", {"problem": "phone"}).status_code == 404
    assert not ListingReport.objects.exists()


def test_a_report_is_stored_and_the_visitor_is_thanked(client, listing):
    response = client.post(REPORT_URL, {"problem": "phone", "details": "The number rings out."})
    assert response.status_code == 302
    assert response["Location"] == "/resources/riverbend-rape-crisis-center/report/thanks/"
    report = ListingReport.objects.get()
    assert (report.resource, report.problem, report.details) == (listing, "phone", "The number rings out.")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Thank you" in thanks.content.decode()


def test_a_report_needs_no_details(client, listing):
    assert client.post(REPORT_URL, {"problem": "closed"}).status_code == 302
    assert ListingReport.objects.get().details == ""


def test_spanish_report_page_works(client, listing):
    assert client.get("/es" + REPORT_URL).status_code == 200


@pytest.mark.usefixtures("listing")
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"problem": ""},
        {"problem": "evil"},
        {"problem": ["phone", "hours"], "details": "x"},
        {"problem": "other", "details": "x" * 2001},
        {"problem": "other", "details": "bad\x00byte"},
    ],
)
def test_bad_report_input_is_a_form_error_not_a_crash(client, data):
    response = client.post(REPORT_URL, data)
    if data.get("problem") == ["phone", "hours"]:
        # A repeated field takes the last value, which is valid: still never a 500.
        assert response.status_code in {200, 302}
        return
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not ListingReport.objects.exists()


@pytest.mark.usefixtures("listing")
def test_a_honeypot_report_looks_accepted_but_is_not_stored(client):
    response = client.post(REPORT_URL, {"problem": "phone", "website_url": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("/report/thanks/")
    assert not ListingReport.objects.exists()


@pytest.mark.usefixtures("listing")
def test_reports_are_rate_limited_and_the_visitor_is_told_nothing_was_saved(client):
    for _ in range(5):
        assert client.post(REPORT_URL, {"problem": "hours"}).status_code == 302
    response = client.post(REPORT_URL, {"problem": "hours", "details": "sixth"})
    assert response.status_code == 429
    assert "Nothing was saved" in response.content.decode()
    assert ListingReport.objects.count() == 5


@pytest.mark.usefixtures("listing")
def test_a_report_without_the_csrf_token_is_refused(visitor):
    response = visitor.post(REPORT_URL, {"problem": "phone"})
    assert response.status_code == 403
    assert not ListingReport.objects.exists()


@pytest.mark.usefixtures("listing")
def test_a_report_from_a_real_browser_session_with_csrf_works(visitor):
    visitor.get(REPORT_URL)
    token = visitor.cookies["csrftoken"].value
    response = visitor.post(REPORT_URL, {"problem": "address", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ListingReport.objects.count() == 1


@pytest.mark.usefixtures("listing")
def test_thank_you_pages_set_no_cookie(client):
    for url in ("/resources/riverbend-rape-crisis-center/report/thanks/", "/resources/suggest/thanks/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies


@pytest.mark.django_db
def test_suggest_form_renders_without_personal_fields(client):
    response = client.get(SUGGEST_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="organization_name"' in html and 'name="description"' in html
    assert 'name="email"' not in html and 'name="your_name"' not in html


@pytest.mark.django_db
def test_a_suggestion_is_stored_for_review_and_never_published(client):
    response = client.post(SUGGEST_URL, GOOD_SUGGESTION)
    assert response.status_code == 302 and response["Location"] == "/resources/suggest/thanks/"
    suggestion = ResourceSuggestion.objects.get()
    assert suggestion.organization_name == "Cedar Hill Survivor Services"
    assert suggestion.status == ResourceSuggestion.Status.NEW
    assert not Resource.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organization_name", ""),
        ("organization_name", "x" * 201),
        ("organization_name", "nul\x00"),
        ("service_name", "x" * 201),
        ("website", "not a url"),
        ("website", "javascript:alert(1)"),
        ("phone", "call me maybe"),
        ("phone", "1" * 41),
        ("area", "x" * 201),
        ("description", ""),
        ("description", "x" * 3001),
        ("description", "nul\x00byte"),
        ("source_url", "ftp//nope"),
    ],
)
def test_bad_suggestion_input_is_a_form_error_next_to_the_field(client, field, value):
    response = client.post(SUGGEST_URL, {**GOOD_SUGGESTION, field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert not ResourceSuggestion.objects.exists()


@pytest.mark.django_db
def test_a_honeypot_suggestion_looks_accepted_but_is_not_stored(client):
    response = client.post(SUGGEST_URL, {**GOOD_SUGGESTION, "website_url": "spam"})
    assert response.status_code == 302
    assert not ResourceSuggestion.objects.exists()


@pytest.mark.django_db
def test_suggestions_are_rate_limited(client):
    for _ in range(5):
        assert client.post(SUGGEST_URL, GOOD_SUGGESTION).status_code == 302
    response = client.post(SUGGEST_URL, GOOD_SUGGESTION)
    assert response.status_code == 429 and "Nothing was saved" in response.content.decode()
    assert ResourceSuggestion.objects.count() == 5


@pytest.mark.django_db
def test_the_suggest_path_is_never_taken_for_a_listing(client, make_resource):
    # "suggest" is a reserved slug (as is "states"): no listing can take the address.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_resource(slug="suggest")
    assert "Suggest a listing" in client.get(SUGGEST_URL).content.decode()


def test_reports_and_suggestions_reach_the_admin_queues(client, admin_client, listing):
    client.post(REPORT_URL, {"problem": "hours", "details": "Closed on Mondays now."})
    client.post(SUGGEST_URL, GOOD_SUGGESTION)
    reports = admin_client.get("/admin/resources/listingreport/")
    assert reports.status_code == 200 and "Closed on Mondays now." in reports.content.decode()
    suggestions = admin_client.get("/admin/resources/resourcesuggestion/")
    assert "Cedar Hill Survivor Services" in suggestions.content.decode()
    index = admin_client.get("/admin/").content.decode()
    assert "1 open report of wrong information" in index
    assert "1 new listing suggestion" in index
