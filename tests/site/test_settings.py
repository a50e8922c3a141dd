"""The settings file rejects nonsense and refuses an unsafe production start."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from metoo_site import settings as site_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "a-real-looking-random-production-secret-value"


def load_settings(**env: str) -> dict[str, Any] | ImproperlyConfigured:
    """The settings module run afresh with exactly these variables (none of the suite's own):
    its names, or the error that stops the start. In this process, as a server start reads it;
    a new Python for each case cost a third of a second."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    with mock.patch.dict(os.environ, clean | env, clear=True):
        try:
            return runpy.run_path(str(ROOT / "metoo_site" / "settings.py"), run_name="settings_under_test")
        except ImproperlyConfigured as error:
            return error


def refusal(result: dict[str, Any] | ImproperlyConfigured) -> str:
    assert isinstance(result, ImproperlyConfigured), "the settings loaded"
    return str(result)


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_DEBUG": "False"},
        {"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": ""},
        {"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": "django-insecure-abcdefghijklmnopqrstuvwxyz0123456789"},
        {"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": "short"},
        {},  # DEBUG is off unless asked for
    ],
)
def test_production_refuses_a_missing_or_default_secret_key(env):
    assert "DJANGO_SECRET_KEY must be set" in refusal(load_settings(**env))


def test_production_starts_with_a_real_secret_key():
    result = load_settings(DJANGO_DEBUG="False", DJANGO_SECRET_KEY=GOOD_KEY)
    assert not isinstance(result, Exception), result
    assert result["DEBUG"] is False


def test_debug_runs_without_a_secret_key():
    result = load_settings(DJANGO_DEBUG="True")
    assert not isinstance(result, Exception), result
    assert result["DEBUG"] is True


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false"),
        ("DJANGO_SECURE_SSL_REDIRECT", "2", "DJANGO_SECURE_SSL_REDIRECT must be true or false"),
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL must start with sqlite:/// or postgres://"),
        ("DATABASE_URL", "postgres://localhost/", "needs a database name"),
        ("DATABASE_CONNECT_TIMEOUT", "soon", "must be a whole number"),
        ("DJANGO_ADMIN_PATH", "../etc", "DJANGO_ADMIN_PATH must be a URL path"),
        ("DJANGO_ALLOWED_HOSTS", "a.org,,b.org", "no empty items"),
        ("REDIS_URL", "http://cache", "REDIS_URL must start with redis://"),
        ("DJANGO_TRUSTED_PROXIES", "-1", "DJANGO_TRUSTED_PROXIES must be between 0 and 10"),
        ("DJANGO_QUICK_EXIT_URL", "javascript:alert(1)", "must be an https:// address"),
    ],
)
def test_nonsense_values_are_rejected_with_a_clear_message(name, value, message):
    env = {"DJANGO_DEBUG": "True"} | {name: value}
    assert message in refusal(load_settings(**env))


def test_production_is_secure_by_default():
    s = load_settings(DJANGO_SECRET_KEY=GOOD_KEY)
    assert not isinstance(s, Exception), s
    secure = [s["SECURE_SSL_REDIRECT"], s["SESSION_COOKIE_SECURE"], s["CSRF_COOKIE_SECURE"]]
    assert secure == [True, True, True]
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert s["CSRF_COOKIE_AGE"] is None


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    assert site_settings.env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_INT", "7")
    assert site_settings.env_int("X_INT", 1, maximum=10) == 7
    monkeypatch.setenv("X_INT", "11")
    with pytest.raises(ImproperlyConfigured):
        site_settings.env_int("X_INT", 1, maximum=10)
    monkeypatch.setenv("X_PATH", "/staff-7f3a")
    assert site_settings.env_path_prefix("X_PATH", "admin/") == "staff-7f3a/"


def test_database_url_parsing():
    pg = site_settings.database_from_url(
        "postgres://me:p%40ss@db.internal:6543/metoo?sslmode=require", conn_max_age=60, pool=False, connect_timeout=3
    )
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "metoo",
        "me",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert pg["OPTIONS"] == {"connect_timeout": 3, "sslmode": "require"}
    assert pg["CONN_MAX_AGE"] == 60
    pooled = site_settings.database_from_url("postgres://h/db", conn_max_age=60, pool=True, connect_timeout=3)
    assert pooled["CONN_MAX_AGE"] == 0 and "pool" in pooled["OPTIONS"]
    sqlite = site_settings.database_from_url("sqlite:///db.sqlite3", conn_max_age=0, pool=False, connect_timeout=3)
    assert sqlite["NAME"] == site_settings.BASE_DIR / "db.sqlite3"
    absolute = site_settings.database_from_url("sqlite:////tmp/x.db", conn_max_age=0, pool=False, connect_timeout=3)
    assert str(absolute["NAME"]) == "/tmp/x.db"
