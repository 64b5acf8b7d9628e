"""Reading report files (.txt, .md, .html, .docx, PDF) and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importer.parser import UnsupportedFormat, extract_text
from importer.parser.cli import main

from .builders import protection_report_docx, simple_pdf

SAMPLE = Path(__file__).parent / "fixtures" / "border-management_2020-09-28.txt"


def test_docx_paragraphs_get_their_word_numbering_back() -> None:
    text = extract_text(protection_report_docx(), "report.docx")
    lines = text.split("\n")
    assert "1. To thank Costa Rica for hosting the meeting." in lines
    assert "a) national referral mechanisms for persons in need of protection;" in lines
    assert any(line.startswith("5. The next meeting") for line in lines)


def test_docx_tables_become_one_line_per_row_and_the_letterhead_goes() -> None:
    text = extract_text(protection_report_docx(), "report.docx")
    assert "Belize | Director of Migration" in text.split("\n")
    assert "Regional Conference on Migration" not in text


def test_docx_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(protection_report_docx())
    assert "WORKING GROUP ON PROTECTION" in extract_text(path)


def test_pdf_text_with_repeated_headers_and_a_sentence_over_a_page_break() -> None:
    header = "Working Group on Border Management - Report"
    pdf = simple_pdf(
        [
            [
                header,
                "The Working Group agreed as follows:",
                "1. To ask the Member Countries to",
                "send their comments on the draft guide to the",
                "Page 1 of 2",
            ],
            [
                header,
                "technical secretariat by 30 October 2020.",
                "2. To hold a webinar.",
                "Page 2 of 2",
            ],
        ]
    )
    lines = extract_text(pdf, "report.pdf").split("\n")
    assert lines.count(header) == 1
    assert (
        "1. To ask the Member Countries to send their comments on the draft guide to the "
        "technical secretariat by 30 October 2020." in lines
    )
    assert not any(line.startswith("Page") for line in lines)


def test_html_pages_keep_their_visible_text() -> None:
    page = (
        b"<html><head><style>p{}</style></head><body><nav>Home | About</nav>"
        b"<h1>Report</h1><ol><li>To thank &amp; welcome IOM.</li><li>To ask the ST.</li></ol>"
        b"</body></html>"
    )
    text = extract_text(page, "report.html")
    assert "Home" not in text
    assert "- To thank & welcome IOM." in text.split("\n")


def test_windows_1252_text_is_decoded() -> None:
    text = extract_text("Reunión del Grupo de Trabajo".encode("cp1252"), "report.txt")
    assert text == "Reunión del Grupo de Trabajo"


def test_old_word_files_are_refused_with_a_clear_message() -> None:
    with pytest.raises(UnsupportedFormat, match=r"\.docx"):
        extract_text(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "report.doc")


def test_cli_prints_the_import_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["meeting"]["date"] == "2020-09-28"
    assert set(result) == {"language", "meeting", "resolutions", "action_items"}
    assert result["language"] == "en"
    assert {"resolution", "kind", "title", "responsible", "due", "recurrence"} <= set(
        result["action_items"][0]
    )


def test_cli_options_fill_what_the_report_does_not_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "excerpt.md"
    path.write_text("Agreements:\n1. To ask the ST to circulate the report by 28 October.\n")
    assert main([str(path), "--date", "2020-09-28", "--working-group", "Working Group on X"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["meeting"]["date"] == "2020-09-28"
    assert result["meeting"]["working_group"] == "Working Group on X"
    assert result["action_items"][0]["due"]["latest"] == "2020-10-28"


def test_cli_keeps_non_ascii_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "informe.txt"
    path.write_text("Acuerdos:\n1. Realizar un taller en Panamá en noviembre de 2021.\n")
    assert main([str(path)]) == 0
    assert "Panamá" in capsys.readouterr().out


def test_cli_reports_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/report.txt"]) == 2
    assert "error" in capsys.readouterr().err


def test_cli_rejects_a_malformed_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([str(SAMPLE), "--date", "28/09/2020"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
