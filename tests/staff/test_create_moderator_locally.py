"""create_moderator says what will really happen: no QR code when two-factor sign-in is off."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def create(username: str) -> str:
    out = StringIO()
    call_command("create_moderator", username, stdout=out)
    return out.getvalue()


def test_without_the_second_factor_the_message_tells_of_no_qr_code_and_the_password_works(db, settings):
    settings.ADMIN_2FA = False
    text = create("alex")
    assert "QR" not in text and "scan" not in text
    assert "One-time" not in text and "DJANGO_ADMIN_2FA=False" in text
    password = re.search(r"^Password: (\S+)$", text, re.MULTILINE).group(1)
    client = Client()
    client.post("/admin/login/", {"username": "alex", "password": password, "next": "/admin/"})
    assert client.get("/admin/").status_code == 200  # the password alone opens the admin, as promised


def test_with_the_second_factor_the_message_sends_them_to_the_qr_code(db, settings):
    settings.ADMIN_2FA = True
    text = create("robin")
    assert "One-time password: " in text and "QR code" in text
    assert User.objects.get(username="robin").groups.filter(name=settings.MODERATORS_GROUP).exists()
