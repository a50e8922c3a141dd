"""Staff reach the admin only with a password and a second factor; guessing is locked out."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-staff-password-1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user("casey", "", PASSWORD, is_staff=True, is_superuser=True)


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in_with_password(client: Client, username: str = "casey", password: str = PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def test_signed_in_staff_persona_reaches_the_admin(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_password_alone_does_not_open_the_admin(staff):
    client = Client()
    response = sign_in_with_password(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/sign-in/code/")
    index = client.get("/admin/")
    assert index.status_code == 302 and index["Location"].startswith("/admin/login/")
    assert client.get("/admin/auth/user/").status_code == 302


def test_first_sign_in_enrols_an_app_from_an_inline_qr_code_and_replaces_the_password(staff):
    client = Client()
    sign_in_with_password(client)
    response = client.get("/admin/sign-in/code/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/sign-in/set-up/")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<img" not in html  # drawn in the page, fetched from nowhere
    assert " style=" not in html and "<style" not in html  # nothing the CSP would block
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    new_password = "my-own-new-password-42"
    done = client.post(
        "/admin/sign-in/set-up/",
        {"new_password1": new_password, "new_password2": new_password, "token": code_for(device), "next": "/admin/"},
    )
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    staff.refresh_from_db()
    assert device.confirmed
    assert staff.check_password(new_password) and not staff.check_password(PASSWORD)


def test_enrolment_refuses_a_wrong_code_and_keeps_the_old_password(staff):
    client = Client()
    sign_in_with_password(client)
    client.get("/admin/sign-in/set-up/")
    response = client.post(
        "/admin/sign-in/set-up/",
        {"new_password1": "my-own-new-password-42", "new_password2": "my-own-new-password-42", "token": "000000"},
    )
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_enrolled_staff_sign_in_with_the_code_from_their_app(staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client = Client()
    sign_in_with_password(client)
    # Once enrolled, the set-up page (and its secret) is never shown again.
    assert client.get("/admin/sign-in/set-up/")["Location"].startswith("/admin/sign-in/code/")
    wrong = client.post("/admin/sign-in/code/?next=/admin/", {"token": "123456"})
    assert wrong.status_code == 200 and "That code did not work" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    right = client.post("/admin/sign-in/code/?next=/admin/", {"token": code_for(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_second_step_does_not_follow_a_next_link_to_another_site(staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client = Client()
    sign_in_with_password(client)
    response = client.post("/admin/sign-in/code/", {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_half_finished_sign_in_can_be_cancelled(staff):
    client = Client()
    sign_in_with_password(client)
    assert "Cancel and sign out" in client.get("/admin/sign-in/set-up/").content.decode()
    response = client.post("/admin/sign-in/cancel/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/login/").status_code == 200  # the password page again, not the code page


def test_second_step_without_a_password_sign_in_goes_back_to_the_login(db):
    response = Client().get("/admin/sign-in/code/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_with_second_factor_off_the_password_is_enough(staff, settings):
    settings.ADMIN_2FA = False
    client = Client()
    response = sign_in_with_password(client)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account_for_that_visitor(staff, settings):
    settings.ADMIN_2FA = False
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert sign_in_with_password(client, password="wrong-password").status_code == 200
    locked = sign_in_with_password(client)
    assert locked.status_code == 200
    assert "Too many attempts" in locked.content.decode()
    assert client.get("/admin/").status_code == 302
    # Someone else (another address) can still sign in to the same account.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert sign_in_with_password(other)["Location"] == "/admin/"


def test_failures_from_many_addresses_lock_the_account_for_everyone(staff, settings):
    settings.ADMIN_2FA = False
    settings.LOGIN_MAX_FAILURES = 2
    for number in range(8):  # 4 x the limit, never more than 1 from one address
        sign_in_with_password(Client(REMOTE_ADDR=f"192.0.2.{number}"), password="wrong-password")
    locked = sign_in_with_password(Client(REMOTE_ADDR="192.0.2.200"))
    assert "Too many attempts" in locked.content.decode()


def test_wrong_codes_count_towards_the_lock_out(staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client = Client()
    sign_in_with_password(client)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/admin/sign-in/code/", {"token": "000000"})
    response = client.post("/admin/sign-in/code/", {"token": code_for(device)})
    assert response.status_code == 200 and "Too many attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_unlock_staff_lifts_the_lock(staff, settings):
    settings.ADMIN_2FA = False
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        sign_in_with_password(client, password="wrong-password")
    assert "Too many attempts" in sign_in_with_password(client).content.decode()
    out = StringIO()
    call_command("unlock_staff", "casey", stdout=out)
    assert "open again" in out.getvalue()
    assert sign_in_with_password(client)["Location"] == "/admin/"


def test_unlock_staff_can_forget_a_lost_phone(staff):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    call_command("unlock_staff", "casey", "--reset-second-factor", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_create_moderator_prints_a_one_time_password_and_no_second_factor_secret(db):
    out = StringIO()
    call_command("create_moderator", "robin", stdout=out)
    text = out.getvalue()
    password = re.search(r"One-time password: (\S+)", text).group(1)
    user = User.objects.get(username="robin")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Moderators"]
    assert user.check_password(password)
    assert not TOTPDevice.objects.filter(user=user).exists()  # made in the browser, at first sign-in
    assert "otpauth" not in text and "secret" not in text.lower()


def test_create_moderator_refuses_an_existing_name(db):
    from django.core.management.base import CommandError

    call_command("create_moderator", "robin", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_moderator", "Robin", stdout=StringIO())


def test_admin_session_ends_with_the_browser_and_after_a_few_hours(staff, admin_client, settings):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert admin_client.session.get_expire_at_browser_close()
    client = Client()
    sign_in_with_password(client)
    morsel = client.cookies["sessionid"]
    assert morsel["expires"] == "" and morsel["max-age"] == ""  # a browser-session cookie
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
