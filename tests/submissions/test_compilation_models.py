"""The rules under the compilation: which versions it holds, row order, responses, rounds."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.models import CommentRound
from submissions.models import Submission, SubmissionComment, section_sort_key
from tests.factories import DocumentVersionFactory

from .compilation_helpers import ON_TIME, TODAY, TWO_DAYS_LATE, hand_in

pytestmark = pytest.mark.django_db


def test_sections_sort_the_way_people_number_them():
    sections = ["10. Annex", "2.10", "", "2.a", "§ 3", "2", "2.2", "Introduction", "1"]
    assert sorted(sections, key=section_sort_key) == [
        "",
        "1",
        "2",
        "2.2",
        "2.10",
        "2.a",
        "§ 3",
        "10. Annex",
        "Introduction",
    ]


def test_a_saved_row_keeps_its_sort_key_in_step_with_its_section(cr_obligation, focal_cr):
    (row,) = hand_in(cr_obligation, focal_cr, [("2.10", "general", "c")]).comments.all()
    assert row.section_key == section_sort_key("2.10")
    row.section = "3"
    row.save(update_fields=["section"])
    assert SubmissionComment.objects.get(pk=row.pk).section_key == section_sort_key("3")


def test_the_compilation_holds_the_latest_version_handed_in_per_party(
    comment_item, cr_obligation, mx_obligation, focal_cr, focal_mx, secretariat
):
    version = comment_item.documents.get().versions.get()
    first = hand_in(
        cr_obligation,
        focal_cr,
        [("1", "general", "old")],
        status="acknowledged",
        reviewer=secretariat,
    )
    second = hand_in(cr_obligation, focal_cr, [("1", "general", "new")])
    hand_in(cr_obligation, focal_cr, [("1", "general", "draft")], status="draft")
    returned = hand_in(
        mx_obligation, focal_mx, [("1", "general", "mx")], status="returned", reviewer=secretariat
    )

    compiled = set(Submission.objects.compiled_for(version))

    assert compiled == {second}
    assert first not in compiled and returned not in compiled
    rows = SubmissionComment.objects.compiled_for(version)
    assert list(rows.values_list("comment", flat=True)) == ["new"]


def test_a_returned_version_after_an_acknowledged_one_leaves_the_acknowledged_one(
    comment_item, cr_obligation, focal_cr, secretariat
):
    version = comment_item.documents.get().versions.get()
    acknowledged = hand_in(cr_obligation, focal_cr, status="acknowledged", reviewer=secretariat)
    hand_in(cr_obligation, focal_cr, status="returned", reviewer=secretariat)
    assert list(Submission.objects.compiled_for(version)) == [acknowledged]


def test_versions_on_another_document_version_are_not_compiled(
    comment_item, cr_obligation, focal_cr
):
    first = comment_item.documents.get().versions.get()
    second = DocumentVersionFactory(document=first.document, number=2)
    on_second = hand_in(cr_obligation, focal_cr, version=second)
    assert not Submission.objects.compiled_for(first).exists()
    assert list(Submission.objects.compiled_for(second)) == [on_second]


def test_a_closed_round_holds_what_came_until_it_closed(cr_obligation, focal_cr, secretariat):
    version = cr_obligation.action_item.documents.get().versions.get()
    before = hand_in(cr_obligation, focal_cr, when=ON_TIME)
    closed_at = ON_TIME + dt.timedelta(days=1)
    hand_in(cr_obligation, focal_cr, when=TWO_DAYS_LATE)
    assert list(Submission.objects.compiled_for(version, until=closed_at)) == [before]


def test_rows_order_by_section_then_country_name(
    comment_item, cr_obligation, mx_obligation, focal_cr, focal_mx
):
    hand_in(mx_obligation, focal_mx, [("2.10", "general", "mx 2.10"), ("2", "general", "mx 2")])
    hand_in(cr_obligation, focal_cr, [("2.10", "general", "cr 2.10"), ("", "general", "cr -")])
    version = comment_item.documents.get().versions.get()
    ordered = SubmissionComment.objects.compiled_for(version).in_compilation_order()
    assert [row.comment for row in ordered] == ["cr -", "mx 2", "cr 2.10", "mx 2.10"]


def test_a_response_says_who_and_when_and_departing_ones_say_why(
    cr_obligation, focal_cr, secretariat
):
    (row,) = hand_in(cr_obligation, focal_cr, [("1", "technical", "c")]).comments.all()
    with pytest.raises(ValueError, match="needs a rationale"):
        row.respond("not_accepted", "  ", by=secretariat)
    with pytest.raises(ValueError, match="needs a response"):
        row.respond("", "why", by=secretariat)
    with time_machine.travel(TODAY, tick=False):
        row.respond("accepted_in_part", " Only the first half. ", by=secretariat)
    row.refresh_from_db()
    assert (row.response, row.response_rationale, row.responded_by, row.response_revision) == (
        "accepted_in_part",
        "Only the first half.",
        secretariat,
        1,
    )
    assert row.responded_at == TODAY
    row.respond("", "", by=secretariat)
    row.refresh_from_db()
    assert (row.response, row.responded_by, row.responded_at, row.response_revision) == (
        "",
        None,
        None,
        2,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"response": "accepted"},  # without who and when
        {"response": "maybe", "responded_at": "now", "responded_by": "secretariat"},
        {"response_rationale": "a rationale without a response"},
    ],
)
def test_the_database_refuses_inconsistent_responses(cr_obligation, focal_cr, secretariat, fields):
    (row,) = hand_in(cr_obligation, focal_cr, [("1", "technical", "c")]).comments.all()
    values = {
        key: timezone.now() if value == "now" else secretariat if value == "secretariat" else value
        for key, value in fields.items()
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionComment.objects.filter(pk=row.pk).update(**values)


def test_an_open_round_takes_the_items_deadline_and_a_closed_one_keeps_it(
    comment_item, cr_obligation, focal_cr, secretariat
):
    version = comment_item.documents.get().versions.get()
    comment_round = CommentRound.of(version)
    assert comment_round.pk is None
    assert comment_round.due_date == dt.date(2020, 10, 28)
    late = hand_in(cr_obligation, focal_cr, when=TWO_DAYS_LATE)
    assert comment_round.late_days(late) == 2
    comment_round.close(by=secretariat)
    comment_item.due_latest = dt.date(2020, 12, 31)
    comment_item.save()
    version = type(version).objects.get(pk=version.pk)
    kept = CommentRound.of(version)
    assert (kept.due, kept.due_date, kept.late_days(late)) == (dt.date(2020, 10, 28),) * 2 + (2,)


def test_a_version_that_opened_a_round_counts_lateness_from_its_own_deadline(
    comment_item, cr_obligation, focal_cr
):
    version = comment_item.documents.get().versions.get()
    version.comments_due = dt.date(2020, 10, 29)
    version.save()
    late = hand_in(cr_obligation, focal_cr, when=TWO_DAYS_LATE)
    assert CommentRound.of(version).late_days(late) == 1


def test_publishing_and_closing_say_who_and_keep_the_first_time(comment_item, secretariat, manager):
    version = comment_item.documents.get().versions.get()
    comment_round = CommentRound.of(version)
    comment_round.publish(by=secretariat)
    first = comment_round.published_at
    comment_round.publish(by=manager)
    comment_round.refresh_from_db()
    assert (comment_round.published_by, comment_round.published_at) == (secretariat, first)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentRound.objects.filter(pk=comment_round.pk).update(closed_at=timezone.now())
