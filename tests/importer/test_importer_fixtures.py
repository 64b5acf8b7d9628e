"""Every fixture report parses to its expected answer, scored as score_import.py scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actions.importer import extract_text, parse_report

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
    points, total, lost = score_report(EXPECTED[name], got)
    assert lost == []
    assert points == total


def test_fixtures_cover_both_languages_and_many_styles() -> None:
    names = set(EXPECTED)
    assert len(names) >= 7
    assert any(n.endswith("_es.txt") or n.endswith("_es.md") for n in names)
    assert any(n.endswith(".docx") for n in names)
    assert any(n.endswith(".md") for n in names)
