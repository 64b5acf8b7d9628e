"""Uploaded files: checked by content, size-limited, cleanly named, served only by views.

Browsers and users lie about file types; the first bytes do not. Every upload
of the project (documents, submission attachments, meeting reports) goes
through `validate_upload`, and every download through `file_response`, which
views call only after their permission checks.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
MARKDOWN = "text/markdown"

EXTENSIONS = {
    PDF: ".pdf",
    DOCX: ".docx",
    XLSX: ".xlsx",
    ODT: ".odt",
    PNG: ".png",
    JPEG: ".jpg",
    TEXT: ".txt",
    MARKDOWN: ".md",
}
DOCUMENT_TYPES = (PDF, DOCX, XLSX, ODT, PNG, JPEG)
REPORT_TYPES = (PDF, DOCX, TEXT, MARKDOWN)
"""What a meeting report may be: the importer reads these (README: importing a report)."""
TEXT_TYPES = (TEXT, MARKDOWN)
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Text that a browser would run or render as a page is not a plain-text report.
_MARKUP = re.compile(rb"\s*<(?:!doctype|html|head|body|script|svg|iframe|\?xml)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedUpload:
    """What validation learned about an upload."""

    name: str
    content_type: str
    size: int


def sniff_content_type(head: bytes, file) -> str | None:
    """Return the content type the bytes show, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(file)
    return None


def sniff_text(file, name: str) -> str | None:
    """Return TEXT or MARKDOWN (by the name's suffix) when the bytes are readable text.

    Text has no magic number, so it is checked whole: it must decode as UTF-8
    (with or without a BOM) or Windows-1252, hold no NUL or other control
    bytes than tab, line and page breaks, and not be HTML, SVG or XML.
    """
    file.seek(0)
    data = file.read()
    if b"\x00" in data or _MARKUP.match(data):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text) or "\x7f" in text:
        return None
    return MARKDOWN if PurePath(name).suffix.lower() in MARKDOWN_SUFFIXES else TEXT


def _sniff_zip(file) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def clean_filename(name: str, content_type: str) -> str:
    """A safe, readable name: no path, no control characters, the right extension."""
    base = PurePath(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem = PurePath(base).stem
    cleaned = get_valid_filename(stem.strip(" .")) if stem.strip(" .") else ""
    cleaned = cleaned.strip("._-")[:100] or "file"
    return cleaned + EXTENSIONS.get(content_type, "")


def validate_upload(
    upload: UploadedFile,
    allowed: Iterable[str] = DOCUMENT_TYPES,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Check size and type by content; raise ValidationError with a message for the form."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    allowed = tuple(allowed)
    size = upload.size
    if size is None:  # an UploadedFile built without its size: measure it
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    name = upload.name or ""
    if size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(max_bytes),
            },
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff_content_type(head, upload)
    if content_type is None and any(t in TEXT_TYPES for t in allowed):
        content_type = sniff_text(upload, name)
    upload.seek(0)
    if content_type not in allowed:
        kinds = ", ".join(sorted(EXTENSIONS[t].lstrip(".").upper() for t in allowed))
        raise ValidationError(
            _("“%(name)s” is not an accepted file. Accepted types: %(kinds)s."),
            code="bad_type",
            params={"name": name, "kinds": kinds},
        )
    return CheckedUpload(clean_filename(name, content_type), content_type, size)


def file_response(field_file, name: str, content_type: str) -> FileResponse:
    """Serve a stored file as a download; call only after the view's permission check.

    A record whose file has gone from the disk answers 404, not a server error.
    """
    try:
        stream = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored.") from None
    response = FileResponse(stream, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
