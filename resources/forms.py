"""Visitors' forms: report a problem with a listing, suggest a new one. No personal data is asked."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from metoo_site.honeypot import HoneypotMixin
from resources.models import ListingReport

_PHONE_RE = re.compile(r"^[0-9+().\- ]{3,40}$")
NO_PERSONAL_DATA = _("Please don't include your name or anything that could identify you.")


def _details_help() -> str:
    return _("For example, the right phone number or hours, if you know them. %(privacy)s") % {
        "privacy": NO_PERSONAL_DATA
    }


class ReportForm(HoneypotMixin, forms.Form):
    problem = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ListingReport.Problem.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what is wrong."),
            "invalid_choice": _("Please choose what is wrong."),
        },
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        # Formatted when shown, not at import, so that it is in the visitor's language.
        help_text=lazy(_details_help, str)(),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )


class SuggestionForm(HoneypotMixin, forms.Form):
    organization_name = forms.CharField(label=_("Organization"), max_length=200)
    service_name = forms.CharField(label=_("Name of the service"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    phone = forms.CharField(
        label=_("Phone number for the public"),
        max_length=40,
        required=False,
        help_text=_("The number people call for help, not a personal number."),
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    area = forms.CharField(
        label=_("Where it serves"),
        max_length=200,
        required=False,
        help_text=_("A city, a state, or “anywhere in the US by phone”."),
    )
    description = forms.CharField(
        label=_("What it offers and for whom"),
        max_length=3000,
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    source_url = forms.URLField(
        label=_("Where we can check this"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A page on the organization's own website that shows these details."),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and (not _PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 3):
            raise ValidationError(_("Please enter a phone number with digits only (spaces, dashes and + are fine)."))
        return phone
