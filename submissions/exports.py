"""A compilation of comments as XLSX and DOCX, in the active language.

The standard columns of comment compilations: member, section or
paragraph, type of comment, comment, proposed change, and the
secretariat's response with its observations. Narrowed to one party, the
same files send a country its own rows back with the secretariat's
responses. The writers of dashboards.exports (formula-safe cells, frozen
headers, downloads) are reused.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from members.models import Country
from rcm_tracker.dates import local_today
from rcm_tracker.exports import add_sheet, download, filename, new_workbook, xlsx_response
from rcm_tracker.uploads import DOCX

from .comment_sheets import COLUMNS, add_table, column_label, landscape
from .compilation import Compilation
from .models import SubmissionComment


def title(compilation: Compilation) -> str:
    names = {
        "document": compilation.document.title.plain(),
        "number": compilation.version.number,
        "party": compilation.party,
    }
    if compilation.party is None:
        return _("Compilation of comments on “%(document)s”, version %(number)d") % names
    if compilation.show_responses:
        return (
            _(
                "Comments of %(party)s on “%(document)s”, version %(number)d, with the "
                "secretariat's responses"
            )
            % names
        )
    return _("Comments of %(party)s on “%(document)s”, version %(number)d") % names


def about_lines(compilation: Compilation) -> list[str]:
    """The lines under the title: the request, the deadline, the round's state."""
    comment_round = compilation.round
    lines = [compilation.item.title.plain()]
    if comment_round.due_date:
        lines.append(
            _("Comments due by %(day)s.")
            % {"day": date_format(comment_round.due_date, "DATE_FORMAT")}
        )
    if comment_round.is_closed:
        day = date_format(timezone.localdate(comment_round.closed_at), "DATE_FORMAT")
        if comment_round.superseded_by is not None:
            lines.append(
                _("Round closed on %(day)s, when version %(number)d was circulated.")
                % {"day": day, "number": comment_round.superseded_by.number}
            )
        else:
            lines.append(_("Round closed on %(day)s.") % {"day": day})
    else:
        lines.append(_("Round open: the compilation may still change."))
    if comment_round.is_published:
        lines.append(
            _("Published to the group on %(day)s.")
            % {"day": date_format(timezone.localdate(comment_round.published_at), "DATE_FORMAT")}
        )
    lines.append(_("Generated on %(day)s.") % {"day": date_format(local_today(), "DATE_FORMAT")})
    return lines


def row_header(compilation: Compilation) -> list[str]:
    header = [_("No."), _("Member"), *(column_label(name) for name in COLUMNS)]
    if compilation.show_responses:
        header += [column_label("response"), column_label("response_rationale")]
    return [*header, _("Received"), _("Days late"), _("Language")]


def _received(compilation: Compilation, submission) -> tuple[object, int | None]:
    """The day a version was handed in, and its days late for the round (None: on time)."""
    return timezone.localdate(submission.submitted_at), compilation.late_days(submission) or None


def row_values(compilation: Compilation, rows) -> list[list[object]]:
    values = []
    for number, row in enumerate(rows, start=1):
        line: list[object] = [
            number,
            str(row.submission.obligation.party),
            row.section,
            row.page,
            row.get_comment_type_display(),
            row.comment,
            row.proposed_change,
        ]
        if compilation.show_responses:
            line += [row.get_response_display(), row.response_rationale]
        submission = row.submission
        values.append(
            [*line, *_received(compilation, submission), submission.get_language_display()]
        )
    return values


def general_values(compilation: Compilation) -> list[list[object]]:
    return [
        [
            str(s.obligation.party),
            s.text.strip(),
            *_received(compilation, s),
            s.get_language_display(),
        ]
        for s in compilation.general_texts
    ]


def without_values(compilation: Compilation) -> list[list[object]]:
    return [[str(entry.party), entry.label] for entry in compilation.without_comments]


def export_name(compilation: Compilation, extension: str) -> str:
    comments = pgettext("file name", "comments")
    stem = f"{comments}-{slugify(compilation.document.title)[:50]}-v{compilation.version.number}"
    if compilation.party is not None:
        party = compilation.party
        code = party.code if isinstance(party, Country) else party.acronym
        stem += f"-{slugify(code)}"
    return filename(stem, extension)


def compilation_xlsx(compilation: Compilation) -> HttpResponse:
    """The compilation as a workbook: the rows, the general comments, who sent none, about."""
    workbook = new_workbook()
    rows = list(compilation.rows)
    sheets = [
        add_sheet(
            workbook,
            _("Compilation"),
            row_header(compilation),
            row_values(compilation, rows),
        ),
        add_sheet(
            workbook,
            _("General comments"),
            [_("Member"), _("General comment"), _("Received"), _("Days late"), _("Language")],
            general_values(compilation),
        ),
        add_sheet(
            workbook,
            _("Without comments"),
            [_("Member"), _("State")],
            without_values(compilation),
        ),
    ]
    about = workbook.create_sheet(_("About")[:31])
    for line in [title(compilation), *about_lines(compilation)]:
        about.append([line])
    about.column_dimensions["A"].width = 100
    workbook.properties.title = title(compilation)
    from openpyxl.styles import Alignment

    for sheet in sheets:
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return xlsx_response(export_name(compilation, "xlsx"), workbook)


def compilation_docx(compilation: Compilation) -> HttpResponse:
    """The compilation as a Word document in landscape, ready to circulate."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    landscape(document)
    document.styles["Normal"].font.size = Pt(9)
    heading = title(compilation)
    document.core_properties.title = heading
    document.add_heading(heading, level=1)
    for line in about_lines(compilation):
        document.add_paragraph(line)
    rows = list(compilation.rows)
    parties = len({row.submission.obligation_id for row in rows})
    document.add_paragraph(
        ngettext(
            "%(count)d comment from %(parties)s.",
            "%(count)d comments from %(parties)s.",
            len(rows),
        )
        % {
            "count": len(rows),
            "parties": ngettext("%(n)d member", "%(n)d members", parties) % {"n": parties},
        }
    )
    if rows:
        header = [
            _("No."),
            _("Member"),
            *(column_label(name) for name in COLUMNS if name != "page"),
        ]
        if compilation.show_responses:
            header.append(column_label("response_rationale"))
        # Each comment stays in the language it was written in: say which.
        header.append(_("Language"))
        lines = [_docx_row(compilation, n, row) for n, row in enumerate(rows, start=1)]
        add_table(document, header, lines)
    else:
        document.add_paragraph(_("No comment rows."))

    general = compilation.general_texts
    if general:
        document.add_heading(_("General comments"), level=2)
        add_table(
            document,
            [_("Member"), _("General comment"), _("Language")],
            [[_member(compilation, s), s.text.strip(), s.get_language_display()] for s in general],
        )
    if compilation.without_comments:
        document.add_heading(_("Members without comments"), level=2)
        add_table(document, [_("Member"), _("State")], without_values(compilation))
    elif compilation.party is None:
        document.add_heading(_("Members without comments"), level=2)
        document.add_paragraph(_("Every member addressed sent comments."))
    buffer = io.BytesIO()
    document.save(buffer)
    return download(buffer.getvalue(), DOCX, export_name(compilation, "docx"))


def _member(compilation: Compilation, submission) -> str:
    """The party's name, with a note when its version came late for the round."""
    name = str(submission.obligation.party)
    days = compilation.late_days(submission)
    if days:
        name += "\n" + ngettext(
            "(received %(days)d day late)", "(received %(days)d days late)", days
        ) % {"days": days}
    return name


def _docx_row(compilation: Compilation, number: int, row: SubmissionComment) -> list[object]:
    section = row.section
    if row.page:
        section = f"{section} " if section else ""
        section += _("(p. %(page)s)") % {"page": row.page}
    values: list[object] = [
        number,
        _member(compilation, row.submission),
        section,
        row.get_comment_type_display(),
        row.comment,
        row.proposed_change,
    ]
    if compilation.show_responses:
        answer = row.get_response_display()
        if row.response_rationale:
            answer = f"{answer}: {row.response_rationale}" if answer else row.response_rationale
        values.append(answer)
    values.append(row.submission.get_language_display())
    return values
