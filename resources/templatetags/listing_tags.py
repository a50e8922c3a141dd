"""Small filters for listing pages: dialable phone links, text-line links, language names."""

from __future__ import annotations

import re
from urllib.parse import quote

from django import template

from resources.languages import language_name as _language_name

register = template.Library()


@register.filter
def tel_href(number: str) -> str:
    """``800-656-HOPE`` stays as typed on screen; the link keeps only ``+`` and digits."""
    number = (number or "").strip()
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    if number.startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    return f"tel:{digits}"


@register.simple_tag
def sms_href(number: str, keyword: str = "") -> str:
    """``sms:741741?&body=HOME``: the form that both iOS and Android understand."""
    digits = re.sub(r"[^\d+]", "", number or "")
    if not digits:
        return ""
    return f"sms:{digits}?&body={quote(keyword)}" if keyword else f"sms:{digits}"


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
