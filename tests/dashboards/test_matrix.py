"""The compliance matrix: countries by requests, every state in colour and text,
totals, on-time rates, a focal point's own row, and its exports."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from members.models import Country
from tests.dashboards.conftest import TODAY, add_requests, answer, at, close, obligation, request_to

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:matrix")


@pytest.fixture
def requests_(today, secretariat, focal_cr):
    """Four requests to all member countries with answers in every state, on 2 November 2020.

    - Inventory, due 20 Oct: CR on time (acknowledged), MX 3 days late (acknowledged),
      GT returned for revision, the rest overdue; Belize's obligation archived.
    - Map, due 10 Nov: MX answered early, the rest pending.
    - Only Mexico, due 1 Nov: overdue for Mexico; not applicable elsewhere.
    - Closed request, due 1 Oct: done; CR answered late, the rest never did.
    """
    members = list(Country.objects.members())
    mexico = Country.objects.get(code="MX")
    inventory = request_to(members, due=dt.date(2020, 10, 20), title="Inventory")
    answer(inventory, "CR", dt.date(2020, 10, 20)).acknowledge(by=secretariat)
    answer(inventory, "MX", dt.date(2020, 10, 23)).acknowledge(by=secretariat)
    answer(inventory, "GT", dt.date(2020, 10, 18)).return_for_revision(
        by=secretariat, message="Please add the annex."
    )
    belize = obligation(inventory, "BZ")
    answer(inventory, "BZ", dt.date(2020, 10, 10))
    inventory.address_to(countries=[c for c in members if c.code != "BZ"])
    map_ = request_to(members, due=dt.date(2020, 11, 10), title="Map")
    answer(map_, "MX", dt.date(2020, 10, 30))
    only_mexico = request_to([mexico], due=dt.date(2020, 11, 1), title="Only Mexico")
    closed = request_to(members, due=dt.date(2020, 10, 1), title="Closed request")
    answer(closed, "CR", dt.date(2020, 10, 3))
    close(closed, dt.date(2020, 10, 5), secretariat)
    belize.refresh_from_db()
    return {
        "inventory": inventory,
        "map": map_,
        "only_mexico": only_mexico,
        "closed": closed,
        "belize": belize,
    }


def _rows(matrix) -> dict[str, list[tuple[str, str]]]:
    return {row.country.code: [(c.outcome, c.label) for c in row.cells] for row in matrix.rows}


def test_cells_show_every_state_with_text(client_as, requests_):
    response = client_as("manager").get(URL)
    matrix = response.context["matrix"]

    # Open requests only, earliest deadline first.
    assert [item.title for item in matrix.columns] == ["Inventory", "Only Mexico", "Map"]
    rows = _rows(matrix)
    assert rows["CR"] == [
        ("on_time", "Submitted on time"),
        ("na", "Not applicable"),
        ("pending", "Pending"),
    ]
    assert rows["MX"] == [
        ("late", "Submitted 3 days late"),  # still late once acknowledged
        ("overdue", "Overdue by 1 day"),
        ("on_time", "Submitted on time"),
    ]
    assert rows["GT"][0] == ("overdue", "Overdue by 13 days")  # returned: owed again
    assert rows["BZ"][0] == ("na", "Not applicable")  # no longer addressed
    assert rows["US"][0] == ("overdue", "Overdue by 13 days")
    assert [row.country.code for row in matrix.rows] == list(
        Country.objects.members().values_list("code", flat=True)
    )


def test_cells_link_to_the_answer_and_say_more_than_colour(client_as, requests_):
    page = client_as("manager").get(URL).content.decode()
    cr = obligation(requests_["inventory"], "CR")
    gt = obligation(requests_["inventory"], "GT")

    assert reverse("submissions:obligation_detail", args=[cr.pk]) in page
    assert reverse("submissions:obligation_detail", args=[gt.pk]) in page
    assert reverse("submissions:obligation_detail", args=[requests_["belize"].pk]) in page
    assert 'class="matrix-cell matrix-overdue"' in page
    assert "Returned for revision" in page
    assert "Acknowledged" in page
    assert "style=" not in page


def test_row_and_column_totals(client_as, requests_):
    matrix = client_as("secretariat").get(URL).context["matrix"]
    row = {r.country.code: r.totals for r in matrix.rows}

    assert row["MX"] == {"on_time": 1, "late": 1, "pending": 0, "overdue": 1, "na": 0}
    assert row["CR"] == {"on_time": 1, "late": 0, "pending": 1, "overdue": 0, "na": 1}
    inventory, only_mexico, map_ = matrix.column_totals
    assert inventory == {"on_time": 1, "late": 1, "pending": 0, "overdue": 8, "na": 1}
    assert only_mexico == {"on_time": 0, "late": 0, "pending": 0, "overdue": 1, "na": 10}
    assert map_ == {"on_time": 1, "late": 0, "pending": 10, "overdue": 0, "na": 0}
    assert matrix.totals == {"on_time": 2, "late": 1, "pending": 10, "overdue": 9, "na": 11}
    assert sum(matrix.totals.values()) == 11 * 3


def test_on_time_rate_over_the_chosen_period(client_as, requests_):
    client = client_as("manager")
    # By default the twelve months up to today: the Map (due 10 November) is not in them.
    rates = {r.country.code: r.rate for r in client.get(URL).context["matrix"].rows}
    assert (rates["CR"].on_time, rates["CR"].decided) == (1, 2)  # the closed request was late
    assert (rates["MX"].on_time, rates["MX"].decided) == (0, 3)
    assert str(rates["MX"]) == "0% (0 of 3)"

    # Through November: Mexico's early answer to the Map is decided; the others' are not yet.
    november = client.get(URL, {"rate_from": "2020-10-01", "rate_to": "2020-11-30"})
    rates = {r.country.code: r.rate for r in november.context["matrix"].rows}
    assert (rates["MX"].on_time, rates["MX"].decided) == (1, 4)
    assert str(rates["MX"]) == "25% (1 of 4)"
    assert (rates["US"].on_time, rates["US"].decided) == (0, 2)

    october = client.get(URL, {"rate_from": "2020-10-15", "rate_to": "2020-10-31"})
    rates = {r.country.code: r.rate for r in october.context["matrix"].rows}
    assert (rates["CR"].on_time, rates["CR"].decided) == (1, 1)
    assert str(rates["BZ"]) == "—"  # its only request in October was withdrawn


def test_all_requests_and_one_request(client_as, requests_):
    client = client_as("manager")
    everything = client.get(URL, {"scope": "all"}).context["matrix"]
    assert everything.columns[0].title == "Closed request"
    closed = _rows(everything)
    assert closed["CR"][0] == ("late", "Submitted 2 days late")
    assert closed["US"][0] == ("pending", "Pending")  # never answered; the item is done

    one = client.get(URL, {"item": requests_["map"].pk})
    assert [item.title for item in one.context["matrix"].columns] == ["Map"]
    assert "One request is shown." in one.content.decode()


def test_focal_point_sees_its_own_row_only(client_as, requests_):
    response = client_as("focal_cr").get(URL)
    matrix = response.context["matrix"]
    page = response.content.decode()

    assert [row.country.code for row in matrix.rows] == ["CR"]
    assert matrix.column_totals is None
    assert [item.title for item in matrix.columns] == ["Inventory", "Map"]
    assert "Only Mexico" not in page
    assert "Mexico" not in page and "Guatemala" not in page
    assert "You see your own country's answers only." in page


def test_focal_point_does_not_see_unpublished_requests(client_as, today, costa_rica):
    request_to(
        [costa_rica],
        due=TODAY,
        title="Draft meeting request",
        resolution__meeting__status="draft",
        resolution__meeting__published_at=None,
    )
    assert client_as("focal_cr").get(URL).context["matrix"].columns == []
    assert client_as("manager").get(URL).context["matrix"].column_count == 1


def test_focal_point_chooses_among_its_own_meetings_only(client_as, requests_, costa_rica):
    hidden = request_to(
        [costa_rica],
        due=TODAY,
        title="Draft",
        resolution__meeting__status="draft",
        resolution__meeting__published_at=None,
    ).resolution.meeting
    choices = client_as("focal_cr").get(URL).context["form"].fields["meeting"].queryset
    assert requests_["inventory"].resolution.meeting in choices
    assert requests_["only_mexico"].resolution.meeting not in choices
    assert hidden not in choices


def test_columns_are_paged_and_row_totals_count_every_page(client_as, members, today):
    add_requests(25, members, due=TODAY + dt.timedelta(days=5), answered_by="CR")
    client = client_as("manager")

    first, second = client.get(URL), client.get(URL, {"page": 2})

    assert len(first.context["matrix"].columns) == 20
    assert len(second.context["matrix"].columns) == 5
    for response in (first, second):
        cr = response.context["matrix"].rows[members.index(Country.objects.get(code="CR"))]
        assert cr.totals["on_time"] == 25


def test_bad_period_keeps_the_page_and_says_why(client_as, requests_):
    response = client_as("manager").get(URL, {"rate_from": "2020-12-01", "rate_to": "2020-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"rate_to": ["This date is before the first one."]}


def test_query_count_does_not_grow_with_rows(client_as, members, today, django_assert_num_queries):
    client = client_as("manager")
    add_requests(2, members, due=TODAY - dt.timedelta(days=2), answered_by="MX")
    # 1 session, 2 user, 3 member countries, 4 count of requests, 5 the page of requests, 6 the
    # countries' answers to them, 7 totals per country, 8 on-time rate per country, 9 totals per
    # request, 10 presidencies, 11 working groups, 12 meetings (the filter's choices)
    with django_assert_num_queries(12) as small:
        client.get(URL)
    add_requests(30, members, due=TODAY + dt.timedelta(days=2), answered_by="CR")
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["matrix"].column_count == 32


def test_focal_point_query_count_does_not_grow(
    client_as, members, today, django_assert_num_queries
):
    client = client_as("focal_cr")
    add_requests(2, members, due=TODAY - dt.timedelta(days=2), answered_by="CR")
    client.get(URL)
    # 1 session, 2 user, 3 focal point, 4 count of requests, 5 the page of requests, 6 its answers
    # to them, 7 its totals, 8 its on-time rate, 9 presidencies, 10 working groups, 11 its meetings
    # (the filter's choices)
    with django_assert_num_queries(11) as small:
        client.get(URL)
    add_requests(30, members, due=TODAY + dt.timedelta(days=2))
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_csv_export_has_a_row_per_country_and_the_totals(client_as, requests_):
    response = client_as("manager").get(reverse("dashboards:matrix_export", args=["csv"]))

    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:4] == ["Country", "1 Inventory", "2 Only Mexico", "3 Map"][:1] + header[1:4]
    assert [h.split(" ", 1)[1] for h in header[1:4]] == ["Inventory", "Only Mexico", "Map"]
    by_country = {row[0]: row for row in rows}
    assert by_country["Mexico"][1:4] == [
        "Submitted 3 days late — Acknowledged",
        "Overdue by 1 day",
        "Submitted on time",
    ]
    assert by_country["Guatemala"][1] == "Overdue by 13 days — Returned for revision"
    assert by_country["Mexico"][4:] == ["1", "1", "0", "1", "0", "0% (0 of 3)"]
    assert rows[-1][0] == "Total"
    assert len(rows) == 12


def test_the_export_is_in_the_language_asked(client_as, requests_):
    inventory = requests_["inventory"]
    inventory.title_es = "Inventario"
    inventory.save()
    url = reverse("dashboards:matrix_export", args=["csv"])
    client = client_as("manager")

    def header(**query) -> list[str]:
        response = client.get(url, query)
        return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    spanish = header(language="es")
    with translation.override("es"):
        marker, country = gettext("only in English"), gettext("Country")
    assert spanish[0] == country
    assert [h.split(" ", 1)[1] for h in spanish[1:4]] == [
        "Inventario",
        f"Only Mexico [{marker}]",
        f"Map [{marker}]",
    ]
    assert header(language="en")[1].endswith(" Inventory")
    assert header(language="xx") == header()  # unknown: the reader's (English)


def test_xlsx_export_colours_and_labels_the_cells(client_as, requests_):
    response = client_as("manager").get(reverse("dashboards:matrix_export", args=["xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    mexico = next(row for row in rows if row[0] == "Mexico")
    assert mexico[1:4] == [
        "Submitted 3 days late — Acknowledged",
        "Overdue by 1 day",
        "Submitted on time",
    ]
    row_number = rows.index(mexico) + 1
    assert sheet.cell(row_number, 3).fill.fgColor.rgb.endswith("FFC7CE")  # overdue


def test_focal_point_export_holds_its_row_only(client_as, requests_):
    response = client_as("focal_mx").get(reverse("dashboards:matrix_export", args=["csv"]))
    _header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["Mexico"]


def test_export_without_filters_lists_every_column(client_as, members, today):
    add_requests(25, members, due=TODAY + dt.timedelta(days=5))
    response = client_as("manager").get(reverse("dashboards:matrix_export", args=["csv"]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(header) == 1 + 25 + 5 + 1


def test_overdue_starts_the_day_after_the_deadline(client_as, costa_rica):
    item = request_to([costa_rica], due=dt.date(2020, 10, 28), title="Deadline day")
    client = client_as("manager")
    with time_machine.travel(at(dt.date(2020, 10, 28), 23), tick=False):
        assert _rows(client.get(URL).context["matrix"])["CR"] == [("pending", "Pending")]
    with time_machine.travel(at(dt.date(2020, 10, 29), 0), tick=False):
        assert _rows(client.get(URL).context["matrix"])["CR"] == [("overdue", "Overdue by 1 day")]
    assert item.pk
