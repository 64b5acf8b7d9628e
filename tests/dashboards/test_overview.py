"""The overview: headline numbers that link to their lists, the overdue and due-soon
lists, the breakdown by working group, and its filters."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from actions.models import ActionItem
from tests.dashboards.conftest import TODAY, add_requests

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:overview")


def test_counts_on_today(client_as, scenario):
    response = client_as("manager").get(URL)

    assert response.status_code == 200
    # Open: two overdue, one due soon, one due later, one undated.
    assert response.context["counts"] == {
        "open": 5,
        "due_soon": 1,
        "overdue": 2,
        "done": 2,  # this quarter: the late webinar and the guidelines; not September's
        "done_late": 1,
    }


def test_every_number_links_to_the_list_it_counts(client_as, scenario):
    client = client_as("secretariat")
    response = client.get(URL)
    counts, links = response.context["counts"], response.context["links"]
    page = response.content.decode()

    for name, count in counts.items():
        assert f'href="{links[name].replace("&", "&amp;")}"' in page, name
        listed = client.get(links[name]).context["page_obj"]
        assert listed.paginator.count == count, name
    done_late = client.get(links["done_late"]).context["page_obj"].object_list
    assert [item.title for item in done_late] == ["Regional webinar"]


def _parsed(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def test_links_carry_the_exact_list_parameters(client_as, scenario):
    links = client_as("manager").get(URL, {"kind": "comment_request"}).context["links"]
    items = reverse("actions:action_item_list")

    assert _parsed(links["overdue"]) == (items, {"kind": ["comment_request"], "overdue": ["1"]})
    assert _parsed(links["open"]) == (
        items,
        {"kind": ["comment_request"], "status": ["open", "in_progress"]},
    )
    assert _parsed(links["due_soon"]) == (
        items,
        {
            "kind": ["comment_request"],
            "status": ["open", "in_progress"],
            "due_from": ["2020-11-02"],
            "due_to": ["2020-11-16"],
        },
    )
    done = {
        "kind": ["comment_request"],
        "status": ["done"],
        "closed_from": ["2020-10-01"],
        "closed_to": ["2020-12-31"],
    }
    assert _parsed(links["done"]) == (items, done)
    assert _parsed(links["done_late"]) == (items, {**done, "late": ["1"]})


def test_overdue_list_oldest_first_with_days_and_who_still_owes(client_as, scenario):
    response = client_as("manager").get(URL)
    overdue = list(response.context["overdue"])

    assert [item.title for item in overdue] == [
        "Comments on the inventory",
        "Information on protocols",
    ]
    # Due 20 and 28 October; Costa Rica answered the first, nobody the second.
    assert [(i.days_overdue, i.owing_count, i.party_count) for i in overdue] == [
        (13, 1, 2),
        (5, 2, 2),
    ]
    page = response.content.decode()
    assert "Overdue by 13 days" in page
    assert "1 of 2" in page and "2 of 2" in page
    matrix_link = reverse("dashboards:matrix") + f"?item={scenario['overdue_old'].pk}"
    assert matrix_link in page


def test_due_soon_list_and_breakdown_by_group(client_as, scenario, groups):
    response = client_as("manager").get(URL)

    assert [item.title for item in response.context["due_soon"]] == ["Comments on the map"]
    rows = {row["group"]: row for row in response.context["groups"]}
    assert set(rows) == {"Border Management", "Protection"}
    border, protection = rows["Border Management"], rows["Protection"]
    assert (border["open"], border["overdue"], border["done"], border["done_late"]) == (5, 2, 1, 1)
    assert (protection["open"], protection["done"], protection["done_late"]) == (0, 1, 0)
    assert f"working_group={groups[1].pk}" in protection["links"]["done"]


def test_lateness_survives_completion(client_as, scenario):
    page = client_as("manager").get(reverse("actions:action_item_list"), {"late": 1})
    page = page.content.decode()
    assert "Regional webinar" in page
    assert "Done, 3 days late" in page


@pytest.mark.parametrize(
    ("filters", "expected_open", "expected_done"),
    [
        ({"working_group": "test-protection"}, 0, 1),
        ({"working_group": "test-border"}, 5, 1),
        ({"kind": "information_request"}, 1, 0),
        ({"presidency": 2020}, 5, 1),
    ],
)
def test_filters_narrow_every_number(
    client_as, scenario, groups, filters, expected_open, expected_done
):
    from actions.models import Presidency, WorkingGroup

    params = dict(filters)
    if "working_group" in params:
        params["working_group"] = WorkingGroup.objects.get(slug=params["working_group"]).pk
    if "presidency" in params:
        params["presidency"] = Presidency.objects.get(year=params["presidency"]).pk

    response = client_as("manager").get(URL, params)

    counts = response.context["counts"]
    assert (counts["open"], counts["done"]) == (expected_open, expected_done)
    # Typed filters stay in the form.
    assert response.context["form"].data.get(next(iter(params))) == str(params[next(iter(params))])


def test_bad_filter_shows_its_error_and_keeps_the_rest(client_as, scenario):
    response = client_as("manager").get(URL, {"working_group": "999999", "kind": "event"})

    form = response.context["form"]
    assert "working_group" in form.errors
    assert response.context["counts"]["done"] == 1  # the kind filter still applies
    assert "Select a valid choice" in response.content.decode()


def test_empty_overview(client_as, today):
    page = client_as("manager").get(URL).content.decode()
    assert "Nothing is overdue." in page
    assert "Nothing is due soon." in page
    assert "No action item matches these filters." in page


def test_query_count_does_not_grow_with_rows(client_as, members, today, django_assert_num_queries):
    client = client_as("secretariat")

    def add(count):
        add_requests(count, members, due=TODAY - dt.timedelta(days=3), answered_by="CR")
        add_requests(count, members, due=TODAY + dt.timedelta(days=3))

    add(2)
    # 1 session, 2 user, 3 counts per working group, 4 working groups with items, 5 presidencies,
    # 6 working groups (the filter's choices), 7 overdue items, 8 their obligations, 9 items due
    # soon, 10 their obligations
    with django_assert_num_queries(10) as small:
        client.get(URL)
    add(30)
    assert ActionItem.objects.count() == 64
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["counts"]["overdue"] == 32
