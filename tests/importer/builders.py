"""Build binary report files (.docx with Word list numbering, a small PDF) inside tests."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# A two-level Word list, as Word writes it: "1." then "a)".
_LEVELS = (("decimal", "%1."), ("lowerLetter", "%2)"))


def _add_multilevel_list(document) -> str:
    """Add a decimal / lower-letter list definition to the document and return its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (fmt, text) in enumerate(_LEVELS):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            node = OxmlElement(tag)
            node.set(qn("w:val"), value)
            lvl.append(node)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def _numbered(document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", num_id)):
        node = OxmlElement(tag)
        node.set(qn("w:val"), value)
        num_pr.append(node)
    ppr.append(num_pr)


def protection_report_docx() -> bytes:
    """Return a Word report whose resolutions are numbered by Word itself, not in the text."""
    document = Document()
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "Regional Conference on Migration"
    document.add_paragraph("REPORT OF THE MEETING OF THE WORKING GROUP ON PROTECTION")
    document.add_paragraph("San José, 14 and 15 March 2023")
    document.add_paragraph(
        "The Working Group on Protection met on 14 and 15 March 2023 with the following "
        "delegations:"
    )
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Country"
    table.rows[0].cells[1].text = "Head of delegation"
    for country in (
        "Belize",
        "Canada",
        "Costa Rica",
        "Guatemala",
        "Honduras",
        "Mexico",
        "Panama",
        "United States",
    ):
        row = table.add_row()
        row.cells[0].text = country
        row.cells[1].text = "Director of Migration"
    document.add_paragraph("El Salvador and Nicaragua excused themselves.")
    document.add_paragraph("Agreements")
    num_id = _add_multilevel_list(document)
    items = [
        (0, "To thank Costa Rica for hosting the meeting."),
        (
            0,
            "To ask the Member Countries to send the following information to the Technical "
            "Secretariat by 30 April 2023:",
        ),
        (1, "national referral mechanisms for persons in need of protection;"),
        (1, "focal points for the regional protection network."),
        (
            0,
            "To request UNHCR to develop a regional training module on refugee status "
            "determination, to be presented at the next meeting.",
        ),
        (
            0,
            "To hold a regional seminar on protection of displaced persons in Guatemala City "
            "during the second half of June 2023.",
        ),
        (
            0,
            "The next meeting of the Working Group will be held in the first fortnight of "
            "September 2023.",
        ),
    ]
    for level, text in items:
        _numbered(document, text, num_id, level)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def simple_pdf(pages: list[list[str]]) -> bytes:
    """Return a minimal PDF whose pages show the given lines in Helvetica (ASCII only)."""
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id)
        )
        page_ids.append(len(objects))
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
