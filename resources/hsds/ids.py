"""Stable HSDS identifiers.

Exported ids never change: a listing keeps its UUID, an imported one takes the source's UUID or,
when the source's id is not a UUID (``20600-2``, ``17``), one derived from the source label, the
table and that id. Our three taxonomies (needs, communities, ways of reaching a service) and their
terms get UUIDs derived from their slugs, so a term's id is the same on every site and every day.
"""

from __future__ import annotations

import uuid

# Fixed for ever: changing it would change every derived id.
NAMESPACE = uuid.UUID("6d1b7c57-0b3e-4a59-9a5f-6b6f0d5c2a10")
TAXONOMIES: dict[str, tuple[str, str]] = {
    # kind: (name, description)
    "need": ("metoo-needs", "What a service helps with (this site's needs)."),
    "community": ("metoo-communities", "Who a service is for (this site's communities)."),
    "mode": ("metoo-modes", "Ways of reaching a service: in person, phone, text, chat, video, e-mail, online."),
}


def taxonomy_uuid(kind: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{kind}")


def term_uuid(kind: str, slug: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{kind}:{slug}")


def derived_uuid(source: str, table: str, record_id: str) -> uuid.UUID:
    """The source's own id when it is a UUID, else one derived from source, table and id."""
    try:
        return uuid.UUID(record_id.strip())
    except ValueError:
        return uuid.uuid5(NAMESPACE, f"record:{source.strip().lower()}:{table}:{record_id.strip()}")


def derived_only(source: str, table: str, record_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"record:{source.strip().lower()}:{table}:{record_id.strip()}")


OUR_TAXONOMY_IDS: dict[str, str] = {str(taxonomy_uuid(kind)): kind for kind in TAXONOMIES}
OUR_TAXONOMY_NAMES: dict[str, str] = {name: kind for kind, (name, _) in TAXONOMIES.items()}
