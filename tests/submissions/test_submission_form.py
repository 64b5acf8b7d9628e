"""The submission form: drafts, comment rows, files, confirmation, late answers, versions."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Obligation
from submissions.models import Submission, SubmissionComment, SubmissionFile
from tests.factories import ActionItemFactory, SubmissionFactory

from .conftest import pdf
from .helpers import confirm_data, draft_data

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
BEFORE_DEADLINE = dt.datetime(2020, 10, 20, 12, tzinfo=COSTA_RICA)


def edit_url(obligation):
    return reverse("submissions:submission_edit", args=[obligation.pk])


def confirm_url(obligation):
    return reverse("submissions:submission_confirm", args=[obligation.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 403),
        ("manager", 403),
        ("focal_cr", 200),
        ("focal_mx", 404),
        ("focal_iom", 404),
    ],
)
def test_edit_page_access_by_role(client_as, cr_obligation, role, status):
    assert client_as(role).get(edit_url(cr_obligation)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 403),
        ("manager", 403),
        ("focal_mx", 404),
        ("focal_iom", 404),
    ],
)
def test_confirm_revise_and_discard_refused_to_others(
    client_as, cr_obligation, focal_cr, role, status
):
    draft = SubmissionFactory(obligation=cr_obligation, created_by=focal_cr)
    client = client_as(role)
    assert client.get(confirm_url(cr_obligation)).status_code == status
    assert client.post(confirm_url(cr_obligation), confirm_data(draft)).status_code == status
    revise = reverse("submissions:submission_revise", args=[cr_obligation.pk])
    assert client.post(revise).status_code == status
    discard = reverse("submissions:submission_discard", args=[cr_obligation.pk])
    assert client.post(discard, confirm_data(draft)).status_code == status
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize(
    ("role", "sent_status", "draft_status"),
    [
        ("anonymous", 302, 302),
        ("secretariat", 200, 404),
        ("manager", 200, 404),
        ("focal_cr", 200, 200),
        ("focal_mx", 404, 404),
        ("focal_iom", 404, 404),
    ],
)
def test_file_download_access_by_role(client_as, cr_obligation, role, sent_status, draft_status):
    owner = client_as("focal_cr")
    owner.post(edit_url(cr_obligation), draft_data(text="x", attachments=[pdf("sent.pdf")]))
    sent = Submission.objects.get(obligation=cr_obligation)
    owner.post(confirm_url(cr_obligation), confirm_data(sent))
    owner.post(reverse("submissions:submission_revise", args=[cr_obligation.pk]))
    draft = cr_obligation.submissions.drafts().get()
    owner.post(
        edit_url(cr_obligation), draft_data(text="x", draft=draft, attachments=[pdf("new.pdf")])
    )
    sent_file = sent.files.get()
    draft_file = draft.files.get(original_name="new.pdf")
    client = client_as(role)
    url = "submissions:submission_file"
    assert client.get(reverse(url, args=[sent_file.pk])).status_code == sent_status
    assert client.get(reverse(url, args=[draft_file.pk])).status_code == draft_status


def test_first_save_creates_the_draft_with_text_and_comment_rows(client_as, cr_obligation):
    client = client_as("focal_cr")
    version = cr_obligation.action_item.documents.get().versions.get()
    page = client.get(edit_url(cr_obligation)).content.decode()
    assert f'<option value="{version.pk}" selected>' in page  # the newest version by default
    rows = [
        {
            "section": "2.1",
            "page": "4",
            "comment": "Add Peñas Blancas.",
            "comment_type": "technical",
        },
        {"section": "", "page": "7", "comment": "Typo in the title.", "proposed_change": "Routes"},
    ]
    response = client.post(
        edit_url(cr_obligation),
        draft_data(text="General view.", rows=rows, document_version=version.pk),
    )
    assert response.status_code == 302
    draft = Submission.objects.get(obligation=cr_obligation)
    assert (draft.status, draft.number, draft.text) == ("draft", 1, "General view.")
    saved = list(draft.comments.values_list("position", "section", "page", "comment_type"))
    assert saved == [(1, "2.1", "4", "technical"), (2, "", "7", "general")]
    assert draft.document_version == version


def test_the_draft_survives_signing_out(client, cr_obligation, focal_cr):
    client.force_login(focal_cr)
    client.post(edit_url(cr_obligation), draft_data(text="Half-written answer"))
    client.post(reverse("logout"))
    assert client.get(edit_url(cr_obligation)).status_code == 302  # to the sign-in page
    client.post(reverse("login"), {"username": focal_cr.email, "password": "correct-horse-battery"})
    page = client.get(edit_url(cr_obligation)).content.decode()
    assert "Half-written answer" in page


def test_the_alternate_focal_point_continues_the_same_draft(client_as, cr_obligation):
    client_as("focal_cr").post(edit_url(cr_obligation), draft_data(text="Started by the primary"))
    page = client_as("focal_cr_alt").get(edit_url(cr_obligation)).content.decode()
    assert "Started by the primary" in page


def test_a_pdf_is_stored_under_a_clean_name_and_downloadable_by_its_country(
    client_as, cr_obligation
):
    client = client_as("focal_cr")
    upload = pdf("../Comentarios México.PDF")
    client.post(edit_url(cr_obligation), draft_data(text="See the file.", attachments=[upload]))
    stored = SubmissionFile.objects.get(submission__obligation=cr_obligation)
    assert stored.original_name == "Comentarios_Mexico.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.file.name.startswith(f"submissions/{cr_obligation.pk}/")
    response = client.get(reverse("submissions:submission_file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_refused_file_keeps_everything_typed_and_saved(client_as, cr_obligation):
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(text="v1", attachments=[pdf("kept.pdf")]))
    draft = Submission.objects.get(obligation=cr_obligation)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    rows = [{"section": "3", "comment": "Row typed before the failure"}]
    response = client.post(
        edit_url(cr_obligation),
        draft_data(
            text="Text typed before the failure", rows=rows, draft=draft, attachments=[fake]
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“virus.pdf” is not an accepted file" in page
    assert "Text typed before the failure" in page
    assert "Row typed before the failure" in page
    assert "The files you chose were not saved" in page
    draft.refresh_from_db()
    assert draft.text == "v1"  # nothing saved, nothing lost
    assert list(draft.files.values_list("original_name", flat=True)) == ["kept.pdf"]


def test_the_size_limit_comes_from_settings(client_as, cr_obligation, settings):
    settings.UPLOAD_MAX_BYTES = 20
    response = client_as("focal_cr").post(
        edit_url(cr_obligation), draft_data(text="x", attachments=[pdf("big.pdf")])
    )
    assert "files may be at most 20" in response.content.decode()
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


def test_a_row_without_its_comment_is_refused_next_to_the_row(client_as, cr_obligation):
    response = client_as("focal_cr").post(
        edit_url(cr_obligation),
        draft_data(text="General", rows=[{"section": "4.2", "comment": ""}]),
    )
    page = response.content.decode()
    assert "Write the comment, or clear the whole row." in page
    assert 'value="4.2"' in page
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


def test_no_comments_with_comment_rows_is_refused(client_as, cr_obligation):
    response = client_as("focal_cr").post(
        edit_url(cr_obligation),
        draft_data(no_comments="on", rows=[{"comment": "But here is one"}]),
    )
    assert "You said you have no comments" in response.content.decode()
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


def test_files_can_be_removed_from_the_draft(
    client_as, cr_obligation, django_capture_on_commit_callbacks
):
    client = client_as("focal_cr")
    client.post(
        edit_url(cr_obligation),
        draft_data(text="x", attachments=[pdf("one.pdf"), pdf("two.pdf")]),
    )
    draft = Submission.objects.get(obligation=cr_obligation)
    one = draft.files.get(original_name="one.pdf")
    assert one.file.storage.exists(one.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(cr_obligation), draft_data(text="x", draft=draft, remove_files=[one.pk])
        )
    assert list(draft.files.values_list("original_name", flat=True)) == ["two.pdf"]
    assert not one.file.storage.exists(one.file.name)


def test_a_file_shared_with_a_version_handed_in_stays_stored(
    client_as, cr_obligation, focal_cr, django_capture_on_commit_callbacks
):
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(text="x", attachments=[pdf("shared.pdf")]))
    first = Submission.objects.get(obligation=cr_obligation)
    client.post(confirm_url(cr_obligation), confirm_data(first))
    client.post(reverse("submissions:submission_revise", args=[cr_obligation.pk]))
    second = cr_obligation.submissions.drafts().get()
    copied = second.files.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(cr_obligation), draft_data(text="x", draft=second, remove_files=[copied.pk])
        )
    assert not second.files.exists()
    kept = first.files.get()
    assert kept.file.storage.exists(kept.file.name)


def test_removed_comment_rows_disappear_and_the_rest_keep_their_order(client_as, cr_obligation):
    client = client_as("focal_cr")
    rows = [{"comment": "first"}, {"comment": "second"}, {"comment": "third"}]
    client.post(edit_url(cr_obligation), draft_data(rows=rows))
    draft = Submission.objects.get(obligation=cr_obligation)
    rows[1]["DELETE"] = "on"
    client.post(edit_url(cr_obligation), draft_data(rows=rows, draft=draft))
    assert list(draft.comments.values_list("comment", flat=True)) == ["first", "third"]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_submit_goes_through_a_confirmation_page(client_as, cr_obligation, mailoutbox):
    client = client_as("focal_cr")
    response = client.post(
        edit_url(cr_obligation), draft_data(text="Our comments", action="review")
    )
    assert response.url == confirm_url(cr_obligation)
    draft = Submission.objects.get(obligation=cr_obligation)
    page = client.get(confirm_url(cr_obligation)).content.decode()
    assert "Our comments" in page
    assert "You are about to hand in version 1" in page
    assert draft.status == "draft"  # nothing submitted before confirming

    response = client.post(confirm_url(cr_obligation), confirm_data(draft))
    draft.refresh_from_db()
    assert response.url == reverse("submissions:submission_detail", args=[draft.pk])
    assert (draft.status, draft.late_days) == ("submitted", 0)
    assert Obligation.objects.get(pk=cr_obligation.pk).status == "submitted"


def test_a_late_submission_is_accepted_and_marked_late(client_as, cr_obligation):
    client = client_as("focal_cr")
    with time_machine.travel(dt.datetime(2020, 11, 2, 9, tzinfo=COSTA_RICA), tick=False):
        client.post(edit_url(cr_obligation), draft_data(text="Late but here"))
        draft = Submission.objects.get(obligation=cr_obligation)
        page = client.get(confirm_url(cr_obligation)).content.decode()
        assert "accepted and marked 5 days late" in page
        response = client.post(confirm_url(cr_obligation), confirm_data(draft), follow=True)
    draft.refresh_from_db()
    assert (draft.status, draft.late_days) == ("submitted", 5)
    assert "marked late" in response.content.decode()
    assert Obligation.objects.get(pk=cr_obligation.pk).late_days == 5


def test_an_empty_draft_cannot_be_submitted(client_as, cr_obligation, focal_cr):
    draft = SubmissionFactory(obligation=cr_obligation, text="", created_by=focal_cr)
    client = client_as("focal_cr")
    assert client.get(confirm_url(cr_obligation)).url == edit_url(cr_obligation)
    response = client.post(confirm_url(cr_obligation), confirm_data(draft))
    assert response.url == edit_url(cr_obligation)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_no_comments_alone_can_be_submitted(client_as, cr_obligation):
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(no_comments="on"))
    draft = Submission.objects.get(obligation=cr_obligation)
    client.post(confirm_url(cr_obligation), confirm_data(draft))
    draft.refresh_from_db()
    assert (draft.status, draft.no_comments) == ("submitted", True)


def test_changing_a_submitted_answer_starts_a_copy_as_new_version(
    client_as, cr_obligation, focal_cr
):
    client = client_as("focal_cr")
    client.post(
        edit_url(cr_obligation),
        draft_data(text="First answer", rows=[{"comment": "row"}], attachments=[pdf("a.pdf")]),
    )
    first = Submission.objects.get(obligation=cr_obligation)
    client.post(confirm_url(cr_obligation), confirm_data(first))

    # With a version handed in, the edit page sends to the obligation page.
    assert client.get(edit_url(cr_obligation)).url == reverse(
        "submissions:obligation_detail", args=[cr_obligation.pk]
    )
    client.post(reverse("submissions:submission_revise", args=[cr_obligation.pk]))
    second = Submission.objects.get(obligation=cr_obligation, status="draft")
    assert (second.number, second.text) == (2, "First answer")
    assert list(second.comments.values_list("comment", flat=True)) == ["row"]
    [copied] = second.files.all()
    [original] = first.files.all()
    assert (copied.file.name, copied.original_name) == (original.file.name, "a.pdf")

    client.post(edit_url(cr_obligation), draft_data(text="Second answer", draft=second))
    client.post(confirm_url(cr_obligation), confirm_data(Submission.objects.get(pk=second.pk)))
    first.refresh_from_db()
    assert first.text == "First answer"  # the earlier version is kept as it was
    for version in (first, second):
        page = client.get(reverse("submissions:submission_detail", args=[version.pk]))
        assert page.status_code == 200
    detail = client.get(reverse("submissions:obligation_detail", args=[cr_obligation.pk]))
    assert [s.number for s in detail.context["submissions"]] == [2, 1]


def test_revising_twice_opens_the_same_draft(client_as, cr_obligation, focal_cr):
    sent = SubmissionFactory(obligation=cr_obligation, created_by=focal_cr)
    sent.submit(by=focal_cr)
    client = client_as("focal_cr")
    url = reverse("submissions:submission_revise", args=[cr_obligation.pk])
    client.post(url)
    client.post(url)
    assert cr_obligation.submissions.drafts().count() == 1


def test_a_draft_can_be_discarded_but_nothing_handed_in(client_as, cr_obligation, focal_cr):
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(text="to throw away"))
    draft = Submission.objects.get(obligation=cr_obligation)
    discard = reverse("submissions:submission_discard", args=[cr_obligation.pk])
    client.post(discard, confirm_data(draft))
    assert not Submission.objects.filter(pk=draft.pk).exists()
    sent = SubmissionFactory(obligation=cr_obligation, created_by=focal_cr)
    sent.submit(by=focal_cr)
    client.post(discard, confirm_data(sent))
    assert Submission.objects.filter(pk=sent.pk, status="submitted").exists()


def test_an_obligation_no_longer_requested_cannot_be_answered(client_as, mexico, focal_mx):
    item = ActionItemFactory()
    item.address_to(countries=[mexico])
    SubmissionFactory(obligation=item.obligations.get(), created_by=focal_mx, text="kept")
    item.address_to(countries=[])  # Mexico removed after answering: archived
    archived = item.obligations.get()
    assert archived.removed_at is not None
    client = client_as("focal_mx")
    assert (
        client.get(reverse("submissions:obligation_detail", args=[archived.pk])).status_code == 200
    )
    assert client.get(edit_url(archived)).status_code == 404


def test_the_document_version_choice_lists_only_the_items_versions(client_as, cr_obligation):
    from tests.factories import DocumentVersionFactory

    DocumentVersionFactory(original_name="other-item.pdf")  # another item's document
    page = client_as("focal_cr").get(edit_url(cr_obligation)).content.decode()
    assert "inventory-v1.pdf" in page
    assert "other-item.pdf" not in page


def test_edit_and_confirm_pages_run_a_bounded_number_of_queries(
    client_as, cr_obligation, focal_cr, django_assert_num_queries
):
    client = client_as("focal_cr")
    client.post(
        edit_url(cr_obligation),
        draft_data(text="x", rows=[{"comment": "c"}], attachments=[pdf()]),
    )
    client.get(edit_url(cr_obligation))
    # 1 session, 2 user, 3 focal point, 4 the obligation, 5 its draft, 6 the draft's files, 7 the
    # item's newest document version, 8 the draft's comment rows, 9 the item's document versions
    with django_assert_num_queries(9) as few:
        client.get(edit_url(cr_obligation))
    # 1 session, 2 user, 3 focal point, 4 the obligation, 5 its draft, 6 its files, 7 its comment
    # rows
    with django_assert_num_queries(7) as few_confirm:
        client.get(confirm_url(cr_obligation))
    draft = Submission.objects.get(obligation=cr_obligation)
    SubmissionComment.objects.bulk_create(
        SubmissionComment(submission=draft, position=n, comment=f"c{n}") for n in range(2, 40)
    )
    for n in range(15):
        SubmissionFile.objects.create(
            submission=draft,
            file=draft.files.first().file.name,
            original_name=f"f{n}.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=focal_cr,
        )
    # the same queries as the first edit page
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(edit_url(cr_obligation))
    assert response.content.decode().count("<fieldset") >= 39
    # the same queries as the first confirmation page
    with django_assert_num_queries(len(few_confirm.captured_queries)):
        client.get(confirm_url(cr_obligation))
