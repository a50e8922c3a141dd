"""/api/: the HSDS 3.0 API serves published real listings only, valid against the HSDS schemas."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing import Resource as SchemaResource

from resources.hsds import ids
from resources.hsds.export import SCHEMA_DIR, load_schema
from resources.models import ImportBatch, Resource
from tests.resources.factories import local, national, statewide

pytestmark = pytest.mark.django_db


def _registry() -> Registry:
    registry = Registry()
    for path in SCHEMA_DIR.rglob("*.json"):
        if path.name != "openapi.json":
            contents = json.loads(path.read_text())
            registry = registry.with_resource(path.name, SchemaResource.from_contents(contents, default_specification=
                                              __import__("referencing.jsonschema").jsonschema.DRAFT202012))  # fmt: skip
    return registry


REGISTRY = _registry()


def assert_valid(record: dict, schema_name: str) -> None:
    validator = Draft202012Validator(load_schema(schema_name), registry=REGISTRY, format_checker=FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
    assert not errors, errors


def assert_page(body: dict, schema_name: str) -> None:
    for key in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"):
        assert key in body
    for item in body["contents"]:
        assert_valid(item, schema_name)


@pytest.fixture
def directory(db):
    shelter = local("Harbor Safe House", street="12 Hidden Lane", zip_code="33101", latitude=25.71, longitude=-80.21,
                    address_visibility=Resource.AddressVisibility.HIDDEN, needs=("shelter-housing",),
                    communities=("women",), organization="Harbor Org")  # fmt: skip
    center = local("Riverbend Center", street="1 Main St", zip_code="60601", needs=("counseling",),
                   communities=("women",), phone="312-555-0100", languages=("es",))  # fmt: skip
    national("Night Line", phone="800-555-0199", needs=("crisis-hotline", "counseling"), modes=("phone",))
    statewide("Illinois Legal Line", states=("IL",), needs=("legal",))
    local("Draft Place", status=Resource.Status.DRAFT, needs=("counseling",))
    local("Sample Place", is_demo=True, needs=("counseling",))
    closed = ImportBatch.objects.create(source_name="Closed 211", allows_republication=False)
    local("Closed Source", import_batch=closed, verification=Resource.Verification.IMPORTED, needs=("counseling",))
    return {"shelter": shelter, "center": center}


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    return response


def test_root_names_version_profile_openapi_and_licence(client):
    body = get(client, "/api/").json()
    assert body["version"] == "3.0" and body["openapi_url"].endswith("/api/openapi.json")
    assert body["license"]["name"] == "CC-BY-4.0"
    assert get(client, body["documentation_url"].replace("http://testserver", "")).status_code == 200


def test_services_only_open_data_every_response_valid(client, directory):
    body = get(client, "/api/services?per_page=100").json()
    names = {item["name"] for item in body["contents"]}
    assert names == {"Harbor Safe House", "Riverbend Center", "Night Line", "Illinois Legal Line"}
    assert_page(body, "compiled/service_list.json")
    full = get(client, "/api/services?full=true").json()
    assert_page(full, "compiled/service_with_definitions.json")
    for item in full["contents"]:
        assert_valid(get(client, f"/api/services/{item['id']}").json(), "compiled/service_with_definitions.json")
    assert_page(get(client, "/api/organizations").json(), "compiled/organization_list.json")
    assert_page(get(client, "/api/taxonomies").json(), "taxonomy.json")
    assert_page(get(client, "/api/taxonomy_terms?per_page=100").json(), "taxonomy_term.json")
    sal = get(client, "/api/service_at_locations?full=true").json()
    assert_page(sal, "compiled/service_at_location_list.json")
    assert sal["total_items"] == 2
    detail = get(client, f"/api/service_at_locations/{sal['contents'][0]['id']}").json()
    assert_valid(detail, "compiled/service_at_location_list.json")
    organization = body["contents"][0].get("organization_id") or next(
        i["organization_id"] for i in body["contents"] if "organization_id" in i
    )
    assert_valid(get(client, f"/api/organizations/{organization}").json(), "organization.json")
    draft = Resource.objects.get(name="Draft Place")
    get(client, f"/api/services/{draft.uuid}", 404)


def test_paging_first_middle_last(client, directory):
    first = get(client, "/api/services?per_page=1").json()
    assert (first["first_page"], first["last_page"], first["total_pages"], first["size"]) == (True, False, 4, 1)
    middle = get(client, "/api/services?per_page=1&page=2").json()
    assert (middle["first_page"], middle["last_page"]) == (False, False)
    last = get(client, "/api/services?per_page=1&page=4").json()
    assert (last["first_page"], last["last_page"]) == (False, True)
    seen = [p["contents"][0]["id"] for p in (first, middle, last)]
    assert len(set(seen)) == 3
    get(client, "/api/services?per_page=1&page=5", 404)


def test_filters_combine_with_and(client, directory):
    women = get(client, "/api/services?community=women").json()["total_items"]
    counseling = get(client, "/api/services?need=counseling").json()["total_items"]
    both = get(client, "/api/services?need=counseling&community=women").json()
    assert (women, counseling, both["total_items"]) == (2, 2, 1)
    assert both["contents"][0]["name"] == "Riverbend Center"
    term = ids.term_uuid("need", "counseling")
    by_term = get(client, f"/api/services?taxonomy_term_id={term}&region=IL").json()
    assert [i["name"] for i in by_term["contents"]] == ["Riverbend Center"]
    near = get(client, "/api/services?near=60601&radius=10").json()
    assert [i["name"] for i in near["contents"]] == ["Riverbend Center"]
    close = get(client, "/api/service_at_locations?postcode=33101&proximity=5000").json()
    assert [i["service"]["name"] for i in close["contents"]] == ["Harbor Safe House"]


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=x", "per_page=500", "need=nope", "community=x", "region=ZZ", "near=abc", "radius=7&near=60601",
     "radius=25", "taxonomy_term_id=nope", "organization_id=1", "modified_after=yesterday", "full=maybe",
     "format=xml", "page=1&page=2"],
)  # fmt: skip
def test_bad_parameter_is_a_400_with_a_json_message(client, directory, query):
    body = get(client, f"/api/services?{query}", 400).json()
    assert body["status"] == 400 and body["error"]


def test_hidden_address_never_leaks(client, directory):
    from resources.geo import zip_location

    shelter = directory["shelter"]
    everything = b"".join(
        client.get(url).content
        for url in ("/api/services?full=true", f"/api/services/{shelter.uuid}", "/api/service_at_locations?full=true")
    )
    assert b"12 Hidden Lane" not in everything and b"25.71" not in everything
    centre = zip_location("33101")
    body = get(client, f"/api/services/{shelter.uuid}").json()
    location = body["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (centre.latitude, centre.longitude)


def test_ndjson_streams_every_match(client, directory):
    response = get(client, "/api/services?format=ndjson&minimal=true")
    assert response.streaming and response["Content-Type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert len(lines) == 4 and set(lines[0]) == {"id", "name", "status", "last_modified"}


def test_etag_and_last_modified_give_304(client, directory):
    response = get(client, "/api/services")
    assert response["Last-Modified"]
    again = client.get("/api/services", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_openapi_describes_what_is_served(client):
    document = get(client, "/api/openapi.json").json()
    assert document["paths"]["/taxonomy_terms"]["get"]["operationId"] == "getPaginatedListOfTaxonomyTerms"
    text = json.dumps(document)
    assert "raw.githubusercontent.com" not in text and '"datetime"' not in text
    assert "400" in document["paths"]["/services"]["get"]["responses"]
    ref = document["paths"]["/services/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
        "$ref"
    ]
    assert get(client, ref.replace("http://testserver", "")).json()["name"] == "service"


def test_rate_limited(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "api": (2, 60)}
    settings.PAGE_CACHE_SECONDS = 0  # a page served from the cache costs the database nothing
    get(client, "/api/")
    get(client, "/api/")
    assert client.get("/api/").status_code == 429


def test_no_story_report_or_suggestion_ever_appears(client, directory, moderator_user):
    from resources.services import report_submit, suggestion_submit
    from stories import services as story_services
    from tests.stories.conftest import make_story

    story, _code = make_story(text="A story that belongs to its author and the stories page only.")
    story_services.story_approve(story=story, moderator=moderator_user)
    make_story(text="A pending story no one may see.")
    report_submit(resource=directory["center"], problem="phone", details="Reported detail text")
    suggestion_submit(organization_name="Suggested Org Name", description="Suggested description")
    urls = ["/api/services?full=true&per_page=100", "/api/services?format=ndjson&full=true", "/api/organizations",
            "/api/service_at_locations?full=true", "/api/taxonomy_terms?per_page=100"]  # fmt: skip
    everything = b""
    for url in urls:
        response = client.get(url)
        everything += b"".join(response.streaming_content) if response.streaming else response.content
    for text in (b"A story that belongs", b"pending story", b"Reported detail", b"Suggested Org", b"Draft Place",
                 b"Sample Place", b"Closed Source"):  # fmt: skip
        assert text not in everything
