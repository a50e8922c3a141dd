"""Django admin for staff: a second factor (TOTP) and sign-in lock-out in front of it.

Signing in takes two steps when ``ADMIN_2FA`` is on (the default in production):
1. the usual username and password page (with lock-out, ``signin_lock``);
2. a six-digit code from an authenticator app. At the first sign-in the moderator sets the app
   up from a QR code on the page and chooses their own password, so the TOTP secret and the
   final password never pass through a terminal, an e-mail or a log.
A signed-in but unverified staff member is treated like a visitor by every admin page.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, logout, update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff import signin_lock
from staff.forms import LOCKED_MESSAGE, EnrolForm, StaffAuthenticationForm, TokenForm


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


class StaffAdminSite(admin.AdminSite):
    site_header = _("me too. survivor support: moderation")
    site_title = _("me too. moderation")

    login_form = StaffAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.ADMIN_2FA or is_verified(request.user)

    def needs_second_factor(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            settings.ADMIN_2FA and user.is_authenticated and user.is_active and user.is_staff and not is_verified(user)
        )

    def get_urls(self):
        return [
            path("sign-in/code/", self.second_factor, name="second_factor"),
            path("sign-in/set-up/", self.enrol, name="enrol"),
            path("sign-in/cancel/", self.cancel_sign_in, name="cancel_sign_in"),
            *super().get_urls(),
        ]

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if self.needs_second_factor(request):
            return self._to_second_step(request)
        response = super().login(request, extra_context)
        if request.method == "POST" and self.needs_second_factor(request):
            return self._to_second_step(request)
        return response

    def _next_url(self, request: HttpRequest) -> str:
        target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
            return target
        return reverse("admin:index", current_app=self.name)

    def _to_second_step(self, request: HttpRequest) -> HttpResponseRedirect:
        query = urlencode({REDIRECT_FIELD_NAME: self._next_url(request)})
        return HttpResponseRedirect(f"{reverse('admin:second_factor', current_app=self.name)}?{query}")

    def _leave_sign_in(self, request: HttpRequest) -> HttpResponseRedirect:
        if request.user.is_authenticated:
            return HttpResponseRedirect(self._next_url(request))
        return HttpResponseRedirect(reverse("admin:login", current_app=self.name))

    def _context(self, request: HttpRequest, **extra) -> dict:
        return {**self.each_context(request), "has_permission": False, "next": self._next_url(request), **extra}

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def second_factor(self, request: HttpRequest) -> HttpResponse:
        """Step 2: the six-digit code. Sends a staff member without a device to enrolment."""
        if not self.needs_second_factor(request):
            return self._leave_sign_in(request)
        user = request.user
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        if device is None:
            return HttpResponseRedirect(reverse("admin:enrol", current_app=self.name) + "?" + request.GET.urlencode())
        form = TokenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            username = user.get_username()
            if signin_lock.is_locked(request, username):
                form.add_error(None, LOCKED_MESSAGE)
            elif verified := verify_token(user, device.persistent_id, form.cleaned_data["token"]):
                otp_login(request, verified)
                signin_lock.clear(request, username)
                return HttpResponseRedirect(self._next_url(request))
            else:
                signin_lock.record_failure(request, username)
                form.add_error("token", _("That code did not work. Codes change every 30 seconds: try the newest one."))
        context = self._context(request, title=_("Enter your code"), form=form)
        return render(request, "staff/second_factor.html", context)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def enrol(self, request: HttpRequest) -> HttpResponse:
        """First sign-in: set up the authenticator app from a QR code and choose a password."""
        if not self.needs_second_factor(request):
            return self._leave_sign_in(request)
        user = request.user
        if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            return self._to_second_step(request)
        device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "app"})
        form = EnrolForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            username = user.get_username()
            if signin_lock.is_locked(request, username):
                form.add_error(None, LOCKED_MESSAGE)
            elif self._confirm(device, form.cleaned_data["token"]):
                form.save()
                update_session_auth_hash(request, form.user)
                otp_login(request, device)
                signin_lock.clear(request, username)
                return HttpResponseRedirect(self._next_url(request))
            else:
                signin_lock.record_failure(request, username)
                form.add_error("token", _("That code did not work. Scan the picture again and type the newest code."))
        context = self._context(request, title=_("Set up your second step"), form=form, **enrolment_details(device))
        return render(request, "staff/enrol.html", context)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def cancel_sign_in(self, request: HttpRequest) -> HttpResponse:
        """Abandon a half-finished sign-in (password given, no code yet), e.g. on a shared device.

        Django's own logout is an admin page, so it is out of reach until the code is given."""
        if request.method == "POST":
            logout(request)
        return HttpResponseRedirect(reverse("admin:login", current_app=self.name))

    @staticmethod
    def _confirm(device, token: str) -> bool:
        with transaction.atomic():
            if not device.verify_token(token):
                return False
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        return True


def enrolment_details(device) -> dict:
    """The QR code as inline SVG (nothing fetched from anywhere) and the key for typing in."""
    qr = segno.make(device.config_url, error="m", micro=False)
    svg = qr.svg_inline(scale=5, dark="#000", light="#fff", title=str(_("QR code for your authenticator app")))
    key = b32encode(device.bin_key).decode().rstrip("=")
    return {"qr_svg": mark_safe(svg), "secret_groups": [key[i : i + 4] for i in range(0, len(key), 4)]}
