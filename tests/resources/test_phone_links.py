"""Call and text links dial the number as written for the listing's country (phonenumberslite)."""

from __future__ import annotations

import pytest

from resources.templatetags.listing_tags import sms_href, tel_href
from tests.resources.factories import make_listing


@pytest.mark.parametrize(
    ("number", "country", "link"),
    [
        ("1800 737 732", "AU", "tel:+611800737732"),  # not +1: an Australian number
        ("+44 808 802 9999", "GB", "tel:+448088029999"),
        ("0808 802 9999", "GB", "tel:+448088029999"),
        ("800-656-HOPE", "US", "tel:+18006564673"),  # letters become keypad digits
        ("1-800-656-4673", "US", "tel:+18006564673"),
        ("(312) 738-5358", "US", "tel:+13127385358"),
        ("+1 217-753-4117", "US", "tel:+12177534117"),
        ("988", "US", "tel:988"),  # short codes dial without a country code
        ("Dial 988 then press 1", "US", ""),  # not a number: shown, never linked wrongly
        ("555-0100", "US", ""),
        ("", "US", ""),
    ],
)
def test_tel_links(number, country, link):
    assert tel_href(number, country) == link


def test_text_links_keep_short_codes_short_and_add_the_keyword():
    assert sms_href("741741", "HOME") == "sms:741741?&body=HOME"
    assert sms_href("678-678", "START") == "sms:678678?&body=START"
    assert sms_href("0458 737 732", "", "AU") == "sms:+61458737732"
    assert sms_href("1-844-762-8483") == "sms:+18447628483"
    assert sms_href("not a number") == ""


@pytest.mark.django_db
def test_an_australian_listing_page_dials_australia(client):
    make_listing(
        "Respect line", slug="respect", service_area="national", country="AU", phone="1800 737 732",
        text_number="0458 737 732",
    )  # fmt: skip
    html = client.get("/resources/respect/").content.decode()
    assert 'href="tel:+611800737732"' in html and 'href="sms:+61458737732"' in html
    assert "tel:+1180" not in html
