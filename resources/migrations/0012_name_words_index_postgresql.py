"""PostgreSQL: an index of the words of each listing's name, for the look-up of a service typed by
its whole name (``resources.search.named_by``). Without it the look-up read every listing whose
text holds the words typed: 240 ms at 100,000 listings for two words every description has. A "/"
becomes a space first: PostgreSQL's parser reads "Network/La" as one file-path word. SQLite needs
nothing: its FTS5 table searches the name column alone."""

from django.db import migrations

NAME_WORDS = "to_tsvector('simple', metoo_unaccent(replace(name, '/', ' ')))"
FORWARD = f"CREATE INDEX IF NOT EXISTS resource_name_words ON resources_resource USING gin ({NAME_WORDS})"
BACKWARD = "DROP INDEX IF EXISTS resource_name_words"


def on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0011_search_terms_people_type_in_hard_moments"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
