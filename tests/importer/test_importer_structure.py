"""Numbering and nesting of resolutions, whatever the numbering style."""

from __future__ import annotations

import pytest

from importer.parser.numbering import Outline, parse_marker
from importer.parser.structure import split_document
from importer.parser.textnorm import normalise_text
from rcm_tracker.roman import roman_value, to_roman


def numbers(text: str) -> list[tuple[str, str | None]]:
    doc = split_document(normalise_text(text).split("\n"))
    return [(r.number, r.parent) for r in doc.resolutions]


@pytest.mark.parametrize(
    ("line", "tokens", "wrapper"),
    [
        ("1. To thank", ("1",), "."),
        ("1) To thank", ("1",), ")"),
        ("a. Inventory", ("a",), "."),
        ("a) Solicitar", ("a",), ")"),
        ("(a) To ask", ("a",), "()"),
        ("(iv) To ask", ("iv",), "()"),
        ("iii. To ask", ("iii",), "."),
        ("II. Agreements", ("II",), "."),
        ("II.iii To ask", ("II", "iii"), "compound"),
        ("2.1 To ask", ("2", "1"), "compound"),
        ("2.1.3. To ask", ("2", "1", "3"), "compound"),
        ("1.a To ask", ("1", "a"), "compound"),
        ("2 a) To ask", ("2", "a"), "compound"),
        ("  - b. Map of routes", ("b",), "."),
        ("1.- Solicitar", ("1",), "."),
        ("PRIMERO.- Solicitar", ("1",), "."),
        ("Acuerdo 3: Solicitar", ("3",), "."),
        ("- Inventory of practices", (), "bullet"),
        ("\u2022 Inventory of practices", (), "bullet"),
    ],
)
def test_markers_are_read_in_every_style(line: str, tokens: tuple, wrapper: str) -> None:
    marker = parse_marker(line)
    assert marker is not None
    assert (marker.tokens, marker.wrapper) == (tokens, wrapper)


@pytest.mark.parametrize(
    "line", ["e.g. the countries", "2020. The meeting", "The meeting", "i.e. this", "Mr. Smith"]
)
def test_plain_sentences_are_not_markers(line: str) -> None:
    assert parse_marker(line) is None


def test_roman_numerals_round_trip() -> None:
    assert [roman_value(to_roman(n)) for n in range(1, 40)] == list(range(1, 40))
    assert roman_value("iiii") is None


def test_a_new_style_opens_a_child_level_and_a_known_style_pops_back() -> None:
    outline = Outline()
    placed = [
        outline.place(parse_marker(line))
        for line in ["1. x", "a. x", "i. x", "ii. x", "b. x", "2. x", "a. x"]
    ]
    assert placed == [
        ("1", None),
        ("1.a", "1"),
        ("1.a.i", "1.a"),
        ("1.a.ii", "1.a"),
        ("1.b", "1"),
        ("2", None),
        ("2.a", "2"),
    ]


def test_letter_i_after_h_continues_the_letters() -> None:
    outline = Outline()
    for line in ["a) x", "b) x", "c) x", "d) x", "e) x", "f) x", "g) x", "h) x"]:
        outline.place(parse_marker(line))
    assert outline.place(parse_marker("i) x")) == ("i", None)


def test_roman_i_in_another_wrapper_under_h_opens_a_sub_list() -> None:
    outline = Outline()
    for line in ["a) x", "b) x", "c) x", "d) x", "e) x", "f) x", "g) x", "h) x"]:
        outline.place(parse_marker(line))
    assert outline.place(parse_marker("i. x")) == ("h.i", "h")
    assert outline.place(parse_marker("ii. x")) == ("h.ii", "h")


def test_a_number_that_does_not_continue_the_list_is_text() -> None:
    outline = Outline()
    outline.place(parse_marker("1. x"))
    assert outline.place(parse_marker("6.3 of the Guidelines")) is None
    assert outline.place(parse_marker("7. x")) is None


def test_indentation_lost_in_a_pdf_copy_does_not_matter() -> None:
    text = "As follows:\n1. To thank X.\na. To thank Y.\nb. To ask Z to send data.\n2. To ask W."
    assert numbers(text) == [("1", None), ("1.a", "1"), ("1.b", "1"), ("2", None)]


def test_unnumbered_bullets_are_lettered_under_a_number_and_numbered_under_a_letter() -> None:
    text = (
        "The group agreed:\n1. To ask the countries to comment on:\n- document one\n"
        "- document two\n2. To hold workshops:\na. Regional workshops:\n- first\n- second"
    )
    assert numbers(text) == [
        ("1", None),
        ("1.a", "1"),
        ("1.b", "1"),
        ("2", None),
        ("2.a", "2"),
        ("2.a.1", "2.a"),
        ("2.a.2", "2.a"),
    ]


def test_bullets_alone_after_the_lead_in_are_numbered_from_one() -> None:
    text = "The Working Group agreed as follows:\n- To thank A.\n- To ask B to send data."
    assert numbers(text) == [("1", None), ("2", None)]


def test_numbering_run_into_a_paragraph_is_split() -> None:
    text = (
        "The group submits its report as follows: 1. To thank Costa Rica for the meeting. "
        "2. To ask the countries to send data. a) Data on returns; b) Data on visas."
    )
    assert numbers(text) == [("1", None), ("2", None)]


def test_run_in_sub_items_after_a_colon_are_split() -> None:
    text = (
        "The group agreed as follows:\n1. To ask the countries to comment on: a. The Manual "
        "on returns; b. The Guide on visas.\n2. To thank IOM."
    )
    assert numbers(text) == [("1", None), ("1.a", "1"), ("1.b", "1"), ("2", None)]


def test_preamble_numbered_lists_before_the_lead_in_are_not_resolutions() -> None:
    text = (
        "Agenda:\n1. Opening\n2. Reports\nThe Working Group adopted the following agreements:\n"
        "1. To thank the PPT.\n2. To ask the ST to circulate the report."
    )
    doc = split_document(normalise_text(text).split("\n"))
    assert [r.number for r in doc.resolutions] == ["1", "2"]
    assert "Agenda:" in doc.preamble


def test_numbered_agreements_heading_is_a_lead_in_not_a_resolution() -> None:
    text = "1. Participants\nBelize took part.\n2. Agreements\n2.1 On training:\n2.1.1 To ask X."
    assert numbers(text) == [("2.1", None), ("2.1.1", "2.1")]


def test_explicit_roman_paths() -> None:
    text = (
        "Agreements:\nI. Institutional matters\nII. Training\nII.i To hold a course.\nII.ii To x."
    )
    assert numbers(text) == [("I", None), ("II", None), ("II.i", "II"), ("II.ii", "II")]


def test_word_sub_lists_that_restart_at_one_nest_under_the_item() -> None:
    text = "Agreements:\n1. One\n2. Two:\n1. sub one\n2. sub two\n3. Three"
    assert numbers(text) == [("1", None), ("2", None), ("2.1", "2"), ("2.2", "2"), ("3", None)]


def test_annex_and_signature_end_the_resolutions() -> None:
    text = (
        "Agreements:\n1. To ask the ST to circulate the report.\nSan José, 25 de junio de 2014\n"
        "Annex 1: List of participants\n1. Belize"
    )
    doc = split_document(normalise_text(text).split("\n"))
    assert [r.number for r in doc.resolutions] == ["1"]
    assert doc.closing[-1] == "1. Belize"


def test_continuation_paragraphs_join_their_item_and_headings_are_dropped() -> None:
    text = (
        "Agreements:\n\n1. To ask the ST to prepare a study.\n\nThe study will cover 2019.\n\n"
        "TRAINING\n\n2. To hold a workshop."
    )
    doc = split_document(normalise_text(text).split("\n"))
    assert [r.text for r in doc.resolutions] == [
        "To ask the ST to prepare a study. The study will cover 2019.",
        "To hold a workshop.",
    ]


def test_markdown_nested_lists_that_reuse_one_number_style_follow_indentation() -> None:
    text = (
        "Agreements:\n1. To ask the countries to comment on:\n   1. the Manual on returns\n"
        "   2. the Guide on visas\n2. To hold a workshop.\n"
    )
    assert numbers(text) == [("1", None), ("1.1", "1"), ("1.2", "1"), ("2", None)]


def test_nested_bullets_with_one_bullet_character_follow_indentation() -> None:
    text = (
        "Agreements:\n- To ask the ST to prepare:\n  - a study\n  - a guide\n- To hold a workshop."
    )
    assert numbers(text) == [("1", None), ("1.a", "1"), ("1.b", "1"), ("2", None)]
