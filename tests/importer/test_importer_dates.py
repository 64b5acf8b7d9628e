"""The due-window grammar, English and Spanish, always resolved against a given meeting date."""

from __future__ import annotations

from datetime import date

import pytest

from importer.parser.dates import DueWindow, find_next_meeting, parse_due, scan_dates

MEETING = date(2020, 9, 28)  # a Monday
NEXT_MEETING = DueWindow(date(2020, 12, 1), date(2020, 12, 7), "week", "first week of December")


def d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# (text, earliest, latest, precision) with the meeting on 2020-09-28
CASES = [
    # single days, deadlines
    ("by 28 October, at the latest", None, "2020-10-28", "day"),
    ("no later than 15 March 2021", None, "2021-03-15", "day"),
    ("not later than October 30", None, "2020-10-30", "day"),
    ("on or before 2 November 2020", None, "2020-11-02", "day"),
    ("a más tardar el 28 de octubre", None, "2020-10-28", "day"),
    ("el 28 de octubre a más tardar", None, "2020-10-28", "day"),
    ("hasta el 15 de noviembre de 2020", None, "2020-11-15", "day"),
    ("como fecha límite el 5 de diciembre", None, "2020-12-05", "day"),
    ("para el 30 de octubre", None, "2020-10-30", "day"),
    ("deadline: 20 October 2020", None, "2020-10-20", "day"),
    ("before 15 March 2021", None, "2021-03-14", "day"),
    ("antes del 15 de marzo", None, "2021-03-14", "day"),
    ("prior to 1 December", None, "2020-11-30", "day"),
    # day formats
    ("28/10/2020", None, "2020-10-28", "day"),
    ("28.10.2020", None, "2020-10-28", "day"),
    ("5/11", None, "2020-11-05", "day"),
    ("2020-11-15", None, "2020-11-15", "day"),
    ("October 28th, 2020", None, "2020-10-28", "day"),
    ("Oct. 28", None, "2020-10-28", "day"),
    ("the 1st of November", None, "2020-11-01", "day"),
    ("Monday, 12 October", None, "2020-10-12", "day"),
    ("el lunes 12 de octubre de 2020", None, "2020-10-12", "day"),
    ("primero de diciembre", None, "2020-12-01", "day"),
    ("el 1º de diciembre de 2020", None, "2020-12-01", "day"),
    ("30 de setiembre", None, "2020-09-30", "day"),
    # a year left out: the first such date on or after the meeting
    ("15 March", None, "2021-03-15", "day"),
    ("on 20 September", None, "2021-09-20", "day"),
    # ranges of days
    ("8-11 September", "2021-09-08", "2021-09-11", "week"),
    ("del 12 al 16 de octubre", "2020-10-12", "2020-10-16", "week"),
    ("June 24-25, 2021", "2021-06-24", "2021-06-25", "week"),
    ("24 y 25 de junio de 2021", "2021-06-24", "2021-06-25", "week"),
    ("30 November - 2 December 2020", "2020-11-30", "2020-12-02", "week"),
    ("del 30 de noviembre al 2 de diciembre", "2020-11-30", "2020-12-02", "week"),
    ("November 30 - December 2, 2020", "2020-11-30", "2020-12-02", "week"),
    ("2 to 13 November", "2020-11-02", "2020-11-13", "fortnight"),
    # months and parts of months
    ("in November, on a date to be defined", "2020-11-01", "2020-11-30", "month"),
    ("en noviembre, en fecha por definir", "2020-11-01", "2020-11-30", "month"),
    ("durante el mes de enero de 2021", "2021-01-01", "2021-01-31", "month"),
    ("in May", "2021-05-01", "2021-05-31", "month"),
    ("by November", None, "2020-11-30", "month"),
    ("first week of December", "2020-12-01", "2020-12-07", "week"),
    ("la segunda semana de noviembre", "2020-11-08", "2020-11-14", "week"),
    ("the last week of February 2021", "2021-02-22", "2021-02-28", "week"),
    ("primera quincena de septiembre", "2021-09-01", "2021-09-15", "fortnight"),
    ("segunda quincena de octubre", "2020-10-16", "2020-10-31", "fortnight"),
    ("first half of September 2021", "2021-09-01", "2021-09-15", "fortnight"),
    ("second half of April", "2021-04-16", "2021-04-30", "fortnight"),
    ("first fortnight of December", "2020-12-01", "2020-12-15", "fortnight"),
    ("early November", "2020-11-01", "2020-11-15", "fortnight"),
    ("a principios de diciembre", "2020-12-01", "2020-12-15", "fortnight"),
    ("mid-October", "2020-10-11", "2020-10-20", "fortnight"),
    ("a mediados de noviembre", "2020-11-11", "2020-11-20", "fortnight"),
    ("a finales de mayo", "2021-05-16", "2021-05-31", "fortnight"),
    ("by the end of May", None, "2021-05-31", "month"),
    ("before the end of October", None, "2020-10-31", "month"),
    ("antes de finales de octubre", None, "2020-10-31", "month"),
    # quarters, half years, years
    ("third quarter of 2022", "2022-07-01", "2022-09-30", "quarter"),
    ("in the fourth quarter", "2020-10-01", "2020-12-31", "quarter"),
    ("tercer trimestre", "2020-07-01", "2020-09-30", "quarter"),
    ("primer trimestre de 2021", "2021-01-01", "2021-03-31", "quarter"),
    ("Q2 2021", "2021-04-01", "2021-06-30", "quarter"),
    ("by the end of the first quarter of 2021", None, "2021-03-31", "quarter"),
    ("first semester 2021", "2021-01-01", "2021-06-30", "half_year"),
    ("el segundo semestre de 2021", "2021-07-01", "2021-12-31", "half_year"),
    ("first half of 2021", "2021-01-01", "2021-06-30", "half_year"),
    ("during 2021", "2021-01-01", "2021-12-31", "year"),
    ("durante el año 2021", "2021-01-01", "2021-12-31", "year"),
    ("by 2022", None, "2022-12-31", "year"),
    ("next year", "2021-01-01", "2021-12-31", "year"),
    ("el próximo año", "2021-01-01", "2021-12-31", "year"),
    ("by the end of the year", None, "2020-12-31", "year"),
    ("a finales de 2021", None, "2021-12-31", "year"),
    ("antes de fin de año", None, "2020-12-31", "year"),
    ("early 2021", "2021-01-01", "2021-03-31", "quarter"),
    # relative to the meeting
    ("within 30 days of this meeting", None, "2020-10-28", "day"),
    ("within two weeks", None, "2020-10-12", "day"),
    ("within one month after the meeting", None, "2020-10-28", "day"),
    ("dentro de los 30 días", None, "2020-10-28", "day"),
    ("dentro de los 15 días posteriores a la reunión", None, "2020-10-13", "day"),
    ("en un plazo de dos semanas", None, "2020-10-12", "day"),
    ("en los próximos 10 días hábiles", None, "2020-10-12", "day"),
    ("ten days after the meeting", None, "2020-10-08", "day"),
    ("next week", "2020-10-05", "2020-10-11", "week"),
    ("la próxima semana", "2020-10-05", "2020-10-11", "week"),
    ("el próximo mes", "2020-10-01", "2020-10-31", "month"),
    ("next Friday", None, "2020-10-02", "day"),
    ("el próximo lunes", None, "2020-10-05", "day"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), CASES)
def test_due_window(text: str, earliest: str | None, latest: str, precision: str) -> None:
    window = parse_due(text, MEETING)
    assert window is not None
    assert (window.earliest, window.latest, window.precision) == (d(earliest), d(latest), precision)


# Relative to the next meeting, whose window is the first week of December 2020.
NEXT_MEETING_CASES = [
    ("three weeks before the next meeting", "2020-11-10", "2020-11-16", "week"),
    ("tres semanas antes de la próxima reunión", "2020-11-10", "2020-11-16", "week"),
    ("con dos semanas de anticipación a la próxima reunión", "2020-11-17", "2020-11-23", "week"),
    ("at the next meeting of the Working Group", "2020-12-01", "2020-12-07", "week"),
    ("en la próxima reunión del Grupo de Trabajo", "2020-12-01", "2020-12-07", "week"),
    ("before the next meeting", None, "2020-11-30", "day"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), NEXT_MEETING_CASES)
def test_due_relative_to_next_meeting(
    text: str, earliest: str | None, latest: str, precision: str
) -> None:
    window = parse_due(text, MEETING, next_meeting=NEXT_MEETING)
    assert window is not None
    assert (window.earliest, window.latest, window.precision) == (d(earliest), d(latest), precision)


def test_next_meeting_date_given_in_the_same_sentence_resolves_a_relative_due() -> None:
    text = "three weeks before the next meeting, to be held in the first week of December"
    window = parse_due(text, MEETING)
    assert (window.earliest, window.latest) == (date(2020, 11, 10), date(2020, 11, 16))
    assert window.text == text


def test_next_meeting_without_a_known_date_gives_no_dates() -> None:
    window = parse_due("to present advances at the next meeting", MEETING)
    assert window is not None
    assert (window.earliest, window.latest, window.precision) == (None, None, "none")


def test_find_next_meeting_reads_the_date_the_report_gives() -> None:
    text = "La próxima reunión del Grupo se realizará en la segunda quincena de noviembre."
    window = find_next_meeting(text, MEETING)
    assert (window.earliest, window.latest, window.precision) == (
        date(2020, 11, 16),
        date(2020, 11, 30),
        "fortnight",
    )


def test_deadline_wins_over_other_dates_in_a_resolution() -> None:
    text = (
        "To ask the countries to send information on the workshop held on 8-11 September "
        "by 30 October 2020, at the latest."
    )
    window = parse_due(text, MEETING)
    assert window.latest == date(2020, 10, 30)
    assert window.text == "by 30 October 2020, at the latest"
    assert text[window.start : window.end] == window.text


def test_a_date_already_past_at_the_meeting_is_not_a_due_date() -> None:
    assert parse_due("statistics on assistance provided in 2019", MEETING) is None


@pytest.mark.parametrize(
    "text",
    [
        "To conduct a webinar on a date to be defined",
        "the countries may submit their views",
        "Recommendation 6.3 of the Guidelines",
        "the 2019 study on smuggling routes",
        "as set out in Activity 1.2",
    ],
)
def test_text_without_a_date_has_no_due_window(text: str) -> None:
    assert parse_due(text, MEETING) is None


def test_year_less_date_cannot_be_resolved_without_a_meeting_date() -> None:
    window = parse_due("by 28 October", None)
    assert (window.latest, window.precision) == (None, "none")


def test_explicit_year_needs_no_meeting_date() -> None:
    window = parse_due("no later than 15 March 2021", None)
    assert window.latest == date(2021, 3, 15)


def test_due_window_serialises_to_the_import_format() -> None:
    window = parse_due("in November", MEETING)
    assert window.as_json() == {
        "earliest": "2020-11-01",
        "latest": "2020-11-30",
        "precision": "month",
        "text": "in November",
    }


def test_scan_dates_reports_whether_a_year_was_written() -> None:
    found = scan_dates("June 24-25, 2014 and 3 July")
    assert [(f.source, f.has_year) for f in found] == [
        ("month_day_range", True),
        ("day", False),
    ]


def test_invalid_calendar_dates_are_ignored() -> None:
    assert parse_due("by 31 February 2021", MEETING) is None


@pytest.mark.parametrize(
    ("text", "at_the_meeting"),
    [
        ("to present advances at the next meeting of the Working Group", True),
        ("for consideration at the next meeting", True),
        ("to be reviewed during the next session of the Network", True),
        ("by the next meeting of the group", True),
        ("que se presentará en la próxima reunión del Grupo de Trabajo", True),
        ("para su aprobación durante la próxima sesión", True),
        ("a más tardar en la próxima reunión", True),
        ("three weeks before the next meeting", False),
        ("at least 10 days prior to the next meeting", False),
        ("antes de la próxima reunión", False),
        ("con dos semanas de anticipación a la próxima reunión", False),
        ("by 28 October, at the latest", False),
        ("en noviembre, en fecha por definir", False),
    ],
)
def test_a_window_says_whether_it_is_the_next_meeting_itself(text, at_the_meeting) -> None:
    window = parse_due(text, MEETING, next_meeting=NEXT_MEETING)
    assert (window.anchor == "next_meeting") is at_the_meeting


def test_due_at_the_next_meeting_without_its_date_keeps_the_words() -> None:
    window = parse_due("to be presented at the next meeting of the Network", MEETING)
    assert (window.latest, window.precision, window.anchor) == (None, "none", "next_meeting")
    assert window.text == "at the next meeting of the Network"


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("a más tardar 15 días después de la presente reunión", "2020-10-13"),
        ("dentro de los 30 días siguientes a la presente reunión", "2020-10-28"),
        ("dentro de 10 días hábiles posteriores a la presente sesión", "2020-10-12"),
        ("within 30 days of the present meeting", "2020-10-28"),
        ("20 days after the current session", "2020-10-18"),
    ],
)
def test_relative_to_the_present_meeting(text: str, latest: str) -> None:
    window = parse_due(text, MEETING)
    assert (window.earliest, window.latest, window.precision) == (None, d(latest), "day")
