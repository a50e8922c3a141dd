"""Personas and helpers shared by every test."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def visitor() -> Client:
    """An anonymous visitor's browser, with CSRF checks on as in real life."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin", "admin@example.org", "a-long-admin-password-1")


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client
