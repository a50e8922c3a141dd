from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PagesSitemap(Sitemap):
    """The mission pages, in English and Spanish."""

    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["home", "about", "get_help", "safety", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)
