"""The overview: counts and the overdue list for the secretariat and managers."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members.models import Country
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
URL = reverse("dashboards:overview")


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
def test_access_by_role(client_as, role, status):
    assert client_as(role).get(URL).status_code == status


@time_machine.travel(dt.datetime(2020, 11, 1, 12, tzinfo=COSTA_RICA), tick=False)
def test_counts_and_overdue_list(client_as, secretariat, costa_rica, mexico):
    overdue = ActionItemFactory(title="Overdue comments", due_latest=dt.date(2020, 10, 28))
    overdue.address_to(countries=[costa_rica, mexico])
    ActionItemFactory(title="Due soon", due_latest=dt.date(2020, 11, 10))
    ActionItemFactory(title="Due later", due_latest=dt.date(2020, 12, 20))
    ActionItemFactory(title="Closed", due_latest=dt.date(2020, 10, 1)).close(
        by=secretariat, note="Done."
    )

    response = client_as("manager").get(URL)

    assert response.context["counts"] == {"open": 3, "due_soon": 1, "overdue": 1}
    assert [item.title for item in response.context["overdue"]] == ["Overdue comments"]
    assert response.context["overdue"][0].owing_count == 2


def test_query_count_does_not_grow_with_rows(client_as, django_assert_num_queries):
    client = client_as("secretariat")
    members = list(Country.objects.members())

    def add(count):
        for item in ActionItemFactory.create_batch(count, due_latest=dt.date(2020, 1, 1)):
            item.address_to(countries=members)

    add(2)
    client.get(URL)
    with django_assert_num_queries(4) as small:
        client.get(URL)
    add(40)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(URL)
