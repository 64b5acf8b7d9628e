"""The writers every export shares: CSV, XLSX sheets, Word tables, and the download.

Dashboards (action items, the matrix, the report on advances) and members
(compilations of comments, the comments template) build their rows; these
functions write them safely — no cell a spreadsheet would run as a formula,
accents Excel reads right — and send them as a private, uncached attachment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.text import slugify

from .dates import local_today
from .uploads import XLSX

CSV = "text/csv"
# Leading characters that make spreadsheet programs run a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[object]


def safe(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def filename(stem: str, extension: str) -> str:
    """`stem`, today's date in the configured time zone, `extension`.

    The stem is in the reader's language (pgettext "file name") and made ASCII-safe:
    "crm-matriz-de-cumplimiento", never an accent a mail client or a server mangles.
    """
    return f"{slugify(stem)}-{local_today():%Y-%m-%d}.{extension}"


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    """Send `content` as an attachment named `name`, never cached nor sniffed."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(name: str, header: Row, rows: Iterable[Row]) -> HttpResponse:
    """UTF-8 with a byte-order mark, so that Excel reads accents right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe(v) for v in header])
    for row in rows:
        writer.writerow(["" if v is None else safe(v) for v in row])
    return download(buffer.getvalue().encode(), f"{CSV}; charset=utf-8", name)


def new_workbook():
    """An openpyxl workbook without its default empty sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(workbook, title: str, header: Row, rows: Iterable[Row]):
    """A sheet with a bold, frozen header row, a filter, and readable column widths."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    sheet.append([safe(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(v)) for v in header]
    for row in rows:
        sheet.append([safe(v) for v in row])
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, row, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def xlsx_response(name: str, workbook) -> HttpResponse:
    """Send an openpyxl workbook as an XLSX attachment."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), XLSX, name)


def docx_table(document, header: Row, rows: Iterable[Row], empty: str) -> None:
    """Add a bordered table with a bold header row to a python-docx document, or the
    paragraph `empty` when there is no row."""
    rows = list(rows)
    if not rows:
        document.add_paragraph(empty)
        return
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
