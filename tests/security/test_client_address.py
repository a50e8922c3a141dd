"""The client address behind reverse proxies, and rate limits that are settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache

from metoo_site.ratelimit import BUDGETS, client_address, is_limited, visitor_key


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_without_trusted_proxies_forwarded_for_is_ignored(rf, settings):
    settings.TRUSTED_PROXIES = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == "192.0.2.1"


def test_behind_one_proxy_the_last_forwarded_entry_is_the_client(rf, settings):
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_spoofed_entries_written_by_the_client_are_ignored(rf, settings):
    settings.TRUSTED_PROXIES = 1
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it really saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_behind_two_proxies_the_second_from_the_right_is_the_client(rf, settings):
    settings.TRUSTED_PROXIES = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2")
    assert client_address(request) == "198.51.100.7"


@pytest.mark.parametrize("header", ["", " , ", "garbage"])
def test_a_short_or_odd_forwarded_header_never_breaks(rf, settings, header):
    settings.TRUSTED_PROXIES = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) in {"10.0.0.3", "garbage"}


def test_rate_limit_keys_hold_no_address(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.55")
    assert "192.0.2.55" not in visitor_key(request, "me-too")


@pytest.mark.django_db
def test_rate_limit_counts_per_visitor(rf, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"me-too": (2, 60)}
    first, second = rf.post("/", REMOTE_ADDR="192.0.2.1"), rf.post("/", REMOTE_ADDR="192.0.2.2")
    assert [is_limited(first, "me-too") for _ in range(3)] == [False, False, True]
    assert is_limited(second, "me-too") is False


@pytest.mark.django_db
def test_rate_limit_budgets_are_settings(rf, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"story-share": (1, 60)}
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    assert [is_limited(request, "story-share") for _ in range(2)] == [False, True]


def test_rate_limits_can_be_switched_off_for_a_load_test(rf, settings):
    settings.RATELIMIT_ENABLED = False
    settings.RATELIMITS = {"me-too": (0, 60)}
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    assert not any(is_limited(request, "me-too") for _ in range(5))


def test_rate_limit_budgets_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from metoo_site import settings as site_settings

    monkeypatch.setenv("X_LIMITS", "story-share=5/3600, me-too=20/60")
    assert site_settings.env_ratelimits("X_LIMITS", BUDGETS) == {"story-share": (5, 3600), "me-too": (20, 60)}
    monkeypatch.setenv("X_LIMITS", "me-too=lots")
    with pytest.raises(ImproperlyConfigured):
        site_settings.env_ratelimits("X_LIMITS", BUDGETS)


def test_an_unknown_scope_stops_the_start_and_lists_the_real_ones(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from metoo_site import settings as site_settings

    monkeypatch.setenv("X_LIMITS", "story-submit=5/3600")
    with pytest.raises(ImproperlyConfigured, match=r"unknown scope 'story-submit'.*story-share"):
        site_settings.env_ratelimits("X_LIMITS", BUDGETS)


def test_every_rate_limited_view_names_a_scope_of_the_registry():
    root = Path(__file__).resolve().parents[2]
    named = set()
    for source in [*root.glob("*/views.py"), *root.glob("*/*/views.py"), *root.glob("*/*/api.py")]:
        named |= set(re.findall(r'is_limited\(request, "([^"]+)"\)', source.read_text()))
    assert named == set(BUDGETS)  # every scope a view uses is registered, and every budget is used
