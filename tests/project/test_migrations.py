"""The reorganisation of the apps keeps an existing database's rows (its migrations, both ways).

Models moved between apps in three steps (`rcm_tracker.model_moves`): a state-only
`CreateModel` in the new app with the old table, a state-only `DeleteModel` in the old
app, then `AlterModelTable` and `move_content_types`. ReportImport went from actions to
importer, the parties' answers (Submission and its history, SubmissionFile,
SubmissionComment, ProgressUpdate) from members to submissions, CommentRound (and its
history) from members to actions; actions 0011 then gave meetings, resolutions and action
items a `revision`.

The test migrates the test database back to the heads from before the move, writes a row
into every table concerned with the models of that time, migrates forward to today's
leaves and reads everything back with today's models.

No module-level django_db mark: this test empties the database (a transactional test),
so it requests `shared_data_rebuilt` before `transactional_db`, whose flush then runs
before the shared data are put back (see tests/actions/test_concurrent_edits_threads.py).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from actions.models import ActionItem, CommentRound, DocumentVersion, Meeting, Resolution
from importer.models import ReportImport
from submissions.models import ProgressUpdate, Submission, SubmissionComment, SubmissionFile

# The migration heads before the reorganisation; importer and submissions had none applied.
OLD_HEADS = [
    ("accounts", "0001_initial"),
    ("members", "0003_comment_rounds_and_responses"),
    ("actions", "0007_index_for_a_countrys_counts"),
    ("dashboards", "0001_initial"),
    ("reminders", "0002_register_hourly_sweep"),
]
OLD_TARGETS = [*OLD_HEADS, ("importer", None), ("submissions", None)]
PROJECT_APPS = {"accounts", "members", "actions", "dashboards", "reminders", "importer"}
PROJECT_APPS |= {"submissions", "demo"}

# (app before, app now, model): every model the reorganisation moved.
MOVES = [
    ("actions", "importer", "reportimport"),
    ("members", "submissions", "submission"),
    ("members", "submissions", "historicalsubmission"),
    ("members", "submissions", "submissionfile"),
    ("members", "submissions", "submissioncomment"),
    ("members", "submissions", "progressupdate"),
    ("members", "actions", "commentround"),
    ("members", "actions", "historicalcommentround"),
]

WHEN = dt.datetime(2021, 3, 4, 10, 30, tzinfo=dt.UTC)


def test_the_moved_models_keep_their_rows_relations_and_content_types(
    shared_data_rebuilt, transactional_db
):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    assert executor.migration_plan(leaves) == [], "the test database is not migrated"
    content_types = _content_types_now()

    executor.migrate(OLD_TARGETS)
    try:
        executor.loader.build_graph()
        old_apps = executor.loader.project_state(_old_nodes(executor)).apps
        _check_old_schema(executor, old_apps, content_types)
        stale = _stale_content_type(old_apps)
        rows = _write_old_rows(old_apps)
        executor.loader.build_graph()
        executor.migrate(leaves)
    finally:
        # Whatever failed, leave the database at today's migrations for the tests after this.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(leaves):
            executor.migrate(leaves)
    ContentType.objects.clear_cache()

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(leaves) == []
    tables = set(connection.introspection.table_names())
    for old_app, new_app, model in MOVES:
        assert f"{new_app}_{model}" in tables
        assert f"{old_app}_{model}" not in tables

    _check_content_types(content_types, stale)
    _check_rows(rows)
    _check_new_rows_get_new_ids(rows)


# Before ------------------------------------------------------------------------------------


def _content_types_now() -> dict[str, tuple[int, int]]:
    """model -> (pk of its content type, pk of its view permission), as the database has them."""
    found = {}
    for _old_app, new_app, model in MOVES:
        content_type, _ = ContentType.objects.get_or_create(app_label=new_app, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"view_{model}",
            defaults={"name": f"Can view {model}"},
        )
        found[model] = (content_type.pk, permission.pk)
    return found


def _old_nodes(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """The old heads, and the leaves of the apps the reorganisation did not touch."""
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in PROJECT_APPS]
    return [*OLD_HEADS, *others]


def _check_old_schema(executor: MigrationExecutor, old_apps, content_types) -> None:
    applied = set(executor.loader.applied_migrations)
    assert set(OLD_HEADS) <= applied
    assert not {key for key in applied if key[0] in ("importer", "submissions")}
    assert ("members", "0004_answers_and_rounds_move_out") not in applied
    assert ("actions", "0008_report_import_moves_to_importer") not in applied
    tables = set(connection.introspection.table_names())
    columns = {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), "actions_actionitem"
        )
    }
    assert "revision" not in columns
    # Backwards, the content types went back to the old apps: the same rows, relabelled.
    content_type = old_apps.get_model("contenttypes", "ContentType")
    for old_app, new_app, model in MOVES:
        assert f"{old_app}_{model}" in tables
        assert f"{new_app}_{model}" not in tables
        pk, _permission = content_types[model]
        assert content_type.objects.filter(pk=pk, app_label=old_app, model=model).exists()
        assert not content_type.objects.filter(app_label=new_app, model=model).exists()


def _stale_content_type(old_apps) -> tuple[int, int]:
    """A content type made for the new label meanwhile (with its permission): the old one wins."""
    content_type = old_apps.get_model("contenttypes", "ContentType").objects.create(
        app_label="importer", model="reportimport"
    )
    permission = old_apps.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="view_reportimport", name="Can view report import"
    )
    return content_type.pk, permission.pk


def _write_old_rows(old_apps) -> dict[str, int]:
    """One row in every table of the moved models and their neighbours; their pks by name."""

    def model(label: str):
        return old_apps.get_model(*label.split("."))

    user = model("accounts.User").objects.create(
        email="migrations@test.example", password="!", full_name="Migra Tion", role="secretariat"
    )
    country = model("members.Country").objects.create(
        code="ZZ", name_en="Migrationland", name_es="Migracionlandia"
    )
    organisation = model("members.Organisation").objects.create(
        acronym="MIGORG", name_en="Migration Organisation", kind="un_agency"
    )
    group = model("actions.WorkingGroup").objects.create(
        slug="migration-test", name_en="Migration test"
    )
    meeting = model("actions.Meeting").objects.create(
        working_group=group,
        title="Migration meeting",
        date=dt.date(2021, 3, 1),
        status="published",
        published_at=WHEN,
    )
    resolution = model("actions.Resolution").objects.create(
        meeting=meeting, number="7", text="Comments on the draft."
    )
    item = model("actions.ActionItem").objects.create(
        resolution=resolution, kind="comment_request", title="Comments on the draft"
    )
    obligation = model("actions.Obligation").objects.create(action_item=item, country=country)
    for_organisation = model("actions.Obligation").objects.create(
        action_item=item, organisation=organisation
    )
    document = model("actions.Document").objects.create(action_item=item, title="Draft")
    version = model("actions.DocumentVersion").objects.create(
        document=document,
        number=1,
        file="documents/draft.pdf",
        original_name="draft.pdf",
        content_type="application/pdf",
        size=100,
        uploaded_by=user,
    )
    submission = model("members.Submission").objects.create(
        obligation=obligation,
        number=1,
        status="submitted",
        text="Our comments.",
        document_version=version,
        created_by=user,
        submitted_by=user,
        submitted_at=WHEN,
        late_days=2,
        revision=3,
    )
    historical_submission = model("members.HistoricalSubmission").objects.create(
        id=submission.pk,
        number=1,
        status="submitted",
        text="Our comments.",
        updated_at=WHEN,
        revision=3,
        obligation_id=obligation.pk,
        document_version_id=version.pk,
        created_by_id=user.pk,
        history_date=WHEN,
        history_type="+",
        history_user=user,
    )
    file = model("members.SubmissionFile").objects.create(
        submission=submission,
        file="submissions/answer.pdf",
        original_name="answer.pdf",
        content_type="application/pdf",
        size=1234,
        uploaded_by=user,
    )
    comment = model("members.SubmissionComment").objects.create(
        submission=submission,
        position=1,
        section="Paragraph 2",
        comment="Clarify the scope.",
        response="accepted",
        response_rationale="Agreed.",
        responded_at=WHEN,
        responded_by=user,
        response_revision=1,
    )
    progress = model("members.ProgressUpdate").objects.create(
        obligation=for_organisation, percent=40, note="Halfway there.", created_by=user
    )
    comment_round = model("members.CommentRound").objects.create(
        document_version=version, due=dt.date(2021, 3, 31), published_at=WHEN, published_by=user
    )
    historical_round = model("members.HistoricalCommentRound").objects.create(
        id=comment_round.pk,
        due=dt.date(2021, 3, 31),
        document_version_id=version.pk,
        history_date=WHEN,
        history_type="+",
        history_user=user,
    )
    report_import = model("actions.ReportImport").objects.create(
        file="imports/report.docx",
        original_name="report.docx",
        content_type="application/octet-stream",
        size=5678,
        sha256="ab" * 32,
        text="Report of the meeting.",
        parsed={"resolutions": [{"number": "7"}]},
        working_group=group,
        meeting=meeting,
        created_by=user,
        saved_by=user,
        saved_at=WHEN,
    )
    return {
        "user": user.pk,
        "country": country.pk,
        "organisation": organisation.pk,
        "group": group.pk,
        "meeting": meeting.pk,
        "resolution": resolution.pk,
        "item": item.pk,
        "obligation": obligation.pk,
        "for_organisation": for_organisation.pk,
        "document": document.pk,
        "version": version.pk,
        "submission": submission.pk,
        "historical_submission": historical_submission.pk,
        "file": file.pk,
        "comment": comment.pk,
        "progress": progress.pk,
        "comment_round": comment_round.pk,
        "historical_round": historical_round.pk,
        "report_import": report_import.pk,
    }


# After -------------------------------------------------------------------------------------


def _check_content_types(content_types, stale: tuple[int, int]) -> None:
    for old_app, new_app, model in MOVES:
        content_type_pk, permission_pk = content_types[model]
        content_type = ContentType.objects.get(pk=content_type_pk)
        assert (content_type.app_label, content_type.model) == (new_app, model)
        assert Permission.objects.get(pk=permission_pk).content_type_id == content_type_pk
        assert not ContentType.objects.filter(app_label=old_app, model=model).exists()
        assert ContentType.objects.filter(app_label=new_app, model=model).count() == 1
    assert ContentType.objects.get_for_model(Submission).pk == content_types["submission"][0]
    assert ContentType.objects.get_for_model(ReportImport).pk == content_types["reportimport"][0]
    assert ContentType.objects.get_for_model(CommentRound).pk == content_types["commentround"][0]
    # The content type made meanwhile for the new label gave way, its permission with it.
    stale_content_type, stale_permission = stale
    assert not ContentType.objects.filter(pk=stale_content_type).exists()
    assert not Permission.objects.filter(pk=stale_permission).exists()


def _check_rows(pk: dict[str, int]) -> None:
    submission = Submission.objects.select_related(
        "obligation__country", "obligation__action_item__resolution__meeting__working_group"
    ).get(pk=pk["submission"])
    assert submission.obligation_id == pk["obligation"]
    assert submission.obligation.country.code == "ZZ"
    assert submission.obligation.action_item_id == pk["item"]
    assert submission.obligation.action_item.resolution.meeting.working_group.slug == (
        "migration-test"
    )
    assert submission.document_version_id == pk["version"]
    assert submission.document_version.document.action_item_id == pk["item"]
    assert (submission.created_by_id, submission.submitted_by_id) == (pk["user"], pk["user"])
    assert submission.reviewed_by_id is None
    assert (submission.number, submission.status, submission.text) == (
        1,
        "submitted",
        "Our comments.",
    )
    assert (submission.submitted_at, submission.late_days, submission.revision) == (WHEN, 2, 3)
    assert list(submission.obligation.submissions.all()) == [submission]

    history = Submission.history.get(history_id=pk["historical_submission"])
    assert (history.id, history.number, history.status) == (pk["submission"], 1, "submitted")
    assert (history.history_type, history.history_date, history.revision) == ("+", WHEN, 3)
    assert (history.history_user_id, history.obligation_id) == (pk["user"], pk["obligation"])
    assert history.document_version_id == pk["version"]

    file = SubmissionFile.objects.get(pk=pk["file"])
    assert list(submission.files.all()) == [file]
    assert (file.file.name, file.original_name, file.content_type, file.size) == (
        "submissions/answer.pdf",
        "answer.pdf",
        "application/pdf",
        1234,
    )
    assert file.uploaded_by_id == pk["user"]

    comment = SubmissionComment.objects.get(pk=pk["comment"])
    assert list(submission.comments.all()) == [comment]
    assert (comment.position, comment.section, comment.comment) == (
        1,
        "Paragraph 2",
        "Clarify the scope.",
    )
    assert (comment.response, comment.response_rationale, comment.response_revision) == (
        "accepted",
        "Agreed.",
        1,
    )
    assert (comment.responded_at, comment.responded_by_id) == (WHEN, pk["user"])

    progress = ProgressUpdate.objects.select_related("obligation__organisation").get(
        pk=pk["progress"]
    )
    assert progress.obligation_id == pk["for_organisation"]
    assert progress.obligation.organisation_id == pk["organisation"]
    assert progress.obligation.organisation.acronym == "MIGORG"
    assert (progress.percent, progress.note, progress.created_by_id) == (
        40,
        "Halfway there.",
        pk["user"],
    )
    assert list(progress.obligation.progress_updates.all()) == [progress]

    version = DocumentVersion.objects.get(pk=pk["version"])
    comment_round = version.comment_round
    assert comment_round.pk == pk["comment_round"]
    assert (comment_round.due, comment_round.published_at) == (dt.date(2021, 3, 31), WHEN)
    assert comment_round.published_by_id == pk["user"]
    assert (comment_round.closed_at, comment_round.closed_by_id) == (None, None)
    assert comment_round.superseded_by_id is None
    round_history = CommentRound.history.get(history_id=pk["historical_round"])
    assert (round_history.id, round_history.document_version_id) == (
        pk["comment_round"],
        pk["version"],
    )
    assert (round_history.due, round_history.history_type) == (dt.date(2021, 3, 31), "+")
    assert round_history.history_user_id == pk["user"]

    meeting = Meeting.objects.get(pk=pk["meeting"])
    report_import = meeting.report_import
    assert report_import.pk == pk["report_import"]
    assert (report_import.working_group_id, report_import.meeting_id) == (
        pk["group"],
        pk["meeting"],
    )
    assert (report_import.created_by_id, report_import.saved_by_id) == (pk["user"], pk["user"])
    assert (report_import.file.name, report_import.size, report_import.sha256) == (
        "imports/report.docx",
        5678,
        "ab" * 32,
    )
    assert report_import.text == "Report of the meeting."
    assert report_import.parsed == {"resolutions": [{"number": "7"}]}
    assert (report_import.draft, report_import.saved_at) == (None, WHEN)

    # actions 0011: the rows from before have revision 1.
    assert Meeting.objects.get(pk=pk["meeting"]).revision == 1
    assert Resolution.objects.get(pk=pk["resolution"]).revision == 1
    assert ActionItem.objects.get(pk=pk["item"]).revision == 1


def _check_new_rows_get_new_ids(pk: dict[str, int]) -> None:
    """The renamed tables still number new rows (PostgreSQL keeps the old sequences)."""
    submission = Submission.objects.get(pk=pk["submission"])
    draft = submission.start_new_version(by=submission.created_by)
    assert draft.pk > submission.pk
    assert draft.history.get().history_id > pk["historical_submission"]
    assert draft.files.get().pk > pk["file"]
    assert draft.comments.get().pk > pk["comment"]
    progress = ProgressUpdate.objects.create(
        obligation_id=pk["for_organisation"], percent=60, note="More.", created_by_id=pk["user"]
    )
    assert progress.pk > pk["progress"]
    version = DocumentVersion.objects.create(
        document_id=pk["document"],
        number=2,
        file="documents/draft-2.pdf",
        original_name="draft-2.pdf",
        content_type="application/pdf",
        size=200,
        uploaded_by_id=pk["user"],
    )
    comment_round = CommentRound.objects.create(document_version=version)
    assert comment_round.pk > pk["comment_round"]
    assert comment_round.history.get().history_id > pk["historical_round"]
    report_import = ReportImport.objects.create(
        file="imports/report-2.docx",
        original_name="report-2.docx",
        content_type="application/octet-stream",
        size=1,
        sha256="cd" * 32,
        text="Another report.",
        parsed={},
    )
    assert report_import.pk > pk["report_import"]
