"""Visitors' forms: report a problem with a listing, suggest a new one. No personal data is asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from metoo_site.honeypot import HoneypotMixin
from resources.geo import US_STATES, ZipLocation, zip_location
from resources.languages import LANGUAGES, language_name
from resources.listings import DEFAULT_RADIUS, RADIUS_CHOICES, Search, SortChoices
from resources.models import Community, ListingReport, Need, ResourceMode
from resources.search import MAX_QUERY_LENGTH, clean_query

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


# --- the search box and filters of /resources/ ----------------------------------------------------


class SearchTextField(forms.CharField):
    """Free text that never fails: NUL and control characters removed, length capped."""

    def to_python(self, value):
        return clean_query(value if isinstance(value, str) else "")

    def run_validators(self, value) -> None:
        # The text was cleaned above; Django's NUL check would otherwise reject it.
        return None


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the values it knows, remembers the rest in ``rejected`` for the notice."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        values = self.to_python(value)
        self.rejected = [v for v in values if not self.valid_value(v)]
        return list(dict.fromkeys(v for v in values if self.valid_value(v)))


class FlagField(forms.Field):
    """A checkbox parameter such as ``free=1``: "1"/"on"/"true" is on, empty or "0" is off."""

    widget = forms.CheckboxInput(check_test=lambda value: value in ("1", "on", "true", True))

    def to_python(self, value):
        if value in (None, "", "0", "false", False):
            return False
        if value in ("1", "on", "true", True):
            return True
        raise ValidationError(_("Please use the checkbox."), code="invalid")

    def validate(self, value) -> None:
        return None


class SearchForm(forms.Form):
    """The GET parameters of /resources/ (the public contract in docs/search.md).

    Every parameter is forgiving: a value the site does not know (``need=nope``, ``radius=1e99``,
    ``near=abc``) is left out and the page says so in a notice, with status 200. ``search()``
    validates once and returns one ``Search`` value holding everything the selector needs.
    """

    q = SearchTextField(label=_("Search words"), required=False)
    need = LenientMultipleChoiceField(label=_("What you need"), required=False)
    community = LenientMultipleChoiceField(label=_("Who it is for"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    free = FlagField(label=_("Free"), required=False)
    open_now = FlagField(label=_("Open now"), required=False)
    always_open = FlagField(label=_("Open 24/7"), required=False)
    mode = LenientMultipleChoiceField(label=_("How to reach them"), required=False, choices=ResourceMode.Mode.choices)
    region = forms.ChoiceField(label=_("State or territory"), required=False,
                               choices=[("", _("Anywhere")), *US_STATES])  # fmt: skip
    near = forms.CharField(label=_("Near ZIP code"), required=False, max_length=10)
    # django-stubs types empty_value as str | None; Django takes any value (the docs' own example is None).
    radius = forms.TypedChoiceField(label=_("Within"), required=False, coerce=int, empty_value=DEFAULT_RADIUS,  # type: ignore[arg-type]
                                    choices=RADIUS_CHOICES)  # fmt: skip
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SortChoices.choices)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)
    as_typed = FlagField(label=_("Search the words as typed"), required=False)
    everywhere = FlagField(label=_("Search everywhere"), required=False)

    def __init__(self, data=None, *, needs: list[Need], communities: list[Community]) -> None:
        super().__init__(data)
        # The taxonomy is read once per request by the caller and reused for the checkboxes.
        self.options: dict[str, list[tuple[str, StrOrPromise]]] = {
            "need": [(n.slug, n.display_name) for n in needs],
            "community": [(c.slug, c.display_name) for c in communities],
            "language": [("", _("Any language")), *language_choices()],
        }
        for name, options in self.options.items():
            # self.fields is typed dict[str, Field]; these three are declared above as choice fields.
            cast(forms.ChoiceField, self.fields[name]).choices = options

    def clean_near(self) -> ZipLocation | None:
        value = self.cleaned_data["near"].strip()
        if not value:
            return None
        found = zip_location(value)
        if found is None or found.state not in dict(US_STATES):
            raise ValidationError(
                _("We could not find the ZIP code “%(zip)s”. Please check the five digits."),
                params={"zip": value[:10]},
                code="unknown_zip",
            )
        return found

    def notices(self) -> list[str]:
        """One plain sentence per ignored parameter."""
        messages: list[str] = []
        for name, errors in self.errors.items():
            if name == "near":
                messages.extend(str(error) for error in errors)
                continue
            label = self.fields[name].label or name
            messages.append(_("We could not use “%(label)s”, so it was left out.") % {"label": label})
        for field in self.fields.values():
            rejected = getattr(field, "rejected", [])
            if rejected:
                messages.append(
                    _("We did not recognise “%(values)s” for “%(label)s”, so it was left out.")
                    % {"values": ", ".join(v[:40] for v in rejected[:5]), "label": field.label}
                )
        if len(self.data.get("q", "") or "") > MAX_QUERY_LENGTH:
            messages.append(_("Your search words were shortened to %(n)s characters.") % {"n": MAX_QUERY_LENGTH})
        return messages

    def search(self, *, page_language: str) -> Search:
        """The one typed value of the search: validated once, bad values left out with a notice."""
        self.is_valid()
        data = self.cleaned_data  # only the usable fields
        return Search(
            text=data.get("q") or "",
            needs=tuple(data.get("need") or ()),
            communities=tuple(data.get("community") or ()),
            language=data.get("language") or "",
            free=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            always_open=bool(data.get("always_open")),
            modes=tuple(data.get("mode") or ()),
            region=data.get("region") or "",
            location=data.get("near"),
            radius=data.get("radius") or DEFAULT_RADIUS,
            sort=data.get("sort") or "",
            page=data.get("page") or 1,
            as_typed=bool(data.get("as_typed")),
            everywhere=bool(data.get("everywhere")),
            page_language=page_language,
            notices=tuple(self.notices()),
        )

    def choices(self) -> dict[str, list[tuple[str, StrOrPromise]]]:
        """Options for the search form, rendered by hand in the template (Django's widget
        templates cost more than the whole query on a page with ~130 options)."""
        return {
            "need": list(self.options["need"]),
            "community": list(self.options["community"]),
            "mode": list(ResourceMode.Mode.choices),
            "language": self.options["language"][1:],
            "region": US_STATES,
        }


def language_choices() -> list[tuple[str, str]]:
    return sorted(((tag, language_name(tag)) for tag in LANGUAGES), key=lambda item: item[1])
