"""Meeting facts: first day, working group name, participants and observers."""

from __future__ import annotations

from datetime import date

import pytest

from importer.parser.meeting import (
    meeting_date,
    modality,
    observers,
    participants,
    place,
    working_group,
)


@pytest.mark.parametrize(
    ("text", "first_day"),
    [
        ("Meeting held on June 24-25, 2014", date(2014, 6, 24)),
        ("Reunión celebrada los días 24 y 25 de junio de 2014", date(2014, 6, 24)),
        ("28 September 2020", date(2020, 9, 28)),
        ("San José, 28 de septiembre de 2020", date(2020, 9, 28)),
        ("Virtual meeting - Thursday, 10 February 2022", date(2022, 2, 10)),
        ("del 30 de noviembre al 2 de diciembre de 2021", date(2021, 11, 30)),
        ("Fecha: 28/09/2020", date(2020, 9, 28)),
    ],
)
def test_meeting_date_is_the_first_day(text: str, first_day: date) -> None:
    assert meeting_date(text) == first_day


def test_meeting_date_without_a_year_takes_the_letterhead_year() -> None:
    assert meeting_date("PPT Costa Rica 2020\nReunión virtual del 28 de septiembre") == date(
        2020, 9, 28
    )


def test_no_meeting_date_when_the_report_gives_none() -> None:
    assert meeting_date("Report of the meeting of the Working Group") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The Working Group on Border Management held an online meeting on 28 September.",
            "Working Group on Border Management",
        ),
        (
            "El Grupo de Trabajo sobre Gestión de Fronteras realizó una reunión virtual.",
            "Grupo de Trabajo sobre Gestión de Fronteras",
        ),
        (
            "Informe de la Red de Funcionarios de Enlace para la Protección Consular, 2020",
            "Red de Funcionarios de Enlace para la Protección Consular",
        ),
        (
            "REPORT OF THE MEETING OF THE WORKING GROUP ON BORDER MANAGEMENT",
            "Working Group on Border Management",
        ),
    ],
)
def test_working_group_name_as_written(text: str, name: str) -> None:
    assert working_group(text) == name


def test_participants_leave_out_countries_that_sent_apologies() -> None:
    text = (
        "With the participation of Belize, Canada, Costa Rica, Mexico and the United States. "
        "Nicaragua sent apologies; Panama could not attend."
    )
    assert participants(text) == ["BZ", "CA", "CR", "MX", "US"]


def test_spanish_participants_and_excused_delegation() -> None:
    text = (
        "Participaron las delegaciones de Belice, Canadá, México, Panamá y República "
        "Dominicana. La delegación de Honduras excusó su participación."
    )
    assert participants(text) == ["BZ", "CA", "DO", "MX", "PA"]


def test_participant_and_apology_lists_under_headings() -> None:
    text = "Participants:\n- Canada\n- Guatemala\n\nSent apologies:\n- Honduras\n- Belize"
    assert participants(text) == ["CA", "GT"]


def test_all_member_countries_except_one() -> None:
    assert participants("Attendance: all RCM Member Countries except Nicaragua.") == [
        "BZ",
        "CA",
        "CR",
        "DO",
        "SV",
        "GT",
        "HN",
        "MX",
        "PA",
        "US",
    ]


def test_country_name_variants() -> None:
    text = "Delegations: USA, Rep. Dominicana, Belice, Canadá, México, Panamá and El Salvador."
    assert participants(text) == ["BZ", "CA", "DO", "SV", "MX", "PA", "US"]


def test_observers_named_in_the_preamble_in_both_languages() -> None:
    preamble = (
        "Participaron como observadores la Organización Internacional para las Migraciones, "
        "el ACNUR y la Oficina de las Naciones Unidas contra la Droga y el Delito."
    )
    assert observers(preamble, "") == ["IOM", "UNHCR", "UNODC"]


def test_observers_otherwise_come_from_thanks_for_their_support() -> None:
    resolutions = (
        "To thank IOM and UNODC for their support.\n"
        "To thank RNCOM for the recommendations and to inform the RCGM about a workshop."
    )
    assert observers("The group met online.", resolutions) == ["IOM", "UNODC"]


def test_meeting_date_prefers_the_meeting_over_an_earlier_one_it_cites() -> None:
    text = (
        "Pursuant to the agreements of the meeting of 12 March 2020, the Working Group met "
        "online on 28 September 2020."
    )
    assert meeting_date(text) == date(2020, 9, 28)


def test_countries_not_represented_did_not_take_part() -> None:
    text = "Canada, Mexico and Panama took part. Belize and Nicaragua were not represented."
    assert participants(text) == ["CA", "MX", "PA"]


@pytest.mark.parametrize(
    ("text", "expected_modality", "expected_place"),
    [
        (
            "The Working Group on Border Management held an online meeting on 28 September 2020.",
            "virtual",
            "Online",
        ),
        ("Virtual meeting - Thursday, 10 February 2022", "virtual", "Virtual"),
        ("The Network met by videoconference on 3 June 2021.", "virtual", "Videoconference"),
        (
            "Reunión celebrada por videoconferencia el 3 de junio de 2021",
            "virtual",
            "Videoconferencia",
        ),
        ("La Red sesionó en línea el 10 de noviembre de 2020.", "virtual", "En línea"),
        (
            "The Working Group on Protection met in San José, Costa Rica, on 14 and 15 March 2023.",
            "in_person",
            "San José, Costa Rica",
        ),
        ("Guatemala City, 12 and 13 October 2022", "in_person", "Guatemala City"),
        ("Ciudad de Panamá, miércoles 5 de mayo de 2021", "in_person", "Ciudad de Panamá"),
        (
            "Informe de la reunión celebrada en Ciudad de Panamá los días 24 y 25 de junio de 2014",
            "in_person",
            "Ciudad de Panamá",
        ),
        ("The meeting was held in the city of Belmopan on 4 May 2022.", "in_person", "Belmopan"),
        (
            "The meeting took place at the IOM offices in Washington, D.C. on 4 May 2022.",
            "in_person",
            "Washington, D.C",
        ),
        (
            "La reunión se realizó de manera híbrida en Tegucigalpa, Honduras, el 3 de marzo "
            "de 2022.",
            "hybrid",
            "Tegucigalpa, Honduras",
        ),
        ("The meeting was held in hybrid format in Ottawa on 2 May 2022.", "hybrid", "Ottawa"),
        ("Reunión presencial del Grupo, 4 de abril de 2022", "in_person", None),
        (
            "Date: 22 February 2023 | Venue: Tegucigalpa, Honduras",
            "in_person",
            "Tegucigalpa, Honduras",
        ),
        ("Lugar y fecha: San Salvador, 3 de mayo de 2022", "in_person", "San Salvador"),
    ],
)
def test_modality_and_place_as_the_preamble_says(text, expected_modality, expected_place) -> None:
    assert (modality(text), place(text)) == (expected_modality, expected_place)


@pytest.mark.parametrize(
    "text",
    [
        "Report of the meeting of the Working Group",
        "The meeting was held in accordance with the agenda in November 2020.",
        "El Grupo de Trabajo se reunió el 5 de mayo de 2022 con la participación de Belice.",
        "The meeting was held on 28 September 2020 in the framework of the Strategic Plan.",
    ],
)
def test_no_modality_or_place_when_the_report_does_not_say(text: str) -> None:
    assert (modality(text), place(text)) == (None, None)
