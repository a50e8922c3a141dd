"""Search that understands people: the search vocabulary, SQLite's FTS5 index, and PostgreSQL's
vector with Spanish as well as English.

- ``SearchTerm``: what people type, mapped to needs, communities and words; seeded from
  ``resources/data/search_terms.json`` (maintainers edit it in admin afterwards).
- SQLite only: the FTS5 table ``resource_fts`` (name with phone numbers, organization, tags, body,
  and every word's Spanish stem) and its ``fts5vocab`` table for typo correction. The triggers
  that keep it right are ``resources/fts.py``'s, installed after every migrate run.
- PostgreSQL only: the listing's vector now holds the name and its phone numbers (A), organization,
  needs and communities (B) and the description, notes and eligibility in English and Spanish
  (C), each with the ``english`` and the ``spanish`` configuration.
"""

import json
from pathlib import Path

from django.db import migrations, models

TERMS_FILE = Path(__file__).resolve().parent.parent / "data" / "search_terms.json"

# SQLite: the FTS5 table and its vocabulary. The view and triggers that keep it right are installed
# after every migrate run (resources/fts.py): Django rebuilds a SQLite table to alter it, which
# drops the table's triggers and fails while a view or another table's trigger names it.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS resource_fts USING fts5("
    "name, organization, tags, body, spanish, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS resource_fts_vocab USING fts5vocab(resource_fts, 'col')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS resource_fts_vocab", "DROP TABLE IF EXISTS resource_fts"]

POSTGRESQL_FORWARD = r"""
CREATE OR REPLACE FUNCTION metoo_dial_digits(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN length(d) = 11 AND left(d, 1) = '1' THEN substr(d, 2) WHEN length(d) >= 3 THEN d ELSE '' END
  FROM (SELECT regexp_replace(translate(upper(coalesce(value, '')),
               'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '22233344455566677778889999'), '[^0-9]', '', 'g') AS d) digits
$$;

CREATE OR REPLACE FUNCTION resources_listing_vector(r resources_resource) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
WITH parts AS (
  SELECT metoo_unaccent(concat_ws(' ', r.name, metoo_dial_digits(r.phone), metoo_dial_digits(r.text_number),
                                  metoo_dial_digits(r.tty))) AS name,
         metoo_unaccent(coalesce((SELECT o.name FROM resources_organization o WHERE o.id = r.organization_id), ''))
             AS org,
         metoo_unaccent(concat_ws(' ',
             (SELECT string_agg(n.name || ' ' || n.name_es, ' ')
                FROM resources_need n JOIN resources_resource_needs rn ON rn.need_id = n.id
               WHERE rn.resource_id = r.id),
             (SELECT string_agg(c.name || ' ' || c.name_es, ' ')
                FROM resources_community c JOIN resources_resource_communities rc ON rc.community_id = c.id
               WHERE rc.resource_id = r.id))) AS tags,
         metoo_unaccent(concat_ws(' ', r.description, r.description_es, r.eligibility, r.eligibility_es,
                                  r.phone_notes, r.phone_notes_es, r.hours_notes, r.hours_notes_es,
                                  r.cost_notes, r.cost_notes_es)) AS body
)
SELECT setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('spanish', name), 'A')
    || setweight(to_tsvector('english', org), 'B') || setweight(to_tsvector('spanish', org), 'B')
    || setweight(to_tsvector('english', tags), 'B') || setweight(to_tsvector('spanish', tags), 'B')
    || setweight(to_tsvector('english', body), 'C') || setweight(to_tsvector('spanish', body), 'C')
  FROM parts
$$;

CREATE OR REPLACE FUNCTION resources_resource_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := resources_listing_vector(NEW);
    RETURN NEW;
END $$;

-- The old typo fallback's index: typos are now corrected against the index's own words.
DROP INDEX IF EXISTS resource_name_trgm;

UPDATE resources_resource SET search_vector = NULL;
"""

POSTGRESQL_BACKWARD = r"""
CREATE INDEX IF NOT EXISTS resource_name_trgm ON resources_resource USING gin (metoo_unaccent(lower(name)) gin_trgm_ops);
CREATE OR REPLACE FUNCTION resources_resource_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := resources_search_document(NEW.id, NEW.name, NEW.description, NEW.organization_id);
    RETURN NEW;
END $$;
DROP FUNCTION IF EXISTS resources_listing_vector(resources_resource);
DROP FUNCTION IF EXISTS metoo_dial_digits(text);
UPDATE resources_resource SET search_vector = NULL;
"""


def on_sqlite(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return operation


def on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return operation


def seed_vocabulary(apps, schema_editor):
    from resources.words import tokens

    SearchTerm = apps.get_model("resources", "SearchTerm")
    Need = apps.get_model("resources", "Need")
    Community = apps.get_model("resources", "Community")
    needs = {need.slug: need for need in Need.objects.all()}
    communities = {community.slug: community for community in Community.objects.all()}
    for entry in json.loads(TERMS_FILE.read_text(encoding="utf-8"))["terms"]:
        term, _ = SearchTerm.objects.get_or_create(
            phrase=" ".join(tokens(entry["phrase"])),
            defaults={"language": entry.get("language", "en"), "words": ", ".join(entry.get("words", []))},
        )
        term.needs.set([needs[slug] for slug in entry.get("needs", []) if slug in needs])
        term.communities.set([communities[slug] for slug in entry.get("communities", []) if slug in communities])


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0006_provenance_spanish_text_priority"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "phrase",
                    models.CharField(
                        help_text="One word or a short phrase. Stored in lower case without accents.",
                        max_length=80,
                        unique=True,
                        verbose_name="what people type",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("es", "Spanish")],
                        default="en",
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "words",
                    models.CharField(
                        blank=True,
                        help_text="Words or phrases, separated by commas, that a listing may use instead.",
                        max_length=300,
                        verbose_name="also search for",
                    ),
                ),
                (
                    "communities",
                    models.ManyToManyField(
                        blank=True, related_name="search_terms", to="resources.community", verbose_name="communities"
                    ),
                ),
                (
                    "needs",
                    models.ManyToManyField(
                        blank=True, related_name="search_terms", to="resources.need", verbose_name="needs"
                    ),
                ),
            ],
            options={
                "verbose_name": "search term",
                "verbose_name_plural": "search vocabulary",
                "ordering": ["phrase"],
            },
        ),
        migrations.RunPython(seed_vocabulary, migrations.RunPython.noop),
        migrations.RunPython(on_sqlite(SQLITE_FORWARD), on_sqlite(SQLITE_BACKWARD)),
        migrations.RunPython(on_postgresql(POSTGRESQL_FORWARD), on_postgresql(POSTGRESQL_BACKWARD)),
    ]
