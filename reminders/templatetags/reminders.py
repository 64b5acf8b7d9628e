"""Badges for the state of a ledger row: text and colour, never colour alone."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext, ngettext

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


GAVE_UP = re.compile(r"Gave up after (\d+) attempts\.")
SMTP_REPLY = re.compile(r"(.*?)( \(SMTP \d{3}\))?")


@register.filter
def delivery_error(text: str) -> str:
    """Why a row was not sent (stored in English by reminders.services), translated.

    An SMTP reply code, when the server gave one, is kept as it is: it is what
    the mail administrator asks for.
    """
    match = SMTP_REPLY.fullmatch(text or "")
    if match is None:  # not one of the reasons reminders.services stores
        return text
    reason, reply = match.group(1), match.group(2) or ""
    attempts = GAVE_UP.fullmatch(reason)
    if attempts:
        count = int(attempts.group(1))
        reason = ngettext(
            "Gave up after %(attempts)d attempt.", "Gave up after %(attempts)d attempts.", count
        ) % {"attempts": count}
    else:
        reason = gettext(reason)
    return reason + reply
