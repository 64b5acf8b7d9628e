"""Item 7: "at the next meeting of the group" takes that meeting's date and follows it;
a meeting's page shows its draft agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import ActionItem, Meeting, WorkingGroup
from tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def september(border_management) -> Meeting:
    return MeetingFactory(working_group=border_management, date=dt.date(2020, 9, 28))


@pytest.fixture
def awaiting(september) -> ActionItem:
    """ "Present advances at the next meeting, to be held in the first week of December"."""
    return ActionItemFactory(
        resolution__meeting=september,
        title="Procedures manual: advances",
        due_at_next_meeting=True,
        due_precision=ActionItem.Precision.WEEK,
        due_earliest=dt.date(2020, 12, 1),
        due_latest=dt.date(2020, 12, 7),
    )


def _schedule(client, group: WorkingGroup, date: str, end_date: str = "", meeting=None):
    data = {"working_group": group.pk, "date": date, "end_date": end_date, "modality": "virtual"}
    if meeting is None:
        return client.post(reverse("actions:meeting_create"), data, follow=True)
    data["revision"] = meeting.revision
    return client.post(reverse("actions:meeting_edit", args=[meeting.pk]), data, follow=True)


def _due(item: ActionItem) -> tuple:
    item.refresh_from_db()
    return (item.due_meeting_id, item.due_precision, item.due_earliest, item.due_latest)


def test_scheduling_the_next_meeting_dates_the_items_due_at_it(
    client_as, border_management, awaiting
):
    response = _schedule(client_as("secretariat"), border_management, "2020-12-03")
    december = Meeting.objects.get(date=dt.date(2020, 12, 3))
    assert _due(awaiting) == (december.pk, "day", None, dt.date(2020, 12, 3))
    assert "1 item due at the next meeting now follows its date." in response.content.decode()


def test_a_meeting_of_several_days_gives_a_window(client_as, border_management, awaiting):
    _schedule(client_as("secretariat"), border_management, "2020-12-02", "2020-12-04")
    december = Meeting.objects.get(date=dt.date(2020, 12, 2))
    assert _due(awaiting) == (december.pk, "week", dt.date(2020, 12, 2), dt.date(2020, 12, 4))


def test_the_items_follow_the_meeting_when_it_moves(client_as, border_management, awaiting):
    client = client_as("secretariat")
    _schedule(client, border_management, "2020-12-03")
    december = Meeting.objects.get(date=dt.date(2020, 12, 3))
    _schedule(client, border_management, "2020-12-10", meeting=december)
    assert _due(awaiting) == (december.pk, "day", None, dt.date(2020, 12, 10))
    # A meeting scheduled in between becomes the next one.
    _schedule(client, border_management, "2020-11-16")
    november = Meeting.objects.get(date=dt.date(2020, 11, 16))
    assert _due(awaiting) == (november.pk, "day", None, dt.date(2020, 11, 16))


def test_moving_the_meeting_to_another_group_releases_the_items(
    client_as, border_management, awaiting
):
    client = client_as("secretariat")
    _schedule(client, border_management, "2020-12-03")
    december = Meeting.objects.get(date=dt.date(2020, 12, 3))
    protection = WorkingGroup.objects.get(slug="protection")
    _schedule(client, protection, "2020-12-03", meeting=december)
    # No next meeting any more: the item keeps its last date and waits for one.
    assert _due(awaiting) == (None, "day", None, dt.date(2020, 12, 3))


def test_other_groups_and_closed_items_are_left_alone(
    client_as, secretariat, border_management, september, awaiting
):
    closed = ActionItemFactory(
        resolution__meeting=september,
        due_at_next_meeting=True,
        due_precision=ActionItem.Precision.NONE,
        due_latest=None,
    )
    closed.close(by=secretariat, note="Presented by e-mail.")
    protection = WorkingGroup.objects.get(slug="protection")
    client = client_as("secretariat")
    _schedule(client, protection, "2020-12-03")
    assert _due(awaiting)[0] is None
    _schedule(client, border_management, "2020-12-03")
    assert _due(closed) == (None, "none", None, None)


def test_an_item_entered_after_the_next_meeting_is_scheduled_takes_its_date(
    client_as, border_management, september
):
    december = MeetingFactory(working_group=border_management, date=dt.date(2020, 12, 3))
    resolution = september.resolutions.create(number="3", text_en="Present advances.", order=1)
    client_as("secretariat").post(
        reverse("actions:action_item_create", args=[resolution.pk]),
        {
            "kind": "deliverable",
            "title_en": "Regional strategy: advances",
            "due_precision": "none",
            "due_at_next_meeting": "on",
            "to_working_group": "on",
        },
    )
    item = ActionItem.objects.get(resolution=resolution)
    assert _due(item) == (december.pk, "day", None, dt.date(2020, 12, 3))


def test_the_draft_agenda_lists_open_items_of_earlier_meetings_and_those_due_here(
    client_as, secretariat, border_management, september, awaiting
):
    august = MeetingFactory(working_group=border_management, date=dt.date(2020, 8, 10))
    ActionItemFactory(resolution__meeting=august, title="Still open from August")
    done = ActionItemFactory(resolution__meeting=august, title="Done in September")
    done.close(by=secretariat, note="Done.")
    ActionItemFactory(
        resolution__meeting__working_group=WorkingGroup.objects.get(slug="protection"),
        resolution__meeting__date=dt.date(2020, 8, 1),
        title="Another group's item",
    )
    _schedule(client_as("secretariat"), border_management, "2020-12-03")
    december = Meeting.objects.get(date=dt.date(2020, 12, 3))
    ActionItemFactory(resolution__meeting=december, title="Created at this meeting")
    response = client_as("manager").get(reverse("actions:meeting_detail", args=[december.pk]))
    agenda = response.context["agenda"]
    assert [(i.title, i.due_here) for i in agenda] == [
        ("Procedures manual: advances", True),
        ("Still open from August", False),
    ]
    assert "Due at this meeting" in response.content.decode()
