"""History: who changed what and when, field by field, on the detail pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from actions.history import action_item_history, history_entries, meeting_history
from actions.models import ActionItem, Meeting
from members.models import Country, Organisation
from tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _changes(entry) -> dict[str, tuple[str, str]]:
    return {c.field: (c.old, c.new) for c in entry.changes}


def test_item_changes_are_recorded_field_by_field_with_who_and_when(
    client_as, secretariat, members_item
):
    client = client_as("secretariat")
    client.post(
        reverse("actions:action_item_status", args=[members_item.pk]),
        {"status": "done", "note": "Compiled and circulated."},
    )
    page = client.get(reverse("actions:action_item_detail", args=[members_item.pk]))
    latest = page.context["history"][0]
    assert latest.user == secretariat
    assert latest.action == "~"
    assert latest.subject == "Action item “Comments on the inventory”"
    changes = _changes(latest)
    assert changes["status"] == ("Open", "Done")
    assert changes["completion or cancellation note"] == ("—", "Compiled and circulated.")
    assert changes["closed by"] == ("—", str(secretariat))
    html = page.content.decode()
    assert "Compiled and circulated." in html
    assert "Status" in html and "Open" in html


def test_obligations_added_and_removed_appear_in_the_items_history(
    client_as, secretariat, members_item
):
    client_as("secretariat").post(
        reverse("actions:action_item_edit", args=[members_item.pk]),
        {
            "kind": members_item.kind,
            "title_en": members_item.title,
            "due_precision": "day",
            "due_latest": "2020-10-28",
            "countries": [Country.objects.get(code="CR").pk],
            "organisations": [Organisation.objects.get(acronym="IOM").pk],
            "revision": members_item.revision,
        },
    )
    entries = action_item_history(members_item, secretariat)
    deleted = {e.subject for e in entries if e.action == "-"}
    assert "Obligation of Mexico" in deleted
    assert "Obligation of Costa Rica" not in deleted
    created = [e for e in entries if e.action == "+" and e.subject == "Obligation of IOM"]
    assert created and created[0].user == secretariat
    item_change = next(
        e for e in entries if e.subject.startswith("Action item") and e.action == "~"
    )
    assert _changes(item_change)["all member countries"] == ("yes", "no")


def test_creating_a_meeting_is_one_entry_naming_its_participants(
    client_as, secretariat, border_management
):
    client_as("secretariat").post(
        reverse("actions:meeting_create"),
        {
            "working_group": border_management.pk,
            "date": "2020-09-28",
            "modality": "virtual",
            "participants": [c.pk for c in Country.objects.filter(code__in=["CR", "MX"])],
            "observers": [Organisation.objects.get(acronym="IOM").pk],
        },
    )
    meeting = Meeting.objects.get()
    (entry,) = meeting_history(meeting)
    assert (entry.action, entry.user) == ("+", secretariat)
    changes = _changes(entry)
    assert changes["participating countries"] == ("—", "Costa Rica, Mexico")
    assert changes["observer organisations"] == ("—", "IOM")


def test_a_moved_meeting_shows_old_and_new_dates(client_as, border_management):
    meeting = MeetingFactory(working_group=border_management, date=dt.date(2020, 12, 1))
    client_as("secretariat").post(
        reverse("actions:meeting_edit", args=[meeting.pk]),
        {
            "working_group": border_management.pk,
            "date": "2020-12-03",
            "modality": "virtual",
            "revision": meeting.revision,
        },
    )
    entry = meeting_history(meeting)[0]
    assert _changes(entry)["date"] == ("Dec. 1, 2020", "Dec. 3, 2020")


def test_focal_points_see_only_their_own_obligations_history(client_as, focal_cr, members_item):
    entries = action_item_history(members_item, focal_cr)
    obligation_subjects = {e.subject for e in entries if e.subject.startswith("Obligation")}
    assert obligation_subjects == {"Obligation of Costa Rica"}


def test_the_full_history_page_is_paginated(client_as, members_item, django_assert_num_queries):
    client = client_as("secretariat")
    url = reverse("actions:action_item_history", args=[members_item.pk])

    start = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)

    def rename(times):
        for n in range(times):
            # Ten minutes apart: separate changes, not one merged entry.
            with time_machine.travel(start + dt.timedelta(minutes=10 * n), tick=False):
                members_item.title_en = f"Title {n}"
                members_item.save()

    rename(5)
    start = dt.datetime(2030, 2, 1, tzinfo=dt.UTC)
    client.get(url)
    # 1 session, 2 user, 3 the item, history of 4 the item, 5 its obligations, 6 documents,
    # 7 versions, names in it of 8 countries, 9 documents
    with django_assert_num_queries(9) as small:
        response = client.get(url)
    assert response.context["page_obj"].paginator.count < 50
    rename(200)
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 50
    assert "Page 1 of" in response.content.decode()


def test_the_meeting_history_page_has_a_bounded_query_count(
    client_as, published_meeting, django_assert_num_queries
):
    client = client_as("manager")
    url = reverse("actions:meeting_history", args=[published_meeting.pk])

    def grow(count):
        for n in range(count):
            ActionItemFactory(resolution__meeting=published_meeting, title=f"Item {n}")

    grow(10)
    client.get(url)
    # 1 session, 2 user, 3 the meeting, history of 4 the meeting, 5 its participants, 6 its
    # observers, 7 its resolutions, 8 their items
    with django_assert_num_queries(8) as small:
        client.get(url)
    grow(190)
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_records_of_deleted_related_objects_are_named_as_deleted(secretariat, members_item):
    from actions.models import Resolution

    meeting = members_item.resolution.meeting
    original = members_item.resolution
    other = Resolution.objects.create(meeting=meeting, number="9", text_en="Moved here", order=9)
    with time_machine.travel(dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC), tick=False):
        members_item.resolution = other
        members_item.save()
    with time_machine.travel(dt.datetime(2030, 1, 2, 10, tzinfo=dt.UTC), tick=False):
        members_item.resolution = original
        members_item.save()
    other_pk = other.pk
    other.delete()
    entries = history_entries([ActionItem.history.filter(id=members_item.pk)])
    moves = [_changes(e)["resolution"] for e in entries if "resolution" in _changes(e)]
    assert moves == [
        (f"#{other_pk} (deleted)", str(original)),
        (str(original), f"#{other_pk} (deleted)"),
    ]


def test_changes_by_one_person_within_seconds_are_one_entry(members_item):
    members_item.title_en = "First"
    members_item.save()
    members_item.title_en = "Second"
    members_item.save()
    entries = history_entries([ActionItem.history.filter(id=members_item.pk)])
    assert _changes(entries[0])["title (English)"] == ("Comments on the inventory", "Second")
