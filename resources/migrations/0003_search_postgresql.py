"""PostgreSQL only: extensions, the search vector triggers and the search indexes.

Nothing here runs on SQLite. Creating the ``pg_trgm`` and ``unaccent`` extensions needs a
privileged role once (see docs/search.md).

The vector of a listing: name (A); organization name, need names in English and Spanish,
community names in English and Spanish (B); description (C); accents removed with the immutable
``metoo_unaccent()`` wrapper, stemmed with the ``english`` configuration. It is recomputed:
- by a BEFORE INSERT/UPDATE trigger on the listing itself (any write, including bulk_create);
- when needs or communities are added or removed (statement triggers on the join tables touch
  the affected listings, which fires the first trigger);
- when an organization, need or community is renamed.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION metoo_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE OR REPLACE FUNCTION resources_search_document(rid bigint, rname text, rdescription text, org_id bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
SELECT
    setweight(to_tsvector('english', metoo_unaccent(coalesce(rname, ''))), 'A')
 || setweight(to_tsvector('english', metoo_unaccent(coalesce(
        (SELECT o.name FROM resources_organization o WHERE o.id = org_id), ''))), 'B')
 || setweight(to_tsvector('english', metoo_unaccent(coalesce(
        (SELECT string_agg(n.name || ' ' || n.name_es, ' ')
           FROM resources_need n JOIN resources_resource_needs rn ON rn.need_id = n.id
          WHERE rn.resource_id = rid), ''))), 'B')
 || setweight(to_tsvector('english', metoo_unaccent(coalesce(
        (SELECT string_agg(c.name || ' ' || c.name_es, ' ')
           FROM resources_community c JOIN resources_resource_communities rc ON rc.community_id = c.id
          WHERE rc.resource_id = rid), ''))), 'B')
 || setweight(to_tsvector('english', metoo_unaccent(coalesce(rdescription, ''))), 'C')
$$;

CREATE OR REPLACE FUNCTION resources_resource_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := resources_search_document(NEW.id, NEW.name, NEW.description, NEW.organization_id);
    RETURN NEW;
END $$;

CREATE TRIGGER resources_resource_search
    BEFORE INSERT OR UPDATE ON resources_resource
    FOR EACH ROW EXECUTE FUNCTION resources_resource_search_trigger();

-- Touching a listing (SET search_vector = NULL) fires the trigger above, which recomputes it.
CREATE OR REPLACE FUNCTION resources_touch_from_new_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resources_resource SET search_vector = NULL WHERE id IN (SELECT resource_id FROM new_links);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION resources_touch_from_old_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resources_resource SET search_vector = NULL WHERE id IN (SELECT resource_id FROM old_links);
    RETURN NULL;
END $$;

CREATE TRIGGER resources_needs_added AFTER INSERT ON resources_resource_needs
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_new_links();
CREATE TRIGGER resources_needs_removed AFTER DELETE ON resources_resource_needs
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_old_links();
CREATE TRIGGER resources_needs_changed_new AFTER UPDATE ON resources_resource_needs
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_new_links();
CREATE TRIGGER resources_needs_changed_old AFTER UPDATE ON resources_resource_needs
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_old_links();
CREATE TRIGGER resources_communities_added AFTER INSERT ON resources_resource_communities
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_new_links();
CREATE TRIGGER resources_communities_removed AFTER DELETE ON resources_resource_communities
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_old_links();
CREATE TRIGGER resources_communities_changed_new AFTER UPDATE ON resources_resource_communities
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_new_links();
CREATE TRIGGER resources_communities_changed_old AFTER UPDATE ON resources_resource_communities
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION resources_touch_from_old_links();

CREATE OR REPLACE FUNCTION resources_organization_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resources_resource SET search_vector = NULL WHERE organization_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER resources_organization_renamed AFTER UPDATE OF name ON resources_organization
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION resources_organization_renamed();

CREATE OR REPLACE FUNCTION resources_need_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resources_resource SET search_vector = NULL
     WHERE id IN (SELECT resource_id FROM resources_resource_needs WHERE need_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER resources_need_renamed AFTER UPDATE OF name, name_es ON resources_need
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.name_es IS DISTINCT FROM NEW.name_es)
    EXECUTE FUNCTION resources_need_renamed();

CREATE OR REPLACE FUNCTION resources_community_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resources_resource SET search_vector = NULL
     WHERE id IN (SELECT resource_id FROM resources_resource_communities WHERE community_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER resources_community_renamed AFTER UPDATE OF name, name_es ON resources_community
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.name_es IS DISTINCT FROM NEW.name_es)
    EXECUTE FUNCTION resources_community_renamed();

-- q: WHERE search_vector @@ websearch_to_tsquery(...)
CREATE INDEX resource_search_vector ON resources_resource USING gin (search_vector);
-- The typo fallback: WHERE metoo_unaccent(lower(name)) %> metoo_unaccent(lower(q))
CREATE INDEX resource_name_trgm ON resources_resource USING gin (metoo_unaccent(lower(name)) gin_trgm_ops);

-- Listings that existed before this migration.
UPDATE resources_resource SET search_vector = NULL;
"""

BACKWARD = r"""
DROP INDEX IF EXISTS resource_name_trgm;
DROP INDEX IF EXISTS resource_search_vector;
DROP TRIGGER IF EXISTS resources_community_renamed ON resources_community;
DROP TRIGGER IF EXISTS resources_need_renamed ON resources_need;
DROP TRIGGER IF EXISTS resources_organization_renamed ON resources_organization;
DROP TRIGGER IF EXISTS resources_communities_changed_old ON resources_resource_communities;
DROP TRIGGER IF EXISTS resources_communities_changed_new ON resources_resource_communities;
DROP TRIGGER IF EXISTS resources_communities_removed ON resources_resource_communities;
DROP TRIGGER IF EXISTS resources_communities_added ON resources_resource_communities;
DROP TRIGGER IF EXISTS resources_needs_changed_old ON resources_resource_needs;
DROP TRIGGER IF EXISTS resources_needs_changed_new ON resources_resource_needs;
DROP TRIGGER IF EXISTS resources_needs_removed ON resources_resource_needs;
DROP TRIGGER IF EXISTS resources_needs_added ON resources_resource_needs;
DROP TRIGGER IF EXISTS resources_resource_search ON resources_resource;
DROP FUNCTION IF EXISTS resources_community_renamed();
DROP FUNCTION IF EXISTS resources_need_renamed();
DROP FUNCTION IF EXISTS resources_organization_renamed();
DROP FUNCTION IF EXISTS resources_touch_from_old_links();
DROP FUNCTION IF EXISTS resources_touch_from_new_links();
DROP FUNCTION IF EXISTS resources_resource_search_trigger();
DROP FUNCTION IF EXISTS resources_search_document(bigint, text, text, bigint);
DROP FUNCTION IF EXISTS metoo_unaccent(text);
UPDATE resources_resource SET search_vector = NULL;
"""


def run_on_postgresql(sql: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # Without parameters, so that psycopg sends the whole script (several statements) at once.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_default_taxonomy")]
    operations = [
        # Both do nothing on databases other than PostgreSQL.
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
