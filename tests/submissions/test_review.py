"""The secretariat's review queue, acknowledging or returning a version, and the e-mails."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from actions.models import Obligation
from submissions import services
from submissions.models import Submission
from tests.factories import ActionItemFactory, SubmissionFactory, UserFactory

from .helpers import confirm_data, draft_data

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
QUEUE = reverse("submissions:review_queue")


def submitted(obligation, author, *, when=None, text="Answer"):
    number = obligation.submissions.count() + 1
    submission = SubmissionFactory(
        obligation=obligation, number=number, text=text, created_by=author
    )
    if when is None:
        submission.submit(by=author)
    else:
        with time_machine.travel(when, tick=False):
            submission.submit(by=author)
    return submission


def review_url(submission):
    return reverse("submissions:submission_review", args=[submission.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("manager", 200),
        ("focal_cr", 403),
        ("focal_mx", 403),
        ("focal_iom", 403),
    ],
)
def test_queue_access_by_role(client_as, role, status):
    assert client_as(role).get(QUEUE).status_code == status


def test_queue_holds_submitted_versions_oldest_first_and_no_drafts(
    client_as, cr_obligation, mx_obligation, focal_cr, focal_mx, secretariat
):
    newer = submitted(cr_obligation, focal_cr, when=dt.datetime(2020, 10, 25, tzinfo=COSTA_RICA))
    older = submitted(mx_obligation, focal_mx, when=dt.datetime(2020, 10, 20, tzinfo=COSTA_RICA))
    reviewed = submitted(
        ActionItemFactory().obligations.create(country=cr_obligation.country), focal_cr
    )
    reviewed.acknowledge(by=secretariat)
    SubmissionFactory(obligation=cr_obligation, number=2, created_by=focal_cr)  # a draft

    response = client_as("secretariat").get(QUEUE)
    assert list(response.context["page"].object_list) == [older, newer]


def test_queue_filters_by_country_and_working_group(
    client_as, cr_obligation, mx_obligation, focal_cr, focal_mx
):
    from tests.factories import WorkingGroupFactory

    cr = submitted(cr_obligation, focal_cr)
    mx = submitted(mx_obligation, focal_mx)
    other_group = WorkingGroupFactory()
    elsewhere = ActionItemFactory(resolution__meeting__working_group=other_group)
    elsewhere.address_to(countries=[cr_obligation.country])
    cr_elsewhere = submitted(elsewhere.obligations.get(), focal_cr)
    client = client_as("secretariat")

    by_country = client.get(QUEUE, {"country": cr_obligation.country_id})
    assert set(by_country.context["page"].object_list) == {cr, cr_elsewhere}
    by_group = client.get(QUEUE, {"working_group": other_group.pk})
    assert list(by_group.context["page"].object_list) == [cr_elsewhere]
    assert mx not in by_group.context["page"].object_list


def test_queue_is_paginated_and_marks_superseded_versions(
    client_as, cr_obligation, focal_cr, costa_rica
):
    first = submitted(cr_obligation, focal_cr)
    submitted(cr_obligation, focal_cr)  # version 2 handed in before 1 was reviewed
    items = ActionItemFactory.create_batch(30)
    for item in items:
        item.address_to(countries=[costa_rica])
        submitted(item.obligations.get(), focal_cr)
    client = client_as("secretariat")
    page_one = client.get(QUEUE)
    assert len(page_one.context["page"].object_list) == 25
    assert page_one.context["page"].paginator.count == 32
    assert "Newer version handed in" in page_one.content.decode()
    assert [s for s in page_one.context["page"].object_list if s.has_newer] == [first]
    page_two = client.get(QUEUE, {"page": 2})
    assert len(page_two.context["page"].object_list) == 7


def test_queue_runs_the_same_queries_for_few_and_many_rows(
    client_as, cr_obligation, focal_cr, costa_rica, django_assert_num_queries
):
    submitted(cr_obligation, focal_cr)
    client = client_as("secretariat")
    client.get(QUEUE)
    # 1 session, 2 user, 3 count of submissions to review, 4 countries, 5 organisations, 6 working
    # groups (the filter's choices), 7 the page of submissions with their file counts
    with django_assert_num_queries(7) as few:
        client.get(QUEUE)
    for item in ActionItemFactory.create_batch(40):
        item.address_to(countries=[costa_rica])
        submitted(item.obligations.get(), focal_cr)
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert response.content.decode().count("<tr>") == 26  # header + a full page


def test_acknowledging_fulfils_the_obligation_and_tells_every_focal_point(
    client_as,
    cr_obligation,
    focal_cr,
    focal_cr_alt,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    User.objects.filter(pk=focal_cr_alt.pk).update(language="es")
    submission = submitted(cr_obligation, focal_cr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("secretariat").post(
            review_url(submission), {"decision": "acknowledged", "message": "Thank you."}
        )
    assert response.url == QUEUE
    submission.refresh_from_db()
    assert (submission.status, submission.review_message) == ("acknowledged", "Thank you.")
    assert Obligation.objects.get(pk=cr_obligation.pk).status == "acknowledged"
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {focal_cr.email, focal_cr_alt.email}
    english, spanish = by_recipient[focal_cr.email], by_recipient[focal_cr_alt.email]
    assert english.subject.startswith("Version 1 acknowledged")
    assert "Thank you." in english.body
    assert english.body.startswith("Hello")
    assert spanish.body.startswith("Estimado/a")  # rendered in the recipient's language
    link = f"http://127.0.0.1:8000/members/submissions/{submission.pk}/"
    assert link in english.body
    assert f'href="{link}"' in english.alternatives[0][0]


def test_returning_needs_a_message_next_to_its_field(client_as, cr_obligation, focal_cr):
    submission = submitted(cr_obligation, focal_cr)
    response = client_as("secretariat").post(
        review_url(submission), {"decision": "returned", "message": "  "}
    )
    assert response.status_code == 200
    assert "the message is required to return a version" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_returning_sends_the_country_back_to_work(
    client_as, cr_obligation, focal_cr, django_capture_on_commit_callbacks, mailoutbox
):
    submission = submitted(cr_obligation, focal_cr)
    with django_capture_on_commit_callbacks(execute=True):
        client_as("secretariat").post(
            review_url(submission), {"decision": "returned", "message": "Add the annex."}
        )
    assert Obligation.objects.get(pk=cr_obligation.pk).status == "returned"
    [to_primary] = [m for m in mailoutbox if m.to == [focal_cr.email]]
    assert "Add the annex." in to_primary.body
    assert f"/members/obligations/{cr_obligation.pk}/" in to_primary.body
    home = client_as("focal_cr").get(reverse("submissions:home")).content.decode()
    assert "Returned for revision" in home
    detail = client_as("focal_cr").get(
        reverse("submissions:obligation_detail", args=[cr_obligation.pk])
    )
    assert "Add the annex." in detail.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("manager", 403), ("focal_cr", 403), ("focal_mx", 404)],
)
def test_only_the_secretariat_reviews(client_as, cr_obligation, focal_cr, role, status):
    submission = submitted(cr_obligation, focal_cr)
    response = client_as(role).post(review_url(submission), {"decision": "acknowledged"})
    assert response.status_code == status
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_a_version_reviewed_by_someone_else_first_is_not_reviewed_twice(
    client_as, cr_obligation, focal_cr, secretariat
):
    submission = submitted(cr_obligation, focal_cr)
    other = UserFactory(role=User.Role.SECRETARIAT)
    submission.acknowledge(by=other)
    response = client_as("secretariat").post(
        review_url(submission), {"decision": "returned", "message": "Too late"}, follow=True
    )
    assert "already been reviewed" in response.content.decode()
    submission.refresh_from_db()
    assert (submission.status, submission.reviewed_by) == ("acknowledged", other)


def test_reviewing_an_older_version_leaves_the_obligation_with_the_newer_one(
    cr_obligation, focal_cr, secretariat
):
    first = submitted(cr_obligation, focal_cr)
    submitted(cr_obligation, focal_cr)
    services.review_submission(first, by=secretariat, decision="returned", message="Old one")
    assert Obligation.objects.get(pk=cr_obligation.pk).status == "submitted"


@time_machine.travel(dt.datetime(2020, 10, 20, 12, tzinfo=COSTA_RICA), tick=False)
def test_submitting_e_mails_a_receipt_and_tells_the_secretariat(
    client_as,
    cr_obligation,
    focal_cr,
    focal_cr_alt,
    secretariat,
    settings,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    settings.SECRETARIAT_EMAILS = ["ppt@example.org", secretariat.email.upper()]
    User.objects.filter(pk=secretariat.pk).update(language="es")
    UserFactory(email="gone@example.org", role=User.Role.SECRETARIAT, is_active=False)
    client = client_as("focal_cr")
    client.post(
        reverse("submissions:submission_edit", args=[cr_obligation.pk]), draft_data(text="x")
    )
    draft = Submission.objects.get(obligation=cr_obligation)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("submissions:submission_confirm", args=[cr_obligation.pk]), confirm_data(draft)
        )
    by_recipient = {m.to[0]: m for m in mailoutbox}
    secretariat_users = set(
        User.objects.filter(role="secretariat", is_active=True).values_list("email", flat=True)
    )
    assert secretariat.email in secretariat_users
    assert "gone@example.org" not in by_recipient  # inactive users are not told
    assert len(mailoutbox) == len(by_recipient)  # nobody twice (the address was in both lists)
    assert set(by_recipient) == {focal_cr.email, focal_cr_alt.email, "ppt@example.org"} | (
        secretariat_users
    )
    receipt = by_recipient[focal_cr.email]
    assert receipt.subject.startswith("Receipt: Costa Rica submitted version 1")
    assert f"http://127.0.0.1:8000/members/submissions/{draft.pk}/" in receipt.body
    notice = by_recipient["ppt@example.org"]
    assert notice.subject.startswith("New submission from Costa Rica (version 1)")
    assert by_recipient[secretariat.email].body.startswith("Estimado/a")  # in their language
    assert notice.body.startswith("Hello")  # SECRETARIAT_EMAILS: the site's language
    for message in mailoutbox:
        assert message.alternatives[0][1] == "text/html"


def test_a_rolled_back_submission_sends_nothing(
    cr_obligation, focal_cr, django_capture_on_commit_callbacks, mailoutbox
):
    draft = SubmissionFactory(obligation=cr_obligation, text="x", created_by=focal_cr)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.submit_draft(
                    cr_obligation, by=focal_cr, draft_id=draft.pk, revision=draft.revision
                )
                raise RuntimeError("something later in the same transaction failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mailoutbox == []
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize(
    ("role", "draft_status", "sent_status"),
    [
        ("anonymous", 302, 302),
        ("secretariat", 404, 200),
        ("manager", 404, 200),
        ("focal_cr", 200, 200),
        ("focal_mx", 404, 404),
        ("focal_iom", 404, 404),
    ],
)
def test_version_page_access_by_role(
    client_as, cr_obligation, focal_cr, role, draft_status, sent_status
):
    sent = submitted(cr_obligation, focal_cr)
    draft = SubmissionFactory(obligation=cr_obligation, number=2, created_by=focal_cr)
    client = client_as(role)
    url = "submissions:submission_detail"
    assert client.get(reverse(url, args=[draft.pk])).status_code == draft_status
    assert client.get(reverse(url, args=[sent.pk])).status_code == sent_status


def test_only_the_secretariat_sees_the_review_form(client_as, cr_obligation, focal_cr):
    sent = submitted(cr_obligation, focal_cr)
    url = reverse("submissions:submission_detail", args=[sent.pk])
    assert client_as("secretariat").get(url).context["review_form"] is not None
    assert client_as("manager").get(url).context["review_form"] is None
    assert client_as("focal_cr").get(url).context["review_form"] is None


def test_version_page_runs_the_same_queries_for_few_and_many_rows(
    client_as, cr_obligation, focal_cr, django_assert_num_queries
):
    from submissions.models import SubmissionComment, SubmissionFile

    sent = submitted(cr_obligation, focal_cr)
    url = reverse("submissions:submission_detail", args=[sent.pk])
    client = client_as("secretariat")
    client.get(url)
    # 1 session, 2 user, 3 the version (with its obligation and item), 4 its comment rows, 5 its
    # files, 6 the next version sent
    with django_assert_num_queries(6) as few:
        client.get(url)
    SubmissionComment.objects.bulk_create(
        SubmissionComment(submission=sent, position=n, comment=f"c{n}") for n in range(50)
    )
    SubmissionFile.objects.bulk_create(
        SubmissionFile(
            submission=sent,
            file=f"submissions/x/{n}.pdf",
            original_name=f"{n}.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=focal_cr,
        )
        for n in range(10)
    )
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("c49") == 1
