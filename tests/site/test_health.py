from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access in this test raises instead of passing.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_answers(client):
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_down(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503


def test_robots_txt_is_a_view_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_sitemap_lists_the_mission_pages_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/about/" in xml
    assert "http://testserver/es/about/" in xml
