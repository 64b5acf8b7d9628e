"""ReportImport now belongs to the importer app (importer 0001); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0007_index_for_a_countrys_counts"),
        ("importer", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReportImport")],
            database_operations=[],
        ),
    ]
