"""Exports: CSV and XLSX of the compliance matrix, and the report on advances as a Word
document (DOCX). Lists of action items export through actions.exports."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actions.templatetags.deadlines import due_window, item_badge
from rcm_tracker.exports import (
    add_sheet,
    csv_response,
    docx_table,
    download,
    filename,
    new_workbook,
    xlsx_response,
)
from rcm_tracker.uploads import DOCX

from .stats import (
    OUTCOME_COUNT_HEADERS,
    REPORTED_OUTCOMES,
    AdvancesReport,
    Matrix,
    Outcome,
)

# Cell fills of the matrix in the XLSX: the text says the same.
OUTCOME_FILLS = {
    Outcome.ON_TIME: "C6EFCE",
    Outcome.LATE: "FFEB9C",
    Outcome.PENDING: "DDEBF7",
    Outcome.OVERDUE: "FFC7CE",
    Outcome.NOT_APPLICABLE: "EDEDED",
}


# The compliance matrix -------------------------------------------------------


def matrix_header(matrix: Matrix) -> list[str]:
    columns = [f"{item.resolution.number} {item.title.plain()}" for item in matrix.columns]
    rate = _("On-time rate %(first)s to %(last)s") % {
        "first": date_format(matrix.rate_first, "SHORT_DATE_FORMAT"),
        "last": date_format(matrix.rate_last, "SHORT_DATE_FORMAT"),
    }
    return [_("Country"), *columns, *(str(label) for _v, label in Outcome.choices), rate]


def matrix_rows(matrix: Matrix) -> list[list[object]]:
    """A row per country (cells as text, then its totals and rate), then column totals."""
    rows: list[list[object]] = []
    for row in matrix.rows:
        cells = [" — ".join(filter(None, [cell.label, cell.note])) for cell in row.cells]
        rows.append([row.country.name, *cells, *row.counts, str(row.rate)])
    if matrix.column_totals is not None:
        per_column = [
            "; ".join(f"{label}: {totals[value]}" for value, label in Outcome.choices)
            for totals in matrix.column_totals
        ]
        rows.append([_("Total"), *per_column, *matrix.counts, ""])
    return rows


def matrix_csv(matrix: Matrix) -> HttpResponse:
    return csv_response(
        filename(pgettext("file name", "rcm-compliance-matrix"), "csv"),
        matrix_header(matrix),
        matrix_rows(matrix),
    )


def matrix_xlsx(matrix: Matrix) -> HttpResponse:
    from openpyxl.styles import PatternFill

    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Compliance matrix"), matrix_header(matrix), matrix_rows(matrix))
    for row_number, row in enumerate(matrix.rows, start=2):
        for column_number, cell in enumerate(row.cells, start=2):
            colour = OUTCOME_FILLS[Outcome(cell.outcome)]
            sheet.cell(row_number, column_number).fill = PatternFill("solid", fgColor=colour)
    return xlsx_response(filename(pgettext("file name", "rcm-compliance-matrix"), "xlsx"), workbook)


# The report on advances ------------------------------------------------------


def advances_docx(report: AdvancesReport) -> HttpResponse:
    """The report as a Word document, in the active language."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    title = report_title(report)
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(report_introduction(report))

    document.add_heading(_("Meetings held"), level=1)
    docx_table(
        document,
        [_("Date"), _("Working group"), _("Meeting"), _("Resolutions"), _("Action items")],
        [
            [
                date_format(m.date, "DATE_FORMAT"),
                m.working_group.name,
                str(m),
                m.resolution_count,
                m.item_count,
            ]
            for m in report.meetings
        ],
        _("No meeting was held in this period."),
    )

    document.add_heading(_("Items completed"), level=1)
    docx_table(
        document,
        [_("Completed on"), _("Item"), _("Working group"), _("State")],
        [
            [
                date_format(timezone.localdate(i.closed_at), "DATE_FORMAT"),
                i.title.plain(),
                i.resolution.meeting.working_group.name,
                strip_tags(item_badge(i)),
            ]
            for i in report.completed
        ],
        _("No item was completed in this period."),
    )

    document.add_heading(_("Answers by country"), level=1)
    docx_table(
        document,
        [_("Country"), *(str(OUTCOME_COUNT_HEADERS[outcome]) for outcome in REPORTED_OUTCOMES)],
        [[country.name, *counts] for country, counts in report.by_country],
        _("No request to countries is followed in this period."),
    )

    document.add_heading(_("Action items by working group"), level=1)
    docx_table(
        document,
        group_header(),
        [group_row(row) for row in report.by_group],
        _("No action item is followed in this period."),
    )

    document.add_heading(_("Overdue items"), level=1)
    docx_table(
        document,
        [_("Item"), _("Working group"), _("Due"), _("State"), _("Still owed by")],
        [
            [
                i.title.plain(),
                i.resolution.meeting.working_group.name,
                due_window(i),
                strip_tags(item_badge(i)),
                _("%(owing)s of %(addressed)s")
                % {"owing": i.owing_count, "addressed": i.party_count}
                if i.party_count
                else "—",
            ]
            for i in report.overdue
        ],
        _("Nothing is overdue."),
    )
    buffer = io.BytesIO()
    document.save(buffer)
    stem = slugify(pgettext("file name", "rcm-report-on-advances"))
    return download(
        buffer.getvalue(), DOCX, f"{stem}-{report.first:%Y-%m-%d}-{report.last:%Y-%m-%d}.docx"
    )


def report_title(report: AdvancesReport) -> str:
    title = _("Report on advances, %(first)s to %(last)s") % {
        "first": date_format(report.first, "DATE_FORMAT"),
        "last": date_format(report.last, "DATE_FORMAT"),
    }
    if report.working_group is not None:
        title += f" — {report.working_group.name}"
    return title


def report_introduction(report: AdvancesReport) -> str:
    return _(
        "Meetings held and items completed in the period. The answers and items "
        "followed are those due in the period, decided at a meeting held in it or "
        "completed in it; their state is given as of %(today)s. An answer or item "
        "done late stays late."
    ) % {"today": date_format(report.today, "DATE_FORMAT")}


def group_header() -> list[str]:
    return [
        _("Working group"),
        _("Items"),
        pgettext("count header", "Open"),
        pgettext("count header", "Overdue"),
        _("Done in the period"),
        _("Of which late"),
    ]


def group_row(row: dict) -> list[object]:
    return [
        row["group"],
        row["total"],
        row["open"],
        row["overdue"],
        row["done"],
        row["done_late"],
    ]
