"""The whole-page cache: only anonymous, cookie-free, public pages; fresh with the data; never a 500."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from metoo_site import pagecache
from tests.resources.factories import local
from tests.site import page_cache_urls

CACHE_URLS = pytest.mark.urls("tests.site.page_cache_urls")


@pytest.fixture(autouse=True)
def _no_renders_yet():
    page_cache_urls.RENDERS.clear()
    yield
    pagecache._outage.reset()


def renders(name: str) -> int:
    return page_cache_urls.RENDERS.count(name)


@CACHE_URLS
@pytest.mark.django_db
def test_anonymous_page_is_rendered_once_and_marked_public_for_a_cdn():
    first = Client().get("/plain/")
    second = Client().get("/plain/")
    assert first.content == second.content == b"<p>render 1</p>"
    assert renders("plain") == 1
    assert first["Cache-Control"] == "public, max-age=60"
    assert second["Cache-Control"] in {"public, max-age=60", "public, max-age=59"}  # what is left of its minute
    assert not second.has_header("Vary")  # the language is in the path, and no cookie was sent


@CACHE_URLS
@pytest.mark.django_db
def test_a_visitor_with_a_cookie_is_never_served_a_kept_page_nor_kept():
    Client().get("/plain/")
    with_cookie = Client()
    with_cookie.cookies["sessionid"] = "abc"
    response = with_cookie.get("/plain/")
    assert renders("plain") == 2
    assert "public" not in response.get("Cache-Control", "")
    assert "Cookie" in response["Vary"]


@CACHE_URLS
@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_not_kept():
    responses = [Client().get("/cookie/") for _ in range(2)]
    assert renders("cookie") == 2
    assert all("something" in r.cookies for r in responses)
    assert all("public" not in r.get("Cache-Control", "") for r in responses)


@CACHE_URLS
@pytest.mark.django_db
def test_a_page_that_cannot_be_kept_is_rendered_at_once_even_while_another_renders_it(monkeypatch):
    Client().get("/cookie/")
    key = next(k for k in cache._cache if "pagecache:page:" in k).split(":", 2)[-1]
    cache.add(key + ":lock", 1)  # another request is rendering it right now
    monkeypatch.setattr(pagecache, "WAIT_SECONDS", 3600.0)  # waiting for a copy would hang this test
    assert Client().get("/cookie/").status_code == 200
    assert renders("cookie") == 2


@CACHE_URLS
@pytest.mark.django_db
def test_no_store_pages_stay_no_store_and_are_not_kept():
    responses = [Client().get("/stories/private/") for _ in range(2)]
    assert renders("plain") == 2
    assert [r["Cache-Control"] for r in responses] == ["no-store", "no-store"]


@CACHE_URLS
@pytest.mark.django_db
def test_an_error_page_is_not_kept():
    assert [Client().get("/missing/").status_code for _ in range(2)] == [404, 404]
    assert renders("missing") == 2


@CACHE_URLS
@pytest.mark.django_db
def test_posts_are_never_answered_from_the_cache():
    Client().get("/plain/")
    Client().post("/plain/")
    assert renders("plain") == 2


@CACHE_URLS
@pytest.mark.django_db
def test_a_new_opening_hours_slot_renders_the_page_again(monkeypatch):
    Client().get("/plain/")
    slot = pagecache.hours_slot()
    monkeypatch.setattr(pagecache, "hours_slot", lambda: slot + 1)
    Client().get("/plain/")
    assert renders("plain") == 2


@CACHE_URLS
@pytest.mark.django_db
def test_while_one_request_renders_after_an_edit_the_others_get_the_previous_page():
    Client().get("/plain/")
    pagecache.bump()
    key = next(k for k in cache._cache if "pagecache:page:" in k).split(":", 2)[-1]
    cache.add(key + ":lock", 1)  # another worker is rendering the new page right now
    response = Client().get("/plain/")
    assert response.content == b"<p>render 1</p>" and renders("plain") == 1
    cache.delete(key + ":lock")
    assert Client().get("/plain/").content == b"<p>render 2</p>"


@pytest.mark.django_db
def test_editing_a_listing_shows_at_once_on_its_cached_page(django_assert_num_queries):
    listing = local("Harbor Counseling Center")
    url = f"/resources/{listing.slug}/"
    assert "Harbor Counseling Center" in Client().get(url).content.decode()
    with django_assert_num_queries(0):
        assert Client().get(url)["Cache-Control"].startswith("public, max-age=")
    listing.name = "Harbor Healing Center"
    listing.save()
    assert "Harbor Healing Center" in Client().get(url).content.decode()


@pytest.mark.django_db
def test_listings_written_in_bulk_show_at_once_on_cached_search_pages():
    """The shipped listings, an HSDS import and the demo samples are written with bulk_create,
    which sends no signal: the writers refresh cached pages themselves."""
    from django.core.management import call_command

    from resources.demo import demo_resources_generate
    from resources.management.commands.load_listings import curated_listings
    from resources.models import Organization, Resource

    url = "/resources/?q=rainn"
    for listing in curated_listings(("national",)):  # saved now, so that the load below saves nothing itself
        Organization.objects.get_or_create(name=listing["organization"], is_demo=False)
    assert "rainn-national-sexual-assault-hotline" not in Client().get(url).content.decode()
    call_command("load_national_resources", verbosity=0)
    assert "rainn-national-sexual-assault-hotline" in Client().get(url).content.decode()
    url = "/resources/?q=sample"
    Client().get(url)
    before = Resource.objects.filter(is_demo=True).count()
    demo_resources_generate(count=3, seed=1)
    assert before == 0 and "(sample)" in Client().get(url).content.decode()


@pytest.mark.django_db
def test_a_change_to_the_taxonomy_shows_at_once_on_cached_search_pages():
    from resources.models import Need

    url = "/resources/?need=legal"
    Client().get(url)
    need = Need.objects.get(slug="legal")
    need.name = "Legal help and lawyers"
    need.save()
    assert "Legal help and lawyers" in Client().get(url).content.decode()


@CACHE_URLS
@pytest.mark.django_db
def test_redis_down_still_serves_every_page_and_says_so_once(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with caplog.at_level(logging.WARNING, logger="metoo_site.pagecache"):
        responses = [Client().get("/plain/") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert renders("plain") == 3
    assert responses[0]["Cache-Control"] == "public, max-age=60"  # a CDN may still keep it
    assert len([r for r in caplog.records if "Page cache unavailable" in r.getMessage()]) == 1
