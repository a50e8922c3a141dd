"""Full-text search over listings, chosen by database vendor.

PostgreSQL: a weighted search vector kept in ``Resource.search_vector`` by database triggers
(migration ``0003_search_postgresql``): the name weighs A; the organization, needs (English and
Spanish names) and communities B; the description C. Accents are removed on both sides with the
immutable ``metoo_unaccent()`` wrapper, the ``english`` configuration stems both sides the same way
(so Spanish words still match themselves), the query is parsed with ``websearch_to_tsquery`` and
ranked with ``SearchRank``. When the words match nothing, a ``pg_trgm`` word-similarity fallback
forgives typos ("councelling" finds counseling).

SQLite: every word must appear (case-insensitively) in the name, description, organization
name, or a need's or community's name.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Greatest, Lower

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SEARCH_CONFIG = "english"
# word_similarity() above this counts as a near-miss of a typed word.
TRIGRAM_THRESHOLD = 0.4


def clean_query(text: str | None) -> str:
    """Strip NUL and control characters (PostgreSQL rejects NUL), squeeze spaces, cap the length."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


class Unaccent(Func):
    """``metoo_unaccent()``: an IMMUTABLE wrapper around unaccent() created by the search migration."""

    function = "metoo_unaccent"
    output_field = TextField()


def full_text(queryset: QuerySet, text: str) -> tuple[QuerySet, bool]:
    """Listings matching ``text``; the bool says whether they carry a ``rank`` to order by."""
    text = clean_query(text)
    if not text:
        return queryset, False
    if connection.vendor == "postgresql":
        return _postgresql(queryset, text)
    return _word_by_word(queryset, text), False


def _postgresql(queryset: QuerySet, text: str) -> tuple[QuerySet, bool]:
    query = SearchQuery(Unaccent(Value(text)), config=SEARCH_CONFIG, search_type="websearch")
    matches = queryset.filter(search_vector=query)
    # One cheap extra query, whatever the result count: does the full text find anything at all?
    if matches.exists():
        return matches.annotate(rank=SearchRank(F("search_vector"), query)), True
    return _typo_fallback(queryset, text), True


def _typo_fallback(queryset: QuerySet, text: str) -> QuerySet:
    """Names (GIN trigram index ``resource_name_trgm``) or need names close to the typed words."""
    from resources.models import Need, Resource

    # The index operator %> compares with this per-session setting (default 0.6, too strict for
    # "councelling"/"counseling" at 0.44); it only affects this app's own connections.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(TRIGRAM_THRESHOLD)])
    typed = Unaccent(Value(text.lower()))
    # The names close to the words, found through the trigram index; used as a hashed id set so
    # that the outer query never computes a similarity per row.
    close_names = (
        Resource.objects.alias(plain_name=Unaccent(Lower("name")))
        .filter(plain_name__trigram_word_similar=typed)
        .values("pk")
    )
    # Needs are a short table: the ones whose English or Spanish name is close to the words.
    close_needs = (
        Need.objects.annotate(
            similarity=Greatest(
                TrigramWordSimilarity(typed, Unaccent(Lower("name"))),
                TrigramWordSimilarity(typed, Unaccent(Lower("name_es"))),
            )
        )
        .filter(similarity__gte=TRIGRAM_THRESHOLD)
        .values("pk")
    )
    with_close_need = Resource.needs.through.objects.filter(need__in=close_needs).values("resource_id")
    return queryset.filter(Q(pk__in=close_names) | Q(pk__in=with_close_need)).annotate(
        rank=TrigramWordSimilarity(typed, Unaccent(Lower("name")))
    )


def _word_by_word(queryset: QuerySet, text: str) -> QuerySet:
    from resources.models import Resource

    for word in text.split()[:MAX_WORDS]:
        needs = Resource.needs.through.objects.filter(resource=OuterRef("pk")).filter(
            Q(need__name__icontains=word) | Q(need__name_es__icontains=word)
        )
        communities = Resource.communities.through.objects.filter(resource=OuterRef("pk")).filter(
            Q(community__name__icontains=word) | Q(community__name_es__icontains=word)
        )
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
            | Exists(needs)
            | Exists(communities)
        )
    return queryset
