"""Arbitrary input in every GET parameter and form field of every public URL never breaks a page.

Unicode of every kind, control characters, NUL bytes (which PostgreSQL refuses in text: they must
become a form error), 100,000 characters, markup and template syntax. Never a 500, and markup is
never reflected unescaped. The URLs, parameters and forms come from ``public_urls``.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.public_urls import FORM_CASES, GET_CASES, FormCase, GetCase

# Markup that must never come back as markup.
MARKERS = [
    "<script>alert('metoo-xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><b>metoo-bold</b>",
]
PAYLOADS = [
    *MARKERS,
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load log %}{% get_admin_log 10 as log %}",
    "${7*7}",
    "\x00",
    "a\x00b",
    "\x1b[31m\r\n\t\x7f\u200b\u202e\ufeff",
    "' OR '1'='1' --",
    "%00%0d%0aSet-Cookie: x=1",
    "../../../../etc/passwd",
    "😀" * 50,
    "𝕳𝖊𝖑𝖑𝖔 ﷽ Ω≈ç√",
    "-1",
    "99999999999999999999999999",
    "1e308",
    "x" * 100_000,
    # Digits of other scripts: ``\d`` matches them, and the ZIP library panicked on them (a Rust
    # panic is a BaseException that killed the worker).
    "６０６０１",  # full-width
    "٦٠٦٠١",  # Arabic-Indic
    "۶۰۶۰۱",  # Extended Arabic-Indic (Persian)
    "६०६०१",  # Devanagari
    "𝟔𝟎𝟔𝟎𝟏",  # mathematical bold
    "60６01",
    "6060１-１２３４",
    "Ⅵ①⑥０",
    "60601\u0301",  # a combining accent
    "\u200f60601",  # a right-to-left mark
    "شيكاغو 芝加哥 Чикаго",
]

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=12),  # digits of every script
    st.text(st.characters(exclude_categories=["Cs"]), max_size=200),  # any code point a browser can send
    st.text(st.characters(max_codepoint=0x1F), max_size=50),  # control characters, NUL included
    st.builds(
        lambda before, marker, after: before + marker + after,
        st.text(max_size=20),
        st.sampled_from(MARKERS),
        st.text(max_size=20),
    ),
    st.integers(min_value=1, max_value=100_000).map(lambda n: "é" * n),
)

HYPOTHESIS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def assert_harmless(response, values) -> None:
    where = (response.request["PATH_INFO"], response.status_code, [value[:60] for value in values])
    assert response.status_code < 500, where
    body = response.content.decode("utf-8", errors="replace")
    assert "Traceback" not in body, where
    for value in values:
        for marker in MARKERS:
            if marker in value:
                assert marker not in body, (where, marker)


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Without limits every valid-looking submission reaches the database, which is where hostile
    # text (NUL bytes on PostgreSQL) would break if a form let it through.
    settings.RATELIMIT_ENABLED = False
    cache.clear()
    yield
    cache.clear()


def case_id(case) -> str:
    return case.url


@pytest.mark.django_db
@pytest.mark.parametrize("case", GET_CASES, ids=case_id)
def test_each_known_payload_in_every_get_parameter_is_harmless(case: GetCase):
    for payload in PAYLOADS:  # one test per URL, so its data is made once (a failure names the payload)
        response = Client().get(case.url, dict.fromkeys(case.params, payload))
        assert_harmless(response, [payload])


@pytest.mark.django_db
@pytest.mark.parametrize("case", GET_CASES, ids=case_id)
def test_arbitrary_get_parameters_are_harmless(case: GetCase):
    @HYPOTHESIS
    @given(values=st.dictionaries(st.sampled_from(case.params), st.lists(hostile_text, min_size=1, max_size=3)))
    def check(values: dict[str, list[str]]) -> None:
        response = Client().get(case.url, values)
        assert_harmless(response, [value for values_ in values.values() for value in values_])

    check()


@pytest.mark.django_db
def test_arbitrary_parameter_names_are_harmless():
    @HYPOTHESIS
    @given(name=hostile_text.filter(bool), value=hostile_text)
    def check(name: str, value: str) -> None:
        for case in GET_CASES:
            assert_harmless(Client().get(case.url, {name: value}), [name, value])

    check()


def post(case: FormCase, field: str, value: str):
    # As a browser posts from the site's own page (the one-click buttons check this header).
    return Client().post(case.url, case.valid | {field: value}, HTTP_SEC_FETCH_SITE="same-origin")


@pytest.mark.django_db
@pytest.mark.parametrize("case", FORM_CASES, ids=case_id)
def test_each_known_payload_in_every_form_field_is_harmless(case: FormCase):
    for payload in PAYLOADS:
        for field in case.fields:
            assert_harmless(post(case, field, payload), [payload])


@pytest.mark.django_db
@pytest.mark.parametrize("case", FORM_CASES, ids=case_id)
def test_arbitrary_form_input_is_harmless(case: FormCase):
    @HYPOTHESIS
    @given(field=st.sampled_from(case.fields), value=hostile_text)
    def check(field: str, value: str) -> None:
        assert_harmless(post(case, field, value), [value])

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("case", FORM_CASES, ids=case_id)
def test_nul_bytes_are_a_form_error_not_a_database_error(case: FormCase):
    for field in case.fields:
        response = post(case, field, "before\x00after")
        assert_harmless(response, [])
        if field in case.switches:
            continue
        if not case.shows_errors:  # a button: the person is sent back to the page, nothing is counted
            assert response.status_code == 302, (case.url, field)
            continue
        assert response.status_code in {200, 400}, (case.url, field, response.status_code)
        assert "errornote" in response.content.decode() or "error" in response.content.decode()
