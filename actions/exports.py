"""CSV and XLSX of any action-item queryset.

`action_items_csv(queryset)` and `action_items_xlsx(queryset)` take an
ActionItem queryset already filtered and narrowed to what the user may see
(the list's FilterSet over `visible_to`) and return a download; they add
what they read (`for_list()`) themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rcm_tracker.dates import days_overdue, local_today
from rcm_tracker.exports import add_sheet, csv_response, filename, new_workbook, xlsx_response

from .models import ActionItemQuerySet
from .templatetags.deadlines import item_badge

EXPORT_FORMATS = ("csv", "xlsx")


def action_item_header() -> list[str]:
    return [
        _("Id"),
        _("Title"),
        _("Kind"),
        _("Working group"),
        _("Meeting date"),
        _("Resolution"),
        _("Responsible"),
        _("Due (as worded)"),
        _("Due from"),
        _("Due by"),
        _("Status"),
        _("State"),
        _("Days late"),
        _("Days overdue"),
        _("Parties still owing"),
        _("Parties addressed"),
        _("Closed on"),
    ]


def action_item_rows(items: ActionItemQuerySet) -> Iterable[list[object]]:
    """One row per item: its deadline, state ("Done, 3 days late") and who still owes it."""
    today = local_today()
    for item in items.for_list().ordered_by_due():
        meeting = item.resolution.meeting
        yield [
            item.pk,
            item.title.plain(),
            item.get_kind_display(),
            meeting.working_group.name,
            meeting.date,
            item.resolution.number,
            "; ".join(item.responsible_labels()),
            item.due_text.plain(),
            item.due_earliest,
            item.due_latest,
            item.get_status_display(),
            strip_tags(item_badge(item)),
            item.late_days if item.status == item.Status.DONE else None,
            days_overdue(item.due_latest, today) if item.is_open else None,
            item.owing_count,
            item.party_count,
            timezone.localdate(item.closed_at) if item.closed_at else None,
        ]


def action_items_stem() -> str:
    return pgettext("file name", "rcm-action-items")


def action_items_csv(items: ActionItemQuerySet, stem: str | None = None) -> HttpResponse:
    name = filename(stem or action_items_stem(), "csv")
    return csv_response(name, action_item_header(), action_item_rows(items))


def action_items_xlsx(items: ActionItemQuerySet, stem: str | None = None) -> HttpResponse:
    workbook = new_workbook()
    add_sheet(workbook, _("Action items"), action_item_header(), action_item_rows(items))
    return xlsx_response(filename(stem or action_items_stem(), "xlsx"), workbook)
