"""Item 8: items of "the PPT" belong to whichever country holds the presidency;
the handover is recorded on a page and the item's history shows who held it when."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from actions.models import ActionItem, Presidency
from members.models import Country
from tests.factories import ActionItemFactory, MeetingFactory, PresidencyFactory
from tests.helpers import field_error

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")


@pytest.fixture
def ppt_item(costa_rica) -> ActionItem:
    PresidencyFactory(year=2020, country=costa_rica, starts_on=dt.date(2020, 1, 1))
    return ActionItemFactory(
        resolution__meeting=MeetingFactory(date=dt.date(2020, 9, 28)),
        title="Circulate the directory",
        to_member_countries=False,
        to_ppt=True,
        due_latest=dt.date(2021, 12, 31),
    )


def _hand_over(client, code: str, year: int, day: str):
    return client.post(
        reverse("actions:presidency_create"),
        {"country": Country.objects.get(code=code).pk, "year": year, "starts_on": day},
        follow=True,
    )


@time_machine.travel(dt.datetime(2021, 8, 1, 12, tzinfo=COSTA_RICA), tick=False)
def test_after_the_handover_the_new_presidency_holds_the_items(client_as, ppt_item):
    client = client_as("secretariat")
    detail = reverse("actions:action_item_detail", args=[ppt_item.pk])
    assert "PPT (Costa Rica)" in client.get(detail).content.decode()

    response = _hand_over(client, "GT", 2021, "2021-06-30")
    assert "From June 30, 2021 the Presidency Pro Tempore and its items belong to Guatemala." in (
        response.content.decode()
    )
    html = client.get(detail).content.decode()
    assert "PPT (Guatemala, since June 30, 2021; before: Costa Rica)" in html
    assert [p.country.code for p in ppt_item.ppt_holders()] == ["CR", "GT"]
    # The list names the PPT by its current holder, and filters its items.
    listing = client.get(reverse("actions:action_item_list"), {"responsible": "ppt"})
    assert list(listing.context["page_obj"]) == [ppt_item]
    assert "PPT (Guatemala)" in listing.content.decode()


@time_machine.travel(dt.datetime(2022, 8, 1, 12, tzinfo=COSTA_RICA), tick=False)
def test_a_closed_item_stays_with_the_presidency_that_closed_it(secretariat, ppt_item):
    guatemala = Country.objects.get(code="GT")
    PresidencyFactory(year=2021, country=guatemala, starts_on=dt.date(2021, 6, 30))
    with time_machine.travel(dt.datetime(2021, 3, 1, 12, tzinfo=COSTA_RICA), tick=False):
        ppt_item.close(by=secretariat, note="Circulated.")
    assert [p.country.code for p in ppt_item.ppt_holders()] == ["CR"]
    holders = ppt_item.ppt_holders(list(Presidency.objects.order_by("starts_on")))
    assert [p.year for p in holders] == [2020]


def test_presidencies_during_a_period():
    cr = PresidencyFactory(year=2020, starts_on=dt.date(2020, 1, 1))
    gt = PresidencyFactory(
        year=2021, starts_on=dt.date(2021, 6, 30), country=Country.objects.get(code="GT")
    )
    hn = PresidencyFactory(
        year=2022, starts_on=dt.date(2022, 7, 1), country=Country.objects.get(code="HN")
    )
    assert Presidency.objects.during(dt.date(2020, 9, 1), dt.date(2021, 1, 1)) == [cr]
    assert Presidency.objects.during(dt.date(2020, 9, 1), dt.date(2022, 8, 1)) == [cr, gt, hn]
    assert Presidency.objects.during(dt.date(2021, 7, 1), dt.date(2021, 8, 1)) == [gt]
    assert Presidency.objects.during(dt.date(2019, 1, 1), dt.date(2019, 2, 1)) == []


def test_a_handover_year_or_day_cannot_be_recorded_twice(client_as, ppt_item):
    response = _hand_over(client_as("secretariat"), "GT", 2020, "2020-01-01")
    html = response.content.decode()
    assert "already exists" in field_error(html, "year")
    assert "already exists" in field_error(html, "starts_on")
    assert Presidency.objects.count() == 1


def test_the_presidency_page_shows_who_holds_it(client_as, ppt_item):
    with time_machine.travel(dt.datetime(2020, 10, 1, 12, tzinfo=COSTA_RICA), tick=False):
        response = client_as("manager").get(reverse("actions:presidency_list"))
    assert response.context["current"].country.code == "CR"
    assert response.context["open_ppt_items"] == 1
    assert response.context["form"] is None  # managers read only
    assert (
        "Record the handover"
        in client_as("secretariat").get(reverse("actions:presidency_list")).content.decode()
    )


def test_the_presidency_list_has_a_bounded_query_count(client_as, django_assert_num_queries):
    countries = list(Country.objects.members())

    def add(years):
        for year in years:
            Presidency.objects.create(
                country=countries[year % len(countries)],
                year=year,
                starts_on=dt.date(year, 1, 1),
            )

    client = client_as("secretariat")
    add(range(2000, 2010))
    client.get(reverse("actions:presidency_list"))
    # 1 session, 2 user, 3 presidencies, 4 the one in office today, 5 count of open PPT items,
    # 6 member countries (the handover form)
    with django_assert_num_queries(6) as small:
        client.get(reverse("actions:presidency_list"))
    add(range(1997, 2000))
    add(range(2010, 2197))
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("actions:presidency_list"))
    assert len(response.context["presidencies"]) == 200


def test_new_meetings_take_the_presidency_in_office_on_their_date(
    client_as, ppt_item, border_management
):
    PresidencyFactory(
        year=2021, starts_on=dt.date(2021, 6, 30), country=Country.objects.get(code="GT")
    )
    client_as("secretariat").post(
        reverse("actions:meeting_create"),
        {"working_group": border_management.pk, "date": "2021-07-15", "modality": "virtual"},
    )
    from actions.models import Meeting

    assert Meeting.objects.get(date=dt.date(2021, 7, 15)).presidency.year == 2021
