"""Organisations: their deliverables, progress updates, the deliverable itself; staff see it all."""

import pytest
from django.urls import reverse

from actions.models import ActionItem
from submissions.models import ProgressUpdate, Submission
from tests.factories import ActionItemFactory

from .conftest import pdf
from .helpers import confirm_data, draft_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliverable(iom, costa_rica):
    item = ActionItemFactory(
        kind=ActionItem.Kind.DELIVERABLE,
        title="Procedures Manual on migrant smuggling",
        to_member_countries=False,
    )
    item.address_to(organisations=[iom])
    return item.obligations.get()


def progress_url(obligation):
    return reverse("submissions:progress_create", args=[obligation.pk])


def test_the_organisation_sees_its_deliverables_on_its_home(client_as, deliverable, comment_item):
    page = client_as("focal_iom").get(reverse("submissions:home")).content.decode()
    assert "Procedures Manual on migrant smuggling" in page
    assert "inventory of best practices" not in page  # addressed to countries only
    assert (
        "Procedures Manual"
        not in client_as("focal_cr").get(reverse("submissions:home")).content.decode()
    )


def test_progress_updates_are_posted_and_shown_to_the_secretariat(
    client_as, deliverable, focal_iom
):
    client = client_as("focal_iom")
    response = client.post(
        progress_url(deliverable), {"percent": "40", "note": "Chapters 1 to 3 drafted."}
    )
    assert response.url == reverse("submissions:obligation_detail", args=[deliverable.pk])
    update = ProgressUpdate.objects.get(obligation=deliverable)
    assert (update.percent, update.created_by) == (40, focal_iom)
    home = client.get(reverse("submissions:home")).content.decode()
    assert "Progress 40%" in home
    staff_page = client_as("secretariat").get(
        reverse("submissions:obligation_detail", args=[deliverable.pk])
    )
    assert "Chapters 1 to 3 drafted." in staff_page.content.decode()
    assert staff_page.context["progress_form"] is None  # staff read, never post


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"percent": "120", "note": "Too far"}, "percent", "less than or equal to 100"),
        ({"percent": "-5", "note": "Backwards"}, "percent", "greater than or equal to 0"),
        ({"percent": "50", "note": ""}, "note", "This field is required"),
    ],
)
def test_bad_progress_is_refused_next_to_its_field(client_as, deliverable, data, field, message):
    response = client_as("focal_iom").post(progress_url(deliverable), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["progress_form"].errors[field])
    assert f'value="{data["percent"]}"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 403),
        ("manager", 403),
        ("focal_cr", 404),
        ("focal_mx", 404),
    ],
)
def test_only_the_organisation_posts_progress(client_as, deliverable, role, status):
    response = client_as(role).post(progress_url(deliverable), {"percent": "10", "note": "x"})
    assert response.status_code == status
    assert not ProgressUpdate.objects.exists()


def test_a_country_obligation_takes_no_progress_updates(client_as, cr_obligation):
    response = client_as("focal_cr").post(
        progress_url(cr_obligation), {"percent": "10", "note": "x"}
    )
    assert response.status_code == 404


def test_the_organisation_uploads_the_deliverable_as_its_submission(client_as, deliverable):
    client = client_as("focal_iom")
    edit = reverse("submissions:submission_edit", args=[deliverable.pk])
    page = client.get(edit).content.decode()
    assert "Note on the deliverable" in page
    assert "Comments by section or page" not in page  # rows belong to comment requests
    client.post(
        edit,
        draft_data(text="Final manual attached.", attachments=[pdf("manual.pdf")]),
    )
    draft = Submission.objects.get(obligation=deliverable)
    client.post(
        reverse("submissions:submission_confirm", args=[deliverable.pk]), confirm_data(draft)
    )
    draft.refresh_from_db()
    assert draft.status == "submitted"
    queue = client_as("secretariat").get(reverse("submissions:review_queue")).content.decode()
    assert "Procedures Manual on migrant smuggling" in queue
    detail = client_as("secretariat").get(reverse("submissions:submission_detail", args=[draft.pk]))
    assert "manual.pdf" in detail.content.decode()


def test_obligation_page_runs_the_same_queries_with_many_updates(
    client_as, deliverable, focal_iom, django_assert_num_queries
):
    ProgressUpdate.objects.create(obligation=deliverable, percent=5, note="s", created_by=focal_iom)
    url = reverse("submissions:obligation_detail", args=[deliverable.pk])
    client = client_as("secretariat")
    client.get(url)
    # 1 session, 2 user, 3 the obligation, 4 its sent versions (none, so no files to read), 5 the
    # item's document versions, 6 the latest progress updates
    with django_assert_num_queries(6) as few:
        client.get(url)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(obligation=deliverable, percent=n, note=f"n{n}", created_by=focal_iom)
        for n in range(60)
    )
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 51  # the 50 latest, and the header
