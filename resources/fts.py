"""SQLite only: the triggers that keep the FTS5 index ``resource_fts`` right on every write path.

A listing inserted, updated (``save()``, ``update()``, ``bulk_create()``, ``bulk_update()``) or
deleted; needs and communities added or removed; an organization, need or community renamed: each
rewrites the affected rows of the index. The triggers call two Python functions registered on every
connection (``resources.apps.register_search_functions``): the Spanish stems and the phone digits.

Why not in a migration: to alter a table, Django's SQLite backend builds a new one, copies the rows,
drops the old table (and with it its triggers) and renames the new one, which fails while a view or
another table's trigger names the table. So the triggers are removed before every ``migrate`` run
(``pre_migrate``) and installed again after it (``post_migrate``), and the index is rebuilt from the
listings then: cheap, and it can never be left stale by a migration. The FTS5 table itself is
created by migration ``resources/0007_search``.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

_COLUMNS = "rowid, name, organization, tags, body, spanish"
_DOCUMENT = "SELECT id, name, organization, tags, body, metoo_spanish_stems(name, organization, tags, body) " \
    "FROM resource_fts_document"  # fmt: skip

VIEW = """CREATE VIEW resource_fts_document AS
SELECT r.id AS id,
       r.name || ' ' || metoo_number_tokens(r.phone, r.text_number, r.tty) AS name,
       coalesce(o.name, '') AS organization,
       coalesce((SELECT group_concat(n.name || ' ' || n.name_es, ' ')
                   FROM resources_need n JOIN resources_resource_needs rn ON rn.need_id = n.id
                  WHERE rn.resource_id = r.id), '')
       || ' ' ||
       coalesce((SELECT group_concat(c.name || ' ' || c.name_es, ' ')
                   FROM resources_community c JOIN resources_resource_communities rc ON rc.community_id = c.id
                  WHERE rc.resource_id = r.id), '') AS tags,
       r.description || ' ' || r.description_es || ' ' || r.eligibility || ' ' || r.eligibility_es
       || ' ' || r.phone_notes || ' ' || r.phone_notes_es || ' ' || r.hours_notes || ' ' || r.hours_notes_es
       || ' ' || r.cost_notes || ' ' || r.cost_notes_es AS body
  FROM resources_resource r LEFT JOIN resources_organization o ON o.id = r.organization_id"""


def _refresh(ids: str) -> str:
    """Statements that rewrite the index rows of the listings whose ids ``ids`` gives (SQL)."""
    return (
        f"DELETE FROM resource_fts WHERE rowid IN ({ids});\n"
        f"  INSERT INTO resource_fts({_COLUMNS}) {_DOCUMENT} WHERE id IN ({ids});"
    )


TRIGGERS: dict[str, str] = {
    "resource_fts_insert": f"AFTER INSERT ON resources_resource BEGIN\n  {_refresh('NEW.id')}\nEND",
    "resource_fts_update": (
        "AFTER UPDATE ON resources_resource BEGIN\n  DELETE FROM resource_fts WHERE rowid = OLD.id;\n"
        f"  {_refresh('NEW.id')}\nEND"
    ),
    "resource_fts_delete": (
        "AFTER DELETE ON resources_resource BEGIN\n  DELETE FROM resource_fts WHERE rowid = OLD.id;\nEND"
    ),
    "resources_need_fts_rename": (
        "AFTER UPDATE OF name, name_es ON resources_need BEGIN\n"
        f"  {_refresh('SELECT resource_id FROM resources_resource_needs WHERE need_id = NEW.id')}\nEND"
    ),
    "resources_community_fts_rename": (
        "AFTER UPDATE OF name, name_es ON resources_community BEGIN\n"
        f"  {_refresh('SELECT resource_id FROM resources_resource_communities WHERE community_id = NEW.id')}\nEND"
    ),
    "resources_organization_fts_rename": (
        "AFTER UPDATE OF name ON resources_organization BEGIN\n"
        f"  {_refresh('SELECT id FROM resources_resource WHERE organization_id = NEW.id')}\nEND"
    ),
}
for _table in ("resources_resource_needs", "resources_resource_communities"):
    for _event, _row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        TRIGGERS[f"{_table}_fts_{_event.lower()}"] = (
            f"AFTER {_event} ON {_table} BEGIN\n  {_refresh(f'{_row}.resource_id')}\nEND"
        )


def _has_index(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'resource_fts'")
        return cursor.fetchone() is not None


def remove_triggers(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP VIEW IF EXISTS resource_fts_document")


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the view and the triggers, and rebuild the index from the listings."""
    if connection.vendor != "sqlite" or not _has_index(connection):
        return
    remove_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(VIEW)
        for name, body in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute("DELETE FROM resource_fts")
        cursor.execute(f"INSERT INTO resource_fts({_COLUMNS}) {_DOCUMENT}")


def before_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    remove_triggers(connections[using])


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    install_triggers(connections[using])
