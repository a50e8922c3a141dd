"""Small filters for listing pages: call and text links dialled right for the listing's country, listing
text in the page's language, how a listing was checked, language names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import phonenumbers
from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resources.languages import language_name as _language_name

register = template.Library()


# A short code (988, 741741, 22522, 678-678) is dialled as it is, with no country code: at most six
# digits, written without a "+".
SHORT_CODE_MAX_DIGITS = 6


def dial_string(number: str, country: str = "US") -> str:
    """The number to put in a ``tel:``/``sms:`` link, or "" when it cannot be dialled as written.

    The number stays on screen as the source writes it ("800-656-HOPE", "1800 737 732"); the link
    is derived from it and the listing's country: letters become keypad digits, a national number
    gets its own country's code (+61 for Australia, not +1), and short codes stay short.
    """
    written = (number or "").strip()
    if not written:
        return ""
    digits = phonenumbers.convert_alpha_characters_in_number(written)
    plain = re.sub(r"[\s().-]", "", digits)
    if plain.isdigit() and len(plain) <= SHORT_CODE_MAX_DIGITS:
        return plain
    try:
        parsed = phonenumbers.parse(digits, (country or "US").upper())
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@register.filter
def tel_href(number: str, country: str = "US") -> str:
    """``{{ listing.phone|tel_href:listing.country }}``: ``tel:+18006564673``, ``tel:988``, or ""."""
    dial = dial_string(number, country)
    return f"tel:{dial}" if dial else ""


@register.simple_tag
def sms_href(number: str, keyword: str = "", country: str = "US") -> str:
    """``sms:741741?&body=HOME``: the form that both iOS and Android understand; "" if not diallable."""
    dial = dial_string(number, country)
    if not dial:
        return ""
    return f"sms:{dial}?&body={quote(keyword)}" if keyword else f"sms:{dial}"


@register.filter
def language_name(tag: str) -> str:
    return _language_name(tag)


# A card shows at most this many need and community tags (needs first); the listing page shows all.
# A listing tagged with everything would otherwise weigh as much as three plain cards.
CARD_TAGS = 5


@register.simple_tag
def card_tags(listing) -> dict[str, object]:
    """The tags a search card shows, and how many more the listing page has."""
    names = [need.display_name for need in listing.needs.all()]
    names += [community.display_name for community in listing.communities.all()]
    return {"shown": names[:CARD_TAGS], "more": max(len(names) - CARD_TAGS, 0)}


# --- listing text in the page's language ---------------------------------------------------------

TRANSLATED_FIELDS = ("description", "phone_notes", "cost_notes", "eligibility", "hours_notes")


@dataclass(frozen=True)
class ListingText:
    text: str
    lang: str  # "" when the text is in the page's language; otherwise its BCP 47 tag, for lang=""


@register.simple_tag
def listing_text(listing, field: str) -> ListingText:
    """The Spanish text on a Spanish page where it exists; otherwise the English, marked ``lang="en"``."""
    if field not in TRANSLATED_FIELDS:
        raise template.TemplateSyntaxError(f"listing_text: {field!r} has no Spanish field")
    english = getattr(listing, field) or ""
    if (translation.get_language() or "en").startswith("es"):
        spanish = getattr(listing, f"{field}_es", "") or ""
        if spanish:
            return ListingText(spanish, "")
        return ListingText(english, "en" if english else "")
    return ListingText(english, "")


@register.simple_tag
def cost_text(listing) -> ListingText:
    """The cost and its notes in the page's language, without saying "Free" twice."""
    label = str(listing.get_cost_display())
    notes = listing_text(listing, "cost_notes")
    text = notes.text.strip()
    if not text:
        return ListingText(label, "")
    if not notes.lang and text.lower().startswith(label.lower()):
        return ListingText(text, "")
    return ListingText(f"{label}. {text}", notes.lang)


# --- provenance: exactly how and when a listing was checked, never more ------------------------


@register.filter
def provenance_date(value) -> str:
    """ "29 Nov 2026" in English, "29 de noviembre de 2026" in Spanish."""
    if not value:
        return ""
    # A date format, translated: Spanish writes "29 de noviembre de 2026".
    return date_format(value, _("j M Y"))


@register.simple_tag
def provenance(listing) -> str:
    """ "Compiled from public sources on 29 Nov 2026. Not yet confirmed with the service." and its kin."""
    from resources.models import Resource

    on = provenance_date(listing.last_verified)
    if listing.verification == Resource.Verification.CONFIRMED and on:
        return _("Confirmed with the service on %(date)s.") % {"date": on}
    if listing.verification == Resource.Verification.IMPORTED:
        source = listing.source_name or _("a data source")
        if on:
            return _("Imported from %(source)s on %(date)s. Not yet confirmed with the service.") % {
                "source": source,
                "date": on,
            }
        return _("Imported from %(source)s. Not yet confirmed with the service.") % {"source": source}
    if on:
        return _("Compiled from public sources on %(date)s. Not yet confirmed with the service.") % {"date": on}
    return _("Compiled from public sources. Not yet confirmed with the service.")
