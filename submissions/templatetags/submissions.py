"""Badges of the parties' answers: a version's status, the secretariat's response, lateness."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
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


@register.simple_tag
def submission_badge(submission):
    """Draft / submitted (late or not) / acknowledged / returned for revision, as text."""
    status = submission.status
    if status == "draft":
        return badge("secondary", _("Draft"))
    if status == "acknowledged":
        shown = badge("success", _("Acknowledged"))
    elif status == "returned":
        shown = badge("warning", _("Returned for revision"))
    else:
        shown = badge("info", _("Submitted"))
    if submission.late_days:
        late = ngettext("%(days)d day late", "%(days)d days late", submission.late_days) % {
            "days": submission.late_days
        }
        return format_html("{} {}", shown, badge("warning", late))
    return shown
