"""The issue's whole path, through the views, on the demo data.

Signed in as focal.cr@example.org, a person sees Costa Rica's open
obligations, submits comments with a PDF on one of them, and
secretariat@example.org sees it in the review queue and acknowledges it.
"""

import re

import pytest
from django.urls import reverse

from actions.models import Obligation
from demo.demo import DEMO_PASSWORD, SAMPLE_TITLE, load_demo
from submissions.models import Submission

from .conftest import pdf

pytestmark = pytest.mark.django_db
MAP_TITLE = "Comments on the Map of migrant smuggling routes at the regional level"


def sign_in(client, email):
    response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email


def test_costa_rica_submits_comments_with_a_pdf_and_the_secretariat_acknowledges_them(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    load_demo(shift_to_today=True)

    # The focal point of Costa Rica sees what the country still owes.
    sign_in(client, "focal.cr@example.org")
    home = client.get(reverse("submissions:home"))
    owed = [o.action_item.title_en for o in home.context["owing"]]
    assert MAP_TITLE in owed
    assert "Comments on the Inventory of best practices at the regional level" in owed
    assert all(o.country.code == "CR" for o in home.context["owing"])
    obligation = Obligation.objects.get(
        country__code="CR",
        action_item__title_en=MAP_TITLE,
        action_item__resolution__meeting__title_en=SAMPLE_TITLE,
    )
    assert obligation in list(home.context["owing"])

    # ... opens the form, writes comments, attaches a PDF, saves and reviews.
    edit = reverse("submissions:submission_edit", args=[obligation.pk])
    form_page = client.get(edit).content.decode()
    version = re.search(r'<option value="(\d+)" selected>', form_page).group(1)
    response = client.post(
        edit,
        {
            "draft": "",
            "revision": "0",
            "document_version": version,
            "text": "Costa Rica proposes to add the Peñas Blancas crossing.",
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "200",
            "comments-0-section": "3. Recommendations",
            "comments-0-page": "5",
            "comments-0-comment_type": "technical",
            "comments-0-comment": "Mention the joint border post.",
            "attachments": [pdf("comentarios-cr.pdf")],
            "action": "review",
        },
    )
    confirm = reverse("submissions:submission_confirm", args=[obligation.pk])
    assert response.url == confirm
    confirm_page = client.get(confirm).content.decode()
    assert "comentarios-cr.pdf" in confirm_page
    assert "Mention the joint border post." in confirm_page

    # ... and submits after the confirmation step.
    draft = Submission.objects.get(obligation=obligation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, {"draft": draft.pk, "revision": draft.revision})
    assert response.url == reverse("submissions:submission_detail", args=[draft.pk])
    client.post(reverse("logout"))

    # The secretariat finds it in the review queue and acknowledges it.
    sign_in(client, "secretariat@example.org")
    queue = client.get(reverse("submissions:review_queue"))
    assert draft in list(queue.context["page"].object_list)
    detail = client.get(reverse("submissions:submission_detail", args=[draft.pk]))
    assert "comentarios-cr.pdf" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:submission_review", args=[draft.pk]),
            {"decision": "acknowledged", "message": "Received, thank you."},
        )
    assert response.url == reverse("submissions:review_queue")

    draft.refresh_from_db()
    assert draft.status == "acknowledged"
    assert Obligation.objects.get(pk=obligation.pk).status == "acknowledged"
    assert draft not in list(client.get(reverse("submissions:review_queue")).context["page"])
    link = f"http://127.0.0.1:8000/members/submissions/{draft.pk}/"
    to_focal_point = [m for m in mailoutbox if m.to == ["focal.cr@example.org"]]
    assert len(to_focal_point) == 2  # the receipt, then the acknowledgement
    assert all(link in m.body for m in to_focal_point)
    assert "Received, thank you." in to_focal_point[1].body
    assert any(m.to == ["secretariat@example.org"] and link in m.body for m in mailoutbox)
