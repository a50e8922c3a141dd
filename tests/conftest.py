"""Personas and helpers shared by every test.

Staff sign-in goes through ``sign_in_staff`` so that whatever the admin requires (a password
today, a verified second factor in production settings) is satisfied in one place.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client


def sign_in_staff(client: Client, user: User) -> Client:
    """Sign ``user`` in to the admin the way a real sign-in would leave the session.

    With the second factor on (the default when DEBUG is off, so in this suite), that is a
    password sign-in plus a confirmed authenticator app that verified this session, exactly
    what ``django_otp.login`` records after a correct six-digit code.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test app"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def visitor() -> Client:
    """An anonymous visitor's browser, with CSRF checks on as in real life."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin", "admin@example.org", "a-long-admin-password-1")


@pytest.fixture
def admin_client(admin_user) -> Client:
    return sign_in_staff(Client(), admin_user)


@pytest.fixture
def moderator_user(db) -> User:
    """A staff member in the Moderators group (created by the stories migrations), nothing more."""
    user = User.objects.create_user("moderator", "mod@example.org", "a-long-moderator-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(moderator_user) -> Client:
    return sign_in_staff(Client(), moderator_user)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and whole pages live in the cache (metoo_site/pagecache.py); no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
