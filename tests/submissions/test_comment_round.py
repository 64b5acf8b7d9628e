"""A new document version opens a new comment round; the old round's answers stay with it."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from actions.models import ActionItem, Obligation
from submissions import services
from submissions.models import Submission
from tests.factories import DocumentVersionFactory, SubmissionFactory

from .helpers import draft_data

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
TODAY = dt.datetime(2020, 11, 10, 12, tzinfo=COSTA_RICA)


def first_round(obligation, author, secretariat):
    """Costa Rica answered version 1 on time and the secretariat acknowledged it."""
    submission = SubmissionFactory(
        obligation=obligation,
        created_by=author,
        document_version=obligation.action_item.documents.get().versions.get(number=1),
    )
    with time_machine.travel(dt.datetime(2020, 10, 20, tzinfo=COSTA_RICA), tick=False):
        submission.submit(by=author)
    submission.acknowledge(by=secretariat)
    return submission


@pytest.fixture
def version_two(comment_item):
    return DocumentVersionFactory(document=comment_item.documents.get(), number=2)


@time_machine.travel(TODAY, tick=False)
def test_opening_a_round_moves_the_deadline_and_reopens_every_party(
    comment_item, cr_obligation, mx_obligation, version_two, focal_cr, secretariat
):
    old = first_round(cr_obligation, focal_cr, secretariat)
    due = dt.date(2020, 11, 30)

    reopened = version_two.open_comment_round(due=due, by=secretariat)

    assert reopened == 1  # Mexico was still pending
    version_two.refresh_from_db()
    assert version_two.comments_due == due
    item = ActionItem.objects.get(pk=comment_item.pk)
    assert (item.due_latest, item.due_precision, item.due_earliest) == (due, "day", None)
    obligation = Obligation.objects.get(pk=cr_obligation.pk)
    assert (obligation.status, obligation.first_submitted_at, obligation.late_days) == (
        "pending",
        None,
        None,
    )
    assert obligation.history.order_by("-history_id").first().history_user == secretariat
    old.refresh_from_db()
    assert (old.status, old.document_version.number) == ("acknowledged", 1)


@time_machine.travel(TODAY, tick=False)
def test_the_next_version_comments_on_the_new_document_version(
    client_as, cr_obligation, version_two, focal_cr, secretariat
):
    first_round(cr_obligation, focal_cr, secretariat)
    version_two.open_comment_round(due=dt.date(2020, 11, 30), by=secretariat)
    client = client_as("focal_cr")
    client.post(reverse("submissions:submission_revise", args=[cr_obligation.pk]))
    draft = cr_obligation.submissions.drafts().get()
    assert (draft.number, draft.document_version) == (2, version_two)
    home = client.get(reverse("submissions:home")).content.decode()
    assert "Due in 20 days" in home
    assert "comments due" in home


@time_machine.travel(TODAY, tick=False)
def test_reviewing_an_old_round_version_leaves_the_new_round_pending(
    cr_obligation, version_two, focal_cr, secretariat
):
    old = SubmissionFactory(obligation=cr_obligation, created_by=focal_cr)
    old.submit(by=focal_cr)
    version_two.open_comment_round(due=dt.date(2020, 11, 30), by=secretariat)
    services.review_submission(old, by=secretariat, decision="acknowledged", message="")
    assert Obligation.objects.get(pk=cr_obligation.pk).status == "pending"
    old.refresh_from_db()
    assert old.status == "acknowledged"


@time_machine.travel(TODAY, tick=False)
def test_a_submission_of_the_new_round_counts_its_own_lateness(
    cr_obligation, version_two, focal_cr, secretariat
):
    old = SubmissionFactory(obligation=cr_obligation, created_by=focal_cr)
    old.submit(by=focal_cr)  # 13 days late for the first round
    version_two.open_comment_round(due=dt.date(2020, 11, 30), by=secretariat)
    new = old.start_new_version(by=focal_cr, document_version=version_two)
    new.submit(by=focal_cr)
    obligation = Obligation.objects.get(pk=cr_obligation.pk)
    assert (old.late_days, new.late_days, obligation.late_days) == (13, 0, 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("manager", 403),
        ("focal_cr", 403),
        ("focal_mx", 403),
        ("focal_iom", 404),
    ],
)
def test_page_access_by_role(client_as, version_two, role, status):
    url = reverse("actions:comment_round", args=[version_two.pk])
    assert client_as(role).get(url).status_code == status


@time_machine.travel(TODAY, tick=False)
def test_the_secretariat_opens_a_round_through_the_page(
    client_as, cr_obligation, version_two, focal_cr, secretariat
):
    first_round(cr_obligation, focal_cr, secretariat)
    url = reverse("actions:comment_round", args=[version_two.pk])
    response = client_as("secretariat").post(url, {"due": "2020-11-30"}, follow=True)
    assert "Comment round opened on v2: 1 party owes comments again." in (response.content.decode())
    assert Obligation.objects.get(pk=cr_obligation.pk).status == "pending"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("version", "due", "message"),
    [
        (2, "2020-11-09", "cannot end in the past"),
        (1, "2020-11-30", "Open the round on the newest version of the document (v2)"),
        (2, "", "This field is required"),
    ],
)
def test_bad_rounds_are_refused_with_a_message(
    client_as, comment_item, version_two, version, due, message
):
    target = comment_item.documents.get().versions.get(number=version)
    response = client_as("secretariat").post(
        reverse("actions:comment_round", args=[target.pk]), {"due": due}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ActionItem.objects.get(pk=comment_item.pk).due_latest == dt.date(2020, 10, 28)


@time_machine.travel(TODAY, tick=False)
def test_a_closed_item_gets_no_round(client_as, comment_item, version_two, secretariat):
    comment_item.close(by=secretariat, note="Compiled.")
    response = client_as("secretariat").post(
        reverse("actions:comment_round", args=[version_two.pk]), {"due": "2020-11-30"}
    )
    assert "reopen it before opening a comment round" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_draft_on_the_old_version_is_told_of_the_new_one(
    client_as, cr_obligation, version_two, secretariat
):
    client = client_as("focal_cr")
    first = cr_obligation.action_item.documents.get().versions.get(number=1)
    client.post(
        reverse("submissions:submission_edit", args=[cr_obligation.pk]),
        draft_data(text="draft on v1", document_version=first.pk),
    )
    version_two.open_comment_round(due=dt.date(2020, 11, 30), by=secretariat)
    page = client.get(reverse("submissions:submission_edit", args=[cr_obligation.pk])).content
    assert "A newer version of the document has been circulated (version 2)" in page.decode()
    assert Submission.objects.get(obligation=cr_obligation).document_version == first


def test_page_runs_the_same_queries_for_few_and_many_versions(
    client_as, comment_item, version_two, django_assert_num_queries
):
    url = reverse("actions:comment_round", args=[version_two.pk])
    client = client_as("secretariat")
    client.get(url)
    # 1 session, 2 user, 3 the version (with its document, item and meeting), 4 every version of
    # the document, with its uploader
    with django_assert_num_queries(4) as few:
        client.get(url)
    document = comment_item.documents.get()
    for number in range(3, 30):
        DocumentVersionFactory(document=document, number=number)
    newest = document.versions.get(number=29)
    url = reverse("actions:comment_round", args=[newest.pk])
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr") == 30
