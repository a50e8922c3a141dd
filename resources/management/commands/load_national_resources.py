"""Load only the checked national listings (resources/data/national_listings.json), idempotently.

``load_listings`` loads these together with the state coalitions and the community organizations
(``make run`` uses it); this command is kept for deployments and scripts that call it by name.
"""

from __future__ import annotations

from resources.management.commands.load_listings import Command as LoadListings


class Command(LoadListings):
    help = "Create the checked national listings that are missing (idempotent; --update also refreshes them)."
    kinds = ("national",)
