"""The report on advances: a printable page and a Word document, in English or Spanish."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from actions.models import Presidency
from tests.dashboards.conftest import TODAY, add_requests

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:report")
DOCX_URL = reverse("dashboards:report_docx")
FOURTH_QUARTER = {"start": "2020-10-01", "end": "2020-12-31"}


def _tables(response) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(response.content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def _headings(response) -> list[str]:
    document = docx.Document(io.BytesIO(response.content))
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_report_data_for_the_quarter(client_as, scenario):
    report = client_as("manager").get(URL, FOURTH_QUARTER).context["report"]

    assert report.meetings == []  # both meetings were held before October
    assert [i.title for i in report.completed] == ["Regional webinar", "Protection guidelines"]
    assert report.completed_late == 1
    by_country = {country.code: counts for country, counts in report.by_country}
    # Followed: due in the quarter, decided in it or closed in it. Counts: on time,
    # late, pending, overdue.
    assert by_country["CR"] == [1, 0, 3, 1]
    assert by_country["MX"] == [1, 0, 2, 2]
    assert [i.title for i in report.overdue] == [
        "Comments on the inventory",
        "Information on protocols",
    ]
    groups = {row["group"]: row for row in report.by_group}
    assert (groups["Border Management"]["done"], groups["Border Management"]["done_late"]) == (1, 1)


def test_presidency_gives_its_year_unless_dates_are_typed(client_as, scenario):
    presidency = Presidency.objects.get(year=2020)
    client = client_as("manager")

    whole_year = client.get(URL, {"presidency": presidency.pk}).context["report"]
    assert (whole_year.first, whole_year.last) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert [m.working_group.name for m in whole_year.meetings] == [
        "Protection",
        "Border Management",
    ]
    assert [m.item_count for m in whole_year.meetings] == [1, 8]

    typed = client.get(URL, {"presidency": presidency.pk, **FOURTH_QUARTER}).context["report"]
    assert typed.first == dt.date(2020, 10, 1)


def test_default_period_is_this_quarter(client_as, today):
    report = client_as("manager").get(URL).context["report"]
    assert (report.first, report.last) == (dt.date(2020, 10, 1), dt.date(2020, 12, 31))


def test_printable_page(client_as, scenario):
    page = client_as("manager").get(URL, FOURTH_QUARTER).content.decode()

    assert "Report on advances, Oct. 1, 2020 to Dec. 31, 2020" in page
    assert "Done, 3 days late" in page
    assert (
        'class="card card-body bg-body-tertiary mb-4 d-print-none"' in page
    )  # filters not printed
    assert reverse("dashboards:report_docx") + "?start=2020-10-01&amp;end=2020-12-31" in page


def test_docx_reads_back_with_every_section(client_as, scenario):
    response = client_as("manager").get(DOCX_URL, FOURTH_QUARTER)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="rcm-report-on-advances-2020-10-01-2020-12-31.docx"'
    )
    assert _headings(response) == [
        "Report on advances, Oct. 1, 2020 to Dec. 31, 2020",
        "Meetings held",
        "Items completed",
        "Answers by country",
        "Action items by working group",
        "Overdue items",
    ]
    completed, by_country, by_group, overdue = _tables(response)  # no meeting: no table
    assert completed[0] == ["Completed on", "Item", "Working group", "State"]
    assert completed[1][1:] == ["Regional webinar", "Border Management", "Done, 3 days late"]
    assert completed[2][1:] == ["Protection guidelines", "Protection", "Done"]
    assert by_country[0] == ["Country", "Submitted on time", "Submitted late", "Pending", "Overdue"]
    assert ["Mexico", "1", "0", "2", "2"] in by_country
    assert by_group[1][0] == "Border Management"
    assert [row[0] for row in overdue[1:]] == [
        "Comments on the inventory",
        "Information on protocols",
    ]
    assert overdue[1][4] == "1 of 2"


def test_docx_in_spanish(client_as, scenario):
    response = client_as("manager").get(DOCX_URL, {**FOURTH_QUARTER, "language": "es"})

    completed, by_country, by_group, _overdue = _tables(response)
    assert by_group[0][0] == "Grupo de trabajo"
    assert by_group[1][0] == "Gestión de Fronteras"
    assert "México" in [row[0] for row in by_country]
    assert completed[1][0] == "18 de octubre de 2020"


def test_page_in_spanish_whatever_the_users_language(client_as, scenario):
    response = client_as("manager").get(URL, {**FOURTH_QUARTER, "language": "es"})
    page = response.content.decode()

    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in page
    assert "Gestión de Fronteras" in page
    assert "México" in page


def test_empty_period(client_as, today):
    response = client_as("manager").get(DOCX_URL, {"start": "2019-01-01", "end": "2019-03-31"})
    assert _tables(response) == []
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "No meeting was held in this period." in text
    assert "Nothing is overdue." in text


def test_query_count_does_not_grow_with_rows(client_as, members, today, django_assert_num_queries):
    client = client_as("manager")
    add_requests(2, members, due=TODAY - dt.timedelta(days=3), answered_by="CR")
    # 1 session, 2 user, 3 member countries, 4 outcomes by country, 5 meetings of the period,
    # 6 items done in it (none here, so their obligations are not read), 7 counts by group,
    # 8 overdue items, 9 their obligations, 10 presidencies, 11 working groups (the filter's
    # choices)
    with django_assert_num_queries(11) as small:
        client.get(URL)
    add_requests(30, members, due=TODAY - dt.timedelta(days=2), answered_by="MX")
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(response.context["report"].overdue) == 32
