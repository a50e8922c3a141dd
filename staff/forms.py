"""Forms for the staff sign-in: password with lock-out, the second factor, and enrolment."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staff import signin_lock

LOCKED_MESSAGE = _(
    "Too many attempts. Sign-in is paused for this account for a while. "
    "An administrator can lift the pause with: manage.py unlock_staff <username>."
)

EXPIRED_MESSAGE = _(
    "This one-time password has expired. Ask an administrator to create your account again "
    "with a new one-time password."
)


def one_time_password_expired(user) -> bool:
    """A staff account that never finished its first sign-in, older than ONE_TIME_PASSWORD_HOURS.

    Its password is still the one it was given (by `create_moderator`, or an administrator): the
    first sign-in replaces it with one the moderator chooses, as the authenticator app is
    confirmed (or, with ADMIN_2FA off, the first sign-in is the whole of it). Superusers made
    with `createsuperuser` chose their own password and are left alone.
    """
    if user is None or user.is_superuser:
        return False
    if settings.ADMIN_2FA:
        from django_otp import user_has_device

        if user_has_device(user, confirmed=True):
            return False
    elif user.last_login is not None:
        return False
    lifetime = datetime.timedelta(hours=settings.ONE_TIME_PASSWORD_HOURS)
    return timezone.now() - user.date_joined > lifetime


class StaffAuthenticationForm(AdminAuthenticationForm):
    """Django admin's sign-in form, refusing a locked username and counting every failure."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if signin_lock.is_locked(self.request, username):
            raise ValidationError(LOCKED_MESSAGE, code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            signin_lock.record_failure(self.request, username)
            raise
        # Only after the right password, so it tells nothing to someone who does not know it.
        if one_time_password_expired(self.get_user()):
            raise ValidationError(EXPIRED_MESSAGE, code="expired")
        if not settings.ADMIN_2FA:  # the password was the whole sign-in
            signin_lock.clear(self.request, username)
        return cleaned


def token_field() -> forms.CharField:
    return forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*", "autofocus": True}
        ),
    )


class TokenForm(forms.Form):
    token = token_field()

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise ValidationError(_("The code is made of digits only."), code="digits")
        return token


class EnrolForm(SetPasswordForm):
    """First sign-in: choose your own password (the one you were given was for once) and
    confirm the authenticator app with its first code."""

    token = token_field()
    clean_token = TokenForm.clean_token
