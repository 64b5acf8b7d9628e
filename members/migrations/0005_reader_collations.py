"""The collations lists are sorted by (rcm_tracker/collation.py), on PostgreSQL.

SQLite registers its own on every connection; PostgreSQL needs them in the
database, from ICU: `reader_es` (Latin-American Spanish) and `reader_en`.
"""

from django.db import migrations

from rcm_tracker.collation import ICU_LOCALES


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, locale in ICU_LOCALES.items():
        schema_editor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{name}" (provider = icu, locale = \'{locale}\')'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ICU_LOCALES:
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("members", "0004_answers_and_rounds_move_out")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
