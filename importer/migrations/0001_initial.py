"""ReportImport moves here from the actions app, keeping its table and rows.

State only: the table `actions_reportimport` stays as it is (the next migration
renames it); actions 0008 removes the model from the actions app's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import importer.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("actions", "0007_index_for_a_countrys_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=255, upload_to=importer.models.report_import_upload_to, verbose_name='report')),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('content_type', models.CharField(max_length=100, verbose_name='type')),
                        ('size', models.PositiveBigIntegerField(verbose_name='size')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('text', models.TextField(verbose_name='text read from the report')),
                        ('parsed', models.JSONField(help_text='What the importer read, as it read it.', verbose_name='parse')),
                        ('draft', models.JSONField(blank=True, help_text="The review page's fields as last sent, kept until the import is saved.", null=True, verbose_name='corrections')),
                        ('meeting_date', models.DateField(blank=True, help_text='Given for a report without one.', null=True, verbose_name='meeting date')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('saved_at', models.DateTimeField(blank=True, null=True, verbose_name='saved')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                        ('meeting', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='report_import', to='actions.meeting', verbose_name='meeting')),
                        ('saved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='saved by')),
                        ('working_group', models.ForeignKey(blank=True, help_text='Given for a report that names none.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='actions.workinggroup', verbose_name='working group')),
                    ],
                    options={
                        'verbose_name': 'report import',
                        'verbose_name_plural': 'report imports',
                        'ordering': ['-created_at', '-pk'],
                        'db_table': 'actions_reportimport',
                        'indexes': [models.Index(fields=['sha256'], name='report_import_sha256_idx'), models.Index(condition=models.Q(('saved_at__isnull', True)), fields=['-created_at'], name='report_import_pending_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('meeting__isnull', True), ('saved_at__isnull', False), _connector='OR'), name='report_import_meeting_when_saved')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
