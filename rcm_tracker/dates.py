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
