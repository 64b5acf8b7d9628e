"""Badges of the compilation of comments: the secretariat's response, lateness."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rcm_tracker.html import badge

register = template.Library()

RESPONSE_COLOURS = {
    "accepted": "success",
    "accepted_in_part": "info",
    "not_accepted": "danger",
    "noted": "secondary",
}


@register.simple_tag
def response_badge(row):
    """The secretariat's response to a row, as text in a badge ("Not answered yet" when none)."""
    if not row.response:
        return badge("light border", _("Not answered yet"))
    return badge(RESPONSE_COLOURS[row.response], row.get_response_display())


@register.simple_tag
def late_badge(days: int):
    """Say "N days late" for the round, or nothing when on time."""
    if not days:
        return ""
    text = ngettext("Received %(days)d day late", "Received %(days)d days late", days) % {
        "days": days
    }
    return badge("warning", text)
