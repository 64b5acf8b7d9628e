"""Isolation first: another party's focal point gets 404 on every Costa Rica URL; nothing changes.

Costa Rica here has a request addressed to it alone, with a document, a
version handed in (with a file and comment rows), a draft (with a file and
comment rows) and a second document version. Mexico's and IOM's focal points
request every URL that names any of these, by GET and by POST.
"""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from actions.models import ActionItem, CommentRound, DocumentVersion, Obligation
from submissions.models import ProgressUpdate, Submission, SubmissionComment, SubmissionFile
from tests.factories import ActionItemFactory, DocumentFactory, DocumentVersionFactory

from .conftest import pdf
from .helpers import confirm_data, draft_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def costa_rica_only(client_as, costa_rica):
    """Costa Rica's data, entered through its own focal point's pages."""
    item = ActionItemFactory(title="Costa Rica only", to_member_countries=False)
    item.address_to(countries=[costa_rica])
    obligation = item.obligations.get()
    document = DocumentFactory(action_item=item)
    first_version = DocumentVersionFactory(document=document, number=1)
    client = client_as("focal_cr")
    edit = reverse("submissions:submission_edit", args=[obligation.pk])
    client.post(edit, draft_data(text="Sent", rows=[{"comment": "r1"}], attachments=[pdf()]))
    sent = Submission.objects.get(obligation=obligation)
    client.post(reverse("submissions:submission_confirm", args=[obligation.pk]), confirm_data(sent))
    client.post(reverse("submissions:submission_revise", args=[obligation.pk]))
    draft = obligation.submissions.drafts().get()
    client.post(
        edit,
        draft_data(
            text="Unsent", rows=[{"comment": "r2"}], draft=draft, attachments=[pdf("d.pdf")]
        ),
    )
    draft.refresh_from_db()
    second_version = DocumentVersionFactory(document=document, number=2)
    return {
        "obligation": obligation,
        "sent": sent,
        "draft": draft,
        "sent_file": sent.files.get(),
        "draft_file": draft.files.get(original_name="d.pdf"),
        "versions": [first_version, second_version],
    }


def every_url(data) -> list[tuple[str, dict]]:
    """(url, POST data) for every page that names Costa Rica's obligation, versions or files."""
    obligation, draft, sent = data["obligation"], data["draft"], data["sent"]
    by_obligation = {
        "submissions:obligation_detail": {},
        "submissions:submission_edit": draft_data(text="Overwritten", draft=draft),
        "submissions:submission_confirm": confirm_data(draft),
        "submissions:submission_discard": confirm_data(draft),
        "submissions:submission_revise": {},
        "submissions:progress_create": {"percent": "90", "note": "forged"},
    }
    urls = [(reverse(name, args=[obligation.pk]), post) for name, post in by_obligation.items()]
    urls += [
        (reverse("submissions:comment_template", args=[obligation.pk, fmt]), {})
        for fmt in ("xlsx", "docx")
    ]
    for submission in (sent, draft):
        urls += [
            (reverse("submissions:submission_detail", args=[submission.pk]), {}),
            (
                reverse("submissions:submission_review", args=[submission.pk]),
                {"decision": "returned", "message": "forged"},
            ),
        ]
    for stored in (data["sent_file"], data["draft_file"]):
        urls.append((reverse("submissions:submission_file", args=[stored.pk]), {}))
    for version in data["versions"]:
        urls += [
            (reverse("actions:document_version_download", args=[version.pk]), {}),
            (reverse("actions:comment_round", args=[version.pk]), {"due": "2031-01-01"}),
            (reverse("submissions:compilation", args=[version.pk]), _response_data(sent)),
            (reverse("submissions:compilation_publish", args=[version.pk]), {}),
            (reverse("submissions:compilation_export", args=[version.pk, "xlsx"]), {}),
            (reverse("submissions:compilation_export", args=[version.pk, "docx"]), {}),
        ]
    return urls


def _response_data(sent) -> dict:
    """A forged answer to Costa Rica's first comment row, as the compilation page posts it."""
    row = sent.comments.get()
    return {
        "responses-TOTAL_FORMS": "1",
        "responses-INITIAL_FORMS": "1",
        "responses-0-id": str(row.pk),
        "responses-0-revision": str(row.response_revision),
        "responses-0-response": "not_accepted",
        "responses-0-rationale": "forged",
    }


def snapshot(obligation) -> dict:
    """Everything of Costa Rica's that a request could change."""
    submissions = Submission.objects.filter(obligation=obligation)
    return {
        "obligation": model_to_dict(Obligation.objects.get(pk=obligation.pk)),
        "item": model_to_dict(ActionItem.objects.get(pk=obligation.action_item_id)),
        "submissions": [model_to_dict(s) for s in submissions.order_by("pk")],
        "comments": [
            model_to_dict(c)
            for c in SubmissionComment.objects.filter(submission__in=submissions).order_by("pk")
        ],
        "files": list(
            SubmissionFile.objects.filter(submission__in=submissions)
            .order_by("pk")
            .values("pk", "file", "original_name", "submission_id")
        ),
        "versions": list(
            DocumentVersion.objects.filter(document__action_item=obligation.action_item_id)
            .order_by("pk")
            .values("pk", "comments_due")
        ),
        "progress": list(ProgressUpdate.objects.filter(obligation=obligation).values()),
        "rounds": list(
            CommentRound.objects.filter(
                document_version__document__action_item=obligation.action_item_id
            )
            .order_by("pk")
            .values()
        ),
    }


@pytest.mark.parametrize("intruder", ["focal_mx", "focal_iom"])
def test_every_costa_rica_url_is_404_for_another_party_and_changes_nothing(
    client_as, costa_rica_only, intruder, django_capture_on_commit_callbacks, mailoutbox
):
    urls = every_url(costa_rica_only)
    assert len(urls) == 26
    before = snapshot(costa_rica_only["obligation"])
    client = client_as(intruder)
    answers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for url, post in urls:
            answers[("GET", url)] = client.get(url).status_code
            answers[("POST", url)] = client.post(url, post).status_code
    # A read-only page refuses POST with 405 whatever the id, revealing nothing.
    read_only = {
        reverse("actions:document_version_download", args=[version.pk])
        for version in costa_rica_only["versions"]
    }
    assert {
        key: status
        for key, status in answers.items()
        if status != 404 and not (key[0] == "POST" and key[1] in read_only and status == 405)
    } == {}
    assert snapshot(costa_rica_only["obligation"]) == before
    assert mailoutbox == []


def test_every_members_url_that_names_a_party_s_object_is_in_the_list(costa_rica_only):
    from django.urls import resolve

    from submissions.urls import urlpatterns

    about_parties = {
        pattern.name
        for pattern in urlpatterns
        if "<int:pk>" in str(pattern.pattern)
        # The secretariat's own objects, not a party's data:
        and not pattern.name.startswith(("invitation_", "focal_point_"))
    }
    tried = {resolve(url).url_name for url, _post in every_url(costa_rica_only)}
    assert about_parties <= tried


def test_the_same_urls_work_for_costa_rica(client_as, costa_rica_only):
    """The 404s above come from isolation, not from broken URLs."""
    client = client_as("focal_cr")
    readable = [url for url, _post in every_url(costa_rica_only) if "review" not in url]
    readable = [url for url in readable if "comment-round" not in url]
    readable = [url for url in readable if "/progress/" not in url]
    readable = [url for url in readable if "/publish/" not in url]
    statuses = {url: client.get(url).status_code for url in readable}
    # POST-only pages answer 405 to a GET; every other page answers.
    assert set(statuses.values()) <= {200, 405}
    assert list(statuses.values()).count(200) >= 17


def test_staff_never_read_costa_ricas_draft_nor_its_files(client_as, costa_rica_only):
    draft, draft_file = costa_rica_only["draft"], costa_rica_only["draft_file"]
    for role in ("secretariat", "manager"):
        client = client_as(role)
        assert (
            client.get(reverse("submissions:submission_detail", args=[draft.pk])).status_code == 404
        )
        assert (
            client.get(reverse("submissions:submission_file", args=[draft_file.pk])).status_code
            == 404
        )
        sent_file = costa_rica_only["sent_file"]
        assert (
            client.get(reverse("submissions:submission_file", args=[sent_file.pk])).status_code
            == 200
        )
