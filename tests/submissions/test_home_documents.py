"""The focal point's home: badges, what was handed in, and the documents to comment on."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members.models import Country
from tests.factories import (
    ActionItemFactory,
    DocumentFactory,
    DocumentVersionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
HOME = reverse("submissions:home")
TODAY = dt.datetime(2020, 10, 28, 9, tzinfo=COSTA_RICA)


def addressed(title, due, *countries):
    item = ActionItemFactory(title=title, due_latest=due)
    item.address_to(countries=countries)
    return item


@time_machine.travel(TODAY, tick=False)
def test_every_state_has_a_badge_with_words(client_as, costa_rica, focal_cr, secretariat):
    addressed("Due today item", dt.date(2020, 10, 28), costa_rica)
    addressed("Tomorrow item", dt.date(2020, 10, 29), costa_rica)
    returned = addressed("Returned item", dt.date(2020, 10, 20), costa_rica)
    sent = SubmissionFactory(obligation=returned.obligations.get(), created_by=focal_cr)
    sent.submit(by=focal_cr)
    sent.return_for_revision(by=secretariat, message="Add the annex")
    late = addressed("Late item", dt.date(2020, 10, 25), costa_rica)
    SubmissionFactory(obligation=late.obligations.get(), created_by=focal_cr).submit(by=focal_cr)
    drafted = addressed("Drafted item", dt.date(2020, 11, 15), costa_rica)
    SubmissionFactory(obligation=drafted.obligations.get(), created_by=focal_cr)

    page = client_as("focal_cr").get(HOME).content.decode()

    assert "Due today" in page
    assert "Due in 1 day" in page
    assert "Returned for revision · Overdue by 8 days" in page
    assert "Submitted, 3 days late" in page
    assert "Draft saved" in page
    assert "Continue the draft" in page
    owed, handed_in = page.split("Handed in")
    assert "Late item" in handed_in and "Late item" not in owed
    assert owed.index("Returned item") < owed.index("Due today item") < owed.index("Tomorrow item")


def test_documents_to_comment_on_are_listed_and_downloadable(client_as, comment_item, costa_rica):
    other = addressed("Mexico only", dt.date(2020, 10, 28), Country.objects.get(code="MX"))
    DocumentVersionFactory(
        document=DocumentFactory(action_item=other, title="Mexican paper"),
        original_name="mx.pdf",
    )
    client = client_as("focal_cr")
    response = client.get(HOME)
    page = response.content.decode()
    assert "Inventory of best practices" in page
    assert "Mexican paper" not in page
    [version] = response.context["documents"]
    download = client.get(reverse("actions:document_version_download", args=[version.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="inventory-v1.pdf"'
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("manager", 200),
        ("focal_cr", 200),
        ("focal_mx", 404),
        ("focal_iom", 404),
    ],
)
def test_document_download_access_by_role(client_as, costa_rica, role, status):
    item = addressed("Costa Rica only", dt.date(2020, 10, 28), costa_rica)
    version = DocumentVersionFactory(document=DocumentFactory(action_item=item))
    url = reverse("actions:document_version_download", args=[version.pk])
    assert client_as(role).get(url).status_code == status


def test_a_document_of_an_unpublished_meeting_stays_hidden(client_as, costa_rica):
    item = ActionItemFactory(
        resolution__meeting__status="draft", resolution__meeting__published_at=None
    )
    item.address_to(countries=[costa_rica])
    version = DocumentVersionFactory(document=DocumentFactory(action_item=item))
    url = reverse("actions:document_version_download", args=[version.pk])
    assert client_as("focal_cr").get(url).status_code == 404
    assert client_as("secretariat").get(url).status_code == 200


def test_home_runs_the_same_queries_for_few_and_many_rows(
    client_as, costa_rica, focal_cr, django_assert_num_queries
):
    def batch(count):
        for n in range(count):
            owed = addressed(f"owed {n}", dt.date(2020, 10, 28), costa_rica)
            DocumentVersionFactory(document=DocumentFactory(action_item=owed))
            done = addressed(f"done {n}", dt.date(2020, 10, 28), costa_rica)
            SubmissionFactory(obligation=done.obligations.get(), created_by=focal_cr).submit(
                by=focal_cr
            )

    client = client_as("focal_cr")
    batch(2)
    client.get(HOME)
    # 1 session, 2 user, 3 focal point, 4 counts of owed and handed-in obligations, 5 the page of
    # owed obligations, 6 documents of those requests, 7 the page of handed-in ones
    with django_assert_num_queries(7) as few:
        client.get(HOME)
    batch(40)
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(HOME)
    # Documents follow the page of what is owed: one per owed request shown.
    assert len(response.context["documents"]) == 25
    assert len(response.context["handed_in"].object_list) == 25  # paginated
    page_two = client.get(HOME, {"page": 2})
    assert len(page_two.context["handed_in"].object_list) == 17
    owing_two = client.get(HOME, {"owing_page": 2})
    assert len(owing_two.context["documents"]) == 17


def test_documents_listed_are_those_of_the_owed_requests_on_the_page(client_as, costa_rica):
    for n in range(30):
        item = addressed(f"owed {n:02}", dt.date(2020, 11, 1) + dt.timedelta(days=n), costa_rica)
        DocumentVersionFactory(
            document=DocumentFactory(action_item=item, title=f"Paper {n:02}"),
            original_name=f"paper-{n:02}.pdf",
        )
    client = client_as("focal_cr")

    first = client.get(HOME).content.decode()
    second = client.get(HOME, {"owing_page": 2}).content.decode()

    # The 25 most urgent requests are on the first page, with their papers; the rest
    # come with their requests on the second.
    assert "Paper 00" in first and "Paper 24" in first and "Paper 25" not in first
    assert "Paper 25" in second and "Paper 29" in second and "Paper 00" not in second
