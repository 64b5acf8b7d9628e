"""Calendar periods for dashboards: quarters, months, and day ranges as time bounds.

Deadlines are days in settings.TIME_ZONE (rcm_tracker/dates.py); a period
from one day to another covers both days whole, in that zone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rcm_tracker.months import add_months


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter holding `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: dt.date) -> dt.date:
    """The first day of the quarter after the one starting on `start`."""
    return add_months(start, 3)


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the quarter holding `day`."""
    first = quarter_start(day)
    return first, next_quarter(first) - dt.timedelta(days=1)


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month that overlaps first..last."""
    month, months = first.replace(day=1), []
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def quarter_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every quarter that overlaps first..last."""
    quarter, quarters = quarter_start(first), []
    while quarter <= last:
        quarters.append(quarter)
        quarter = next_quarter(quarter)
    return quarters


def as_local_date(value: dt.date | dt.datetime) -> dt.date:
    """A truncated date or datetime from the database, as a date in the configured zone."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
