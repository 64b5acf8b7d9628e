"""What a resolution asks for: kind, who is responsible, recurrence, title, spans."""

from __future__ import annotations

from datetime import date

import pytest

from importer.parser import parse_report
from importer.parser.classify import analyse, recurrence_of

MEETING = date(2020, 9, 28)


def read(text: str):
    return analyse(text, meeting_date=MEETING)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "To ask the Member Countries to submit their comments on the draft guide.",
            "comment_request",
        ),
        (
            "Solicitar a los Países Miembros enviar sus observaciones al documento.",
            "comment_request",
        ),
        ("To invite the countries to comment on the proposal by 30 October.", "comment_request"),
        (
            "To ask the countries to submit information on their return programmes.",
            "information_request",
        ),
        ("Solicitar a los países designar un punto focal.", "information_request"),
        ("To ask the countries to send the names of their delegates.", "information_request"),
        ("To ask IOM to develop a Procedures Manual.", "deliverable"),
        ("Encargar a la ST la elaboración de un estudio regional.", "deliverable"),
        ("The PPT will circulate the revised work plan.", "deliverable"),
        ("La Secretaría Técnica actualizará el sitio web de la CRM.", "deliverable"),
        ("To ask the ST to consolidate the comments received.", "deliverable"),
        ("To conduct a webinar on fraudulent documents.", "event"),
        ("Realizar un taller regional sobre trata de personas.", "event"),
        ("To ask the PPT to launch a regional information campaign.", "event"),
        ("To inform the RCGM about conducting a workshop.", "event"),
        ("To hold quarterly meetings of this Working Group.", "meeting"),
        ("Convocar una reunión extraordinaria del Grupo en noviembre.", "meeting"),
        ("To present advances at the next meeting.", "information_request"),
    ],
)
def test_kind_of_action(text: str, kind: str) -> None:
    analysis = read(text)
    assert analysis.is_action
    assert analysis.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "To thank Costa Rica as President pro tempore (PPT) for the report on advances.",
        "To welcome the new focal points and to take note of the presentation by Canada.",
        "Agradecer a la OIM por su apoyo y reconocer su cooperación en la región.",
        "Tomar nota del informe de la Secretaría Técnica.",
        "Aprobar la agenda de la reunión.",
        "To congratulate the PPT on the organisation of the meeting.",
        "Felicitar a la PPT y dar la bienvenida a los nuevos puntos focales.",
    ],
)
def test_thanks_and_approvals_ask_for_nothing(text: str) -> None:
    analysis = read(text)
    assert analysis.ack_only
    assert not analysis.is_action


def test_a_thank_followed_by_a_request_is_an_action() -> None:
    analysis = read("To thank RNCOM for its input and to ask the ST to circulate the report.")
    assert (analysis.kind, analysis.responsible) == ("deliverable", ["technical_secretariat"])


def test_statements_are_not_actions() -> None:
    assert not read("In regard to the proposed new actions aimed at the Strategic Plan:").is_action


@pytest.mark.parametrize(
    ("text", "responsible"),
    [
        ("To ask IOM and UNODC to develop a manual.", ["IOM", "UNODC"]),
        (
            "To ask the RCM Member Countries that have not done so to send data.",
            ["member_countries"],
        ),
        ("Solicitar a la OIM y a la ONUDD presentar una estrategia.", ["IOM", "UNODC"]),
        ("Solicitar a la PPT que convoque una reunión.", ["PPT"]),
        ("La PPT, con el apoyo de la ST, organizará un seminario.", ["PPT"]),
        ("The Technical Secretariat will circulate the report.", ["technical_secretariat"]),
        ("To request Costa Rica and Mexico to share their protocols.", ["CR", "MX"]),
        ("To conduct a webinar with support from IOM.", []),
        ("Realizar un taller con el apoyo de UNICEF y ACNUR.", []),
        ("A study on returns will be prepared by the ST.", ["technical_secretariat"]),
        ("Un estudio sobre retornos será elaborado por la ST.", ["technical_secretariat"]),
        ("Elaborar una guía regional, a cargo de la PPT.", ["PPT"]),
        ("To ask the Presidency Pro Tempore to convene the group.", ["PPT"]),
        ("Solicitar a la Secretaría Técnica (ST) circular el informe.", ["technical_secretariat"]),
        ("To ask the Working Group to review the plan.", ["working_group"]),
        ("To ask UNHCR, UNICEF and ILO to prepare a joint note.", ["UNHCR", "UNICEF", "ILO"]),
    ],
)
def test_responsible(text: str, responsible: list[str]) -> None:
    assert read(text).responsible == responsible


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("To hold quarterly meetings", "quarterly"),
        ("Realizar reuniones trimestrales", "quarterly"),
        ("To meet twice a year", "semiannual"),
        ("To hold biannual meetings", "semiannual"),
        ("Sostener reuniones semestrales", "semiannual"),
        ("To hold monthly calls", "monthly"),
        ("Reuniones mensuales de seguimiento", "monthly"),
        ("To hold annual meetings", "annual"),
        ("Reuniones anuales del Grupo", "annual"),
        ("To prepare the annual work plan", None),
        ("To hold a meeting in November", None),
    ],
)
def test_recurrence(text: str, recurrence: str | None) -> None:
    assert recurrence_of(text) == recurrence


REPORT = """The Working Group on Border Management met on 28 September 2020.
The Working Group agreed as follows:
1. To ask the RCM Member Countries to submit their comments on the following documents \
by 28 October, at the latest:
a. Inventory of best practices at the regional level
b. Map of migrant smuggling routes
2. To conduct a webinar on identification of irregular migrants, with support from IOM, \
in November on a date to be defined.
"""


def test_titles_are_short_and_readable() -> None:
    items = parse_report(REPORT)["action_items"]
    assert [i["title"] for i in items] == [
        "Comments on the Inventory of best practices at the regional level",
        "Comments on the Map of migrant smuggling routes",
        "Webinar on identification of irregular migrants",
    ]


def test_listed_sub_items_point_to_the_parent_words_they_inherit() -> None:
    result = parse_report(REPORT)
    parent = result["resolutions"][0]["text"]
    item = result["action_items"][0]
    assert item["source"] == "Inventory of best practices at the regional level"
    due = item["spans"]["due"]
    assert due["resolution"] == "1"
    assert parent[due["start"] : due["end"]] == "by 28 October, at the latest"
    owner = item["spans"]["responsible"][0]
    assert parent[owner["start"] : owner["end"]] == "the RCM Member Countries"


def test_spans_of_an_item_in_its_own_words() -> None:
    result = parse_report(REPORT)
    item = result["action_items"][2]
    text = result["resolutions"][3]["text"]
    assert item["resolution"] == "2"
    kind = item["spans"]["kind"]
    assert text[kind["start"] : kind["end"]] == "conduct a webinar"
    due = item["spans"]["due"]
    assert text[due["start"] : due["end"]] == "in November on a date to be defined"
    assert item["responsible"] == []


def test_title_is_in_the_report_language_and_bounded() -> None:
    report = (
        "El Grupo acordó:\n1. Solicitar a los Países Miembros enviar sus comentarios sobre los "
        "siguientes documentos:\na) Inventario de buenas prácticas\nb) " + "Guía " * 80
    )
    items = parse_report(report, meeting_date=MEETING)["action_items"]
    assert items[0]["title"] == "Comentarios sobre Inventario de buenas prácticas"
    assert len(items[1]["title"]) <= 200


def test_sub_items_that_only_qualify_a_request_do_not_become_items() -> None:
    report = (
        "Agreements:\n1. To ask the Member Countries to send comments on the draft guide by "
        "30 October 2020, considering:\na. the gender approach;\nb. the rights-based approach."
    )
    items = parse_report(report, meeting_date=MEETING)["action_items"]
    assert [(i["resolution"], i["kind"]) for i in items] == [("1", "comment_request")]


def test_asking_another_body_to_approve_is_other() -> None:
    analysis = read("To request the RCGM to approve the Regional Strategy.")
    assert (analysis.is_action, analysis.kind) == (True, "other")


def test_each_country_is_the_member_countries() -> None:
    assert read("Cada país miembro enviará sus datos a la ST.").responsible == ["member_countries"]


@pytest.mark.parametrize(
    ("text", "responsible"),
    [
        ("Countries to provide updated data on displacement by mid-April.", ["member_countries"]),
        ("Countries will send their comments by 30 October.", ["member_countries"]),
        ("Los Países Miembros se comprometen a enviar sus datos.", ["member_countries"]),
        (
            "Se acordó que la Secretaría Técnica prepare un informe consolidado.",
            ["technical_secretariat"],
        ),
        ("La PPT, con el apoyo de la OIM, organizará un seminario virtual.", ["PPT"]),
        ("To share good practices on the protection of countries of origin.", []),
    ],
)
def test_subjects_in_other_styles(text: str, responsible: list[str]) -> None:
    assert read(text).responsible == responsible
