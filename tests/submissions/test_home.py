"""The focal point's home: what their country still owes, most urgent first."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members.models import Country
from tests.factories import ActionItemFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
URL = reverse("submissions:home")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 403),
        ("manager", 403),
        ("focal_cr", 200),
        ("focal_mx", 200),
        ("focal_iom", 200),
    ],
)
def test_access_by_role(client_as, role, status):
    assert client_as(role).get(URL).status_code == status


def _items(count: int, due: dt.date, countries):
    items = ActionItemFactory.create_batch(count, due_latest=due)
    for item in items:
        item.address_to(countries=countries)
    return items


@time_machine.travel(dt.datetime(2020, 10, 25, 12, tzinfo=COSTA_RICA), tick=False)
def test_shows_own_country_only_most_urgent_first_with_badges(client_as, costa_rica, mexico):
    later = ActionItemFactory(title="Later request", due_latest=dt.date(2020, 11, 30))
    sooner = ActionItemFactory(title="Sooner request", due_latest=dt.date(2020, 10, 28))
    late = ActionItemFactory(title="Overdue request", due_latest=dt.date(2020, 10, 20))
    mexican = ActionItemFactory(title="Only for Mexico", due_latest=dt.date(2020, 10, 26))
    for item in (later, sooner, late):
        item.address_to(countries=[costa_rica, mexico])
    mexican.address_to(countries=[mexico])

    page = client_as("focal_cr").get(URL).content.decode()

    assert "Only for Mexico" not in page
    assert (
        page.index("Overdue request") < page.index("Sooner request") < page.index("Later request")
    )
    assert "Overdue by 5 days" in page
    assert "Due in 3 days" in page


@time_machine.travel(dt.datetime(2020, 10, 25, 12, tzinfo=COSTA_RICA), tick=False)
def test_handed_in_obligations_move_to_the_second_list(client_as, costa_rica, focal_cr):
    item = ActionItemFactory(title="Answered request", due_latest=dt.date(2020, 10, 28))
    item.address_to(countries=[costa_rica])
    draft = SubmissionFactory(obligation=item.obligations.get(), created_by=focal_cr)
    draft.submit(by=focal_cr)
    page = client_as("focal_cr").get(URL).content.decode()
    assert page.index("Handed in") < page.index("Answered request")
    assert "Nothing is owed at the moment." in page


def test_unpublished_meetings_stay_hidden_from_focal_points(client_as, costa_rica, focal_cr):
    owed, answered = (
        ActionItemFactory(
            title=title,
            resolution__meeting__status="draft",
            resolution__meeting__published_at=None,
        )
        for title in ("Draft meeting item", "Answered draft meeting item")
    )
    for item in (owed, answered):
        item.address_to(countries=[costa_rica])
    # Handed in before the meeting went back to draft, say: still not the focal point's.
    SubmissionFactory(obligation=answered.obligations.get(), created_by=focal_cr).submit(
        by=focal_cr
    )
    response = client_as("focal_cr").get(URL)
    assert "Draft meeting item" not in response.content.decode()
    # Neither listed nor counted: the counts come from another query than the lists.
    assert response.context["owing"].paginator.count == 0
    assert response.context["handed_in"].paginator.count == 0


def test_query_count_does_not_grow_with_rows(client_as, django_assert_num_queries):
    members = list(Country.objects.members())
    client = client_as("focal_cr")
    _items(3, dt.date(2020, 10, 28), members)
    client.get(URL)  # warm the session and caches
    # 1 session, 2 user, 3 focal point, 4 counts of owed and handed-in obligations, 5 the page of
    # owed obligations, 6 documents of those requests (nothing is handed in here, so no page of
    # handed-in ones)
    with django_assert_num_queries(6) as small:
        client.get(URL)
    _items(60, dt.date(2020, 10, 28), members)
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    owing = response.context["owing"]
    assert owing.paginator.count == 63
    assert len(owing.object_list) == 25  # 25 a page: rich rows, a decade of them


def test_a_closed_item_is_no_longer_owed(client_as, costa_rica, secretariat):
    open_item = ActionItemFactory(title="Still asked", due_latest=dt.date(2020, 10, 28))
    closed = ActionItemFactory(title="Closed by the secretariat", due_latest=dt.date(2020, 10, 1))
    for item in (open_item, closed):
        item.address_to(countries=[costa_rica])
    closed.cancel(by=secretariat, note="Superseded by the next meeting's request.")
    owing = client_as("focal_cr").get(URL).context["owing"]
    assert [o.action_item.title for o in owing] == ["Still asked"]
    assert owing.paginator.count == 1
