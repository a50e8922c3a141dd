"""The data the security tests' URLs need (see ``tests/public_urls.py``): one published listing and
one approved story, with the fixed identifiers the URL lists name."""

from __future__ import annotations

import pytest

from tests.conftest import create_public_content


@pytest.fixture(autouse=True)
def public_content(request) -> None:
    """Created only for tests that use the database; the others need no data."""
    if "django_db" not in request.keywords and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    create_public_content()
