"""Every fixture report parses to its expected answer, scored as score_import.py scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importer.parser import extract_text, pair_reports, parse_report

from .builders import protection_report_docx
from .scoring import score_report

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
GENERATED = {"protection_2023-03-14.docx": protection_report_docx}


def _report_path(name: str, tmp_path: Path) -> Path:
    if name in GENERATED:
        path = tmp_path / name
        path.write_bytes(GENERATED[name]())
        return path
    return FIXTURES / name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_report_scores_full_marks(name: str, tmp_path: Path) -> None:
    got = parse_report(extract_text(_report_path(name, tmp_path)))
    if EXPECTED[name].get("translation"):  # scored with --translation, as the scorer does
        translation = extract_text(_report_path(EXPECTED[name]["translation"], tmp_path))
        got = pair_reports(got, parse_report(translation))
    points, total, lost = score_report(EXPECTED[name], got)
    assert lost == []
    assert points == total


def test_fixtures_cover_both_languages_and_many_styles() -> None:
    names = set(EXPECTED)
    assert len(names) >= 7
    assert any(n.endswith("_es.txt") or n.endswith("_es.md") for n in names)
    assert any(n.endswith(".docx") for n in names)
    assert any(n.endswith(".md") for n in names)


def test_the_parse_carries_what_the_review_page_needs() -> None:
    """Beyond the format: modality, place and language, and items due at the next meeting."""
    got = parse_report(extract_text(FIXTURES / "border-management_2020-09-28.txt"))
    assert {k: got["meeting"][k] for k in ("modality", "place", "language")} == {
        "modality": "virtual",
        "place": "Online",
        "language": "en",
    }
    at_next = [i["resolution"] for i in got["action_items"] if i["due_at_next_meeting"]]
    assert at_next == ["3.b", "3.c"]
    spanish = parse_report(extract_text(FIXTURES / "border-management_2020-09-28_es.md"))
    assert spanish["meeting"]["language"] == "es"
    assert [i["resolution"] for i in spanish["action_items"] if i["due_at_next_meeting"]] == ["3.b"]
