from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


def register_search_functions(sender, connection, **kwargs) -> None:
    """SQLite: the Python functions the FTS5 triggers call (resources/fts.py), on every
    connection. FTS5 ships no Spanish stemmer and Python cannot add tokenizers, so Spanish stems
    and phone-number words are computed here and indexed as text."""
    if connection.vendor != "sqlite":
        return
    from resources.words import number_tokens, spanish_stems

    raw = connection.connection
    raw.create_function("metoo_spanish_stems", -1, lambda *texts: spanish_stems(*texts), deterministic=True)
    raw.create_function("metoo_number_tokens", -1, lambda *numbers: number_tokens(*numbers), deterministic=True)


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self) -> None:
        from resources import fts

        connection_created.connect(register_search_functions, dispatch_uid="resources-search-functions")
        pre_migrate.connect(fts.before_migrate, sender=self, dispatch_uid="resources-fts-before-migrate")
        post_migrate.connect(fts.after_migrate, sender=self, dispatch_uid="resources-fts-after-migrate")
        from resources import signals  # noqa: F401  (the search vocabulary cache)
