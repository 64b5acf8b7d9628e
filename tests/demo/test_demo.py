"""`load_demo`: the sample report entered by hand, idempotent, shiftable to today."""

import datetime as dt

import pytest
from django.core.management import call_command

from accounts.models import User
from actions.models import ActionItem, Meeting, Obligation, Resolution
from demo.demo import SAMPLE_TITLE
from members.models import FocalPoint
from submissions.models import Submission

pytestmark = pytest.mark.django_db


def _sample() -> Meeting:
    return Meeting.objects.get(title_en=SAMPLE_TITLE)


def test_sample_meeting_matches_the_report():
    call_command("load_demo")
    meeting = _sample()
    assert meeting.date == dt.date(2020, 9, 28)
    assert meeting.working_group.name_en == "Working Group on Border Management"
    assert sorted(meeting.participants.values_list("code", flat=True)) == sorted(
        ["CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
    )
    assert sorted(meeting.observers.values_list("acronym", flat=True)) == ["IOM", "UNODC"]
    numbers = list(Resolution.objects.filter(meeting=meeting).values_list("number", flat=True))
    assert numbers == [
        "1", "1.a", "1.b", "2", "2.a", "2.b", "2.c", "2.d",
        "3", "3.a", "3.b", "3.c", "3.d", "4", "5",
    ]  # fmt: skip
    assert Resolution.objects.get(meeting=meeting, number="2.c").parent.number == "2"
    items = ActionItem.objects.filter(resolution__meeting=meeting)
    assert dict(items.values_list("resolution__number", "kind")) == {
        "1.b": "information_request",
        "2.a": "comment_request",
        "2.b": "comment_request",
        "2.c": "comment_request",
        "2.d": "comment_request",
        "3.a": "event",
        "3.b": "deliverable",
        "3.c": "deliverable",
        "3.d": "meeting",
        "5": "event",
    }
    assert items.get(resolution__number="2.a").due_latest == dt.date(2020, 10, 28)
    first_week = items.get(resolution__number="3.b")
    assert (first_week.due_earliest, first_week.due_latest) == (
        dt.date(2020, 12, 1),
        dt.date(2020, 12, 7),
    )
    assert items.get(resolution__number="3.d").recurrence == "quarterly"
    # 5 items addressed to the 11 member countries, 2 deliverables to IOM and UNODC.
    obligations = Obligation.objects.filter(action_item__resolution__meeting=meeting)
    assert obligations.filter(country__isnull=False).count() == 55
    assert obligations.filter(organisation__isnull=False).count() == 4
    assert items.get(resolution__number="2.d").documents.get().versions.count() == 1


def test_demo_users_and_submissions():
    call_command("load_demo")
    assert User.objects.get(email="secretariat@example.org").is_secretariat
    assert User.objects.get(email="manager@example.org").is_manager
    demo_focal_points = FocalPoint.objects.filter(user__email__endswith="@example.org")
    assert demo_focal_points.filter(country__isnull=False).count() == 11
    assert User.objects.get(email="focal.cr@example.org").check_password("demo-password")
    assert FocalPoint.objects.get(user__email="focal.iom@example.org").organisation.acronym == "IOM"
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "acknowledged"} <= statuses
    assert Submission.objects.values("obligation__country").distinct().count() >= 3


def test_loading_twice_creates_nothing_new_and_keeps_changes():
    call_command("load_demo", "--shift-to-today")
    meeting = _sample()
    meeting.place_en = "Changed by the secretariat"
    meeting.save()
    counts = [m.objects.count() for m in (Meeting, Resolution, ActionItem, Obligation, Submission)]
    call_command("load_demo", "--shift-to-today")
    assert [
        m.objects.count() for m in (Meeting, Resolution, ActionItem, Obligation, Submission)
    ] == counts
    assert _sample().place == "Changed by the secretariat"


def test_shift_to_today_keeps_every_interval():
    call_command("load_demo", "--shift-to-today", "--today", "2026-11-29")
    meeting = _sample()
    assert meeting.date == dt.date(2026, 11, 8)
    item = ActionItem.objects.get(resolution__meeting=meeting, resolution__number="2.a")
    assert item.due_latest - meeting.date == dt.timedelta(days=30)
    window = ActionItem.objects.get(resolution__meeting=meeting, resolution__number="3.b")
    assert window.due_latest - window.due_earliest == dt.timedelta(days=6)
    # The demo shows something overdue, something due soon and something done late.
    today = dt.date(2026, 11, 29)
    assert ActionItem.objects.overdue(today).exists()
    assert ActionItem.objects.open().due_between(today, today + dt.timedelta(days=14)).exists()
    assert ActionItem.objects.filter(status="done", late_days__gt=0).exists()
