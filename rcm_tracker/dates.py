"""Deadline arithmetic in the configured time zone.

A deadline is a day: an obligation due on 28 October is on time until the end
of 28 October in settings.TIME_ZONE, and overdue from the first moment of
29 October there.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_today() -> dt.date:
    """Today's date in the configured time zone."""
    return timezone.localdate()


def late_days(when: dt.datetime, due_latest: dt.date | None) -> int:
    """Whole days by which `when` falls after the due day (0 when on time or undated)."""
    if due_latest is None:
        return 0
    return max(0, (timezone.localdate(when) - due_latest).days)


def days_overdue(due_latest: dt.date | None, today: dt.date | None = None) -> int:
    """Whole days since the due day ended (0 when not overdue)."""
    if due_latest is None:
        return 0
    return max(0, ((today or local_today()) - due_latest).days)


def start_of_day(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the configured time zone.

    At the ends of the calendar (year 1, year 9999) that moment may fall outside
    what a datetime can hold in UTC, as databases store it: the first or last
    moment a datetime can hold stands for it.
    """
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    try:
        moment.astimezone(dt.UTC)
    except OverflowError:
        extreme = dt.datetime.max if day.year > 1 else dt.datetime.min
        return extreme.replace(tzinfo=dt.UTC)
    return moment


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes from the start of `first` to the start of the day after `last`.

    Filter with `__gte` the first and `__lt` the second, so an index on the
    timestamp serves the query (a `__date` lookup would not). After the last
    day a date can hold comes the last moment a datetime can.
    """
    if last >= dt.date.max:
        return start_of_day(first), dt.datetime.max.replace(tzinfo=dt.UTC)
    return start_of_day(first), start_of_day(last + dt.timedelta(days=1))
