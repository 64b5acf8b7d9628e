"""Meetings: list with filters, create, edit, copy as the next one, publish, report file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Meeting, Presidency, WorkingGroup
from members.models import Country, Organisation
from tests.factories import MeetingFactory, PresidencyFactory, UserFactory
from tests.helpers import field_error, pdf_file

pytestmark = pytest.mark.django_db
LIST = reverse("actions:meeting_list")
CREATE = reverse("actions:meeting_create")


def _meeting_data(group: WorkingGroup, **extra) -> dict:
    return {
        "working_group": group.pk,
        "title_en": "Meeting of the Working Group on Border Management",
        "date": "2020-09-28",
        "modality": Meeting.Modality.VIRTUAL,
        "place_en": "Online",
        "participants": [c.pk for c in Country.objects.filter(code__in=["CR", "MX"])],
        "observers": [Organisation.objects.get(acronym="IOM").pk],
        **extra,
    }


class TestCreate:
    def test_creates_a_draft_with_the_presidency_in_office(
        self, client_as, secretariat, border_management, presidency
    ):
        response = client_as("secretariat").post(CREATE, _meeting_data(border_management))
        meeting = Meeting.objects.get()
        assert response.url == reverse("actions:meeting_detail", args=[meeting.pk])
        assert meeting.status == Meeting.Status.DRAFT
        assert meeting.presidency == presidency
        assert meeting.created_by == secretariat
        assert sorted(meeting.participants.values_list("code", flat=True)) == ["CR", "MX"]
        assert list(meeting.observers.values_list("acronym", flat=True)) == ["IOM"]

    def test_bad_input_shows_each_error_next_to_its_field_and_keeps_the_input(
        self, client_as, border_management
    ):
        data = _meeting_data(
            border_management, working_group="", date="2020-10-10", end_date="2020-10-01"
        )
        data["title_en"] = "Typed title that must survive"
        data["place_es"] = "San José"
        response = client_as("secretariat").post(CREATE, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert field_error(html, "end_date") == "The last day cannot be before the first day."
        assert field_error(html, "working_group") == "This field is required."
        assert field_error(html, "title_en") == ""
        assert 'value="Typed title that must survive"' in html
        assert 'value="San José"' in html
        assert 'value="2020-10-01"' in html
        form = response.context["form"]
        assert {str(c.data["value"]) for c in form["participants"] if c.data["selected"]} == {
            str(pk) for pk in data["participants"]
        }
        assert not Meeting.objects.exists()

    def test_report_file_is_checked_by_content(self, client_as, border_management):
        fake = pdf_file("report.pdf", b"MZ\x90\x00 not a pdf at all")
        response = client_as("secretariat").post(
            CREATE, _meeting_data(border_management, report_file=fake)
        )
        assert "is not an accepted file" in field_error(response.content.decode(), "report_file")
        assert not Meeting.objects.exists()

    def test_report_file_is_stored_and_served_only_through_the_view(
        self, client_as, border_management
    ):
        client = client_as("secretariat")
        client.post(
            CREATE,
            _meeting_data(border_management, report_file=pdf_file("Report (final) v2.pdf")),
        )
        meeting = Meeting.objects.get()
        response = client.get(reverse("actions:meeting_report", args=[meeting.pk]))
        assert response["Content-Disposition"].startswith("attachment")
        assert "Report_final_v2.pdf" in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    def test_a_meeting_without_report_answers_404_for_its_file(self, client_as, published_meeting):
        url = reverse("actions:meeting_report", args=[published_meeting.pk])
        assert client_as("secretariat").get(url).status_code == 404


class TestEditCopyPublish:
    def test_edit_changes_the_meeting(self, client_as, published_meeting, border_management):
        url = reverse("actions:meeting_edit", args=[published_meeting.pk])
        response = client_as("secretariat").post(
            url,
            _meeting_data(
                border_management,
                place_en="San José, Costa Rica",
                revision=published_meeting.revision,
            ),
        )
        assert response.status_code == 302
        published_meeting.refresh_from_db()
        assert published_meeting.place == "San José, Costa Rica"

    def test_copy_prefills_group_participants_and_place_but_not_the_date(
        self, client_as, published_meeting
    ):
        published_meeting.participants.set(Country.objects.filter(code__in=["CR", "GT"]))
        published_meeting.observers.set(Organisation.objects.filter(acronym="UNODC"))
        published_meeting.place_en = "Online"
        published_meeting.save()
        url = reverse("actions:meeting_copy", args=[published_meeting.pk])
        form = client_as("secretariat").get(url).context["form"]
        assert form["working_group"].value() == published_meeting.working_group_id
        assert form["place_en"].value() == "Online"
        assert form["date"].value() is None
        assert sorted(c.code for c in form.initial["participants"]) == ["CR", "GT"]
        assert [o.acronym for o in form.initial["observers"]] == ["UNODC"]

    def test_posting_the_copy_creates_the_next_draft(
        self, client_as, published_meeting, border_management
    ):
        url = reverse("actions:meeting_copy", args=[published_meeting.pk])
        client_as("secretariat").post(url, _meeting_data(border_management, date="2020-12-03"))
        copy = Meeting.objects.get(date=dt.date(2020, 12, 3))
        assert copy.status == Meeting.Status.DRAFT
        assert copy.pk != published_meeting.pk

    def test_publish_makes_a_draft_visible_to_the_focal_points_it_concerns(
        self, client_as, draft_meeting
    ):
        detail = reverse("actions:meeting_detail", args=[draft_meeting.pk])
        assert client_as("focal_cr").get(detail).status_code == 404
        client_as("secretariat").post(reverse("actions:meeting_publish", args=[draft_meeting.pk]))
        draft_meeting.refresh_from_db()
        assert draft_meeting.status == Meeting.Status.PUBLISHED
        assert draft_meeting.published_at is not None
        assert client_as("focal_cr").get(detail).status_code == 200

    def test_publish_needs_post(self, client_as, draft_meeting):
        url = reverse("actions:meeting_publish", args=[draft_meeting.pk])
        assert client_as("secretariat").get(url).status_code == 405


class TestList:
    @pytest.fixture
    def meetings(self, border_management, costa_rica):
        guatemala = Country.objects.get(code="GT")
        protection = WorkingGroup.objects.get(slug="protection")
        cr = PresidencyFactory(year=2020, country=costa_rica)
        gt = PresidencyFactory(year=2021, country=guatemala, starts_on=dt.date(2021, 6, 30))
        return {
            "sept": MeetingFactory(
                working_group=border_management,
                presidency=cr,
                date=dt.date(2020, 9, 28),
                title="Border September",
                place="Online",
            ),
            "aug": MeetingFactory(
                working_group=protection,
                presidency=cr,
                date=dt.date(2020, 8, 17),
                title="Protection August",
            ),
            "next": MeetingFactory(
                working_group=border_management,
                presidency=gt,
                date=dt.date(2021, 7, 1),
                title="Border July",
                place="Guatemala City",
                status=Meeting.Status.DRAFT,
                published_at=None,
            ),
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({}, ["next", "sept", "aug"]),
            ({"working_group": "border"}, ["next", "sept"]),
            ({"presidency": "gt"}, ["next"]),
            ({"year": "2020"}, ["sept", "aug"]),
            ({"status": "draft"}, ["next"]),
            ({"q": "guatemala city"}, ["next"]),
            ({"q": "protection"}, ["aug"]),
        ],
    )
    def test_filters_and_search(self, client_as, meetings, query, expected):
        values = {
            "border": meetings["sept"].working_group_id,
            "gt": Presidency.objects.get(year=2021).pk,
        }
        params = {key: values.get(value, value) for key, value in query.items()}
        response = client_as("manager").get(LIST, params)
        assert list(response.context["page_obj"]) == [meetings[name] for name in expected]

    def test_list_is_paginated(self, client_as, border_management):
        MeetingFactory.create_batch(30, working_group=border_management)
        client = client_as("manager")
        assert len(client.get(LIST).context["page_obj"]) == 25
        assert len(client.get(LIST, {"page": 2}).context["page_obj"]) == 5

    def test_empty_state(self, client_as):
        response = client_as("manager").get(LIST)
        assert "No meetings yet." in response.content.decode()


class TestQueryCounts:
    """List and detail pages run the same number of queries at 10 and at 200 rows."""

    def test_meeting_list(self, client_as, border_management, django_assert_num_queries):
        client = client_as("secretariat")
        MeetingFactory.create_batch(10, working_group=border_management)
        client.get(LIST)
        # 1 session, 2 user, 3 count of meetings, 4 working groups, 5 presidencies (the filter's
        # choices), 6 the page of meetings with their resolution and item counts
        with django_assert_num_queries(6) as small:
            client.get(LIST)
        MeetingFactory.create_batch(190, working_group=border_management)
        # the same queries as above
        with django_assert_num_queries(len(small.captured_queries)):
            assert client.get(LIST).context["page_obj"].paginator.count == 200

    def test_meeting_list_for_a_focal_point(
        self, client_as, published_meeting, django_assert_num_queries
    ):
        from tests.factories import ActionItemFactory

        client = client_as("focal_cr")
        costa_rica = Country.objects.get(code="CR")

        def add(count):
            for _ in range(count):
                meeting = MeetingFactory(working_group=published_meeting.working_group)
                ActionItemFactory(resolution__meeting=meeting).address_to(countries=[costa_rica])

        add(9)
        client.get(LIST)
        # 1 session, 2 user, 3 focal point, 4 count of its meetings, 5 working groups,
        # 6 presidencies (the filter's choices), 7 the page of meetings with their counts
        with django_assert_num_queries(7) as small:
            client.get(LIST)
        add(190)
        # the same queries as above
        with django_assert_num_queries(len(small.captured_queries)):
            assert client.get(LIST).context["page_obj"].paginator.count == 200

    @pytest.mark.parametrize(("role", "queries"), [("secretariat", 17), ("focal_cr", 13)])
    def test_meeting_detail(
        self, client_as, published_meeting, iom, role, queries, django_assert_num_queries
    ):
        from tests.factories import ActionItemFactory, ResolutionFactory

        client = client_as(role)
        url = reverse("actions:meeting_detail", args=[published_meeting.pk])
        members = list(Country.objects.members())
        parent = published_meeting.resolutions.get(number="2")

        def add(count):
            start = published_meeting.resolutions.count()
            for n in range(count):
                resolution = ResolutionFactory(
                    meeting=published_meeting,
                    parent=parent,
                    number=f"2.x{start + n}",
                    order=start + n + 1,
                )
                item = ActionItemFactory(resolution=resolution, to_ppt=True)
                item.address_to(countries=members[: n % 4 + 1], organisations=[iom])

        add(8)  # 10 resolutions
        client.get(url)
        # secretariat: 1 session, 2 user, 3 the meeting, 4 its resolutions, 5 its items with answer
        # counts, 6 their obligations, 7 countries and 8 organisations of those, 9 participants,
        # 10 observers, 11 the agenda (items due here or still open), 12 presidencies, history of
        # 13 the meeting, 14 participants, 15 observers, 16 resolutions, 17 items; focal point:
        # 3 its focal point, then 4-13 the same, without the history
        with django_assert_num_queries(queries) as small:
            client.get(url)
        add(190)  # 200 resolutions
        # the same queries as above
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(url)
        assert response.context["resolution_count"] == 200


def test_the_nav_links_to_meetings_for_staff_and_to_items_for_everyone(client_as):
    for role, staff in [("secretariat", True), ("manager", True), ("focal_cr", False)]:
        html = client_as(role).get(reverse("accounts:profile")).content.decode()
        assert (f'href="{LIST}"' in html) is staff
        # Focal points read the items that concern their country there.
        assert f'href="{reverse("actions:action_item_list")}"' in html


def test_a_user_without_focal_point_sees_no_meeting(client):
    user = UserFactory(role="focal_point", email="orphan@test.example")
    client.force_login(user)
    assert client.get(LIST).status_code == 200
    assert list(client.get(LIST).context["page_obj"]) == []


def test_the_list_counts_resolutions_and_items_in_sql(client_as, published_meeting, draft_meeting):
    rows = {m.pk: m for m in client_as("manager").get(LIST).context["page_obj"]}
    assert (rows[published_meeting.pk].resolution_count, rows[published_meeting.pk].item_count) == (
        2,
        2,
    )
    assert (rows[draft_meeting.pk].resolution_count, rows[draft_meeting.pk].item_count) == (1, 1)
