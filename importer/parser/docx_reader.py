"""Read a .docx with python-docx, rebuilding the list numbering Word keeps apart from the text.

Word stores "1.", "a)" and bullets in numbering definitions, not in the
paragraph text; copying a report without them would lose its structure. Each
numbered paragraph gets its label back from numbering.xml (format, level text
such as "%1.%2.", start value), counted per list instance.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_NumPr
from docx.oxml.shared import CT_DecimalNumber
from docx.table import Table
from docx.text.paragraph import Paragraph

from .numbering import render


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Word list definitions and the running counters of each list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract = {
            a.get(qn("w:abstractNumId")): _read_levels(a) for a in root.findall(qn("w:abstractNum"))
        }
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                levels = dict(abstract.get(ref.get(qn("w:val")), {}))
                numbering.levels[num.get(qn("w:numId"))] = levels
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at this level and return the paragraph's label."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl].start
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "\u2022"
        if level.fmt == "none":
            return ""
        label = level.text
        for i in range(ilvl + 1):
            sub = levels.get(i, _Level())
            value = counts[i] or sub.start
            label = label.replace(f"%{i + 1}", _format(sub.fmt, value))
        return label


def _read_levels(abstract) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        level = _Level()
        for tag, attr in (("w:numFmt", "fmt"), ("w:lvlText", "text")):
            node = lvl.find(qn(tag))
            if node is not None and node.get(qn("w:val")) is not None:
                setattr(level, attr, node.get(qn("w:val")))
        start = lvl.find(qn("w:start"))
        if start is not None:
            level.start = int(start.get(qn("w:val")))
        levels[int(lvl.get(qn("w:ilvl")))] = level
    return levels


_FORMATS = {
    "lowerLetter": "lower_alpha",
    "upperLetter": "upper_alpha",
    "lowerRoman": "lower_roman",
    "upperRoman": "upper_roman",
}


def _format(fmt: str, value: int) -> str:
    return render(_FORMATS.get(fmt, "decimal"), value)


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """Return (numId, level) of a numbered paragraph, from itself or its style."""
    for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
        if ppr is None or not isinstance(ppr.numPr, CT_NumPr):  # None when not numbered
            continue
        num_id = ppr.numPr.numId
        ilvl = ppr.numPr.ilvl
        # python-docx types child elements as their descriptor; isinstance says what they are.
        if isinstance(num_id, CT_DecimalNumber) and num_id.val not in (None, 0):
            return str(num_id.val), int(ilvl.val) if isinstance(ilvl, CT_DecimalNumber) else 0
    return None


def _style_ppr(paragraph: Paragraph):
    style = paragraph.style
    return style.element.pPr if style is not None and style.element is not None else None


def _paragraph_line(paragraph: Paragraph, numbering: _Numbering) -> str:
    text = paragraph.text.strip()
    num = _num_pr(paragraph)
    if num is None or not text:
        return text
    label = numbering.label(*num)
    return f"{label} {text}".strip()


def _table_lines(table: Table) -> list[str]:
    """Return a table as one line per row; a first cell holding a number numbers the row."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # merged cells repeat
            seen.add(id(cell._tc))
            value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if value:
                cells.append(value)
        if not cells:
            continue
        first = cells[0].rstrip(".)")
        if len(cells) > 1 and (first.isdigit() or (len(first) == 1 and first.isalpha())):
            lines.append(f"{first}. " + " | ".join(cells[1:]))
        else:
            lines.append(" | ".join(cells))
    return lines


def read_docx(data: bytes) -> str:
    """Return the text of a .docx in reading order, paragraphs separated by blank lines."""
    document = Document(io.BytesIO(data))
    numbering = _Numbering.of(document)
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.append(_paragraph_line(Paragraph(child, document), numbering))
        elif child.tag == qn("w:tbl"):
            blocks.extend(_table_lines(Table(child, document)))
    for section in document.sections[:1]:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                blocks = [p.text for p in part.paragraphs if p.text.strip()] + blocks
    return "\n\n".join(b for b in blocks)
