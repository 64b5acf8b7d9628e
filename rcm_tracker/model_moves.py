"""Support for migrations that move a model from one app to another.

A model moves in three steps, so that an existing database keeps every row:
the new app creates it in its migration state only, with the old table name
(`SeparateDatabaseAndState`); the old app deletes it from its state only;
then the new app renames the table and hands it the old content types (so
that permissions and admin log entries still point at it). This module holds
the last step's data migration.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import migrations


def move_content_types(from_app: str, to_app: str, models: Sequence[str]) -> migrations.RunPython:
    """An operation that relabels the content types of `models` from `from_app` to `to_app`.

    On a new database there are none yet (contenttypes creates them after
    migrating), so it does nothing there; backwards it relabels them back.
    """
    names = [name.lower() for name in models]

    def relabel(source: str, target: str):
        def run(apps, schema_editor) -> None:
            content_type = apps.get_model("contenttypes", "ContentType")
            rows = content_type.objects.using(schema_editor.connection.alias)
            # A content type created for the new label meanwhile (nothing refers to it
            # yet) would block the rename: the old one, with its permissions, wins.
            rows.filter(app_label=target, model__in=names).delete()
            rows.filter(app_label=source, model__in=names).update(app_label=target)

        return run

    return migrations.RunPython(relabel(from_app, to_app), relabel(to_app, from_app))
