"""Badges for the state of a ledger row: text and colour, never colour alone."""

from __future__ import annotations

from django import template

from rcm_tracker.html import badge
from reminders.models import Status

register = template.Library()

STATUS_CSS = {
    Status.PLANNED: "info",
    Status.HELD: "light border",
    Status.SENDING: "info",
    Status.RETRY: "warning",
    Status.SENT: "success",
    Status.FAILED: "danger",
    Status.IN_DOUBT: "danger",
    Status.OBSOLETE: "secondary",
    Status.SUPERSEDED: "secondary",
}


@register.simple_tag
def delivery_badge(row):
    """The row's status as a badge."""
    return badge(STATUS_CSS.get(row.status, "secondary"), row.get_status_display())
