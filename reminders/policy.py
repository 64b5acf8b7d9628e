"""When a reminder falls due and to whom: the reminder policy, as pure functions.

An obligation's deadline is a day (`ActionItem.due_latest`) in settings.TIME_ZONE.
By default its party is reminded 14, 7 and 1 days before that day, on the day,
then every 7 days while it is overdue, at most 4 times. Each of those moments
is a *slot*. On any day at most one slot of an obligation is *live*: the latest
one that has fallen due and has not been overtaken by the next. The sweep only
ever plans the live slot, so after an outage one reminder goes out per
obligation, not a burst of stale ones.

Nothing here touches the database: the sweep feeds it plain values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ON_THE_DAY = "due_today"
BEFORE_PREFIX = "before_"
OVERDUE_PREFIX = "overdue_"
# Offsets beyond a year are typing mistakes, not reminders.
MAX_OFFSET_DAYS = 366
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    """One reminder moment of one deadline.

    `due_on` is the local day it falls due; it stays live until the day
    before `live_until`. `overdue_number` counts overdue notices (0 before
    and on the deadline).
    """

    kind: str
    due_on: dt.date
    live_until: dt.date
    overdue_number: int = 0

    @property
    def escalated(self) -> bool:
        """From the configured overdue notice on, alternates are copied."""
        return self.overdue_number >= settings.REMINDER_ESCALATE_FROM

    def is_live_on(self, day: dt.date) -> bool:
        return self.due_on <= day < self.live_until


@dataclass(frozen=True)
class Contact:
    """An active focal point of a party, as far as the policy needs to know."""

    user_id: int
    kind: str  # FocalPoint.Kind: "primary" or "alternate"


def offsets_for(item_offsets: object) -> tuple[int, ...]:
    """The days before the deadline to remind, latest reminder last.

    `item_offsets` is `ActionItem.reminder_offsets`: None means the default
    (settings.REMINDER_OFFSETS_DAYS), an empty list means no reminders at all.
    Entries that are not whole days between 0 and a year are ignored.
    """
    raw = settings.REMINDER_OFFSETS_DAYS if item_offsets is None else item_offsets
    if not isinstance(raw, list | tuple):
        raw = settings.REMINDER_OFFSETS_DAYS
    days = {
        value
        for value in raw
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_OFFSET_DAYS
    }
    return tuple(sorted(days, reverse=True))


def slots(deadline: dt.date, offsets: Iterable[int]) -> list[Slot]:
    """Every reminder moment of `deadline`, in order.

    No offsets means no reminders, overdue notices included. A reminder
    before the deadline stays live at most until the deadline has passed.
    """
    offsets = tuple(offsets)
    if not offsets:
        return []
    every = dt.timedelta(days=settings.REMINDER_OVERDUE_EVERY_DAYS)
    points = [
        (ON_THE_DAY if days == 0 else f"{BEFORE_PREFIX}{days}", deadline - days * ONE_DAY, 0)
        for days in offsets
    ]
    points += [
        (f"{OVERDUE_PREFIX}{number}", deadline + number * every, number)
        for number in range(1, settings.REMINDER_OVERDUE_MAX + 1)
    ]
    result = []
    for index, (kind, due_on, number) in enumerate(points):
        live_until = points[index + 1][1] if index + 1 < len(points) else due_on + every
        if number == 0:
            live_until = min(live_until, deadline + ONE_DAY)
        result.append(Slot(kind, due_on, live_until, number))
    return result


def live_slot(deadline: dt.date, offsets: Iterable[int], day: dt.date) -> Slot | None:
    """The slot to send on `day`, if any: the latest one due and not yet overtaken."""
    for slot in slots(deadline, offsets):
        if slot.is_live_on(day):
            return slot
    return None


def slots_between(
    deadline: dt.date, offsets: Iterable[int], first: dt.date, last: dt.date
) -> list[Slot]:
    """The slots falling due from `first` to `last` (both included)."""
    return [slot for slot in slots(deadline, offsets) if first <= slot.due_on <= last]


def deadline_window(day: dt.date, *, ahead: int = 0) -> tuple[dt.date, dt.date]:
    """The deadlines that can have a live slot from `day` to `day + ahead` with the default offsets.

    Items with their own offsets may remind earlier: the sweep reads those
    whatever their deadline.
    """
    every, count = settings.REMINDER_OVERDUE_EVERY_DAYS, settings.REMINDER_OVERDUE_MAX
    after = every * (count + 1) - 1 if count else 0
    before = max(offsets_for(None), default=0)
    return day - after * ONE_DAY, day + (ahead + before) * ONE_DAY


def recipients(contacts: Iterable[Contact], slot: Slot) -> list[tuple[int, bool]]:
    """Who gets `slot`: (user id, copied) pairs.

    The primary focal point is reminded; a party without an active primary
    has its alternates reminded instead. From the escalation notice on, the
    alternates of a party with a primary are copied.
    """
    contacts = list(contacts)
    primaries = [c.user_id for c in contacts if c.kind == "primary"]
    alternates = [c.user_id for c in contacts if c.kind != "primary"]
    if not primaries:
        return [(user_id, False) for user_id in alternates]
    copied = [(user_id, True) for user_id in alternates] if slot.escalated else []
    return [(user_id, False) for user_id in primaries] + copied


def reminder_day(now: dt.datetime) -> dt.date:
    """The local day whose reminders are due at `now`.

    Reminders of a day go out from settings.REMINDER_SEND_HOUR local time
    on; before that hour it is still the previous day's turn. Wall-clock time
    in the configured zone, so daylight-saving changes move nothing.
    """
    local = timezone.localtime(now)
    if local.hour < settings.REMINDER_SEND_HOUR:
        return local.date() - ONE_DAY
    return local.date()


def kind_label(kind: str) -> str:
    """The kind of a reminder in words, in the active language."""
    if kind == ON_THE_DAY:
        return _("On the day")
    if kind.startswith(BEFORE_PREFIX):
        days = int(kind.removeprefix(BEFORE_PREFIX))
        return ngettext("%(days)d day before", "%(days)d days before", days) % {"days": days}
    if kind.startswith(OVERDUE_PREFIX):
        number = int(kind.removeprefix(OVERDUE_PREFIX))
        return _("Overdue notice %(number)d") % {"number": number}
    return kind


def overdue_number(kind: str) -> int:
    return int(kind.removeprefix(OVERDUE_PREFIX)) if kind.startswith(OVERDUE_PREFIX) else 0
