"""The wording an action item comes from becomes bilingual like the other texts.

The column is renamed to the English version, as 0012 did for the other texts (what
was written before is kept as English), and an empty Spanish version is added.
"""

from django.db import migrations, models

HELP = "The words of the report this item comes from."


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0012_bilingual_texts"),
    ]

    operations = [
        migrations.RenameField(
            model_name="actionitem", old_name="source_text", new_name="source_text_en"
        ),
        migrations.RenameField(
            model_name="historicalactionitem", old_name="source_text", new_name="source_text_en"
        ),
        *[
            operation
            for model in ("actionitem", "historicalactionitem")
            for operation in (
                migrations.AlterField(
                    model_name=model,
                    name="source_text_en",
                    field=models.TextField(
                        blank=True, help_text=HELP, verbose_name="wording (English)"
                    ),
                ),
                migrations.AddField(
                    model_name=model,
                    name="source_text_es",
                    field=models.TextField(
                        blank=True, help_text=HELP, verbose_name="wording (Spanish)"
                    ),
                ),
            )
        ],
    ]
