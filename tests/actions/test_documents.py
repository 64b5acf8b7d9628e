"""Documents: upload, new versions, all kept, served only through the permission check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions.models import DocumentVersion
from tests.helpers import docx_file, field_error, pdf_file

pytestmark = pytest.mark.django_db


def _download(client, version: DocumentVersion):
    return client.get(reverse("actions:document_version_download", args=[version.pk]))


def test_add_a_document_and_new_versions_all_kept(client_as, secretariat, members_item):
    client = client_as("secretariat")
    client.post(
        reverse("actions:document_create", args=[members_item.pk]),
        {
            "title_en": "Inventory of best practices",
            "file": docx_file("Inventario v1.docx"),
            "note_en": "First draft.",
        },
    )
    document = members_item.documents.get(title_en="Inventory of best practices")
    first = document.versions.get()
    assert (first.number, first.original_name, first.uploaded_by) == (
        1,
        "Inventario_v1.docx",
        secretariat,
    )
    response = client.post(
        reverse("actions:document_version_create", args=[document.pk]),
        {"file": pdf_file("inventory v2.pdf"), "note_en": "Comments of Guatemala included."},
    )
    assert response.url.endswith("#documents")
    assert list(document.versions.values_list("number", "content_type")) == [
        (2, "application/pdf"),
        (1, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    # Both versions stay downloadable, each with its own content.
    assert b"".join(_download(client, first).streaming_content).startswith(b"PK")
    second = document.versions.get(number=2)
    latest = _download(client_as("focal_cr"), second)
    assert latest["Content-Disposition"].startswith("attachment")
    assert 'filename="inventory_v2.pdf"' in latest["Content-Disposition"]
    assert latest["X-Content-Type-Options"] == "nosniff"
    assert b"".join(latest.streaming_content).startswith(b"%PDF-")
    # The detail page lists both, newest first.
    page = client.get(reverse("actions:action_item_detail", args=[members_item.pk]))
    shown = next(d for d in page.context["documents"] if d.pk == document.pk)
    assert [v.number for v in shown.versions.all()] == [2, 1]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf_file("virus.pdf", b"MZ\x90\x00 an executable"), "is not an accepted file"),
        (pdf_file("empty.pdf", b""), "The submitted file is empty."),
    ],
)
def test_files_are_checked_by_content(client_as, members_item, upload, message):
    document = members_item.documents.get()
    response = client_as("secretariat").post(
        reverse("actions:document_version_create", args=[document.pk]),
        {"file": upload, "note_en": "Kept note"},
    )
    html = response.content.decode()
    assert message in field_error(html, "file")
    assert "Kept note" in html
    assert document.versions.count() == 1


def test_files_above_the_limit_are_refused(client_as, settings, members_item):
    settings.UPLOAD_MAX_BYTES = 100
    response = client_as("secretariat").post(
        reverse("actions:document_create", args=[members_item.pk]),
        {"title_en": "Big", "file": pdf_file("big.pdf", b"%PDF-1.4" + b"x" * 200)},
    )
    assert "files may be at most 100" in field_error(response.content.decode(), "file")
    assert not members_item.documents.filter(title_en="Big").exists()


def test_another_partys_document_is_not_found(client_as, iom_item, members_item):
    from tests.factories import DocumentVersionFactory

    iom_version = DocumentVersionFactory(document__action_item=iom_item)
    assert _download(client_as("focal_cr"), iom_version).status_code == 404
    assert _download(client_as("focal_iom"), iom_version).status_code == 200
    members_version = members_item.documents.get().versions.get()
    assert _download(client_as("focal_iom"), members_version).status_code == 404
