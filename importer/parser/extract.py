"""Read the text of a report file: plain text, Markdown, HTML, .docx or PDF."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from .textnorm import normalise_text

Source = str | Path | bytes | bytearray | BinaryIO


class UnsupportedFormat(ValueError):
    """The file is of a kind the importer cannot read (an old binary .doc, say)."""


def extract_text(source: Source, filename: str | None = None) -> str:
    """Return the cleaned text of a report given as a path, bytes or a binary file.

    `filename` tells the format when `source` is bytes or a file object; the
    content is sniffed too, so a PDF or .docx with a wrong name still reads.
    """
    data, name = _read(source, filename)
    return normalise_text(raw_text(data, name))


def raw_text(data: bytes, filename: str = "") -> str:
    """Return the text of a file's bytes, before any cleaning."""
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return pdf_text(data)
    if data.startswith(b"PK") and _is_docx(data):
        return docx_text(data)
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("old Word .doc files cannot be read: save the report as .docx")
    text = decode(data)
    if suffix in (".html", ".htm") or re.match(r"\s*<(?:!doctype|html)", text, re.IGNORECASE):
        return html_text(text)
    return text


def _read(source: Source, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), filename or ""
    if isinstance(source, (str, Path)):
        path = Path(source)
        return path.read_bytes(), filename or path.name
    return source.read(), filename or getattr(source, "name", "") or ""


def decode(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def html_text(text: str) -> str:
    """Return the visible text of an HTML page, one block element per line."""
    text = re.sub(r"(?is)<(script|style|nav|header|footer)\b.*?</\1>", "", text)
    text = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|tr|table|section)>", "\n", text)
    text = re.sub(r"(?i)<li\b[^>]*>", "\n- ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def pdf_text(data: bytes) -> str:
    """Return the text of a PDF, pages separated by a form feed."""
    from pypdf import PdfReader  # imported here: only PDF uploads need it

    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes) -> str:
    """Return the text of a .docx: paragraphs with their list numbering, and table rows."""
    from .docx_reader import read_docx  # python-docx is only needed for Word files

    return read_docx(data)
