"""The site's own deploy checks (``manage.py check --deploy``) for dangerous production settings."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs) -> list[Warning]:
    problems: list[Warning] = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "SQLite is the database in production.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
                id="metoo.W001",
            )
        )
    if settings.ADMIN_PATH == "admin/":
        problems.append(
            Warning(
                "The admin lives at the default /admin/ path, where every scanner looks first.",
                hint="Set DJANGO_ADMIN_PATH to a path of your own, such as 'staff-7f3a/'.",
                id="metoo.W002",
            )
        )
    if settings.MAILERS["default"]["BACKEND"].endswith(("console.EmailBackend", "filebased.EmailBackend")):
        problems.append(
            Warning(
                "The e-mail backend prints or saves messages instead of sending them.",
                hint="Set DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and DJANGO_EMAIL_HOST.",
                id="metoo.W003",
            )
        )
    if not settings.ADMIN_2FA:
        problems.append(
            Warning(
                "Two-factor sign-in for staff is off: a stolen password alone opens the admin and every story.",
                hint="Remove DJANGO_ADMIN_2FA=False from the production environment (it is on by default).",
                id="metoo.W004",
            )
        )
    if settings.DEBUG:
        problems.append(
            Warning(
                "DEBUG is on: error pages would show settings, code and the data of the request.",
                hint="Set DJANGO_DEBUG=False in production.",
                id="metoo.W005",
            )
        )
    return problems
