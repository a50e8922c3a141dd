"""The one-time password from `create_moderator` stops working after DJANGO_ONE_TIME_PASSWORD_HOURS
(72 by default) unless the moderator has finished their first sign-in by then."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

EXPIRED = "This one-time password has expired."


@pytest.fixture(autouse=True)
def _fast_and_fresh(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    cache.clear()
    yield
    cache.clear()


def create_moderator(name: str = "robin") -> tuple[User, str]:
    out = StringIO()
    call_command("create_moderator", name, stdout=out)
    assert f"It works for {settings.ONE_TIME_PASSWORD_HOURS} hours" in out.getvalue()
    password = re.search(r"One-time password: (\S+)", out.getvalue())
    assert password, out.getvalue()
    return User.objects.get(username=name), password.group(1)


def age(user: User, hours: float) -> None:
    User.objects.filter(pk=user.pk).update(date_joined=user.date_joined - datetime.timedelta(hours=hours))


def sign_in(client: Client, username: str, password: str):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


@pytest.mark.django_db
def test_a_fresh_one_time_password_leads_to_the_first_sign_in(client):
    assert settings.ONE_TIME_PASSWORD_HOURS == 72  # the default
    _user, password = create_moderator()
    response = sign_in(client, "robin", password)
    assert response.status_code == 302 and response["Location"].startswith("/admin/sign-in/code/")


@pytest.mark.django_db
def test_an_unused_one_time_password_expires_after_72_hours(client):
    user, password = create_moderator()
    age(user, 73)
    response = sign_in(client, "robin", password)
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/sign-in/code/")["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_wrong_password_on_an_expired_account_says_nothing_about_expiry(client):
    user, _password = create_moderator()
    age(user, 100)
    html = sign_in(client, "robin", "not-the-password-1").content.decode()
    assert EXPIRED not in html and "Please enter the correct username and password" in html


@pytest.mark.django_db
def test_the_lifetime_is_a_setting(client, settings):
    settings.ONE_TIME_PASSWORD_HOURS = 1
    user, password = create_moderator()
    age(user, 2)
    assert EXPIRED in sign_in(client, "robin", password).content.decode()


@pytest.mark.django_db
def test_a_chosen_password_never_expires_nor_a_superusers_own(client):
    user, _password = create_moderator()
    user.set_password("their-own-long-password-1")
    user.save()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    age(user, 24 * 400)
    response = sign_in(client, "robin", "their-own-long-password-1")
    assert response.status_code == 302 and response["Location"].startswith("/admin/sign-in/code/")
    operator = User.objects.create_superuser("operator", "", "an-operator-password-1")  # createsuperuser
    age(operator, 24 * 30)
    response = sign_in(Client(), "operator", "an-operator-password-1")
    assert response.status_code == 302 and response["Location"].startswith("/admin/sign-in/code/")
