"""The parties' answers move here from the members app, keeping their tables and rows.

State only: Submission (and its history), SubmissionFile, SubmissionComment and
ProgressUpdate keep their `members_*` tables (0002 renames them); members 0004 removes
them from the members app's state.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
import submissions.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('actions', '0009_comment_round_moves_here'),
        ('members', '0003_comment_rounds_and_responses'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalSubmission',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='version')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('acknowledged', 'Acknowledged'), ('returned', 'Returned for revision')], default='draft', max_length=15, verbose_name='status')),
                        ('text', models.TextField(blank=True, verbose_name='comments')),
                        ('no_comments', models.BooleanField(default=False, help_text='The country states explicitly that it has no comments.', verbose_name='no comments')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last saved')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('late_days', models.PositiveIntegerField(blank=True, help_text='0 when submitted on time.', null=True, verbose_name='days late')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed')),
                        ('review_message', models.TextField(blank=True, verbose_name='message from the secretariat')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('document_version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.documentversion', verbose_name='document version commented on')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('obligation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.obligation', verbose_name='obligation')),
                        ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'db_table': 'members_historicalsubmission',
                        'verbose_name': 'historical submission',
                        'verbose_name_plural': 'historical submissions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Submission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='version')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('acknowledged', 'Acknowledged'), ('returned', 'Returned for revision')], default='draft', max_length=15, verbose_name='status')),
                        ('text', models.TextField(blank=True, verbose_name='comments')),
                        ('no_comments', models.BooleanField(default=False, help_text='The country states explicitly that it has no comments.', verbose_name='no comments')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last saved')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('late_days', models.PositiveIntegerField(blank=True, help_text='0 when submitted on time.', null=True, verbose_name='days late')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed')),
                        ('review_message', models.TextField(blank=True, verbose_name='message from the secretariat')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('document_version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='actions.documentversion', verbose_name='document version commented on')),
                        ('obligation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='actions.obligation', verbose_name='obligation')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'db_table': 'members_submission',
                        'verbose_name': 'submission',
                        'verbose_name_plural': 'submissions',
                        'ordering': ['obligation', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='SubmissionComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                        ('section', models.CharField(blank=True, max_length=100, verbose_name='section or paragraph')),
                        ('section_key', models.CharField(blank=True, editable=False, max_length=255)),
                        ('page', models.CharField(blank=True, max_length=20, verbose_name='page')),
                        ('comment_type', models.CharField(choices=[('general', 'General'), ('technical', 'Technical'), ('editorial', 'Editorial')], default='general', max_length=10, verbose_name='type of comment')),
                        ('comment', models.TextField(verbose_name='comment')),
                        ('proposed_change', models.TextField(blank=True, verbose_name='proposed change')),
                        ('response', models.CharField(blank=True, choices=[('accepted', 'Accepted'), ('accepted_in_part', 'Accepted in part'), ('not_accepted', 'Not accepted'), ('noted', 'Noted')], max_length=20, verbose_name='response of the secretariat')),
                        ('response_rationale', models.TextField(blank=True, verbose_name='observations of the secretariat')),
                        ('responded_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                        ('response_revision', models.PositiveIntegerField(default=0, verbose_name='response revision')),
                        ('responded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'db_table': 'members_submissioncomment',
                        'verbose_name': 'comment',
                        'verbose_name_plural': 'comments',
                        'ordering': ['submission', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SubmissionFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=255, upload_to=submissions.models.submission_upload_to, verbose_name='file')),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('content_type', models.CharField(max_length=100, verbose_name='type')),
                        ('size', models.PositiveBigIntegerField(verbose_name='size')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='submissions.submission', verbose_name='submission')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'db_table': 'members_submissionfile',
                        'verbose_name': 'submission file',
                        'verbose_name_plural': 'submission files',
                        'ordering': ['uploaded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProgressUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('percent', models.PositiveSmallIntegerField(verbose_name='progress (%)')),
                        ('note', models.TextField(verbose_name='note')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='reported')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by')),
                        ('obligation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_updates', to='actions.obligation', verbose_name='obligation')),
                    ],
                    options={
                        'db_table': 'members_progressupdate',
                        'verbose_name': 'progress update',
                        'verbose_name_plural': 'progress updates',
                        'ordering': ['obligation', '-created_at', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('percent__gte', 0), ('percent__lte', 100)), name='progress_percent_range')],
                    },
                ),
                migrations.AddIndex(
                    model_name='submission',
                    index=models.Index(fields=['status', 'submitted_at'], name='submission_queue_idx'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.UniqueConstraint(fields=('obligation', 'number'), name='submission_version_unique'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'draft')), fields=('obligation',), name='submission_one_draft_per_obligation'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='submission_number_positive'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'acknowledged', 'returned'])), name='submission_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), models.Q(('submitted_at__isnull', False), ('submitted_by__isnull', False)), _connector='OR'), name='submission_submitted_has_when_and_who'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['acknowledged', 'returned']), _negated=True), ('reviewed_at__isnull', False), _connector='OR'), name='submission_reviewed_has_when'),
                ),
                migrations.AddConstraint(
                    model_name='submissioncomment',
                    constraint=models.CheckConstraint(condition=models.Q(('comment_type__in', ['general', 'technical', 'editorial'])), name='submission_comment_type_valid'),
                ),
                migrations.AddConstraint(
                    model_name='submissioncomment',
                    constraint=models.CheckConstraint(condition=models.Q(('response__in', ['', 'accepted', 'accepted_in_part', 'not_accepted', 'noted'])), name='submission_comment_response_valid'),
                ),
                migrations.AddConstraint(
                    model_name='submissioncomment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('responded_at__isnull', True), ('responded_by__isnull', True), ('response', ''), ('response_rationale', '')), models.Q(models.Q(('response', ''), _negated=True), ('responded_at__isnull', False), ('responded_by__isnull', False)), _connector='OR'), name='submission_comment_response_has_who_and_when'),
                ),
            ],
            database_operations=[],
        ),
    ]
