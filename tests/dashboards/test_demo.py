"""Done-when: on the demo data shifted to a frozen today, the overview, the matrix,
the charts, the exports and the calendar feed show the sample meetings' items in
their true states."""

import csv
import datetime as dt
import io

import icalendar
import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from actions.models import ActionItem, DocumentVersion
from dashboards.models import CalendarFeed
from demo.demo import PROTECTION_TITLE, SAMPLE_TITLE
from tests.dashboards.conftest import at

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
# --shift-to-today dates the Border Management meeting three weeks before today.
BORDER_MEETING = dt.date(2026, 2, 17)
PROTECTION_MEETING = BORDER_MEETING - dt.timedelta(weeks=6)
PROTOCOLS_DUE = PROTECTION_MEETING + dt.timedelta(days=28)  # "by 14 September"
COMMENTS_DUE = BORDER_MEETING + dt.timedelta(days=30)  # "by 28 October"


@pytest.fixture
def demo():
    with time_machine.travel(at(TODAY, 12), tick=False):
        call_command("load_demo", "--shift-to-today", verbosity=0)
        yield


def _client(client, email):
    client.force_login(User.objects.get(email=email))
    return client


def test_overview_shows_the_true_states(client, demo):
    response = _client(client, "manager@example.org").get(reverse("dashboards:overview"))

    # Open: the 10 Border Management items and 2 of Protection's 4.
    assert response.context["counts"] == {
        "open": 12,
        "due_soon": 5,  # the four comment requests (in 9 days) and Protection's (tomorrow)
        "overdue": 1,
        "done": 2,  # this quarter: the directory on time, the webinar 2 days late
        "done_late": 1,
    }
    (overdue,) = response.context["overdue"]
    assert overdue.title.startswith("National protocols")
    assert overdue.due_latest == PROTOCOLS_DUE
    assert (overdue.days_overdue, overdue.owing_count, overdue.party_count) == (35, 9, 11)
    due_soon = [item.resolution.number for item in response.context["due_soon"]]
    assert due_soon == ["4", "2.a", "2.b", "2.c", "2.d"]
    assert {i.due_latest for i in response.context["due_soon"][1:]} == {COMMENTS_DUE}
    groups = {row["group"]: row for row in response.context["groups"]}
    assert groups["Working Group on Border Management"]["open"] == 10
    assert groups["Working Group on Protection"]["done_late"] == 1
    page = response.content.decode()
    assert "Overdue by 35 days" in page
    assert "9 of 11" in page


def test_matrix_shows_the_true_states(client, demo):
    matrix = (
        _client(client, "manager@example.org").get(reverse("dashboards:matrix")).context["matrix"]
    )
    columns = {
        (item.resolution.meeting.title, item.resolution.number): n
        for n, item in enumerate(matrix.columns)
    }
    # Open requests to countries: 1.b and 2.a-2.d of Border Management, 1 and 4 of Protection.
    assert set(columns) == {
        (SAMPLE_TITLE, "1.b"),
        (SAMPLE_TITLE, "2.a"),
        (SAMPLE_TITLE, "2.b"),
        (SAMPLE_TITLE, "2.c"),
        (SAMPLE_TITLE, "2.d"),
        (PROTECTION_TITLE, "1"),
        (PROTECTION_TITLE, "4"),
    }
    cells = {
        row.country.code: {key: row.cells[n] for key, n in columns.items()} for row in matrix.rows
    }
    protocols = (PROTECTION_TITLE, "1")
    assert (cells["CR"][protocols].outcome, cells["CR"][protocols].note) == (
        "on_time",
        "Acknowledged",
    )
    assert cells["HN"][protocols].label == "Submitted 7 days late"
    assert cells["MX"][protocols].label == "Overdue by 35 days"
    assert cells["GT"][(SAMPLE_TITLE, "2.a")].outcome == "on_time"
    assert cells["CR"][(SAMPLE_TITLE, "2.a")].outcome == "pending"  # a draft is not an answer
    assert cells["MX"][(SAMPLE_TITLE, "2.b")].outcome == "on_time"
    assert cells["PA"][(SAMPLE_TITLE, "1.b")].outcome == "on_time"
    assert cells["SV"][(PROTECTION_TITLE, "4")].outcome == "on_time"
    assert cells["MX"][(SAMPLE_TITLE, "2.a")].outcome == "on_time"  # structured comments
    assert cells["SV"][(SAMPLE_TITLE, "2.a")].outcome == "on_time"
    assert matrix.totals == {"on_time": 7, "late": 1, "pending": 60, "overdue": 9, "na": 0}


def test_charts_show_the_true_states(client, demo):
    response = _client(client, "manager@example.org").get(reverse("dashboards:charts"))

    months = {row.month: row for row in response.context["months"]}
    assert months[PROTECTION_MEETING.replace(day=1)].opened == 4
    assert months[BORDER_MEETING.replace(day=1)].opened == 10
    assert (months[dt.date(2026, 2, 1)].done, months[dt.date(2026, 2, 1)].done_late) == (2, 1)
    overdue = {country.code: count for country, count, _url in response.context["overdue"]}
    assert overdue == {
        **dict.fromkeys(["BZ", "CA", "DO", "SV", "GT", "MX", "NI", "PA", "US"], 1),
        "CR": 0,
        "HN": 0,
    }
    (quarter,) = [q for q in response.context["quarters"] if q.quarter == dt.date(2026, 1, 1)]
    assert (quarter.answers.on_time, quarter.answers.decided) == (1, 11)
    assert (quarter.items.on_time, quarter.items.decided) == (1, 3)


def test_exports_on_the_demo_data_read_back(client, demo):
    client = _client(client, "secretariat@example.org")

    items = client.get(reverse("actions:action_item_export", args=["xlsx"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(items.content)).worksheets[0].values)
    assert len(rows) == 1 + ActionItem.objects.count()
    states = {row[1]: row[11] for row in rows[1:]}
    assert states["Webinar on the protection of migrant children"] == "Done, 2 days late"

    matrix = client.get(reverse("dashboards:matrix_export", args=["csv"]))
    by_country = {r[0]: r for r in csv.reader(io.StringIO(matrix.content.decode("utf-8-sig")))}
    assert "Submitted 7 days late" in by_country["Honduras"]


def test_feeds_hold_every_deadline(client, demo):
    manager = User.objects.get(email="manager@example.org")
    _feed, token = CalendarFeed.create_for(manager)
    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("dashboards:calendar_feed", args=[token])).content
    )
    uids = {str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")}

    dated = ActionItem.objects.filter(due_latest__isnull=False).exclude(status="cancelled")
    assert dated.count() == 11  # Border Management 2.a-2.d, 3.a-3.c; Protection 1-4
    assert {f"item-{pk}" for pk in dated.values_list("pk", flat=True)} <= uids
    rounds = DocumentVersion.objects.filter(comments_due__isnull=False)
    assert {f"document-version-{pk}" for pk in rounds.values_list("pk", flat=True)} <= uids
    assert sum(uid.startswith("meeting-") for uid in uids) == 2

    focal = User.objects.get(email="focal.cr@example.org")
    _feed, token = CalendarFeed.create_for(focal)
    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("dashboards:calendar_feed", args=[token])).content
    )
    items = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("item-")]
    costa_rica = ActionItem.objects.filter(
        obligations__country__code="CR", due_latest__isnull=False
    ).exclude(status="cancelled")
    assert len(items) == costa_rica.count() == 6  # four comment requests, Protection's two
