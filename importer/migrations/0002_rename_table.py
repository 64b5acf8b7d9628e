"""Give ReportImport the importer app's table name and content type."""

from django.db import migrations

from rcm_tracker.model_moves import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("importer", "0001_initial"),
        ("actions", "0008_report_import_moves_to_importer"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="reportimport", table=None),
        move_content_types("actions", "importer", ["ReportImport"]),
    ]
