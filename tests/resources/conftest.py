"""Listings and maintainers shared by the directory's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from resources.models import Organization, Resource


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_resource(db) -> Callable[..., Resource]:
    def make(**fields) -> Resource:
        organization = fields.pop("organization", None) or Organization.objects.get_or_create(name="Test Org")[0]
        values = {
            "name": "Riverbend Rape Crisis Center",
            "slug": "riverbend-rape-crisis-center",
            "phone": "312-555-0100",
            "website": "https://riverbend.example.org/",
            "source_url": "https://riverbend.example.org/about",
            "zip_code": "60601",
            "status": Resource.Status.PUBLISHED,
        }
        values.update(fields)
        return Resource.objects.create(organization=organization, **values)

    return make


@pytest.fixture
def second_maintainer(db) -> User:
    return User.objects.create_superuser("second", "second@example.org", "another-long-password-2")
