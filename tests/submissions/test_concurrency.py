"""Two focal points of one country editing the same draft never overwrite each other silently.

Each save names the revision it started from; a save that started from an
older revision is refused with a clear message and the typed text stays on
the page. The clients below interleave as two browsers would.
"""

import re

import pytest
from django.urls import reverse

from submissions.models import Submission

from .conftest import pdf
from .helpers import confirm_data, draft_data

pytestmark = pytest.mark.django_db


def edit_url(obligation):
    return reverse("submissions:submission_edit", args=[obligation.pk])


def hidden(page: str, name: str) -> str:
    """The value of a hidden input (Django leaves out an empty value)."""
    tag = re.search(rf'<input type="hidden" name="{name}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


def form_state(client, obligation) -> dict:
    """What a browser holds after opening the draft form: the draft and its revision."""
    page = client.get(edit_url(obligation)).content.decode()
    return {"draft": hidden(page, "draft"), "revision": hidden(page, "revision")}


def test_the_second_save_of_the_same_revision_is_refused_and_keeps_the_typed_text(
    client_as, cr_obligation
):
    primary, alternate = client_as("focal_cr"), client_as("focal_cr_alt")
    primary.post(edit_url(cr_obligation), draft_data(text="Base text"))
    opened_by_primary = form_state(primary, cr_obligation)
    opened_by_alternate = form_state(alternate, cr_obligation)

    saved = primary.post(
        edit_url(cr_obligation),
        draft_data(text="Primary's change") | opened_by_primary,
    )
    assert saved.status_code == 302

    refused = alternate.post(
        edit_url(cr_obligation),
        draft_data(text="Alternate's change", rows=[{"comment": "Alternate's row"}])
        | opened_by_alternate,
    )
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Your changes were not saved" in page
    assert "focal.cr saved this draft at" in page  # who saved meanwhile
    assert "Alternate&#x27;s change" in page  # the typed text is kept...
    assert "Alternate&#x27;s row" in page
    assert "What is saved now" in page  # ...next to what is saved now
    assert "Primary&#x27;s change" in page
    draft = Submission.objects.get(obligation=cr_obligation)
    assert draft.text == "Primary's change"
    assert not draft.comments.exists()

    # Saving again from the refusal page is a knowing choice: it now applies.
    again = alternate.post(
        edit_url(cr_obligation),
        draft_data(text="Alternate's change")
        | {"draft": hidden(page, "draft"), "revision": hidden(page, "revision")},
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.text == "Alternate's change"


def test_two_people_starting_the_first_draft_at_once(client_as, cr_obligation):
    primary, alternate = client_as("focal_cr"), client_as("focal_cr_alt")
    opened_by_primary = form_state(primary, cr_obligation)
    opened_by_alternate = form_state(alternate, cr_obligation)
    assert opened_by_primary == {"draft": "", "revision": "0"}

    primary.post(edit_url(cr_obligation), draft_data(text="First") | opened_by_primary)
    refused = alternate.post(
        edit_url(cr_obligation), draft_data(text="Second") | opened_by_alternate
    )
    assert refused.status_code == 409
    assert "Second" in refused.content.decode()
    assert list(Submission.objects.filter(obligation=cr_obligation).values_list("text")) == [
        ("First",)
    ]


def test_a_save_after_the_draft_was_submitted_is_refused_then_starts_a_new_version(
    client_as, cr_obligation
):
    primary, alternate = client_as("focal_cr"), client_as("focal_cr_alt")
    primary.post(edit_url(cr_obligation), draft_data(text="Sent text", attachments=[pdf()]))
    opened_by_alternate = form_state(alternate, cr_obligation)
    draft = Submission.objects.get(obligation=cr_obligation)
    primary.post(
        reverse("submissions:submission_confirm", args=[cr_obligation.pk]), confirm_data(draft)
    )

    refused = alternate.post(
        edit_url(cr_obligation), draft_data(text="Late edit") | opened_by_alternate
    )
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "submitted this draft as version 1" in page
    assert "Late edit" in page
    draft.refresh_from_db()
    assert (draft.status, draft.text) == ("submitted", "Sent text")

    again = alternate.post(
        edit_url(cr_obligation),
        draft_data(text="Late edit")
        | {"draft": hidden(page, "draft"), "revision": hidden(page, "revision")},
    )
    assert again.status_code == 302
    new = cr_obligation.submissions.drafts().get()
    assert (new.number, new.text, new.files.count()) == (2, "Late edit", 1)


def test_confirming_a_draft_that_changed_after_it_was_shown_submits_nothing(
    client_as, cr_obligation
):
    primary, alternate = client_as("focal_cr"), client_as("focal_cr_alt")
    primary.post(edit_url(cr_obligation), draft_data(text="Reviewed text"))
    confirm_url = reverse("submissions:submission_confirm", args=[cr_obligation.pk])
    shown = primary.get(confirm_url).content.decode()
    alternate.post(
        edit_url(cr_obligation),
        draft_data(text="Changed meanwhile") | form_state(alternate, cr_obligation),
    )

    response = primary.post(
        confirm_url, {"draft": hidden(shown, "draft"), "revision": hidden(shown, "revision")}
    )
    assert response.url == confirm_url
    draft = Submission.objects.get(obligation=cr_obligation)
    assert (draft.status, draft.text) == ("draft", "Changed meanwhile")
    page = primary.get(confirm_url).content.decode()
    assert "The draft changed since you opened this page" in page
    assert "Changed meanwhile" in page


def test_discarding_a_draft_someone_changed_meanwhile_is_refused(client_as, cr_obligation):
    primary, alternate = client_as("focal_cr"), client_as("focal_cr_alt")
    primary.post(edit_url(cr_obligation), draft_data(text="Keep me"))
    opened_by_primary = form_state(primary, cr_obligation)
    alternate.post(
        edit_url(cr_obligation),
        draft_data(text="Alternate's work") | form_state(alternate, cr_obligation),
    )
    primary.post(
        reverse("submissions:submission_discard", args=[cr_obligation.pk]), opened_by_primary
    )
    assert Submission.objects.get(obligation=cr_obligation).text == "Alternate's work"
