from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from resources.geo import US_STATES
from resources.models import Resource, ResourceQuerySet


class ResourcesSitemap(Sitemap):
    """Published listings, in English and Spanish (the URLs are root-relative per language)."""

    i18n = True
    alternates = True
    changefreq = "weekly"
    limit = 2000  # about 4,000 URLs per sitemap page with both languages

    def items(self) -> ResourceQuerySet:
        return Resource.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Resource) -> datetime:
        return item.updated_at


class StatesSitemap(Sitemap):
    """Browse by state: the list of states and territories and each one's page, in English and Spanish."""

    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["", *(code for code, _name in US_STATES)]

    def location(self, item: str) -> str:
        return reverse("resources:state", kwargs={"code": item}) if item else reverse("resources:states")
