"""Closing a round: the next version closes the earlier one, whose compilation stays attached to
it as it was, late comments still late."""

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import CommentRound, DocumentVersion
from rcm_tracker.uploads import CheckedUpload
from submissions import services
from tests.factories import DocumentVersionFactory
from tests.helpers import PDF_BYTES

from .compilation_helpers import (
    TODAY,
    TWO_DAYS_LATE,
    compilation_url,
    export_url,
    hand_in,
    responses_data,
    table_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_deadline")]


@pytest.fixture
def first(commented_version):
    return commented_version


@pytest.fixture
def late_mexico(mx_obligation, focal_mx, first):
    """Mexico commented on version 1 two days after its deadline."""
    return hand_in(
        mx_obligation, focal_mx, [("2", "technical", "Mexico, late")], when=TWO_DAYS_LATE
    )


def add_version(document, by):
    """The next version of `document`, uploaded as the document page does it."""
    return document.add_version(
        SimpleUploadedFile("next.pdf", PDF_BYTES),
        CheckedUpload("next.pdf", "application/pdf", len(PDF_BYTES)),
        by=by,
    )


def upload_version_two(client, first):
    return client.post(
        reverse("actions:document_version_create", args=[first.document_id]),
        {"file": SimpleUploadedFile("v2.pdf", PDF_BYTES), "note_en": "Comments taken in."},
    )


def test_uploading_the_next_version_closes_the_round_of_the_earlier_one(
    client_as, first, late_mexico, secretariat
):
    response = upload_version_two(client_as("secretariat"), first)
    assert response.status_code == 302
    second = DocumentVersion.objects.get(document=first.document, number=2)
    closed = CommentRound.objects.get(document_version=first)
    assert (closed.closed_by, closed.superseded_by, closed.due) == (
        secretariat,
        second,
        dt.date(2020, 10, 28),
    )
    assert closed.closed_at == TODAY
    assert not CommentRound.objects.filter(document_version=second).exists()  # still open


def test_the_closed_compilation_stays_with_the_old_version_and_late_stays_late(
    client_as, comment_item, first, late_mexico, secretariat
):
    second = add_version(first.document, secretariat)
    second.open_comment_round(due=dt.date(2020, 11, 30), by=secretariat)
    comment_item.refresh_from_db()
    assert comment_item.due_latest == dt.date(2020, 11, 30)  # the new round's deadline

    response = client_as("secretariat").get(compilation_url(first))
    assert [(row.comment, row.days_late) for row in table_rows(response)] == [("Mexico, late", 2)]
    page = response.content.decode()
    assert "This round closed on" in page and "when version 2 was circulated" in page
    assert "Received 2 days late" in page
    assert "comments due by Oct. 28, 2020" in page
    assert table_rows(client_as("secretariat").get(compilation_url(second))) == []
    exported = docx.Document(
        io.BytesIO(client_as("manager").get(export_url(first, "docx")).content)
    )
    texts = [p.text for p in exported.paragraphs]
    assert "Comments due by Oct. 28, 2020." in texts
    assert any(t.startswith("Round closed on") and "version 2 was circulated" in t for t in texts)
    assert exported.tables[0].rows[1].cells[1].text == "Mexico\n(received 2 days late)"


def test_versions_handed_in_on_the_old_version_after_closing_are_kept_out_and_listed(
    client_as, cr_obligation, focal_cr, first, late_mexico, secretariat
):
    add_version(first.document, secretariat)
    after = hand_in(
        cr_obligation,
        focal_cr,
        [("1", "general", "After closing")],
        version=first,
        when=TODAY + dt.timedelta(hours=1),
    )
    response = client_as("secretariat").get(compilation_url(first))
    assert [row.comment for row in table_rows(response)] == ["Mexico, late"]
    assert [s.pk for s in response.context["compilation"].after_close] == [after.pk]
    assert "Handed in after the round closed" in response.content.decode()
    # Focal points do not get that list.
    services.publish_compilation(first, by=secretariat)
    page = client_as("focal_cr").get(compilation_url(first)).content.decode()
    assert "Handed in after the round closed" not in page
    assert "After closing" not in page


def test_responses_of_a_closed_round_no_longer_change(client_as, first, late_mexico, secretariat):
    row = late_mexico.comments.get()
    row.respond("noted", "", by=secretariat)
    add_version(first.document, secretariat)
    client = client_as("secretariat")
    page = client.get(compilation_url(first))
    assert page.context["formset"] is None
    answer = responses_data([(row, "accepted", "")])
    response = client.post(compilation_url(first), answer, follow=True)
    assert "The round is closed: its responses no longer change." in response.content.decode()
    row.refresh_from_db()
    assert row.response == "noted"
    with pytest.raises(services.RoundClosed):
        services.record_responses(
            first,
            [services.ResponseChange(row.pk, row.response_revision, "accepted", "")],
            by=secretariat,
        )


def test_a_closed_round_can_still_be_published(client_as, first, late_mexico, secretariat):
    add_version(first.document, secretariat)
    client_as("secretariat").post(reverse("submissions:compilation_publish", args=[first.pk]))
    comment_round = CommentRound.objects.get(document_version=first)
    assert comment_round.is_closed and comment_round.is_published
    response = client_as("focal_cr").get(compilation_url(first))
    assert [row.comment for row in table_rows(response)] == ["Mexico, late"]


def test_closing_twice_keeps_the_first_closing(first, secretariat, manager):
    second = add_version(first.document, secretariat)
    with time_machine.travel(TODAY + dt.timedelta(days=3), tick=False):
        third = add_version(first.document, manager)
        assert third.close_earlier_rounds(by=manager) == []
    rounds = {r.document_version_id: r for r in CommentRound.objects.all()}
    assert (rounds[first.pk].superseded_by, rounds[first.pk].closed_at) == (second, TODAY)
    assert rounds[second.pk].superseded_by == third


def test_the_upload_of_a_first_version_closes_nothing(comment_item, secretariat):
    from tests.factories import DocumentFactory

    document = DocumentFactory(action_item=comment_item, title="Another")
    assert add_version(document, secretariat).number == 1
    assert not CommentRound.objects.exists()


def test_opening_a_round_on_the_next_version_closes_the_earlier_one(
    comment_item, first, late_mexico, secretariat
):
    # A version written without the upload signal (e.g. by a data import) ...
    (second,) = DocumentVersion.objects.bulk_create(
        [DocumentVersionFactory.build(document=first.document, number=2, uploaded_by=secretariat)]
    )
    assert not CommentRound.objects.exists()
    # ... still closes the earlier round when a round is opened on it, before the deadline moves.
    second.open_comment_round(due=dt.date(2020, 11, 30), by=secretariat)
    closed = CommentRound.objects.get(document_version=first)
    assert (closed.due, closed.superseded_by, closed.closed_by) == (
        dt.date(2020, 10, 28),
        second,
        secretariat,
    )
