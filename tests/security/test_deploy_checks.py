"""`manage.py check --deploy` is clean in production and names each dangerous setting with its fix."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from metoo_site.checks import check_production_settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "p" * 20 + "-a-real-looking-random-production-secret-value",
    "DJANGO_ALLOWED_HOSTS": "metoo.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:1/metoo_checks",  # never connected to
    "DJANGO_ADMIN_PATH": "staff-7f3a/",
}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    clean.update(PRODUCTION_ENV | env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.database_independent  # manage.py with an environment of its own
def test_production_environment_passes_check_deploy():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Each dangerous setting, the check that names it and the fix it gives: all four set in one run
# (each check looks at its own setting; one start of manage.py costs half a second).
# The check opens the database: a path out of the checkout, since a relative one ("prod.sqlite3")
# was written into the project folder by this test and once committed.
SQLITE_OUTSIDE = f"sqlite:///{Path(tempfile.gettempdir()) / 'metoo-deploy-check.sqlite3'}"
DANGEROUS = [
    ({"DATABASE_URL": SQLITE_OUTSIDE}, "metoo.W001", "DATABASE_URL=postgres://"),
    ({"DJANGO_ADMIN_PATH": "admin/"}, "metoo.W002", "DJANGO_ADMIN_PATH"),
    ({"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "metoo.W003", "smtp"),
    ({"DJANGO_ADMIN_2FA": "False"}, "metoo.W004", "DJANGO_ADMIN_2FA"),
]


@pytest.mark.database_independent  # manage.py with an environment of its own
def test_each_dangerous_setting_fails_check_deploy_with_its_fix():
    result = check_deploy(**{name: value for setting, _, _ in DANGEROUS for name, value in setting.items()})
    assert result.returncode != 0
    # Each problem is "?: (id) message" and its "HINT: fix" below it.
    problems = {block.split(")", 1)[0]: block for block in result.stderr.split("?: (")[1:]}
    for setting, check_id, fix in DANGEROUS:
        assert check_id in problems, (setting, result.stderr)
        assert fix in problems[check_id], (check_id, problems[check_id])


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"ADMIN_2FA": False}, "metoo.W004"),
        ({"DEBUG": True}, "metoo.W005"),
        ({"ADMIN_PATH": "admin/"}, "metoo.W002"),
    ],
)
def test_site_checks_name_the_problem(settings, overrides, check_id):
    settings.ADMIN_PATH = "staff-x/"
    for name, value in overrides.items():
        setattr(settings, name, value)
    ids = {problem.id for problem in check_production_settings(None)}
    assert check_id in ids
    assert all(problem.hint for problem in check_production_settings(None))


def test_the_suite_runs_with_the_second_factor_on():
    # DEBUG is off in `make test`, so the default is on, as in production.
    assert django_settings.ADMIN_2FA is True
