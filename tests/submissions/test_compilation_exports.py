"""The compilation as XLSX and DOCX: read back with every row, in English or Spanish, and
each country's own rows with the secretariat's responses."""

import io

import docx
import openpyxl
import pytest

from rcm_tracker.uploads import DOCX, XLSX
from submissions import services

from .compilation_helpers import TWO_DAYS_LATE, export_url, hand_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_deadline")]


@pytest.fixture
def version(commented_version):
    return commented_version


@pytest.fixture
def answered(cr_obligation, mx_obligation, focal_cr, focal_mx, secretariat):
    """Costa Rica: two rows (one answered) and a general text; Mexico: one row, 2 days late."""
    cr = hand_in(
        cr_obligation,
        focal_cr,
        [
            {
                "section": "2.1",
                "page": "4",
                "comment_type": "technical",
                "comment": "Add Peñas Blancas.",
                "proposed_change": "“... and Peñas Blancas.”",
            },
            ("1", "editorial", "=SUM(A1) is not a formula here"),
        ],
        text="Costa Rica supports the inventory.",
    )
    cr.comments.get(section="2.1").respond("accepted_in_part", "Only the name.", by=secretariat)
    mx = hand_in(mx_obligation, focal_mx, [("3", "general", "Mexico on 3")], when=TWO_DAYS_LATE)
    type(mx).objects.filter(pk=mx.pk).update(language="es")  # Mexico wrote in Spanish
    return cr


def sheets(response) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def tables(response) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(response.content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("manager", 200),
        ("focal_cr", 200),
        ("focal_mx", 200),
        ("focal_iom", 404),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_export_by_role(client_as, version, answered, role, status, fmt):
    response = client_as(role).get(export_url(version, fmt))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == (XLSX if fmt == "xlsx" else DOCX)
        assert response["Cache-Control"] == "private, no-store"


def test_unknown_formats_are_404(client_as, version):
    assert client_as("secretariat").get(export_url(version, "pdf")).status_code == 404


def test_the_xlsx_reads_back_with_every_row_and_the_standard_columns(client_as, version, answered):
    book = sheets(client_as("secretariat").get(export_url(version, "xlsx")))
    header, *rows = book["Compilation"]
    assert header == (
        "No.",
        "Member",
        "Section or paragraph",
        "Page",
        "Type of comment",
        "Comment",
        "Proposed change",
        "Response of the secretariat",
        "Observations of the secretariat",
        "Received",
        "Days late",
        "Language",  # each comment stays in the language it was written in
    )
    assert [row[1:9] for row in rows] == [
        ("Costa Rica", "1", None, "Editorial", "'=SUM(A1) is not a formula here", None, None,
         None),
        ("Costa Rica", "2.1", "4", "Technical", "Add Peñas Blancas.", "“... and Peñas Blancas.”",
         "Accepted in part", "Only the name."),
        ("Mexico", "3", None, "General", "Mexico on 3", None, None, None),
    ]  # fmt: skip
    assert [row[10] for row in rows] == [None, None, 2]  # Mexico's version came 2 days late
    assert book["General comments"][1][:2] == ("Costa Rica", "Costa Rica supports the inventory.")
    assert book["Without comments"] == [("Member", "State")]
    assert book["About"][0][0] == (
        "Compilation of comments on “Inventory of best practices”, version 1"
    )


def test_the_docx_is_a_landscape_table_with_every_row(client_as, version, answered):
    response = client_as("secretariat").get(export_url(version, "docx"))
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.page_width > section.page_height
    rows, general = tables(response)
    assert rows[0] == [
        "No.",
        "Member",
        "Section or paragraph",
        "Type of comment",
        "Comment",
        "Proposed change",
        "Observations of the secretariat",
        "Language",
    ]
    assert rows[1:] == [
        ["1", "Costa Rica", "1", "Editorial", "=SUM(A1) is not a formula here", "", "",
         "English"],
        ["2", "Costa Rica", "2.1 (p. 4)", "Technical", "Add Peñas Blancas.",
         "“... and Peñas Blancas.”", "Accepted in part: Only the name.", "English"],
        ["3", "Mexico\n(received 2 days late)", "3", "General", "Mexico on 3", "", "",
         "Spanish"],
    ]  # fmt: skip
    assert general[0] == ["Member", "General comment", "Language"]
    assert general[1] == ["Costa Rica", "Costa Rica supports the inventory.", "English"]
    assert "Every member addressed sent comments." in [p.text for p in document.paragraphs]


def test_exports_in_spanish_whatever_the_users_language(client_as, version, answered):
    response = client_as("secretariat").get(export_url(version, "xlsx", language="es"))
    assert response["Content-Language"] == "es"
    header, first, *_rest = sheets(response)[next(iter(sheets(response)))]
    assert {"Sección o párrafo", "Comentario", "Cambio propuesto", "Página"} <= set(header)
    assert "De redacción" in first
    document = tables(client_as("secretariat").get(export_url(version, "docx", language="es")))
    assert "Técnico" in document[0][2]


def test_each_country_gets_its_own_rows_back_with_the_responses(
    client_as, version, answered, costa_rica
):
    response = client_as("secretariat").get(export_url(version, "docx", country=costa_rica.pk))
    (rows, _general) = tables(response)
    assert [row[1] for row in rows[1:]] == ["Costa Rica", "Costa Rica"]
    assert rows[2][-2] == "Accepted in part: Only the name."
    title = docx.Document(io.BytesIO(response.content)).paragraphs[0].text
    assert title == (
        "Comments of Costa Rica on “Inventory of best practices”, version 1, with the "
        "secretariat's responses"
    )
    assert "-cr-" in response["Content-Disposition"]


def test_a_focal_point_exports_its_own_rows_without_responses_until_publication(
    client_as, version, answered, secretariat
):
    client = client_as("focal_mx")
    header, *rows = sheets(client.get(export_url(version, "xlsx")))["Compilation"]
    assert [row[1] for row in rows] == ["Mexico"]
    assert "Response of the secretariat" not in header
    services.publish_compilation(version, by=secretariat)
    header, *rows = sheets(client.get(export_url(version, "xlsx")))["Compilation"]
    assert [row[1] for row in rows] == ["Costa Rica", "Costa Rica", "Mexico"]
    assert "Response of the secretariat" in header


def test_exports_follow_the_filters_of_the_page(client_as, version, answered):
    response = client_as("manager").get(export_url(version, "xlsx", comment_type="technical"))
    _header, *rows = sheets(response)["Compilation"]
    assert [row[5] for row in rows] == ["Add Peñas Blancas."]


def test_parties_without_comments_are_exported_with_their_state(
    client_as, comment_item, version, answered, costa_rica, mexico
):
    from tests.factories import CountryFactory

    silent = CountryFactory(name_en="Silent Q")
    comment_item.address_to(countries=[costa_rica, mexico, silent])
    without = sheets(client_as("secretariat").get(export_url(version, "xlsx")))["Without comments"]
    assert without[1] == ("Silent Q", "No comments received")


def test_an_export_runs_the_same_queries_for_few_and_many_rows(
    client_as,
    comment_item,
    version,
    answered,
    focal_cr,
    costa_rica,
    mexico,
    django_assert_num_queries,
):
    from tests.factories import CountryFactory

    client = client_as("secretariat")
    client.get(export_url(version, "xlsx"))
    # 1 session, 2 user, 3 the version, 4 commented sections, 5 whether an organisation is a party
    # (the filter), 6 latest submissions with row counts, 7 the item's parties, 8 all rows
    with django_assert_num_queries(8) as few:
        client.get(export_url(version, "xlsx"))
    countries = [CountryFactory() for _ in range(6)]
    comment_item.address_to(countries=[*countries, costa_rica, mexico])
    for country in countries:
        obligation = comment_item.obligations.get(country=country)
        hand_in(obligation, focal_cr, [(str(n), "general", f"c{n}") for n in range(30)], text="t")
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(export_url(version, "xlsx"))
    assert len(sheets(response)["Compilation"]) == 1 + 3 + 6 * 30
