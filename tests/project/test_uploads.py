"""Uploads are checked by content and size and renamed safely."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as DocxDocument
from openpyxl import Workbook

from rcm_tracker import uploads


def _docx() -> bytes:
    buffer = io.BytesIO()
    DocxDocument().save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", uploads.ODT)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", uploads.PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, uploads.PNG),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, uploads.JPEG),
        (_docx(), uploads.DOCX),
        (_xlsx(), uploads.XLSX),
        (_odt(), uploads.ODT),
    ],
)
def test_type_is_read_from_the_content_not_the_name(content, expected):
    upload = SimpleUploadedFile("whatever.bin", content, content_type="text/html")
    checked = uploads.validate_upload(upload)
    assert checked.content_type == expected
    assert checked.name == "whatever" + uploads.EXTENSIONS[expected]


@pytest.mark.parametrize(
    "content",
    [b"<script>alert(1)</script>", b"MZ\x90\x00 executable", b"PK\x03\x04 not a zip"],
)
def test_other_content_is_refused_even_with_an_accepted_name(content):
    upload = SimpleUploadedFile("comments.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match="not an accepted file"):
        uploads.validate_upload(upload)


def test_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 10)
    with pytest.raises(ValidationError, match="at most 10"):
        uploads.validate_upload(upload)


def test_empty_files_are_refused():
    with pytest.raises(ValidationError, match="empty"):
        uploads.validate_upload(SimpleUploadedFile("empty.pdf", b""))


def test_allowed_types_can_be_narrowed():
    with pytest.raises(ValidationError, match="Accepted types: DOCX, PDF"):
        uploads.validate_upload(
            SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 8),
            allowed=(uploads.PDF, uploads.DOCX),
        )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\Comentarios México.pdf", "Comentarios_Mexico.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("report.exe", "report.pdf"),
        ("...", "file.pdf"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
        ("control\x00\x1fchars.pdf", "controlchars.pdf"),
    ],
)
def test_names_are_cleaned(name, expected):
    assert uploads.clean_filename(name, uploads.PDF) == expected
