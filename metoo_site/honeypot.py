"""A field people never see and bots fill in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    """Adds a hidden-from-people ``website_url`` field; ``is_spam()`` is True when it was filled.

    The field is hidden with CSS and ``aria-hidden`` wrapping in the template
    (``includes/honeypot.html``), and ``tabindex=-1`` so keyboard users never land on it.
    """

    website_url = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website_url"), "").strip())
