"""CommentRound (and its history) moves here from the members app, keeping its tables and rows.

State only: the tables stay `members_commentround` and `members_historicalcommentround`
(0010 renames them); members 0004 removes the models from the members app's state.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0008_report_import_moves_to_importer'),
        ('members', '0003_comment_rounds_and_responses'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalCommentRound',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('due', models.DateField(blank=True, help_text="The round's last on-time day, kept when the round is closed.", null=True, verbose_name='comments due')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='compilation published')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('closed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                        ('document_version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.documentversion', verbose_name='document version')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('published_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
                        ('superseded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.documentversion', verbose_name='closed by the upload of')),
                    ],
                    options={
                        'db_table': 'members_historicalcommentround',
                        'verbose_name': 'historical comment round',
                        'verbose_name_plural': 'historical comment rounds',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CommentRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('due', models.DateField(blank=True, help_text="The round's last on-time day, kept when the round is closed.", null=True, verbose_name='comments due')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='compilation published')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                        ('document_version', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='comment_round', to='actions.documentversion', verbose_name='document version')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
                        ('superseded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='actions.documentversion', verbose_name='closed by the upload of')),
                    ],
                    options={
                        'db_table': 'members_commentround',
                        'verbose_name': 'comment round',
                        'verbose_name_plural': 'comment rounds',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('published_at__isnull', True), ('published_by__isnull', True)), models.Q(('published_at__isnull', False), ('published_by__isnull', False)), _connector='OR'), name='comment_round_published_has_who'), models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', True), ('closed_by__isnull', True)), models.Q(('closed_at__isnull', False), ('closed_by__isnull', False)), _connector='OR'), name='comment_round_closed_has_who')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
