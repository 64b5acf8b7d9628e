"""Each answer says its language; the versions already written take their writer's."""

from django.conf import settings
from django.db import migrations, models


def writers_language(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    Submission.objects.filter(created_by__language="es").update(language="es")


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0012_bilingual_texts'),
        ('submissions', '0002_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsubmission',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', help_text='The language the comments are written in.', max_length=2, verbose_name='language of the answer'),
        ),
        migrations.AddField(
            model_name='submission',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', help_text='The language the comments are written in.', max_length=2, verbose_name='language of the answer'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.CheckConstraint(condition=models.Q(('language__in', ['en', 'es'])), name='submission_language_valid'),
        ),
        migrations.RunPython(writers_language, migrations.RunPython.noop),
    ]
