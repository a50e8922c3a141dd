"""Listings and maintainers shared by the directory's tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command

from resources.models import ListingChange, Organization, Resource
from tests.resources.factories import local


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def shipped_listings(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The real listings that `make run` loads, loaded once for a test module (loading them is the
    slow part, a second or more on PostgreSQL) and removed after it. Each test still runs in its
    own transaction on top of them."""
    with django_db_blocker.unblock():
        call_command("load_listings", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        ListingChange.objects.all().delete()
        Resource.objects.all().delete()
        Organization.objects.all().delete()


@pytest.fixture
def make_resource(db) -> Callable[..., Resource]:
    """The admin and history tests' listing: Riverbend, local to 60601, never verified, made by the
    one listing factory (tests/resources/factories.py) with these defaults."""

    def make(**fields) -> Resource:
        fields.setdefault("organization", Organization.objects.get_or_create(name="Test Org")[0])
        fields.setdefault("name", "Riverbend Rape Crisis Center")
        values = {
            "slug": "riverbend-rape-crisis-center",
            "phone": "312-555-0100",
            "website": "https://riverbend.example.org/",
            "source_url": "https://riverbend.example.org/about",
            "last_verified": None,
        }
        return local(**(values | fields))

    return make


@pytest.fixture
def second_maintainer(db) -> User:
    return User.objects.create_superuser("second", "second@example.org", "another-long-password-2")
