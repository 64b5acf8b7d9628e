"""Uploads are checked by content and size and renamed safely."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
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


@pytest.mark.parametrize(
    ("name", "content", "expected", "stored_as"),
    [
        ("report.txt", "1. To ask the countries…".encode(), uploads.TEXT, "report.txt"),
        ("informe.md", "# Informe\n\n1) Solicitar…".encode(), uploads.MARKDOWN, "informe.md"),
        ("acta.markdown", b"**ACUERDOS**\n", uploads.MARKDOWN, "acta.md"),
        ("bom.txt", "\ufeffReport\f page 2".encode(), uploads.TEXT, "bom.txt"),
        ("latin1.txt", "Reunión en San José".encode("cp1252"), uploads.TEXT, "latin1.txt"),
        ("report", b"Plain words", uploads.TEXT, "report.txt"),
    ],
)
def test_reports_may_be_plain_text_or_markdown(name, content, expected, stored_as):
    checked = uploads.validate_upload(
        SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        allowed=uploads.REPORT_TYPES,
    )
    assert (checked.content_type, checked.name) == (expected, stored_as)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01binary\x02",
        b"MZ\x90\x00\x03\x00 executable",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"  <svg onload=alert(1)>",
        b'<?xml version="1.0"?><x/>',
        b"\x81\x8d\x8f undefined in Windows-1252 and not UTF-8",
    ],
)
def test_text_reports_are_checked_too(content):
    upload = SimpleUploadedFile("report.txt", content, content_type="text/plain")
    with pytest.raises(ValidationError, match="Accepted types: DOCX, MD, PDF, TXT"):
        uploads.validate_upload(upload, allowed=uploads.REPORT_TYPES)


def test_text_is_refused_where_only_documents_are_accepted():
    upload = SimpleUploadedFile("comments.txt", b"Plain comments", content_type="text/plain")
    with pytest.raises(ValidationError, match="not an accepted file"):
        uploads.validate_upload(upload)


def test_an_upload_without_its_size_is_measured(settings):
    settings.UPLOAD_MAX_BYTES = 10
    too_big = UploadedFile(io.BytesIO(b"%PDF-" + b"x" * 10), name="big.pdf")
    with pytest.raises(ValidationError, match="at most 10"):
        uploads.validate_upload(too_big)
    settings.UPLOAD_MAX_BYTES = 100
    fits = UploadedFile(io.BytesIO(b"%PDF-1.7\n..."), name="small.pdf")
    assert uploads.validate_upload(fits).size == 12
    assert fits.read() == b"%PDF-1.7\n..."  # read again from the start


def test_an_upload_without_a_name_is_named_by_its_type():
    upload = UploadedFile(io.BytesIO(b"%PDF-1.7\n..."), name=None, size=12)
    assert uploads.validate_upload(upload).name == "file.pdf"
