"""How meetings and action items are shown: statuses, dates, responsible parties, the PPT."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rcm_tracker.html import badge

register = template.Library()

STATUS_CSS = {
    "open": "primary",
    "in_progress": "info",
    "done": "success",
    "cancelled": "secondary",
    "draft": "warning",
    "published": "success",
}


@register.simple_tag
def status_badge(obj):
    """The stored status of an item or meeting as a badge carrying its text."""
    return badge(STATUS_CSS.get(obj.status, "light"), obj.get_status_display())


@register.filter
def meeting_dates(meeting) -> str:
    """28 Sep 2020, or "1 Dec 2020 to 3 Dec 2020" for a meeting of several days."""
    first = date_format(meeting.date, "DATE_FORMAT")
    if meeting.end_date and meeting.end_date != meeting.date:
        return _("%(first)s to %(last)s") % {
            "first": first,
            "last": date_format(meeting.end_date, "DATE_FORMAT"),
        }
    return first


@register.simple_tag
def responsible(item, presidencies=None) -> str:
    """Everyone responsible for `item`, comma-separated ("PPT (Guatemala)" with presidencies)."""
    return ", ".join(item.responsible_labels(presidencies)) or "—"


@register.simple_tag
def ppt_history(holders) -> str:
    """“PPT (Guatemala, since 30 Jun 2021; before: Costa Rica)” from an item's PPT holders."""
    if not holders:
        return _("PPT")
    current, earlier = holders[-1], holders[:-1]
    if not earlier:
        return _("PPT (%(country)s)") % {"country": current.country.name}
    return _("PPT (%(country)s, since %(day)s; before: %(earlier)s)") % {
        "country": current.country.name,
        "day": date_format(current.starts_on, "DATE_FORMAT"),
        "earlier": ", ".join(p.country.name for p in earlier),
    }
