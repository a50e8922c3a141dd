"""Full-text search over listings, one behaviour on two real engines, chosen by ``connection.vendor``.

What a person typed becomes concepts (``resources.query``). A listing matches when it matches at
least one concept; ``coverage`` counts how many it matches (more is better) and ``text_rank`` (0 to
1) how well, by field: the name (with the listing's phone numbers) weighs most, then the
organization and the needs and communities (English and Spanish names), then the description and
notes (``text_rank``, scaled by the search's best match so both engines give 0 to 1). Words are
whole words and stems, never substrings ("men" never matches "women"), accents never matter, and
English and Spanish forms meet (violación, violacion, violaciones).

- SQLite (the embedded default): the FTS5 table ``resource_fts`` (migration ``0007_search``), kept
  by triggers on every write path, tokenized with ``porter unicode61 remove_diacritics 2``, ranked
  with ``bm25()``. FTS5 has no Spanish stemmer, so a column holds every word's Spanish stem,
  computed by ``resources.words.spanish_stems`` (a SQL function registered on each connection).
- PostgreSQL: the weighted ``search_vector`` kept by triggers, built with both the ``english`` and
  the ``spanish`` configurations, searched with a tsquery per concept and ranked with ``ts_rank``.

Typos: a word neither engine knows is corrected to the nearest word of the index's own vocabulary
(``fts5vocab`` on SQLite, ``ts_stat`` on PostgreSQL) or of the search vocabulary.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, FloatField, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from metoo_site.pagecache import safely
from resources.query import Concept, vocabulary
from resources.words import (
    FILLER_WORDS,
    english_stem,
    everyday_words_starting,
    is_everyday_word,
    spanish_stem,
    tokens,
)

MAX_QUERY_LENGTH = 200
# bm25() weights of the FTS5 columns: name, organization, tags, body, spanish.
FTS_WEIGHTS = (10.0, 4.0, 4.0, 1.0, 1.5)
INDEX_WORDS_CACHE_SECONDS = 600
CORRECTION_CUTOFF = 0.75


def clean_query(text: str | None) -> str:
    """Strip NUL and control characters (PostgreSQL rejects NUL), squeeze spaces, cap the length."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# --- SQLite: FTS5 ---------------------------------------------------------------------------------


def _fts_word(word: str, *, number: bool = False) -> str:
    if number:
        return f'name : "{word}"'
    # Words are letters and digits only (resources.words.tokens), so quoting is enough.
    return f'("{word}" OR spanish : "{spanish_stem(word)}")'


def fts_concept(concept: Concept, *, meant: bool = False) -> str:
    """FTS5 query satisfied by any alternative of the concept (``meant``: by what the person means)."""
    alternatives = [
        "(" + " AND ".join(_fts_word(word, number=concept.is_number) for word in alternative) + ")"
        for alternative in (concept.meant if meant else concept.alternatives)
    ]
    return "(" + " OR ".join(alternatives) + ")"


def _sqlite_match(queryset: QuerySet, concepts: Sequence[Concept]) -> QuerySet:
    full = " OR ".join(fts_concept(concept) for concept in concepts)
    in_match = "SELECT rowid FROM resource_fts WHERE resource_fts MATCH %s"
    coverage = " + ".join(f'(CASE WHEN "resources_resource"."id" IN ({in_match}) THEN 1 ELSE 0 END)' for _ in concepts)
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # bm25() is smaller (more negative) for better matches. The scores of the whole match are
    # computed once (a materialized CTE) and looked up per listing: asking FTS5 for one row's score
    # (``MATCH ... AND rowid = id``) runs the full-text query again for every listing, 50 times
    # slower on the real listings. bm25() may only be called in the query that does the MATCH.
    # Scored on what the person means: a listing matched only by a taxonomy name scores 0.
    meant = " OR ".join(fts_concept(concept, meant=True) for concept in concepts)
    rank = (
        f"COALESCE((WITH scores AS MATERIALIZED (SELECT rowid AS id, -bm25(resource_fts, {weights}) AS score "
        "FROM resource_fts WHERE resource_fts MATCH %s) "
        'SELECT score FROM scores WHERE scores.id = "resources_resource"."id"), 0.0)'
    )
    return (
        queryset.filter(pk__in=RawSQL(in_match, [full]))
        .annotate(coverage=RawSQL(coverage, [fts_concept(c) for c in concepts], output_field=IntegerField()))
        .annotate(text_rank=RawSQL(rank, [meant], output_field=FloatField()))
    )


def _sqlite_known(concepts: Sequence[Concept]) -> list[bool]:
    sql = " UNION ALL ".join(
        f"SELECT {i}, EXISTS(SELECT 1 FROM resource_fts WHERE resource_fts MATCH %s)" for i in range(len(concepts))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_concept(concept) for concept in concepts])
        known = dict(cursor.fetchall())
    return [bool(known[i]) for i in range(len(concepts))]


def _sqlite_index_words() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT term FROM resource_fts_vocab WHERE col != 'spanish' AND term GLOB '[a-z]*'")
        return [row[0] for row in cursor.fetchall()]


# --- PostgreSQL: tsvector --------------------------------------------------------------------------

_PG_WORD = "(plainto_tsquery('english', %s) || plainto_tsquery('spanish', %s))"
_PG_NUMBER = "plainto_tsquery('simple', %s)"


def pg_concept(concept: Concept, *, meant: bool = False) -> tuple[str, list[str]]:
    """(tsquery SQL, params) satisfied by any alternative of the concept (``meant``: by what the
    person means)."""
    parts, params = [], []
    for alternative in concept.meant if meant else concept.alternatives:
        words = []
        for word in alternative:
            if concept.is_number:
                words.append(_PG_NUMBER)
                params.append(word)
            else:
                words.append(_PG_WORD)
                params.extend([word, word])
        parts.append("(" + " && ".join(words) + ")")
    return "(" + " || ".join(parts) + ")", params


def _pg_full(concepts: Sequence[Concept], *, meant: bool = False) -> tuple[str, list[str]]:
    pieces = [pg_concept(concept, meant=meant) for concept in concepts]
    return "(" + " || ".join(sql for sql, _ in pieces) + ")", [p for _, params in pieces for p in params]


def _postgresql_match(queryset: QuerySet, concepts: Sequence[Concept]) -> QuerySet:
    full_sql, full_params = _pg_full(concepts)
    meant_sql, meant_params = _pg_full(concepts, meant=True)
    coverage_sql, coverage_params = [], []
    for concept in concepts:
        sql, params = pg_concept(concept)
        coverage_sql.append(f'(CASE WHEN "resources_resource"."search_vector" @@ {sql} THEN 1 ELSE 0 END)')
        coverage_params.extend(params)
    return (
        queryset.alias(
            text_match=RawSQL(f'"resources_resource"."search_vector" @@ {full_sql}', full_params, BooleanField())
        )
        .filter(text_match=True)
        .annotate(coverage=RawSQL(" + ".join(coverage_sql), coverage_params, output_field=IntegerField()))
        .annotate(
            text_rank=RawSQL(
                f'ts_rank("resources_resource"."search_vector", {meant_sql})', meant_params, output_field=FloatField()
            )
        )
    )


def _postgresql_known(concepts: Sequence[Concept]) -> list[bool]:
    parts, params = [], []
    for concept in concepts:
        sql, concept_params = pg_concept(concept)
        parts.append(
            "EXISTS(SELECT 1 FROM resources_resource WHERE status = 'published' AND search_vector @@ " + sql + ")"
        )
        params.extend(concept_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [bool(value) for value in cursor.fetchone()]


def _postgresql_index_words() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat('SELECT search_vector FROM resources_resource WHERE status = ''published''') "
            "WHERE word ~ '^[a-z][a-z0-9]*$'"
        )
        return [row[0] for row in cursor.fetchall()]


# --- one interface ---------------------------------------------------------------------------------


def matching(queryset: QuerySet, concepts: Sequence[Concept]) -> QuerySet:
    """Listings that match at least one concept, annotated with ``coverage`` and ``text_rank`` (the
    engine's own score, higher is better; ``resources.listings.rank`` scales it by the best match)."""
    if connection.vendor == "postgresql":
        return _postgresql_match(queryset, concepts)
    return _sqlite_match(queryset, concepts)


def named_by(words: Sequence[str], limit: int = 50) -> list[int]:
    """Published listings whose whole name was typed ("safe horizon" names Safe Horizon; "crisis
    line" does not name Crisis Text Line): one query for the listings whose name holds every word,
    then their names checked here, stem by stem, filler words aside."""
    if len(words) < 2:
        return []
    published = "SELECT id, name FROM resources_resource WHERE status = 'published' AND "
    if connection.vendor == "postgresql":
        # The expression of the index ``resource_name_words`` (migration 0012), word for word.
        query = " && ".join("plainto_tsquery('simple', %s)" for _ in words)
        sql = published + f"to_tsvector('simple', metoo_unaccent(replace(name, '/', ' '))) @@ ({query}) LIMIT %s"
        params: list[str | int] = [*words, limit]
    else:
        in_name = "name : (" + " AND ".join(f'"{word}"' for word in words) + ")"
        sql = published + "id IN (SELECT rowid FROM resource_fts WHERE resource_fts MATCH %s) LIMIT %s"
        params = [in_name, limit]
    typed = {stem for word in words for stem in (word, english_stem(word), spanish_stem(word))}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        pk
        for pk, name in rows
        if all(word in typed or english_stem(word) in typed for word in tokens(name) if word not in FILLER_WORDS)
    ]


def excluding(queryset: QuerySet, concepts: Sequence[Concept]) -> QuerySet:
    """Listings that match none of the concepts (words typed with a minus sign)."""
    if connection.vendor == "postgresql":
        sql, params = _pg_full(concepts)
        return queryset.alias(
            text_excluded=RawSQL(f'"resources_resource"."search_vector" @@ {sql}', params, BooleanField())
        ).exclude(text_excluded=True)
    full = " OR ".join(fts_concept(concept) for concept in concepts)
    return queryset.exclude(pk__in=RawSQL("SELECT rowid FROM resource_fts WHERE resource_fts MATCH %s", [full]))


def known(concepts: Sequence[Concept]) -> list[bool]:
    """Whether each concept matches anything in the index (one query, whatever the count)."""
    if not concepts:
        return []
    if connection.vendor == "postgresql":
        return _postgresql_known(concepts)
    return _sqlite_known(concepts)


def index_words() -> list[str]:
    """The index's own vocabulary (stems), cached: read once every few minutes at most."""
    key = f"search-index-words:{connection.vendor}:v1"
    words = safely(lambda: cache.get(key))
    if words is None:
        words = _postgresql_index_words() if connection.vendor == "postgresql" else _sqlite_index_words()
        safely(lambda: cache.set(key, words, INDEX_WORDS_CACHE_SECONDS))
    return words


def nearest_word(word: str) -> str | None:
    """The known word closest to ``word`` ("assualt" -> "assault"), preferring the search
    vocabulary's words; None when nothing is close enough, or when ``word`` is itself an
    everyday English or Spanish word ("last", "party", "miedo" are words, not typos)."""
    if len(word) < 4 or word.isdigit() or is_everyday_word(word):
        return None
    terms = [phrase for phrase in vocabulary() if " " not in phrase]
    candidates = [c for c in (*terms, *index_words()) if abs(len(c) - len(word)) <= 3 and c[:1] in word[:2]]
    best = difflib.get_close_matches(word, candidates, n=5, cutoff=CORRECTION_CUTOFF)
    if not best:
        return None
    top = difflib.SequenceMatcher(None, word, best[0]).ratio()
    for candidate in best:
        if candidate in terms and difflib.SequenceMatcher(None, word, candidate).ratio() >= top - 0.05:
            return candidate
    return whole_word(best[0], typed=word)


def whole_word(stem: str, *, typed: str) -> str:
    """The index holds stems ("violenc") and the page shows the correction: the everyday word
    closest to what was typed that the index stores as ``stem`` ("violence": it searches the
    same), else the stem itself."""
    if is_everyday_word(stem):
        return stem
    words = [
        word
        for word in everyday_words_starting(stem)
        if len(word) <= len(stem) + 3 and stem in (english_stem(word), spanish_stem(word))
    ]
    return max(words, key=lambda word: difflib.SequenceMatcher(None, typed, word).ratio(), default=stem)
