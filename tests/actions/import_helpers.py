"""Helpers of the report-import tests: the sample report and a comparable view of a meeting."""

from __future__ import annotations

from pathlib import Path

from actions.models import ActionItem, Meeting, Obligation

ROOT = Path(__file__).resolve().parents[2]
# The same file as ../shared/reports/border-management_2020-09-28.txt (the demo's source).
SAMPLE = ROOT / "tests" / "importer" / "fixtures" / "border-management_2020-09-28.txt"
SAMPLE_ES = ROOT / "tests" / "importer" / "fixtures" / "border-management_2020-09-28_es.md"


def comparable(meeting: Meeting) -> dict:
    """What the report says about a meeting, without ids, timestamps, titles or status.

    Item titles are the secretariat's wording (the importer's are shorter);
    everything else must be what the report says.
    """
    resolutions = meeting.resolutions.select_related("parent").order_by("order")
    items = ActionItem.objects.filter(resolution__meeting=meeting).select_related("resolution")
    obligations = Obligation.objects.filter(
        action_item__resolution__meeting=meeting
    ).select_related("action_item__resolution", "country", "organisation")
    return {
        "meeting": (
            meeting.working_group.slug,
            meeting.title,
            meeting.date,
            meeting.end_date,
            meeting.modality,
            meeting.place,
            str(meeting.presidency),
            sorted(meeting.participants.values_list("code", flat=True)),
            sorted(meeting.observers.values_list("acronym", flat=True)),
        ),
        "resolutions": [
            (r.number, r.parent.number if r.parent else None, r.text, r.order) for r in resolutions
        ],
        "items": sorted(
            (
                i.resolution.number,
                i.kind,
                i.source_text,
                i.due_precision,
                i.due_earliest,
                i.due_latest,
                i.due_text,
                i.due_at_next_meeting,
                i.recurrence,
                i.to_member_countries,
                i.to_ppt,
                i.to_technical_secretariat,
                i.to_working_group,
                i.status,
            )
            for i in items
        ),
        "obligations": sorted(
            (
                o.action_item.resolution.number,
                o.country.code if o.country_id else o.organisation.acronym,
                o.removed_at is None,
            )
            for o in obligations
        ),
    }


def obligation_counts(meeting: Meeting) -> tuple[int, int]:
    """(country obligations, organisation obligations) of a meeting's items."""
    obligations = Obligation.objects.filter(action_item__resolution__meeting=meeting)
    return (
        obligations.filter(country__isnull=False).count(),
        obligations.filter(organisation__isnull=False).count(),
    )
