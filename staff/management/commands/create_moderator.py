"""Create a moderator with a one-time password; they set up their second factor at first sign-in."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a staff account in the Moderators group and print a one-time password. At the first "
        "sign-in the moderator scans a QR code into an authenticator app and chooses their own password, "
        "so the second-factor secret never appears in a terminal or a log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="Optional address for admin notifications.")

    def handle(self, *args, username: str, email: str, **options) -> None:
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_user(username, email, password, is_staff=True)
            # The stories app gives the group its permissions; this only makes sure it exists.
            group, _ = Group.objects.get_or_create(name=settings.MODERATORS_GROUP)
            user.groups.add(group)
        path = "/" + settings.ADMIN_PATH
        self.stdout.write(f"Created moderator {username!r}.")
        if not settings.ADMIN_2FA:  # e.g. make run, on plain http: no QR code, no new password
            self.stdout.write(f"Password: {password}")
            self.stdout.write(
                f"They sign in at {path} with this password alone and keep it: two-factor sign-in is off here "
                "(DJANGO_ADMIN_2FA=False). With it on, as in production, they would choose their own password "
                "and set up an authenticator app at the first sign-in."
            )
            return
        self.stdout.write(f"One-time password: {password}")
        self.stdout.write(f"It works for {settings.ONE_TIME_PASSWORD_HOURS} hours, until their first sign-in.")
        self.stdout.write(
            f"Give it to them by a safe channel. They sign in at {path}, scan the QR code shown there with "
            "an authenticator app and choose their own password."
        )
