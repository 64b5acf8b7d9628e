"""The action-item list: filters (reusable FilterSet), sorting, search, pagination,
and the detail page; each at a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from actions.filters import ActionItemFilter
from actions.models import ActionItem, WorkingGroup
from members.models import Country
from tests.factories import (
    ActionItemFactory,
    DocumentVersionFactory,
    MeetingFactory,
    SubmissionFactory,
)
from tests.helpers import organisations

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
LIST = reverse("actions:action_item_list")


@pytest.fixture
def items(secretariat, costa_rica, mexico, iom, border_management):
    protection = WorkingGroup.objects.get(slug="protection")
    border = MeetingFactory(working_group=border_management, date=dt.date(2020, 9, 28))
    earlier = MeetingFactory(working_group=protection, date=dt.date(2020, 8, 17))
    made = {
        "members": ActionItemFactory(
            resolution__meeting=border,
            title="Comments on the inventory",
            due_latest=dt.date(2020, 10, 28),
        ),
        "cr_only": ActionItemFactory(
            resolution__meeting=border,
            title="Information from Costa Rica",
            kind=ActionItem.Kind.INFORMATION_REQUEST,
            to_member_countries=False,
            due_latest=dt.date(2020, 11, 20),
        ),
        "iom": ActionItemFactory(
            resolution__meeting=border,
            title="Procedures manual",
            kind=ActionItem.Kind.DELIVERABLE,
            to_member_countries=False,
            due_precision=ActionItem.Precision.WEEK,
            due_earliest=dt.date(2020, 12, 1),
            due_latest=dt.date(2020, 12, 7),
        ),
        "ppt": ActionItemFactory(
            resolution__meeting=earlier,
            title="Directory of consular focal points",
            kind=ActionItem.Kind.DELIVERABLE,
            to_member_countries=False,
            to_ppt=True,
            due_latest=dt.date(2020, 9, 30),
        ),
        "webinar": ActionItemFactory(
            resolution__meeting=earlier,
            title="Webinar on migrant children",
            kind=ActionItem.Kind.EVENT,
            to_member_countries=False,
            to_working_group=True,
            due_precision=ActionItem.Precision.NONE,
            due_latest=None,
        ),
        "secretariat": ActionItemFactory(
            resolution__meeting=earlier,
            title="Compilation of answers",
            kind=ActionItem.Kind.OTHER,
            to_member_countries=False,
            to_technical_secretariat=True,
            due_latest=dt.date(2020, 9, 1),
        ),
    }
    made["members"].address_to(countries=Country.objects.members())
    made["cr_only"].address_to(countries=[costa_rica])
    made["iom"].address_to(organisations=[iom])
    made["secretariat"].close(by=secretariat, note="Sent.")
    return made


@time_machine.travel(dt.datetime(2020, 11, 1, 12, tzinfo=COSTA_RICA), tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["secretariat", "ppt", "members", "cr_only", "iom", "webinar"]),
        ({"working_group": "protection"}, ["secretariat", "ppt", "webinar"]),
        ({"meeting": "border"}, ["members", "cr_only", "iom"]),
        ({"kind": "deliverable"}, ["ppt", "iom"]),
        ({"status": "done"}, ["secretariat"]),
        ({"status": ["open", "in_progress"]}, ["ppt", "members", "cr_only", "iom", "webinar"]),
        ({"responsible": "member_countries"}, ["members"]),
        ({"responsible": "country:CR"}, ["members", "cr_only"]),
        ({"responsible": "country:MX"}, ["members"]),
        ({"responsible": "organisation:IOM"}, ["iom"]),
        ({"responsible": "ppt"}, ["ppt"]),
        ({"responsible": "technical_secretariat"}, ["secretariat"]),
        ({"responsible": "working_group"}, ["webinar"]),
        ({"due_from": "2020-10-01", "due_to": "2020-11-30"}, ["members", "cr_only"]),
        ({"overdue": "on"}, ["ppt", "members"]),
        ({"q": "inventory"}, ["members"]),
        ({"q": "manual procedures"}, ["iom"]),
        ({"sort": "title"}, ["members", "secretariat", "ppt", "cr_only", "iom", "webinar"]),
        ({"sort": "-due"}, ["iom", "cr_only", "members", "ppt", "secretariat", "webinar"]),
    ],
)
def test_filters_search_and_sort(client_as, items, query, expected):
    values = {
        "protection": WorkingGroup.objects.get(slug="protection").pk,
        "border": items["members"].resolution.meeting_id,
    }
    params = {
        key: value if isinstance(value, list) else values.get(value, value)
        for key, value in query.items()
    }
    response = client_as("manager").get(LIST, params)
    found = list(response.context["page_obj"])
    if "sort" in query and query["sort"] == "-due":
        found = [i for i in found if i.due_latest] + [i for i in found if not i.due_latest]
    assert found == [items[name] for name in expected]


def test_the_filterset_is_reusable_outside_the_list_page(items, manager):
    """Exports build the same FilterSet from a query string and read `.qs`."""
    request = RequestFactory().get(LIST)
    request.user = manager
    found = ActionItemFilter(
        QueryDict("responsible=country:CR&kind=comment_request"),
        queryset=ActionItem.objects.visible_to(manager),
        request=request,
    ).qs
    assert list(found) == [items["members"]]


def test_an_invalid_filter_value_is_reported_and_ignored(client_as, items):
    response = client_as("manager").get(LIST, {"due_from": "yesterday", "kind": "party"})
    form = response.context["filter"].form
    assert set(form.errors) == {"due_from", "kind"}
    assert response.context["page_obj"].paginator.count == 6


def test_the_ppt_choice_names_the_country_in_office(client_as, items, costa_rica):
    from tests.factories import PresidencyFactory

    PresidencyFactory(year=2020, country=costa_rica)
    choices = dict(
        client_as("manager").get(LIST).context["filter"].form.fields["responsible"].choices
    )
    assert choices["ppt"] == "Presidency Pro Tempore (Costa Rica)"


def test_focal_points_can_filter_only_meetings_they_may_see(client_as, items):
    field = client_as("focal_mx").get(LIST).context["filter"].form.fields["meeting"]
    assert list(field.queryset) == [items["members"].resolution.meeting]


def test_the_list_is_paginated_and_keeps_the_filters(client_as, border_management):
    meeting = MeetingFactory(working_group=border_management)
    ActionItemFactory.create_batch(30, resolution__meeting=meeting)
    response = client_as("manager").get(LIST, {"kind": "comment_request", "page": 2})
    assert len(response.context["page_obj"]) == 5
    assert "?kind=comment_request&amp;page=1" in response.content.decode()


def test_empty_states(client_as):
    assert "No action items yet." in client_as("manager").get(LIST).content.decode()
    html = client_as("manager").get(LIST, {"kind": "event"}).content.decode()
    assert "No action item matches these filters." in html


def test_bulk_controls_are_for_the_secretariat_only(client_as, items):
    assert 'name="items"' in client_as("secretariat").get(LIST).content.decode()
    assert 'name="items"' not in client_as("manager").get(LIST).content.decode()


class TestQueryCounts:
    def _add_items(self, count, meeting):
        members = list(Country.objects.members())
        for n in range(count):
            item = ActionItemFactory(resolution__meeting=meeting, to_ppt=n % 2 == 0)
            item.address_to(countries=members)

    @pytest.mark.parametrize(("role", "queries"), [("secretariat", 10), ("focal_cr", 11)])
    def test_list(self, client_as, border_management, role, queries, django_assert_num_queries):
        client = client_as(role)
        meeting = MeetingFactory(working_group=border_management)
        self._add_items(10, meeting)
        client.get(LIST)
        # secretariat: 1 session, 2 user, 3 presidencies, 4 count of items, 5 working groups,
        # 6 meetings, 7 countries, 8 organisations (the filter's choices), 9 the page of items,
        # 10 their obligations; focal point: the same 11 with its focal point 4th
        with django_assert_num_queries(queries):
            assert client.get(LIST).context["page_obj"].paginator.count == 10
        self._add_items(190, meeting)
        # the same queries as above
        with django_assert_num_queries(queries):
            assert client.get(LIST).context["page_obj"].paginator.count == 200

    def test_filtered_list(self, client_as, border_management, django_assert_num_queries):
        client = client_as("secretariat")
        meeting = MeetingFactory(working_group=border_management)
        query = {"responsible": "country:CR", "q": "a", "sort": "-due", "overdue": "on"}
        self._add_items(10, meeting)
        client.get(LIST, query)
        # 1 session, 2 user, 3 presidencies, 4 countries, 5 organisations (to read the responsible
        # party), 6 count of matching items, 7 working groups, 8 meetings (the filter's choices),
        # 9 the page of items, 10 their obligations
        with django_assert_num_queries(10) as small:
            client.get(LIST, query)
        self._add_items(190, meeting)
        # the same queries as above
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(LIST, query)

    @pytest.mark.parametrize(("role", "queries"), [("secretariat", 15), ("focal_cr", 15)])
    def test_detail(
        self, client_as, secretariat, focal_cr, iom, role, queries, django_assert_num_queries
    ):
        item = ActionItemFactory(to_ppt=True, to_member_countries=False)
        client = client_as(role)
        url = reverse("actions:action_item_detail", args=[item.pk])
        countries = list(Country.objects.all())

        def grow(parties, versions):
            item.address_to(countries=countries, organisations=[iom, *parties])
            document = DocumentVersionFactory(document__action_item=item).document
            for number in range(2, versions + 1):
                DocumentVersionFactory(document=document, number=number, uploaded_by=secretariat)
            obligation = item.obligations.get(country__code="CR")
            if not obligation.submissions.exists():
                SubmissionFactory(obligation=obligation, created_by=focal_cr).submit(by=focal_cr)
            item.title_en = f"Renamed {len(parties)}"
            item.save()

        grow(organisations(0), 3)  # 17 parties (16 countries and IOM)
        client.get(url)
        # secretariat: 1 session, 2 user, 3 the item, 4 its obligations, 5 its documents, 6 their
        # versions, 7 their uploaders, 8 presidencies (PPT holders), history of 9 the item, 10 its
        # obligations, 11 documents, 12 versions, names in it of 13 countries, 14 organisations,
        # 15 documents; focal point: 3 its focal point, then 4-15 the same, with its own obligation
        # only and no organisation to name
        with django_assert_num_queries(queries):
            client.get(url)
        grow(organisations(183), 30)  # 200 parties, a document of 30 versions
        # the same queries as above
        with django_assert_num_queries(queries):
            response = client.get(url)
        if role == "secretariat":
            assert len(response.context["obligations"]) == 200
