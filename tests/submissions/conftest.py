"""Fixtures of the focal-point tests: an item with a document, and uploads."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ActionItemFactory, DocumentFactory, DocumentVersionFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "comments.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def comment_item(costa_rica, mexico):
    """A comment request to Costa Rica and Mexico on a draft document (version 1)."""
    item = ActionItemFactory(title="Comments on the inventory of best practices")
    item.address_to(countries=[costa_rica, mexico])
    document = DocumentFactory(action_item=item, title="Inventory of best practices")
    DocumentVersionFactory(document=document, number=1, original_name="inventory-v1.pdf")
    return item


@pytest.fixture
def cr_obligation(comment_item, costa_rica):
    return comment_item.obligations.get(country=costa_rica)


@pytest.fixture
def mx_obligation(comment_item, mexico):
    return comment_item.obligations.get(country=mexico)


@pytest.fixture
def commented_version(comment_item):
    """The document version the comment_item's countries comment on (version 1)."""
    return comment_item.documents.get().versions.get()


@pytest.fixture
def after_the_deadline():
    """Freeze time on 10 November 2020, after the comment_item's deadline (28 October)."""
    from .compilation_helpers import TODAY

    with time_machine.travel(TODAY, tick=False):
        yield
