"""The reminder policy as pure functions: which moment, which kind, to whom, on which local day."""

from __future__ import annotations

import datetime as dt

import pytest

from reminders import policy
from reminders.policy import Contact, Slot

D = dt.date


def kinds_and_days(deadline, offsets=(14, 7, 1, 0)):
    return [(s.kind, s.due_on) for s in policy.slots(deadline, offsets)]


def test_default_slots_are_14_7_1_days_before_the_day_and_four_weekly_overdue_notices():
    assert kinds_and_days(D(2020, 10, 28)) == [
        ("before_14", D(2020, 10, 14)),
        ("before_7", D(2020, 10, 21)),
        ("before_1", D(2020, 10, 27)),
        ("due_today", D(2020, 10, 28)),
        ("overdue_1", D(2020, 11, 4)),
        ("overdue_2", D(2020, 11, 11)),
        ("overdue_3", D(2020, 11, 18)),
        ("overdue_4", D(2020, 11, 25)),
    ]


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        # Across February in a leap year and in a common year.
        (D(2020, 3, 1), {"before_14": D(2020, 2, 16), "before_1": D(2020, 2, 29)}),
        (D(2021, 3, 1), {"before_14": D(2021, 2, 15), "before_1": D(2021, 2, 28)}),
        # Across a year end, before and after the deadline.
        (D(2021, 1, 3), {"before_7": D(2020, 12, 27), "overdue_4": D(2021, 1, 31)}),
        (D(2020, 12, 31), {"due_today": D(2020, 12, 31), "overdue_1": D(2021, 1, 7)}),
        # From a 31-day month into a 30-day one.
        (D(2021, 4, 30), {"overdue_1": D(2021, 5, 7), "before_14": D(2021, 4, 16)}),
    ],
)
def test_slots_across_month_and_year_ends(deadline, expected):
    days = dict(kinds_and_days(deadline))
    assert {kind: days[kind] for kind in expected} == expected


def _live_kind(deadline, day, offsets=(14, 7, 1, 0)):
    slot = policy.live_slot(deadline, offsets, day)
    return slot.kind if slot else None


@pytest.mark.parametrize(
    ("days_from_deadline", "kind"),
    [
        (-20, None),
        (-15, None),
        (-14, "before_14"),
        (-8, "before_14"),
        (-7, "before_7"),
        (-2, "before_7"),
        (-1, "before_1"),
        (0, "due_today"),
        # Overdue from the next day, but the first overdue notice is a week later.
        (1, None),
        (6, None),
        (7, "overdue_1"),
        (13, "overdue_1"),
        (14, "overdue_2"),
        (28, "overdue_4"),
        (34, "overdue_4"),
        # At most four overdue notices.
        (35, None),
        (100, None),
    ],
)
def test_the_live_slot_is_the_latest_one_due_and_not_yet_overtaken(days_from_deadline, kind):
    deadline = D(2021, 3, 1)
    day = deadline + dt.timedelta(days=days_from_deadline)
    assert _live_kind(deadline, day) == kind


def test_at_most_one_slot_is_live_on_any_day():
    deadline = D(2021, 3, 1)
    for offset in range(-30, 60):
        day = deadline + dt.timedelta(days=offset)
        assert sum(s.is_live_on(day) for s in policy.slots(deadline, (14, 7, 1, 0))) <= 1


def test_a_reminder_before_the_deadline_never_goes_out_after_it():
    # Only a 7-day reminder: it must not be sent late, when the deadline has passed.
    deadline = D(2021, 3, 1)
    assert _live_kind(deadline, D(2021, 3, 1), offsets=(7,)) == "before_7"
    assert _live_kind(deadline, D(2021, 3, 2), offsets=(7,)) is None


@pytest.mark.parametrize(
    ("item_offsets", "expected"),
    [
        (None, (14, 7, 1, 0)),
        ([], ()),
        ([3], (3,)),
        ([0, 30, 30], (30, 0)),
        # Not whole days within a year: ignored.
        (["7", -1, True, 400, 2.5, 2], (2,)),
        ({"days": 3}, (14, 7, 1, 0)),
    ],
)
def test_offsets_come_from_the_item_or_the_settings(item_offsets, expected):
    assert policy.offsets_for(item_offsets) == expected


def test_no_offsets_means_no_reminders_at_all_not_even_overdue_notices():
    assert policy.slots(D(2021, 3, 1), ()) == []


def test_custom_offsets_keep_the_overdue_notices():
    assert kinds_and_days(D(2021, 3, 1), offsets=(3,))[:2] == [
        ("before_3", D(2021, 2, 26)),
        ("overdue_1", D(2021, 3, 8)),
    ]


def test_offsets_and_overdue_notices_follow_the_settings(settings):
    settings.REMINDER_OFFSETS_DAYS = [2]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 3
    settings.REMINDER_OVERDUE_MAX = 2
    offsets = policy.offsets_for(None)
    assert kinds_and_days(D(2021, 3, 1), offsets) == [
        ("before_2", D(2021, 2, 27)),
        ("overdue_1", D(2021, 3, 4)),
        ("overdue_2", D(2021, 3, 7)),
    ]
    assert policy.live_slot(D(2021, 3, 1), offsets, D(2021, 3, 10)) is None


PRIMARY, ALTERNATE = Contact(1, "primary"), Contact(2, "alternate")
BEFORE = Slot("before_7", D(2021, 2, 22), D(2021, 2, 28))


def _overdue(number):
    return Slot(f"overdue_{number}", D(2021, 3, 1), D(2021, 3, 8), number)


def test_the_primary_focal_point_is_reminded_and_alternates_copied_from_the_second_overdue():
    assert policy.recipients([PRIMARY, ALTERNATE], BEFORE) == [(1, False)]
    assert policy.recipients([PRIMARY, ALTERNATE], _overdue(1)) == [(1, False)]
    assert policy.recipients([PRIMARY, ALTERNATE], _overdue(2)) == [(1, False), (2, True)]
    assert policy.recipients([PRIMARY, ALTERNATE], _overdue(4)) == [(1, False), (2, True)]


def test_a_party_without_a_primary_has_its_alternates_reminded():
    assert policy.recipients([ALTERNATE], BEFORE) == [(2, False)]
    assert policy.recipients([], BEFORE) == []


@pytest.mark.parametrize(
    ("zone", "utc", "day"),
    [
        # New York, spring forward on Sunday 14 March 2021: 08:00 EDT is 12:00 UTC ...
        ("America/New_York", dt.datetime(2021, 3, 14, 11, 59), D(2021, 3, 13)),
        ("America/New_York", dt.datetime(2021, 3, 14, 12, 0), D(2021, 3, 14)),
        # ... the day before, 08:00 EST is 13:00 UTC.
        ("America/New_York", dt.datetime(2021, 3, 13, 12, 30), D(2021, 3, 12)),
        ("America/New_York", dt.datetime(2021, 3, 13, 13, 0), D(2021, 3, 13)),
        # Fall back on Sunday 7 November 2021: 08:00 EST is 13:00 UTC.
        ("America/New_York", dt.datetime(2021, 11, 7, 12, 30), D(2021, 11, 6)),
        ("America/New_York", dt.datetime(2021, 11, 7, 13, 0), D(2021, 11, 7)),
        # Mexico City kept daylight-saving time until 2022 (from 4 April 2021).
        ("America/Mexico_City", dt.datetime(2021, 4, 3, 13, 59), D(2021, 4, 2)),
        ("America/Mexico_City", dt.datetime(2021, 4, 3, 14, 0), D(2021, 4, 3)),
        ("America/Mexico_City", dt.datetime(2021, 4, 4, 12, 59), D(2021, 4, 3)),
        ("America/Mexico_City", dt.datetime(2021, 4, 4, 13, 0), D(2021, 4, 4)),
        # The same instant is another day on the other side of the world.
        ("Asia/Tokyo", dt.datetime(2021, 2, 28, 23, 30), D(2021, 3, 1)),
        ("America/Costa_Rica", dt.datetime(2021, 2, 28, 23, 30), D(2021, 2, 28)),
    ],
)
def test_the_reminder_day_is_the_local_day_from_the_sending_hour(settings, zone, utc, day):
    settings.TIME_ZONE = zone
    assert policy.reminder_day(utc.replace(tzinfo=dt.UTC)) == day


def test_with_sending_hour_zero_the_day_starts_at_local_midnight(settings):
    settings.TIME_ZONE = "America/New_York"
    settings.REMINDER_SEND_HOUR = 0
    # 00:00 EDT on 15 March 2021 is 04:00 UTC; one minute earlier is still the 14th.
    assert policy.reminder_day(dt.datetime(2021, 3, 15, 4, 0, tzinfo=dt.UTC)) == D(2021, 3, 15)
    assert policy.reminder_day(dt.datetime(2021, 3, 15, 3, 59, tzinfo=dt.UTC)) == D(2021, 3, 14)


def test_kind_labels():
    assert policy.kind_label("before_7") == "7 days before"
    assert policy.kind_label("before_1") == "1 day before"
    assert policy.kind_label("due_today") == "On the day"
    assert policy.kind_label("overdue_2") == "Overdue notice 2"


def test_deadline_window_covers_every_live_slot_with_the_default_offsets():
    day = D(2021, 3, 1)
    earliest, latest = policy.deadline_window(day)
    offsets = policy.offsets_for(None)
    for offset in range(-60, 60):
        deadline = day + dt.timedelta(days=offset)
        if policy.live_slot(deadline, offsets, day) is not None:
            assert earliest <= deadline <= latest
    assert policy.live_slot(earliest, offsets, day) is not None
    assert policy.live_slot(latest, offsets, day) is not None
