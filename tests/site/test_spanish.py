"""The Spanish site: pages under /es/ are in Spanish, link to Spanish pages, and nothing ships untranslated."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.resources.factories import local, national, statewide
from tests.stories.conftest import STORY, post_form, share_data

PO_FILE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listings(db):
    national("Línea Nacional de Ejemplo", slug="linea-nacional", phone="800-656-4673", needs=("crisis-hotline",))
    local("Centro de Ejemplo", slug="centro-de-ejemplo", zip_code="60601", city="Chicago")


def spanish_page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="es">' in html, url
    return html


@pytest.mark.parametrize(
    ("url", "spanish", "english"),
    [
        ("/es/", "No está solo", "You are not alone"),
        ("/es/resources/?q=ayuda", "Buscar ayuda", "Find help"),
        ("/es/resources/?near=60601", "Cerca de usted", "Near you"),
        ("/es/resources/linea-nacional/", "Reportar un problema con este servicio", "Report a problem"),
        ("/es/resources/linea-nacional/report/", "¿Qué está mal?", "What is wrong?"),
        ("/es/resources/suggest/", "Enviar sugerencia", "Send suggestion"),
        ("/es/stories/", "Historias de sobrevivientes", "Stories from survivors"),
        ("/es/stories/share/", "Enviar mi historia para revisión", "Send my story for review"),
        ("/es/stories/status/", "Consultar mi historia", "Check my story"),
    ],
)
def test_spanish_pages_are_in_spanish(client, listings, url, spanish, english):
    html = spanish_page(client, url)
    assert spanish in html
    assert english not in html


def test_spanish_search_groups_and_state_names_are_translated(client, listings):
    statewide("Línea Estatal", slug="linea-estatal", states=("NY",))
    html = spanish_page(client, "/es/resources/?near=10001")
    assert "En todo Nueva York" in html and "Across New York" not in html
    html = spanish_page(client, "/es/resources/")
    assert '<option value="NC">Carolina del Norte</option>' in html


def test_bad_parameter_notice_is_in_spanish(client, listings):
    html = spanish_page(client, "/es/resources/?radius=-5")
    assert "No pudimos usar “Distancia”, así que no se tuvo en cuenta." in html
    assert "so it was left out" not in html


def test_unknown_zip_code_is_a_spanish_form_error(client, listings):
    html = spanish_page(client, "/es/resources/?near=00000")
    assert "No encontramos el código postal “00000”." in html


def test_listing_links_on_spanish_pages_stay_in_spanish(client, listings):
    for url in ("/es/resources/", "/es/resources/?q=ejemplo", "/es/resources/?near=60601"):
        html = spanish_page(client, url)
        links = set(re.findall(r'href="(/(?:es/)?resources/[a-z0-9-]+/)"', html))
        assert links, url
        assert all(link.startswith("/es/resources/") for link in links), (url, links)
    html = spanish_page(client, "/es/resources/linea-nacional/")
    assert 'href="/es/resources/linea-nacional/report/"' in html


def test_story_form_errors_are_in_spanish(visitor, db):
    response = post_form(visitor, "/es/stories/share/", share_data(story="Muy corto.", consent_age=None))
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="es">' in html
    assert "Su historia todavía no se guardó." in html
    assert "Aquí solo pueden compartir historias las personas de 16 años o más." in html
    assert "Escriba al menos 50 caracteres (ahora hay 10)." in html
    assert "Ensure this value" not in html and "Please check the notes" not in html


def test_spanish_story_submission_thanks_in_spanish(visitor, db):
    response = post_form(visitor, "/es/stories/share/", share_data(story=STORY), follow=True)
    html = response.content.decode()
    assert "Gracias por confiarnos su historia." in html


def _po_entries(text: str, *, with_context: bool = False):
    """(msgid, [msgstr, ...], flags) for every entry but the header; with ``with_context``,
    (msgctxt or None, msgid, [msgstr, ...], flags)."""
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            msgstrs = [v for k, v in fields.items() if k.startswith("msgstr")]
            if with_context:
                yield fields.get("msgctxt"), fields["msgid"], msgstrs, flags
            else:
                yield fields["msgid"], msgstrs, flags


def test_spanish_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = list(_po_entries(PO_FILE.read_text(encoding="utf-8")))
    assert len(entries) > 400
    untranslated = [msgid for msgid, msgstrs, _flags in entries if not msgstrs or not all(msgstrs)]
    fuzzy = [msgid for msgid, _msgstrs, flags in entries if "fuzzy" in flags]
    assert untranslated == [], "untranslated in locale/es: " + repr(untranslated)
    assert fuzzy == [], "fuzzy (ignored by gettext) in locale/es: " + repr(fuzzy)


def test_spanish_catalogue_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    wrong = [
        msgid
        for msgid, msgstrs, _flags in _po_entries(PO_FILE.read_text(encoding="utf-8"))
        for msgstr in msgstrs
        if sorted(set(placeholder.findall(msgid))) != sorted(set(placeholder.findall(msgstr)))
    ]
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo is what the site uses: it must carry every translation of the .po."""
    with PO_FILE.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for context, msgid, msgstrs, _flags in _po_entries(PO_FILE.read_text(encoding="utf-8"), with_context=True)
        if len(msgstrs) == 1
        and (catalogue.pgettext(context, _unescape(msgid)) if context else catalogue.gettext(_unescape(msgid)))
        != _unescape(msgstrs[0])
    ]
    assert stale == [], "run make messages: " + repr(stale[:5])


def _unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def test_error_pages_speak_the_language_of_the_address_not_of_the_last_request():
    from django.test import RequestFactory
    from django.utils import translation

    from metoo_site.middleware import database_unavailable_response
    from metoo_site.views import server_error

    factory = RequestFactory()
    with translation.override("es"):  # a worker thread that just served a Spanish page
        english_outage = database_unavailable_response(factory.get("/stories/")).content.decode()
        english_error = server_error(factory.get("/resources/")).content.decode()
    with translation.override("en"):
        spanish_outage = database_unavailable_response(factory.get("/es/stories/")).content.decode()
        spanish_error = server_error(factory.get("/es/resources/")).content.decode()
    assert '<html lang="en">' in english_outage and "it was not saved" in english_outage
    assert '<html lang="en">' in english_error and "Something went wrong" in english_error
    assert '<html lang="es">' in spanish_outage and "no se guardó" in spanish_outage
    assert '<html lang="es">' in spanish_error and "Algo salió mal" in spanish_error
