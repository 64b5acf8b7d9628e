"""Pairing a report with its other-language version: `--translation`, parser/pairing.py."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from importer.parser import extract_text, pair_reports, pair_texts, parse_report
from importer.parser.cli import main
from importer.parser.lexicon import language_of
from importer.parser.pairing import pair_resolutions, same_numbering

from .scoring import score_report

FIXTURES = Path(__file__).parent / "fixtures"
PAIRS = FIXTURES / "pairs"
PAIRS_EXPECTED = json.loads((PAIRS / "expected.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parents[2]

BORDER_EN = FIXTURES / "border-management_2020-09-28.txt"
BORDER_ES = PAIRS / "border-management_2020-09-28_es.txt"
PROTECTION_ES = PAIRS / "protection_2021-04-20_roman_es.txt"  # I., II. and a), b)
PROTECTION_EN = PAIRS / "protection_2021-04-20_numbered_en.txt"  # 1., 2. and 2.1, 2.2
LIAISON_ES = PAIRS / "liaison-children_2021-10-06_web_es.txt"  # copied from a web page
LIAISON_EN = PAIRS / "liaison-children_2021-10-06_web_en.txt"  # lacks 2.b, other date, no NI


def _parse(path: Path) -> dict:
    return parse_report(extract_text(path))


def _pair(original: Path, translation: Path) -> dict:
    return pair_reports(_parse(original), _parse(translation))


def _warned(result: dict) -> list[tuple[str, str | None]]:
    return [(w["message"], w["number"]) for w in result["translation_warnings"]]


EN_HEAD = (
    "REPORT OF THE MEETING OF THE WORKING GROUP ON PROTECTION\n\n"
    "The Working Group on Protection held a virtual meeting on {date}, with the participation "
    "of representatives of {countries}.\n\nThe Working Group agreed as follows:\n\n"
)
ES_HEAD = (
    "INFORME DE LA REUNIÓN DEL GRUPO DE TRABAJO SOBRE PROTECCIÓN\n\n"
    "El Grupo de Trabajo sobre Protección celebró una reunión virtual el {date}, con la "
    "participación de representantes de {countries}.\n\n"
    "El Grupo de Trabajo acordó lo siguiente:\n\n"
)


def _english(body: str, date: str = "12 May 2022", countries: str = "Belize and Mexico") -> dict:
    return parse_report(EN_HEAD.format(date=date, countries=countries) + body)


def _spanish(
    body: str, date: str = "12 de mayo de 2022", countries: str = "Belice y México"
) -> dict:
    return parse_report(ES_HEAD.format(date=date, countries=countries) + body)


# Pairing ------------------------------------------------------------------------------------


def test_versions_numbered_alike_pair_by_number_with_nothing_to_warn() -> None:
    result = _pair(BORDER_ES, BORDER_EN)
    assert result["language"] == "es"
    assert result["translation_language"] == "en"
    english = {r["number"]: r["text"] for r in _parse(BORDER_EN)["resolutions"]}
    assert {r["number"]: r["translation"] for r in result["resolutions"]} == english
    assert result["translation_warnings"] == []
    titles = {i["resolution"]: i["title_translation"] for i in result["action_items"]}
    assert titles["2.a"] == "Comments on the Inventory of best practices at the regional level"
    assert titles["3.b"].startswith("Procedures Manual for the investigation")


def test_roman_numerals_and_decimal_sub_items_pair_with_arabic_and_letters() -> None:
    result = _pair(PROTECTION_ES, PROTECTION_EN)
    pairs = pair_resolutions(
        _parse(PROTECTION_ES)["resolutions"], _parse(PROTECTION_EN)["resolutions"]
    )
    assert pairs == {
        "I": "1",
        "II": "2",
        "II.a": "2.1",
        "II.b": "2.2",
        "II.c": "2.3",
        "III": "3",
        "IV": "4",
        "V": "5",
    }
    assert result["translation_warnings"] == []
    by_number = {r["number"]: r["translation"] for r in result["resolutions"]}
    assert by_number["II.b"] == "Protocol for the referral of persons with protection needs"
    titles = {i["resolution"]: i["title_translation"] for i in result["action_items"]}
    assert titles["II.c"] == (
        "Comments on the Roadmap for the care of unaccompanied children and adolescents"
    )
    assert titles["IV"] == "Regional workshop on international protection"


def test_lists_numbered_apart_pair_in_order_and_say_the_numbers_differ() -> None:
    """A report that continues the numbering of an earlier part pairs item for item."""
    original = _english(
        "4. To thank Mexico for hosting the meeting.\n"
        "5. To ask the Technical Secretariat to circulate the minutes by 30 May 2022.\n"
        "6. To hold the next meeting in September.\n"
    )
    translation = _spanish(
        "1. Agradecer a México por ser anfitrión de la reunión.\n"
        "2. Solicitar a la Secretaría Técnica que circule la minuta a más tardar el 30 de mayo"
        " de 2022.\n"
        "3. Celebrar la próxima reunión en septiembre.\n"
    )
    result = pair_reports(original, translation)
    assert [r["translation"][:20] for r in result["resolutions"]] == [
        "Agradecer a México p",
        "Solicitar a la Secre",
        "Celebrar la próxima ",
    ]
    assert _warned(result) == [
        ("number_differs", "4"),
        ("number_differs", "5"),
        ("number_differs", "6"),
    ]
    assert result["translation_warnings"][1]["translation_number"] == "2"


def test_a_sub_item_missing_from_the_translation_is_unpaired_and_the_rest_pair_by_content() -> None:
    """The English lacks 2.b, so its 2.b is the Spanish 2.c: content outweighs the letter."""
    result = _pair(LIAISON_ES, LIAISON_EN)
    by_number = {r["number"]: r["translation"] for r in result["resolutions"]}
    assert by_number["2.a"] == "Updated data on returned migrant children and adolescents"
    assert by_number["2.b"] is None
    assert by_number["2.c"] == "National protocols for the reception of returned migrant children"
    titles = {i["resolution"]: i["title_translation"] for i in result["action_items"]}
    assert titles["2.b"] is None
    assert (
        titles["2.c"]
        == "Information on the National protocols for the reception of returned migrant children"
    )
    assert _warned(result) == [
        ("participants_differ", None),
        ("numbers_differ", "2"),  # "15 de noviembre de 2021" / "30 November 2021"
        ("date_differs", "2.a"),
        ("unpaired_in_translation", "2.b"),
        ("number_differs", "2.c"),
        ("date_differs", "2.c"),
        ("countries_differ", "4"),
    ]
    warnings = result["translation_warnings"]
    assert warnings[0]["original"] == ["BZ", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA"]
    assert warnings[0]["translation"] == ["BZ", "CR", "DO", "SV", "GT", "HN", "MX", "PA"]
    assert warnings[1]["original"] == ["15", "2021"]
    assert warnings[1]["translation"] == ["30", "2021"]
    assert warnings[2] == {
        "message": "date_differs",
        "number": "2.a",
        "translation_number": "2.a",
        "field": "due",
        "original": {"earliest": None, "latest": "2021-11-15"},
        "translation": {"earliest": None, "latest": "2021-11-30"},
    }
    assert warnings[3]["original"] == "Directorio de instituciones de protección de la niñez"
    assert warnings[6]["original"] == ["GT", "HN"] and warnings[6]["translation"] == ["GT"]


def test_a_resolution_only_the_translation_has_is_unpaired_in_the_original() -> None:
    result = _pair(LIAISON_EN, LIAISON_ES)
    unpaired = [w for w in result["translation_warnings"] if w["message"] == "unpaired_in_original"]
    assert unpaired == [
        {
            "message": "unpaired_in_original",
            "number": None,
            "translation_number": "2.b",
            "field": "resolution",
            "original": None,
            "translation": "Directorio de instituciones de protección de la niñez",
        }
    ]
    assert all(r["translation"] for r in result["resolutions"])


def test_unrelated_resolutions_at_different_places_are_not_forced_together() -> None:
    original = _english(
        "1. To thank Mexico for hosting the meeting.\n"
        "2. To ask IOM to prepare a regional study on labour migration by 30 June 2022.\n"
    )
    translation = _spanish("1. Agradecer a México por ser anfitrión de la reunión.\n")
    result = pair_reports(original, translation)
    assert [r["translation"] is None for r in result["resolutions"]] == [False, True]
    assert ("unpaired_in_translation", "2") in _warned(result)
    assert result["action_items"][0]["title_translation"] is None


# Each warning ---------------------------------------------------------------------------------


def test_meeting_date_and_participants_that_differ_are_warned() -> None:
    body_en = "1. To thank Mexico for hosting the meeting.\n"
    body_es = "1. Agradecer a México por ser anfitrión de la reunión.\n"
    result = pair_reports(
        _english(body_en, countries="Belize, Guatemala and Mexico"),
        _spanish(body_es, date="13 de mayo de 2022", countries="Belice y México"),
    )
    assert result["translation_warnings"] == [
        {
            "message": "meeting_date_differs",
            "number": None,
            "translation_number": None,
            "field": "meeting.date",
            "original": "2022-05-12",
            "translation": "2022-05-13",
        },
        {
            "message": "participants_differ",
            "number": None,
            "translation_number": None,
            "field": "meeting.participants",
            "original": ["BZ", "GT", "MX"],
            "translation": ["BZ", "MX"],
        },
    ]


@pytest.mark.parametrize(
    ("english", "spanish", "expected"),
    [
        pytest.param(
            "1. To ask IOM to prepare a regional study on labour migration by 30 June 2022.",
            "1. Solicitar a la OIM que elabore un estudio regional sobre migración laboral a más"
            " tardar el 30 de julio de 2022.",
            [("date_differs", "due", {"earliest": None, "latest": "2022-06-30"})],
            id="due date",
        ),
        pytest.param(
            "1. To ask IOM to prepare a regional study on labour migration by 30 June 2022.",
            "1. Solicitar al ACNUR que elabore un estudio regional sobre migración laboral a más"
            " tardar el 30 de junio de 2022.",
            [
                ("organisations_differ", "text", ["IOM"]),
                ("responsible_differs", "responsible", ["IOM"]),
            ],
            id="responsible",
        ),
        pytest.param(
            "1. To ask the Member Countries to send their comments on the regional study by"
            " 30 June 2022.",
            "1. Solicitar a los Países Miembros que realicen un taller sobre el estudio regional"
            " a más tardar el 30 de junio de 2022.",
            [("kind_differs", "kind", "comment_request")],
            id="kind",
        ),
        pytest.param(
            "1. To thank Guatemala and Honduras for sharing their experience.",
            "1. Agradecer a Guatemala por compartir su experiencia.",
            [("countries_differ", "text", ["GT", "HN"])],
            id="countries named",
        ),
        pytest.param(
            "1. To thank IOM for the technical exchange held online on 8-11 March 2022.",
            "1. Agradecer a la OIM por el intercambio técnico realizado del 8 al 12 de marzo"
            " de 2022.",
            [("numbers_differ", "text", ["8", "11", "2022"])],
            id="figures in a text with no item",
        ),
        pytest.param(
            "1. To hold quarterly meetings of the Working Group.",
            "1. Celebrar reuniones semestrales del Grupo de Trabajo.",
            [("recurrence_differs", "recurrence", "quarterly")],
            id="recurrence",
        ),
        pytest.param(
            "1. To thank Mexico for hosting the meeting.",
            "1. Solicitar a México que organice un taller regional en junio.",
            [("kind_differs", "kind", None)],
            id="an item only the translation has",
        ),
    ],
)
def test_each_disagreement_of_a_paired_resolution_is_warned_and_the_original_kept(
    english: str, spanish: str, expected: list[tuple[str, str, object]]
) -> None:
    original = _english(english + "\n")
    result = pair_reports(original, _spanish(spanish + "\n"))
    got = [(w["message"], w["field"], w["original"]) for w in result["translation_warnings"]]
    assert got == expected
    assert all(
        w["number"] == "1" and w["translation_number"] == "1"
        for w in result["translation_warnings"]
    )
    assert [
        {k: v for k, v in i.items() if k != "title_translation"} for i in result["action_items"]
    ] == original["action_items"]


def test_a_translation_in_the_same_language_is_warned() -> None:
    result = _pair(BORDER_EN, BORDER_EN)
    assert _warned(result) == [("same_language", None)]


# The original wins ------------------------------------------------------------------------------


def test_the_translation_never_overrides_the_original() -> None:
    original = _parse(LIAISON_ES)
    kept = copy.deepcopy(original)
    result = pair_reports(original, _parse(LIAISON_EN))
    assert original == kept  # the argument is not changed either
    assert result["meeting"] == kept["meeting"]
    assert [{k: r[k] for k in ("number", "parent", "text")} for r in result["resolutions"]] == kept[
        "resolutions"
    ]
    added = {"title_translation"}
    assert [{k: v for k, v in i.items() if k not in added} for i in result["action_items"]] == kept[
        "action_items"
    ]
    assert set(result) - set(kept) == {"translation_language", "translation_warnings"}


def test_titles_come_from_the_translation_s_own_title_rules_even_without_its_items() -> None:
    """Where the translation's parse made no item, the title is built from its resolution."""
    translation = _parse(LIAISON_EN)
    with_items = pair_reports(_parse(LIAISON_ES), translation)
    without_items = pair_reports(_parse(LIAISON_ES), {**translation, "action_items": []})
    assert [i["title_translation"] for i in without_items["action_items"]] == [
        i["title_translation"] for i in with_items["action_items"]
    ]


def test_pair_texts_parses_both_and_pairs_them() -> None:
    english, spanish = extract_text(BORDER_EN), extract_text(BORDER_ES)
    assert pair_texts(english, spanish) == pair_reports(
        parse_report(english), parse_report(spanish)
    )


def test_numbers_read_alike_across_styles() -> None:
    assert same_numbering("II.a", "2.1")
    assert same_numbering("3.(iv)", "3.d")
    assert not same_numbering("2.c", "2.b")
    assert not same_numbering("2", "2.a")


# Language -------------------------------------------------------------------------------------


LANGUAGES = {
    BORDER_EN: "en",
    BORDER_ES: "es",
    PROTECTION_ES: "es",
    PROTECTION_EN: "en",
    LIAISON_ES: "es",
    LIAISON_EN: "en",
    FIXTURES / "border-management_2020-09-28_es.md": "es",
    FIXTURES / "consular-network_2021-06-24_en.md": "en",
    FIXTURES / "smuggling-network_2014-06-24_es.txt": "es",
    FIXTURES / "labour-migration_2021-11-03_pdf-copy.txt": "en",
    FIXTURES / "health_2020-12-03_plain-paragraphs_es.txt": "es",
}


@pytest.mark.parametrize("path", list(LANGUAGES), ids=lambda p: p.name)
def test_every_sample_reports_its_language_at_the_top_level(path: Path) -> None:
    parsed = _parse(path)
    assert parsed["language"] == LANGUAGES[path]
    assert parsed["meeting"]["language"] == LANGUAGES[path]


def test_bilingual_letterheads_do_not_decide_the_language() -> None:
    letterhead = "Conferencia Regional sobre Migración\nRegional Conference on Migration\n"
    english_page = letterhead * 3 + "Presidencia Pro Tempore\n1. To thank Mexico.\n"
    spanish_page = "Regional Conference on Migration\n" * 4 + "1. Agradecer a México.\n"
    assert language_of(english_page) == "en"
    assert language_of(spanish_page) == "es"
    assert parse_report(letterhead * 5 + "Agreements:\n1. To thank Mexico.\n")["language"] == "en"
    assert parse_report(letterhead * 5 + "Acuerdos:\n1. Agradecer a México.\n")["language"] == "es"


# Command line -----------------------------------------------------------------------------------


def test_cli_pairs_with_translation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(LIAISON_ES), "--translation", str(LIAISON_EN)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["language"], result["translation_language"]) == ("es", "en")
    assert result["resolutions"][0]["translation"].startswith("To thank the Government")
    assert ("unpaired_in_translation", "2.b") in _warned(result)


def test_cli_without_translation_adds_no_translation_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(LIAISON_ES)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["language"] == "es"
    assert "translation_warnings" not in result
    assert "translation" not in result["resolutions"][0]


def test_cli_unreadable_translation_is_a_clear_error_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing_es.txt"
    assert main([str(LIAISON_EN), "--translation", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"cannot read {missing}" in captured.err


def test_the_parser_and_the_pairing_import_without_django() -> None:
    code = (
        "import sys, importer.parser, importer.parser.pairing; "
        "assert not [m for m in sys.modules if m.startswith('django')]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


# Scored as the workspace's scorer scores -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAIRS_EXPECTED))
def test_fixture_pair_scores_full_marks(name: str) -> None:
    want = PAIRS_EXPECTED[name]
    got = _parse(PAIRS / name)
    if want.get("translation"):
        got = pair_reports(got, _parse(PAIRS / want["translation"]))
    points, total, lost = score_report(want, got)
    assert lost == []
    assert points == total


def test_fixture_pairs_score_the_translations_both_ways() -> None:
    with_translation = [n for n, w in PAIRS_EXPECTED.items() if w.get("translation")]
    assert len(with_translation) >= 4
    assert all(PAIRS_EXPECTED[n].get("translation_titles") for n in with_translation)
    assert {n.rsplit("_", 1)[-1] for n in with_translation} == {"es.txt", "en.txt"}
