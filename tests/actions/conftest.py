"""Fixtures of the secretariat pages: a published and a draft meeting, files to upload."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import ActionItem, Meeting, WorkingGroup
from members.models import Country, Organisation
from tests.factories import (
    ActionItemFactory,
    DocumentVersionFactory,
    MeetingFactory,
    PresidencyFactory,
    ResolutionFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_file(name: str = "draft.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_file(name: str = "draft.docx") -> SimpleUploadedFile:
    from docx import Document as DocxDocument

    buffer = io.BytesIO()
    DocxDocument().save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Each test stores its uploads in its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def border_management(db) -> WorkingGroup:
    return WorkingGroup.objects.get(slug="border-management")


@pytest.fixture
def presidency(db):
    return PresidencyFactory(year=2020, starts_on=dt.date(2020, 1, 1))


@pytest.fixture
def published_meeting(border_management, presidency, iom) -> Meeting:
    """A published meeting: one item to every member country (with a document), one to IOM."""
    meeting = MeetingFactory(
        working_group=border_management,
        presidency=presidency,
        title="Border Management, September",
        date=dt.date(2020, 9, 28),
    )
    members = ResolutionFactory(meeting=meeting, number="2", text="Comments by 28 October.")
    item = ActionItemFactory(resolution=members, title="Comments on the inventory")
    item.address_to(countries=Country.objects.members())
    DocumentVersionFactory(document__action_item=item, document__title="Inventory")
    organisations = ResolutionFactory(meeting=meeting, number="3", text="To ask IOM.")
    for_iom = ActionItemFactory(
        resolution=organisations,
        title="Procedures manual",
        kind=ActionItem.Kind.DELIVERABLE,
        to_member_countries=False,
    )
    for_iom.address_to(organisations=[iom])
    return meeting


@pytest.fixture
def members_item(published_meeting) -> ActionItem:
    return ActionItem.objects.get(resolution__meeting=published_meeting, resolution__number="2")


@pytest.fixture
def iom_item(published_meeting) -> ActionItem:
    return ActionItem.objects.get(resolution__meeting=published_meeting, resolution__number="3")


@pytest.fixture
def draft_meeting(border_management) -> Meeting:
    """A draft meeting whose only item asks every member country."""
    meeting = MeetingFactory(
        working_group=border_management,
        title="Border Management, December (draft)",
        date=dt.date(2020, 12, 3),
        status=Meeting.Status.DRAFT,
        published_at=None,
    )
    item = ActionItemFactory(resolution__meeting=meeting, title="Draft request")
    item.address_to(countries=Country.objects.members())
    return meeting


def organisations(count: int) -> list[Organisation]:
    """`count` extra organisations (bulk-created: tests need many parties quickly)."""
    start = Organisation.objects.count()
    return Organisation.objects.bulk_create(
        Organisation(
            acronym=f"ORG{start + n}",
            name_en=f"Organisation {start + n}",
            kind=Organisation.Kind.INTERGOVERNMENTAL,
        )
        for n in range(count)
    )


def field_error(html: str, name: str) -> str:
    """The error text shown next to field `name`, tied to it by aria-describedby ("" if none)."""
    import re

    block = re.search(rf'id="id_{name}_error"[^>]*>(.*?)</(div|p|span)>\s*</', html, re.S)
    if block is None:
        return ""
    described = re.search(rf'<[^>]*aria-describedby="[^"]*id_{name}_error[^"]*"[^>]*>', html)
    assert described is not None, f"the error of {name} is not tied to its field"
    return " ".join(re.sub(r"<[^>]+>", " ", block.group(1)).split())
