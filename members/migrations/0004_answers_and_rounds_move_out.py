"""Submissions, their files, comments and progress updates now belong to the submissions app,
and comment rounds to the actions app; their tables stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_comment_rounds_and_responses'),
        ('actions', '0009_comment_round_moves_here'),
        ('submissions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalcommentround',
                    name='closed_by',
                ),
                migrations.RemoveField(
                    model_name='historicalcommentround',
                    name='document_version',
                ),
                migrations.RemoveField(
                    model_name='historicalcommentround',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcommentround',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='historicalcommentround',
                    name='superseded_by',
                ),
                migrations.RemoveField(
                    model_name='historicalsubmission',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalsubmission',
                    name='document_version',
                ),
                migrations.RemoveField(
                    model_name='historicalsubmission',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalsubmission',
                    name='obligation',
                ),
                migrations.RemoveField(
                    model_name='historicalsubmission',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='historicalsubmission',
                    name='submitted_by',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='obligation',
                ),
                migrations.RemoveField(
                    model_name='submission',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='submission',
                    name='document_version',
                ),
                migrations.RemoveField(
                    model_name='submission',
                    name='obligation',
                ),
                migrations.RemoveField(
                    model_name='submission',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='submission',
                    name='submitted_by',
                ),
                migrations.RemoveField(
                    model_name='submissioncomment',
                    name='submission',
                ),
                migrations.RemoveField(
                    model_name='submissionfile',
                    name='submission',
                ),
                migrations.RemoveField(
                    model_name='submissioncomment',
                    name='responded_by',
                ),
                migrations.RemoveField(
                    model_name='submissionfile',
                    name='uploaded_by',
                ),
                migrations.DeleteModel(
                    name='CommentRound',
                ),
                migrations.DeleteModel(
                    name='HistoricalCommentRound',
                ),
                migrations.DeleteModel(
                    name='HistoricalSubmission',
                ),
                migrations.DeleteModel(
                    name='ProgressUpdate',
                ),
                migrations.DeleteModel(
                    name='Submission',
                ),
                migrations.DeleteModel(
                    name='SubmissionComment',
                ),
                migrations.DeleteModel(
                    name='SubmissionFile',
                ),
            ],
            database_operations=[],
        ),
    ]
