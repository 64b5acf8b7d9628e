"""Give the parties' answers the submissions app's table names and content types."""

from django.db import migrations

from rcm_tracker.model_moves import move_content_types

MOVED = ["Submission", "HistoricalSubmission", "SubmissionFile", "SubmissionComment", "ProgressUpdate"]


class Migration(migrations.Migration):

    dependencies = [
        ("submissions", "0001_initial"),
        ("members", "0004_answers_and_rounds_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=name.lower(), table=None) for name in MOVED),
        move_content_types("members", "submissions", MOVED),
    ]
