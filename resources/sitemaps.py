from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap

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
