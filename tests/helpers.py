"""Plain helpers shared by the tests of every app: files to upload, parties, form errors."""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Organisation

# The smallest file the upload checks accept as a PDF.
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
    block = re.search(rf'id="id_{name}_error"[^>]*>(.*?)</(div|p|span)>\s*</', html, re.S)
    if block is None:
        return ""
    described = re.search(rf'<[^>]*aria-describedby="[^"]*id_{name}_error[^"]*"[^>]*>', html)
    assert described is not None, f"the error of {name} is not tied to its field"
    return " ".join(re.sub(r"<[^>]+>", " ", block.group(1)).split())
