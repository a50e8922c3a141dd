"""Lift a staff sign-in lock-out, and optionally let someone set up a new second factor."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff import signin_lock


class Command(BaseCommand):
    help = (
        "Lift the sign-in pause on a staff account after too many failed attempts. With --reset-second-factor "
        "(a lost phone), their authenticator app is forgotten and they set up a new one at the next sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reset-second-factor", action="store_true")

    def handle(self, *args, username: str, reset_second_factor: bool, **options) -> None:
        signin_lock.unlock(username)
        self.stdout.write(f"Sign-in for {username!r} is open again.")
        if reset_second_factor:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"There is no user called {username!r}.")
            deleted, _ = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"Forgot {deleted} authenticator app(s); they set up a new one at the next sign-in.")
