"""Done when: the sample report can be entered entirely through the pages.

Signed in as secretariat@example.org, the test enters the Border Management
report of 28 September 2020 (../shared/reports/border-management_2020-09-28.txt,
and its Spanish version)
with the pages only — meeting, 15 resolutions, 10 action items with their due
windows, the member countries' obligations, the documents — and compares the
result with the meeting `load_demo` entered by hand from the same report
(actions/demo.py holds the expected values).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import ActionItem, Meeting, Obligation, Resolution
from demo.demo import (
    DEMO_PASSWORD,
    DOCUMENTS_ES,
    SAMPLE_ITEMS,
    SAMPLE_MEETING_DATE,
    SAMPLE_RESOLUTIONS,
    SAMPLE_RESOLUTIONS_ES,
    SAMPLE_TITLE,
    SAMPLE_TITLE_ES,
    load_demo,
)
from members.models import Country, Organisation
from tests.helpers import docx_file

pytestmark = pytest.mark.django_db

PARTICIPANTS = ["CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
OBSERVERS = ["IOM", "UNODC"]


def snapshot(meeting: Meeting) -> dict:
    """Everything the report says, in comparable form (no ids, no timestamps)."""
    resolutions = meeting.resolutions.select_related("parent").order_by("order")
    items = ActionItem.objects.filter(resolution__meeting=meeting).select_related("resolution")
    obligations = Obligation.objects.filter(
        action_item__resolution__meeting=meeting
    ).select_related("action_item__resolution", "country", "organisation")
    return {
        "meeting": (
            meeting.working_group.slug,
            meeting.title_en,
            meeting.title_es,
            meeting.date,
            meeting.modality,
            meeting.place_en,
            meeting.place_es,
            meeting.status,
            str(meeting.presidency),
            sorted(meeting.participants.values_list("code", flat=True)),
            sorted(meeting.observers.values_list("acronym", flat=True)),
        ),
        "resolutions": [
            (r.number, r.parent.number if r.parent else None, r.text_en, r.text_es)
            for r in resolutions
        ],
        "items": sorted(
            (
                i.resolution.number,
                i.kind,
                i.title_en,
                i.title_es,
                i.description_en,
                i.description_es,
                i.source_text_en,
                i.source_text_es,
                i.due_precision,
                i.due_earliest,
                i.due_latest,
                i.due_text_en,
                i.due_text_es,
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
        "documents": sorted(
            (d.action_item.resolution.number, d.title_en, d.title_es, d.versions.count())
            for d in meeting_documents(meeting)
        ),
    }


def meeting_documents(meeting: Meeting):
    from actions.models import Document

    return Document.objects.filter(action_item__resolution__meeting=meeting).select_related(
        "action_item__resolution"
    )


def _item_data(spec, resolution: Resolution, form_initial: dict) -> dict:
    """What the secretariat types for one item: the report's words, the window as said."""
    data = {
        "kind": spec.kind,
        "title_en": spec.title,
        "title_es": spec.title_es,
        "description_en": spec.description,
        "description_es": spec.description_es,
        "source_text_en": form_initial["source_text_en"],
        "source_text_es": form_initial["source_text_es"],
        "due_precision": spec.precision,
        "due_text_en": spec.due_text,
        "due_text_es": spec.due_text_es,
        "recurrence": spec.recurrence,
        "organisations": [
            o.pk for o in Organisation.objects.filter(acronym__in=spec.organisations)
        ],
    }
    if spec.precision == ActionItem.Precision.MONTH:
        # "in November": any day of the month gives the whole month.
        data["due_latest"] = (spec.latest - dt.timedelta(days=10)).isoformat()
    elif spec.precision == ActionItem.Precision.WEEK:
        # "the first week of December": its first day gives the week.
        data["due_earliest"] = spec.earliest.isoformat()
    elif spec.latest:
        data["due_latest"] = spec.latest.isoformat()
    for flag, value in [
        ("due_at_next_meeting", spec.at_next_meeting),
        ("to_member_countries", spec.member_countries),
        ("to_ppt", spec.to_ppt),
        ("to_working_group", spec.to_working_group),
    ]:
        if value:
            data[flag] = "on"
    return data


def test_the_sample_report_entered_through_the_pages_matches_the_hand_entered_demo(client):
    load_demo()  # The reference: the same report entered by hand; also creates the demo users.
    reference = Meeting.objects.get(title_en=SAMPLE_TITLE)

    # Sign in through the login page.
    response = client.post(
        reverse("login"), {"username": "secretariat@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302

    # 1. The meeting.
    assert client.get(reverse("actions:meeting_create")).status_code == 200
    response = client.post(
        reverse("actions:meeting_create"),
        {
            "working_group": reference.working_group_id,
            "title_en": SAMPLE_TITLE,
            "title_es": SAMPLE_TITLE_ES,
            "date": SAMPLE_MEETING_DATE.isoformat(),
            "modality": Meeting.Modality.VIRTUAL,
            "place_en": "Online",
            "place_es": "En línea",
            "participants": [c.pk for c in Country.objects.filter(code__in=PARTICIPANTS)],
            "observers": [o.pk for o in Organisation.objects.filter(acronym__in=OBSERVERS)],
        },
    )
    meeting = Meeting.objects.exclude(pk=reference.pk).get(title_en=SAMPLE_TITLE)
    assert response.url == reverse("actions:meeting_detail", args=[meeting.pk])
    assert meeting.status == Meeting.Status.DRAFT

    # 2. The 15 resolutions, in the report's order; the page suggests each number.
    create = reverse("actions:resolution_create", args=[meeting.pk])
    by_number: dict[str, Resolution] = {}
    for number, parent, text in SAMPLE_RESOLUTIONS:
        url = f"{create}?parent={by_number[parent].pk}" if parent else create
        form = client.get(url).context["form"]
        assert form["number"].value() == number
        typed = {"text_en": text, "text_es": SAMPLE_RESOLUTIONS_ES[number]}
        response = client.post(
            url, {"parent": by_number[parent].pk if parent else "", "number": "", **typed}
        )
        assert response.status_code == 302, response.context["form"].errors
        by_number[number] = Resolution.objects.get(meeting=meeting, number=number)

    # 3. The 10 action items, each from its resolution.
    for spec in SAMPLE_ITEMS:
        resolution = by_number[spec.resolution]
        url = reverse("actions:action_item_create", args=[resolution.pk])
        initial = client.get(url).context["form"].initial
        response = client.post(url, _item_data(spec, resolution, initial))
        assert response.status_code == 302, response.context["form"].errors
        item = ActionItem.objects.get(resolution=resolution)
        if spec.document:
            response = client.post(
                reverse("actions:document_create", args=[item.pk]),
                {
                    "title_en": spec.document,
                    "title_es": DOCUMENTS_ES[spec.document],
                    "file": docx_file(),
                    "note_en": "First draft.",
                },
            )
            assert response.status_code == 302, response.context["form"].errors

    # 4. Publish it.
    client.post(reverse("actions:meeting_publish", args=[meeting.pk]))

    meeting.refresh_from_db()
    entered = snapshot(meeting)
    assert len(entered["resolutions"]) == 15
    assert len(entered["items"]) == 10
    members = set(Country.objects.members().values_list("code", flat=True))
    assert sum(1 for o in entered["obligations"] if o[1] in members) == 55
    assert entered == snapshot(reference)

    # The outline shows the report's numbering, nested, with the items inline.
    page = client.get(reverse("actions:meeting_detail", args=[meeting.pk]))
    outline = page.context["outline"]
    assert [r.number for r in outline] == ["1", "2", "3", "4", "5"]
    assert [r.number for r in outline[1].subitems] == ["2.a", "2.b", "2.c", "2.d"]
    assert [i.title for i in outline[1].subitems[0].items] == [
        "Comments on the Inventory of best practices at the regional level"
    ]
