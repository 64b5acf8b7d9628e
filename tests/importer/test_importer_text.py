"""Cleaning of text copied from PDFs, Word and web pages."""

from __future__ import annotations

from importer.parser.textnorm import is_page_furniture, normalise_text, strip_markdown


def test_markdown_emphasis_headings_rules_and_links_are_removed() -> None:
    assert strip_markdown("## **Report** of the _meeting_") == "Report of the meeting"
    assert strip_markdown("---") == ""
    assert strip_markdown("See [the guide](http://x.org/g) and *this*") == "See the guide and this"
    assert strip_markdown(r"1\. To thank") == "1. To thank"
    assert strip_markdown("| 1 | To ask the ST | PPT |") == "1. To ask the ST | PPT"
    assert strip_markdown("| No. | Action | Responsible |") == "No. | Action | Responsible"


def test_lines_broken_mid_sentence_are_joined_and_hyphenation_mended() -> None:
    text = (
        "The Working Group on Labour Migration met in Tegucigalpa on 3 November 2021. The fol-\n"
        "lowing Member Countries participated: Belize, Canada, Costa Rica, El Salvador, Guate-\n"
        "mala and Honduras."
    )
    assert normalise_text(text) == (
        "The Working Group on Labour Migration met in Tegucigalpa on 3 November 2021. The "
        "following Member Countries participated: Belize, Canada, Costa Rica, El Salvador, "
        "Guatemala and Honduras."
    )


def test_a_hyphen_before_a_capital_is_kept() -> None:
    assert normalise_text("the meeting of the Presidency Pro-\nTempore team") == (
        "the meeting of the Presidency Pro-Tempore team"
    )


def test_a_split_title_word_in_capitals_is_mended() -> None:
    assert normalise_text("REPORT OF THE WORKING GROUP ON LABOUR MIGRA-\nTION") == (
        "REPORT OF THE WORKING GROUP ON LABOUR MIGRATION"
    )


def test_numbered_lines_are_never_joined_to_the_line_above() -> None:
    text = "To ask the Member Countries to submit their comments on the following documents\na. Map"
    assert normalise_text(text).split("\n") == [
        "To ask the Member Countries to submit their comments on the following documents",
        "a. Map",
    ]


def test_sentence_broken_by_a_page_break_is_joined_across_the_removed_footer() -> None:
    text = (
        "1. To ask the Member Countries to send the information on their programmes to the\n"
        "Page 1 of 2\n\nRegional Conference on Migration\n\ntechnical secretariat by 30 October."
    )
    assert normalise_text(text) == (
        "1. To ask the Member Countries to send the information on their programmes to the "
        "technical secretariat by 30 October."
    )


def test_page_furniture_is_recognised() -> None:
    for line in (
        "Page 3 of 7",
        "Página 2",
        "- 4 -",
        "12",
        "Conferencia Regional sobre Migración",
        "COSTA RICA 2020",
        "Presidencia Pro-Témpore",
        "www.crmsv.org",
    ):
        assert is_page_furniture(line), line
    assert not is_page_furniture("1. To thank Costa Rica for the 2020 report.")


def test_headers_repeated_on_every_page_are_dropped_but_the_first_title_is_kept() -> None:
    text = (
        "Working Group on Health - Report\nThe group met.\nAgreed:\n1. To thank A.\n"
        "Working Group on Health - Report\n2. To ask B to send data.\n"
        "Working Group on Health - Report\n3. To hold a workshop."
    )
    lines = normalise_text(text).split("\n")
    assert lines.count("Working Group on Health - Report") == 1
    assert lines[0] == "Working Group on Health - Report"
    assert "3. To hold a workshop." in lines


def test_identical_sentences_ending_in_a_full_stop_are_not_taken_for_headers() -> None:
    text = "Agreed:\n1. To ask A.\nThe ST will follow up.\n2. To ask B.\nThe ST will follow up."
    assert normalise_text(text).count("The ST will follow up.") == 2


def test_cleaning_twice_changes_nothing() -> None:
    text = "**Report**\n\n1. To ask the ST to pre-\npare the study\nby 30 October."
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert once == "Report\n\n1. To ask the ST to prepare the study by 30 October."


def test_a_number_alone_on_its_line_is_joined_to_its_text() -> None:
    text = "Agreed:\n1.\nTo thank Costa Rica.\n\n2.\n\nTo ask IOM to prepare a study.\n3"
    assert normalise_text(text).split("\n") == [
        "Agreed:",
        "1. To thank Costa Rica.",
        "",
        "2. To ask IOM to prepare a study.",
    ]


def test_the_parser_runs_without_django():
    """The parser is plain Python: importing it loads neither Django nor Celery."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, importer.parser; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'celery'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
