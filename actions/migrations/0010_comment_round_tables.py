"""Give CommentRound and its history the actions app's table names and content types."""

from django.db import migrations

from rcm_tracker.model_moves import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0009_comment_round_moves_here"),
        ("members", "0004_answers_and_rounds_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="commentround", table=None),
        migrations.AlterModelTable(name="historicalcommentround", table=None),
        move_content_types("members", "actions", ["CommentRound", "HistoricalCommentRound"]),
    ]
