"""Comment rows of a draft are added, changed and removed through the form alone, no JavaScript."""

import re

import pytest
from django.urls import reverse

from submissions.models import Submission

from .helpers import confirm_data

pytestmark = pytest.mark.django_db


def edit_url(obligation):
    return reverse("submissions:submission_edit", args=[obligation.pk])


def form_data(page: str) -> dict:
    """What a browser without JavaScript posts back from the page as it stands."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name in re.findall(r'<textarea[^>]*name="([^"]+)"', page):
        data.setdefault(name, "")
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\s*(.*?)</textarea>', page, re.S
    ):
        data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return {name: value for name, value in data.items() if not name.startswith("template-")}


def row_count(page: str) -> int:
    return len(re.findall(r'name="comments-\d+-comment"', page))


def rows(obligation):
    draft = Submission.objects.get(obligation=obligation, status="draft")
    return list(draft.comments.values_list("section", "comment"))


def test_rows_are_added_changed_and_removed_while_a_draft(client_as, cr_obligation):
    client = client_as("focal_cr")
    # A new answer offers three empty rows: fill two of them.
    page = client.get(edit_url(cr_obligation)).content.decode()
    assert row_count(page) == 3
    data = form_data(page) | {
        "comments-0-section": "1",
        "comments-0-comment": "First",
        "comments-1-section": "2",
        "comments-1-comment": "Second",
        "action": "save",
    }
    client.post(edit_url(cr_obligation), data)
    assert rows(cr_obligation) == [("1", "First"), ("2", "Second")]

    # Saving offers one more empty row: change the first, remove the second, add a third.
    page = client.get(edit_url(cr_obligation)).content.decode()
    assert row_count(page) == 3  # two rows and an empty one
    data = form_data(page) | {
        "comments-0-comment": "First, changed",
        "comments-1-DELETE": "on",
        "comments-2-section": "3",
        "comments-2-comment": "Third",
        "action": "save",
    }
    client.post(edit_url(cr_obligation), data)
    assert rows(cr_obligation) == [("1", "First, changed"), ("3", "Third")]

    # Once handed in, the rows no longer change: a change starts a new version.
    draft = Submission.objects.get(obligation=cr_obligation)
    client.post(
        reverse("submissions:submission_confirm", args=[cr_obligation.pk]), confirm_data(draft)
    )
    response = client.get(edit_url(cr_obligation))
    assert response.status_code == 302
    assert list(draft.comments.values_list("comment", flat=True)) == ["First, changed", "Third"]
