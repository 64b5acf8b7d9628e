"""The action-item list behind the dashboards' numbers (actions:action_item_list, one list
for every page), its CSV and XLSX exports, and the old addresses of the dashboards' list."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from actions.exports import action_items_csv
from actions.models import ActionItem
from tests.dashboards.conftest import TODAY, add_requests

pytestmark = pytest.mark.django_db
URL = reverse("actions:action_item_list")
CSV_URL = reverse("actions:action_item_export", args=["csv"])
XLSX_URL = reverse("actions:action_item_export", args=["xlsx"])


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[list[object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _titles(response) -> list[str]:
    return [item.title for item in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"overdue": "1"}, ["Comments on the inventory", "Information on protocols"]),
        ({"status": ["cancelled"]}, ["Cancelled workshop"]),
        ({"kind": "event"}, ["Regional webinar"]),
        (
            {"due_from": "2020-11-01", "due_to": "2020-12-31"},
            ["Comments on the map", "Comments on the directory"],
        ),
        (
            {"status": ["done"], "closed_from": "2020-10-01", "closed_to": "2020-10-18"},
            ["Regional webinar"],
        ),
        (
            {"owed_by": "MX", "overdue": "1"},
            ["Comments on the inventory", "Information on protocols"],
        ),
        ({"owed_by": "CR", "overdue": "1"}, ["Information on protocols"]),
        ({"late": "1"}, ["Directory circulated", "Regional webinar"]),
    ],
)
def test_filters(client_as, scenario, params, titles):
    from members.models import Country

    if "owed_by" in params:
        params = {**params, "owed_by": Country.objects.get(code=params["owed_by"]).pk}
    assert _titles(client_as("manager").get(URL, params)) == titles


def test_undated_items_come_last(client_as, scenario):
    titles = _titles(client_as("manager").get(URL, {"status": ["open"]}))
    assert titles[-1] == "Input for activity 1"
    assert titles[0] == "Comments on the inventory"


def test_dates_in_the_wrong_order_get_a_message_next_to_the_field(client_as, scenario):
    response = client_as("manager").get(URL, {"due_from": "2020-12-01", "due_to": "2020-11-01"})
    form = response.context["filter"].form
    assert form.errors == {"due_to": ["This date is before the first one."]}
    assert form["due_from"].value() == "2020-12-01"


def test_pagination(client_as, members, today):
    add_requests(55, members[:1], due=TODAY)
    client = client_as("manager")
    first, last = client.get(URL), client.get(URL, {"page": 3})
    assert len(first.context["page_obj"].object_list) == 25
    assert len(last.context["page_obj"].object_list) == 5
    assert "Page 1 of 3" in first.content.decode()


def test_query_count_does_not_grow_with_rows(client_as, members, today, django_assert_num_queries):
    client = client_as("manager")
    add_requests(3, members, due=TODAY - dt.timedelta(days=1), answered_by="MX")
    # 1 session, 2 user, 3 presidencies, 4 count of items, 5 working groups, 6 meetings,
    # 7 countries, 8 organisations (the filter's choices), 9 the page of items, 10 their
    # obligations
    with django_assert_num_queries(10) as small:
        client.get(URL)
    add_requests(60, members, due=TODAY + dt.timedelta(days=1))
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["page_obj"].paginator.count == 63


def test_csv_export_holds_the_filtered_rows(client_as, scenario):
    response = client_as("manager").get(
        CSV_URL, {"working_group": scenario["soon"].meeting.working_group.pk}
    )

    assert (
        response["Content-Disposition"] == 'attachment; filename="rcm-action-items-2020-11-02.csv"'
    )
    header, *rows = _csv_rows(response)
    assert header[:3] == ["Id", "Title", "Kind"]
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert "Protection guidelines" not in by_title  # another working group
    assert len(rows) == 8
    assert by_title["Regional webinar"]["State"] == "Done, 3 days late"
    assert by_title["Regional webinar"]["Days late"] == "3"
    assert by_title["Comments on the inventory"]["State"] == "Overdue by 13 days"
    assert by_title["Comments on the inventory"]["Days overdue"] == "13"
    assert by_title["Comments on the inventory"]["Parties still owing"] == "1"
    assert by_title["Comments on the inventory"]["Parties addressed"] == "2"
    assert by_title["Comments on the inventory"]["Due by"] == "2020-10-20"
    assert by_title["Regional webinar"]["Closed on"] == "2020-10-18"


def test_xlsx_export_holds_the_filtered_rows(client_as, scenario):
    response = client_as("secretariat").get(XLSX_URL, {"overdue": "1"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = _xlsx_rows(response)
    assert header[1] == "Title"
    assert [row[1] for row in rows] == ["Comments on the inventory", "Information on protocols"]
    assert rows[0][9] == dt.datetime(2020, 10, 20)  # "Due by", a real date cell
    assert rows[0][11] == "Overdue by 13 days"


def test_exports_neutralise_formulas(today, members):
    item = add_requests(1, members[:1], due=TODAY)[0]
    ActionItem.objects.filter(pk=item.pk).update(title_en='=HYPERLINK("http://evil.example")')

    rows = _csv_rows(action_items_csv(ActionItem.objects.all()))

    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'


def test_export_function_takes_any_queryset(today, members):
    add_requests(2, members[:2], due=TODAY)
    add_requests(1, members[:2], due=TODAY + dt.timedelta(days=40))
    wanted = ActionItem.objects.filter(due_latest=TODAY)

    rows = _csv_rows(action_items_csv(wanted))

    assert len(rows) == 3  # header and the two items due today
    assert {row[0] for row in rows[1:]} == {str(pk) for pk in wanted.values_list("pk", flat=True)}


def test_unknown_export_format_is_404(client_as, today):
    assert (
        client_as("manager").get(reverse("actions:action_item_export", args=["pdf"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/dashboards/items/?due_after=2020-11-01&due_before=2020-12-31&status=open",
            "/actions/items/?due_from=2020-11-01&due_to=2020-12-31&status=open",
        ),
        (
            "/dashboards/items/export.csv?closed_after=2020-10-01&closed_before=2020-10-18&late=1",
            "/actions/items/export.csv?closed_from=2020-10-01&closed_to=2020-10-18&late=1",
        ),
        (
            "/actions/items/?status=open_any&kind=event",
            "/actions/items/?status=open&status=in_progress&kind=event",
        ),
    ],
)
def test_old_addresses_of_the_list_lead_to_the_same_list(client_as, scenario, old, new):
    client = client_as("manager")
    url, hops = old, []
    response = client.get(url)
    while response.status_code in (301, 302, 308):
        # Followed by hand: the test client drops the query string of a 308.
        hops.append(response.status_code)
        url = response["Location"]
        response = client.get(url)
    assert url == new
    assert response.status_code == 200
    assert hops[-1] == 302  # the old parameters are translated once, on the new page
    if "export" not in new:
        assert _titles(response) == _titles(client.get(new))
    else:
        assert response.content == client.get(new).content
