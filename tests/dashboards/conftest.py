"""Builders for the dashboards' tests: requests to countries, answers and closings on given days."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from actions.models import ActionItem, Obligation
from members.models import Country
from submissions.models import Submission
from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    PresidencyFactory,
    SubmissionFactory,
    UserFactory,
    WorkingGroupFactory,
)

COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
# A Monday of the fourth quarter of 2020; the quarter runs 1 October to 31 December.
TODAY = dt.date(2020, 11, 2)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """`hour` o'clock on `day` in the configured time zone."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=COSTA_RICA)


@pytest.fixture
def today():
    """Freeze the clock at noon on TODAY."""
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield TODAY


def request_to(countries, *, due: dt.date | None, **fields) -> ActionItem:
    """An action item addressed to `countries`."""
    if due is None:
        fields.setdefault("due_precision", ActionItem.Precision.NONE)
    item = ActionItemFactory(due_latest=due, **fields)
    item.address_to(countries=countries)
    return item


def obligation(item: ActionItem, code: str) -> Obligation:
    return item.obligations.get(country__code=code)


def answer(item: ActionItem, code: str, on: dt.date) -> Submission:
    """The country `code` hands in its answer to `item` on day `on`."""
    author = UserFactory(role="focal_point")
    with time_machine.travel(at(on), tick=False):
        submission = SubmissionFactory(obligation=obligation(item, code), created_by=author)
        submission.submit(by=author)
    return submission


def close(item: ActionItem, on: dt.date, by, status: str = "done") -> None:
    """Mark `item` done (or cancelled) on day `on`."""
    with time_machine.travel(at(on), tick=False):
        item.change_status(status, by=by, note="Closed in a test.")


@pytest.fixture
def members() -> list[Country]:
    return list(Country.objects.members())


@pytest.fixture
def groups():
    return (
        WorkingGroupFactory(
            slug="test-border", name_en="Border Management", name_es="Gestión de Fronteras"
        ),
        WorkingGroupFactory(slug="test-protection", name_en="Protection", name_es="Protección"),
    )


@pytest.fixture
def scenario(today, groups, secretariat, costa_rica, mexico):
    """Every state of an item, on TODAY (2 November 2020), in two groups.

    Border Management (presidency 2020): two overdue requests, one due soon,
    one due later, one undated, one done 3 days late this quarter, one done
    last quarter, one cancelled. Protection (no presidency): one done on time
    this quarter.
    """
    border, protection = groups
    presidency = PresidencyFactory(year=2020)
    border_meeting = MeetingFactory(
        working_group=border, presidency=presidency, date=dt.date(2020, 9, 28)
    )
    protection_meeting = MeetingFactory(working_group=protection, date=dt.date(2020, 8, 17))
    countries = [costa_rica, mexico]

    def border_item(title, due, **fields):
        return request_to(
            countries, due=due, title=title, resolution__meeting=border_meeting, **fields
        )

    items = {
        "overdue_old": border_item("Comments on the inventory", dt.date(2020, 10, 20)),
        "overdue_new": border_item(
            "Information on protocols",
            dt.date(2020, 10, 28),
            kind=ActionItem.Kind.INFORMATION_REQUEST,
        ),
        "soon": border_item("Comments on the map", dt.date(2020, 11, 10)),
        "later": border_item("Comments on the directory", dt.date(2020, 12, 20)),
        "undated": border_item("Input for activity 1", None),
        "done_late": border_item(
            "Regional webinar", dt.date(2020, 10, 15), kind=ActionItem.Kind.EVENT
        ),
        "done_before": border_item("Directory circulated", dt.date(2020, 9, 1)),
        "cancelled": border_item("Cancelled workshop", dt.date(2020, 10, 5)),
        "done_on_time": request_to(
            [],
            due=dt.date(2020, 10, 30),
            title="Protection guidelines",
            resolution__meeting=protection_meeting,
            kind=ActionItem.Kind.DELIVERABLE,
            to_member_countries=False,
            to_ppt=True,
        ),
    }
    answer(items["overdue_old"], "CR", dt.date(2020, 10, 19))
    answer(items["soon"], "MX", dt.date(2020, 10, 30))
    close(items["done_late"], dt.date(2020, 10, 18), secretariat)
    close(items["done_before"], dt.date(2020, 9, 2), secretariat)
    close(items["done_on_time"], dt.date(2020, 10, 29), secretariat)
    close(items["cancelled"], dt.date(2020, 10, 1), secretariat, status="cancelled")
    for item in items.values():
        item.refresh_from_db()
    return items


def add_requests(count: int, countries, *, due: dt.date, answered_by: str | None = None):
    """`count` requests to `countries` due on `due`, optionally answered by one of them."""
    items = ActionItemFactory.create_batch(count, due_latest=due)
    for item in items:
        item.address_to(countries=countries)
        if answered_by:
            answer(item, answered_by, due - dt.timedelta(days=1))
    return items
