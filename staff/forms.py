"""Forms for the staff sign-in: password with lock-out, the second factor, and enrolment."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from staff import signin_lock

LOCKED_MESSAGE = _(
    "Too many attempts. Sign-in is paused for this account for a while. "
    "An administrator can lift the pause with: manage.py unlock_staff <username>."
)


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
