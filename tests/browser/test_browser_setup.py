"""Without Chromium, browser tests skip with a reason, except where CI requires them."""

from __future__ import annotations

import pytest

from tests.browser import conftest


def test_missing_browser_skips_with_a_reason(monkeypatch):
    monkeypatch.delenv("METOO_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="No Chromium"):
        conftest._no_browser("No Chromium found")


def test_missing_browser_fails_when_browser_tests_are_required(monkeypatch):
    monkeypatch.setenv("METOO_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="METOO_REQUIRE_BROWSER=1"):
        conftest._no_browser("No Chromium found")
