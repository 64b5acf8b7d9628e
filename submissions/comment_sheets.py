"""The comments template: a table a ministry fills offline, as XLSX or DOCX.

`template_xlsx` and `template_docx` write the standard columns (section or
paragraph, page, type of comment, comment, proposed change) in the active
language, prefilled with the draft's rows; `read_rows` reads a filled
template back into rows for the draft form, and raises a ValidationError
that names each faulty row. The same row form checks typed and uploaded
rows, so both give the same rows.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from rcm_tracker.exports import docx_table
from rcm_tracker.uploads import DOCX, XLSX

from .models import SubmissionComment

logger = logging.getLogger(__name__)

# The template's columns, in order: the row form's fields.
COLUMNS = ("section", "page", "comment_type", "comment", "proposed_change")
# Header words people write instead of the template's own, in either language.
HEADER_ALIASES = {
    "section": ("section", "paragraph", "seccion", "parrafo", "clause", "clausula"),
    "page": ("p", "pag", "pagina"),
    "comment_type": ("type", "tipo", "type of comment", "tipo de comentario"),
    "comment": ("comments", "comentarios", "observation", "observacion"),
    "proposed_change": ("proposed wording", "redaccion propuesta", "cambio propuesto"),
}
# More rows than the draft form takes is not a comment sheet.
MAX_ROWS = 200
# Rows read before the header must have been found.
HEADER_SEARCH_ROWS = 20
BLANK_ROWS_IN_DOCX = 5


@dataclass(frozen=True)
class SheetContext:
    """What the template says above its table."""

    title: str
    party: str
    document: str


def column_label(name: str) -> str:
    """The heading of a column of comment rows (a SubmissionComment field), in the active
    language."""
    field = SubmissionComment._meta.get_field(name)
    return capfirst(str(field.verbose_name if isinstance(field, Field) else name))


def header_labels() -> list[str]:
    """The column headings in the active language."""
    return [column_label(name) for name in COLUMNS]


def type_labels() -> list[str]:
    return [str(label) for _value, label in SubmissionComment.Type.choices]


def instructions() -> list[str]:
    return [
        _(
            "Write one comment per row. Type of comment: %(types)s (General when left empty). "
            "Leave the rows you do not need empty."
        )
        % {"types": ", ".join(type_labels())},
        _(
            "Upload the filled file on the answer page, under “Upload comments from the "
            "template”; the rows are added to the draft, where you can still change them."
        ),
    ]


def _row_values(row: SubmissionComment | dict) -> list[str]:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    labels = dict(SubmissionComment.Type.choices)
    return [
        str(labels.get(get(name) or "", "")) if name == "comment_type" else get(name) or ""
        for name in COLUMNS
    ]


# Writing --------------------------------------------------------------------------


def template_xlsx(context: SheetContext, rows: Iterable[SubmissionComment] = ()) -> bytes:
    """The template as a workbook: a title, instructions, then the table (text cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comments")[:31]
    workbook.properties.title = context.title
    sheet.append([context.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([context.document])
    sheet.append([context.party])
    for line in instructions():
        sheet.append([line])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(header_labels())
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = list(rows)
    for row in rows:
        sheet.append(_row_values(row))
    last_row = header_row + max(len(rows), 0) + MAX_ROWS
    # Text cells, so that "3.10" stays 3.10 rather than becoming the number 3.1.
    for row_cells in sheet.iter_rows(min_row=header_row + 1, max_row=last_row, max_col=5):
        for cell in row_cells:
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    types = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(type_labels())),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Type of comment"),
        error=_("Choose one of the types in the list."),
    )
    sheet.add_data_validation(types)
    types.add(f"C{header_row + 1}:C{last_row}")
    for letter, width in zip("ABCDE", (22, 8, 16, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_docx(context: SheetContext, rows: Iterable[SubmissionComment] = ()) -> bytes:
    """The template as a Word document in landscape: a title, instructions, then the table."""
    from docx import Document

    document = Document()
    landscape(document)
    document.core_properties.title = context.title
    document.add_heading(context.title, level=1)
    document.add_paragraph(context.document)
    document.add_paragraph(context.party)
    for line in instructions():
        document.add_paragraph(line)
    table = [_row_values(row) for row in rows]
    table += [[""] * len(COLUMNS)] * BLANK_ROWS_IN_DOCX
    add_table(document, header_labels(), table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def landscape(document) -> None:
    """Turn every section of a python-docx document to landscape, with narrow margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    for section in document.sections:
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(1.5)


def add_table(document, header: Sequence[str], rows: Iterable[Sequence[object]]):
    """A bordered table with a bold header row repeated on every page (rows must not be empty)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    docx_table(document, header, rows, empty="")
    table = document.tables[-1]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    return table


# Reading --------------------------------------------------------------------------


def _normal(text: object) -> str:
    """Lower case, no accents, single spaces, no trailing colon or asterisk."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace(".", " ").split()).rstrip(":*").strip()


def _in_both_languages(labels) -> set[str]:
    found: set[str] = set()
    for language in ("en", "es"):
        with translation.override(language):
            found.update(_normal(label) for label in labels())
    return found


def _header_names() -> dict[str, str]:
    """Every accepted heading (normalised) → the column it names."""
    names: dict[str, str] = {}
    for name in COLUMNS:
        field = SubmissionComment._meta.get_field(name)
        for variant in (
            *_in_both_languages(lambda field=field: [field.verbose_name]),
            _normal(name.replace("_", " ")),
            *HEADER_ALIASES[name],
        ):
            names.setdefault(variant, name)
    return names


def _type_values() -> dict[str, str]:
    """Every accepted type of comment (normalised label or code, either language) → its code."""
    values: dict[str, str] = {}
    for code, label in SubmissionComment.Type.choices:
        values[_normal(code)] = code
        for variant in _in_both_languages(lambda label=label: [label]):
            values[variant] = code
    return values


def _cell_text(value: object) -> str:
    """A cell as the text the person typed (3.0 → "3", a date → 2020-10-28)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _xlsx_lines(upload) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _docx_lines(upload) -> Iterator[tuple[int, list[str]]]:
    from docx import Document

    document = Document(upload)
    for table in document.tables:
        for number, row in enumerate(table.rows, start=1):
            yield number, [cell.text.strip() for cell in row.cells]
        yield 0, []  # a table ends: the header must be found again in the next one


def read_rows(upload, content_type: str) -> list[dict]:
    """Read a filled template (XLSX or DOCX) into rows of the draft form.

    Raise ValidationError naming each faulty row ("Row 7: ..."), or saying
    why the file is not a comments template. Empty rows are skipped.
    """
    from .forms import CommentRowForm

    upload.seek(0)
    try:
        lines = list(_xlsx_lines(upload) if content_type == XLSX else _docx_lines(upload))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        # The library's words go to the log; the reader gets ours.
        logger.info("Comments template could not be read", exc_info=True)
        raise ValidationError(
            _(
                "The file could not be read as a comments template: it is damaged or not "
                "an Excel or Word file. Download the template from this page and fill it in."
            ),
            code="unreadable",
        ) from error
    place = _("Row %(number)d") if content_type == XLSX else _("Row %(number)d of the table")
    columns = None
    rows: list[dict] = []
    errors: list[str] = []
    headers, types = _header_names(), _type_values()
    for number, values in lines:
        if number == 0:
            if columns is not None:
                break  # the comments table ended: what follows is not part of it
            continue
        if columns is None:
            if number <= HEADER_SEARCH_ROWS:
                columns = _find_columns(values, headers)
            continue
        cells = {name: values[i] if i < len(values) else "" for name, i in columns.items()}
        if not any(cells.values()):
            continue
        where = place % {"number": number}
        type_text = cells.get("comment_type", "")
        data = {name: cells.get(name, "") for name in COLUMNS}
        data["comment_type"] = types.get(_normal(type_text), "") if type_text else "general"
        if type_text and not data["comment_type"]:
            errors.append(
                _("%(where)s: “%(value)s” is not a type of comment; use %(types)s.")
                % {"where": where, "value": type_text, "types": ", ".join(type_labels())}
            )
            continue
        form = CommentRowForm(data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for message in messages:
                    errors.append(
                        f"{where}, {label}: {message}" if label else f"{where}: {message}"
                    )
            continue
        if form.is_blank():
            continue  # only a type chosen: ignored, as in the form
        rows.append(form.row())
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("The file holds more than %(limit)d comment rows.") % {"limit": MAX_ROWS},
                code="too_many",
            )
    if columns is None and not rows and not errors:
        raise ValidationError(
            _(
                "The heading row of the comments template was not found: download the "
                "template from this page and keep its headings."
            ),
            code="no_header",
        )
    if errors:
        raise ValidationError(errors, code="rows")
    if not rows:
        raise ValidationError(_("The file holds no comment rows."), code="empty")
    return rows


def _find_columns(values: list[str], headers: dict[str, str]) -> dict[str, int] | None:
    """The position of each known column when `values` is the heading row, else None."""
    columns: dict[str, int] = {}
    for index, value in enumerate(values):
        name = headers.get(_normal(value))
        if name and name not in columns:
            columns[name] = index
    return columns if "comment" in columns and len(columns) >= 2 else None


def template_content_type(fmt: str) -> str:
    return {"xlsx": XLSX, "docx": DOCX}[fmt]
