"""Badges that say where an obligation or item stands against its deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rcm_tracker.dates import local_today
from rcm_tracker.html import badge

register = template.Library()


@register.simple_tag
def obligation_badge(obligation, today: date | None = None):
    """Due in N days / due today / overdue by N days / submitted / returned / acknowledged."""
    item = obligation.action_item
    if obligation.status == "acknowledged":
        return badge("success", _("Acknowledged"))
    if obligation.status == "submitted":
        if obligation.late_days:
            text = ngettext(
                "Submitted, %(days)d day late",
                "Submitted, %(days)d days late",
                obligation.late_days,
            ) % {"days": obligation.late_days}
            return badge("warning", text)
        return badge("success", _("Submitted"))
    prefix = _("Returned for revision") + " · " if obligation.status == "returned" else ""
    return due_badge_for(item, prefix=prefix, today=today)


@register.simple_tag
def item_badge(item):
    """Where an action item stands: done (late or not), cancelled, or its due badge."""
    if item.status == "done":
        if item.late_days:
            text = ngettext(
                "Done, %(days)d day late", "Done, %(days)d days late", item.late_days
            ) % {"days": item.late_days}
            return badge("warning", text)
        return badge("success", _("Done"))
    if item.status == "cancelled":
        return badge("secondary", _("Cancelled"))
    return due_badge_for(item)


def due_badge_for(item, prefix: str = "", today: date | None = None):
    if item.due_latest is None:
        return badge("light border", prefix + _("No date yet"))
    days = (item.due_latest - (today or local_today())).days
    if days < 0:
        text = ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", -days) % {
            "days": -days
        }
        return badge("danger", prefix + text)
    if days == 0:
        return badge("warning", prefix + _("Due today"))
    text = ngettext("Due in %(days)d day", "Due in %(days)d days", days) % {"days": days}
    return badge("info" if days > 7 else "warning", prefix + text)


@register.filter
def due_window(item, format_day: Callable[[date], str] = date_format) -> str:
    """The due window in words: "by 28 Oct 2020", "1 to 7 Dec 2020", or "date to be defined"."""
    if item.due_latest is None:
        return _("Date to be defined")
    latest = format_day(item.due_latest)
    if item.due_earliest and item.due_earliest != item.due_latest:
        return _("%(first)s to %(last)s") % {
            "first": format_day(item.due_earliest),
            "last": latest,
        }
    return _("by %(day)s") % {"day": latest}
