"""Calendar feeds: secret, revocable iCalendar addresses per user, narrowed to a
country or a working group, holding every deadline, event and meeting."""

import datetime as dt
import io
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from actions.models import ActionItem
from dashboards.models import CalendarFeed, hash_token
from tests.dashboards.conftest import TODAY, add_requests, request_to
from tests.factories import DocumentVersionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("dashboards:calendar")


def _feed_url(user, **scope) -> str:
    _feed, token = CalendarFeed.create_for(user, **scope)
    return reverse("dashboards:calendar_feed", args=[token])


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def _span(event) -> tuple[dt.date, dt.date]:
    return event.decoded("DTSTART"), event.decoded("DTEND")


@pytest.fixture
def calendar_data(today, groups, costa_rica, mexico, iom):
    """A day deadline, a week window, an event, a meeting, a comment round, and more."""
    border, protection = groups
    meeting = MeetingFactory(
        working_group=border, date=dt.date(2020, 9, 28), title="Border meeting", place="Online"
    )
    comments = request_to(
        [costa_rica, mexico],
        due=dt.date(2020, 10, 28),
        title="Comments on the inventory",
        resolution__meeting=meeting,
    )
    manual = ActionItem.objects.create(
        resolution=comments.resolution,
        kind=ActionItem.Kind.DELIVERABLE,
        title_en="Procedures manual",
        due_earliest=dt.date(2020, 12, 1),
        due_latest=dt.date(2020, 12, 7),
        due_precision=ActionItem.Precision.WEEK,
        due_text_en="first week of December",
    )
    manual.address_to(organisations=[iom])
    webinar = request_to(
        [],
        due=dt.date(2020, 11, 30),
        title="Webinar",
        kind=ActionItem.Kind.EVENT,
        to_member_countries=False,
        resolution__meeting=meeting,
    )
    ActionItem.objects.filter(pk=webinar.pk).update(
        due_earliest=dt.date(2020, 11, 1), due_precision=ActionItem.Precision.MONTH
    )
    mexican = request_to(
        [mexico],
        due=dt.date(2020, 11, 15),
        title="Only for Mexico",
        resolution__meeting__working_group=protection,
    )
    undated = request_to([costa_rica], due=None, title="Undated", resolution__meeting=meeting)
    cancelled = request_to([costa_rica], due=dt.date(2020, 11, 5), title="Cancelled")
    ActionItem.objects.filter(pk=cancelled.pk).update(
        status="cancelled", closed_at=dt.datetime(2020, 11, 1, tzinfo=dt.UTC)
    )
    draft = request_to(
        [costa_rica],
        due=dt.date(2020, 11, 20),
        title="Draft meeting item",
        resolution__meeting__status="draft",
        resolution__meeting__published_at=None,
    )
    version = DocumentVersionFactory(
        document__action_item=comments, number=2, comments_due=dt.date(2020, 11, 25)
    )
    next_meeting = MeetingFactory(
        working_group=border,
        date=dt.date(2020, 12, 1),
        end_date=dt.date(2020, 12, 3),
        title="Next border meeting",
        status="draft",
        published_at=None,
    )
    return {
        "meeting": meeting,
        "comments": comments,
        "manual": manual,
        "webinar": webinar,
        "mexican": mexican,
        "undated": undated,
        "cancelled": cancelled,
        "draft": draft,
        "version": version,
        "next_meeting": next_meeting,
    }


def test_staff_feed_holds_every_deadline_event_and_meeting(client, secretariat, calendar_data):
    events = _events(_parse(client.get(_feed_url(secretariat))))
    data = calendar_data

    dated = ActionItem.objects.filter(due_latest__isnull=False).exclude(status="cancelled")
    assert {f"item-{pk}" for pk in dated.values_list("pk", flat=True)} <= set(events)
    assert f"item-{data['undated'].pk}" not in events
    assert f"item-{data['cancelled'].pk}" not in events
    # A day deadline is one all-day event; DTEND is the day after (exclusive).
    comments = events[f"item-{data['comments'].pk}"]
    assert _span(comments) == (dt.date(2020, 10, 28), dt.date(2020, 10, 29))
    assert comments["DTSTART"].params["VALUE"] == "DATE"
    assert not isinstance(comments.decoded("DTSTART"), dt.datetime)
    assert str(comments["SUMMARY"]) == "Due: Comments on the inventory"
    # "First week of December" spans 1 to 7 December.
    manual = events[f"item-{data['manual'].pk}"]
    assert _span(manual) == (dt.date(2020, 12, 1), dt.date(2020, 12, 8))
    assert "first week of December" in str(manual["DESCRIPTION"])
    webinar = events[f"item-{data['webinar'].pk}"]
    assert str(webinar["SUMMARY"]) == "Webinar"
    assert _span(webinar) == (dt.date(2020, 11, 1), dt.date(2020, 12, 1))
    # Comment rounds and meetings, drafts included for staff.
    round_ = events[f"document-version-{data['version'].pk}"]
    assert _span(round_) == (dt.date(2020, 11, 25), dt.date(2020, 11, 26))
    meeting = events[f"meeting-{data['next_meeting'].pk}"]
    assert _span(meeting) == (dt.date(2020, 12, 1), dt.date(2020, 12, 4))
    assert str(events[f"meeting-{data['meeting'].pk}"]["LOCATION"]) == "Online"


def test_feed_is_valid_rfc5545(client, secretariat, calendar_data):
    body = client.get(_feed_url(secretariat)).content.decode()
    calendar = icalendar.Calendar.from_ical(body)

    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]) == "-//RCM Tracker//Calendar feed//EN"
    assert "\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in body or "REFRESH-INTERVAL:PT6H" in body
    assert "X-PUBLISHED-TTL:PT6H" in body


def test_focal_point_feed_holds_only_its_countrys_published_items(client, focal_cr, calendar_data):
    events = _events(_parse(client.get(_feed_url(focal_cr))))
    data = calendar_data

    assert f"item-{data['comments'].pk}" in events
    assert f"item-{data['mexican'].pk}" not in events
    assert f"item-{data['manual'].pk}" not in events  # IOM's
    assert f"item-{data['webinar'].pk}" not in events  # asks nothing of Costa Rica
    assert f"item-{data['draft'].pk}" not in events
    assert f"meeting-{data['next_meeting'].pk}" not in events
    assert f"meeting-{data['meeting'].pk}" in events


def test_organisation_focal_point_feed(client, focal_iom, calendar_data):
    events = _events(_parse(client.get(_feed_url(focal_iom))))
    assert {uid for uid in events if uid.startswith("item-")} == {
        f"item-{calendar_data['manual'].pk}"
    }


def test_feeds_per_country_and_per_working_group(client, manager, calendar_data, groups, mexico):
    data = calendar_data
    for_mexico = _events(_parse(client.get(_feed_url(manager, country=mexico))))
    assert {uid for uid in for_mexico if uid.startswith("item-")} == {
        f"item-{data['comments'].pk}",
        f"item-{data['mexican'].pk}",
    }
    protection = _events(_parse(client.get(_feed_url(manager, working_group=groups[1]))))
    assert set(protection) == {
        f"item-{data['mexican'].pk}",
        f"meeting-{data['mexican'].resolution.meeting_id}",
    }


def test_focal_point_feed_narrowed_to_another_country_reads_nothing(client, focal_cr, mexico):
    assert client.get(_feed_url(focal_cr, country=mexico)).status_code == 404


def test_feed_in_the_owners_language(client, focal_mx, calendar_data):
    focal_mx.language = "es"
    focal_mx.save()
    events = _events(_parse(client.get(_feed_url(focal_mx))))

    comments = events[f"item-{calendar_data['comments'].pk}"]
    assert str(comments["DESCRIPTION"]).startswith("Gestión de Fronteras, 28 de septiembre de 2020")
    assert "Gestión de Fronteras" in [str(c) for c in comments["CATEGORIES"].cats]


def test_a_spanish_subscriber_reads_the_spanish_texts_and_marks_the_english_only_ones(
    client, focal_mx, calendar_data
):
    comments, mexican = calendar_data["comments"], calendar_data["mexican"]
    comments.title_es = "Comentarios sobre el inventario"
    comments.due_text_en = "by 28 October"
    comments.save()
    meeting = comments.resolution.meeting
    meeting.title_es, meeting.place_es = "Reunión de fronteras", "Virtual"
    meeting.save()
    focal_mx.language = "es"
    focal_mx.save()
    events = _events(_parse(client.get(_feed_url(focal_mx))))
    with translation.override("es"):
        marker = gettext("only in English")
    summary = str(events[f"item-{comments.pk}"]["SUMMARY"])
    assert "Comentarios sobre el inventario" in summary and "[" not in summary
    assert f"by 28 October [{marker}]" in str(events[f"item-{comments.pk}"]["DESCRIPTION"])
    assert f"Only for Mexico [{marker}]" in str(events[f"item-{mexican.pk}"]["SUMMARY"])
    meeting_event = events[f"meeting-{meeting.pk}"]
    assert str(meeting_event["SUMMARY"]) == "Reunión de fronteras"
    assert str(meeting_event["LOCATION"]) == "Virtual"


def test_an_english_subscriber_of_the_same_feed_reads_english(client, focal_cr, calendar_data):
    comments = calendar_data["comments"]
    comments.title_es = "Comentarios sobre el inventario"
    comments.save()
    events = _events(_parse(client.get(_feed_url(focal_cr))))
    assert "Comments on the inventory" in str(events[f"item-{comments.pk}"]["SUMMARY"])
    assert "only in" not in str(events[f"item-{comments.pk}"]["SUMMARY"])


def test_create_show_once_and_revoke(client_as, focal_cr, today):
    client = client_as("focal_cr")
    response = client.post(PAGE, {"name": "Work calendar", "working_group": ""}, follow=True)
    page = response.content.decode()
    url = re.search(r'value="(http://[^"]+\.ics)"', page).group(1)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=focal_cr)

    assert "Your calendar feed has been created." in page
    assert feed.token_hash == hash_token(token) != token
    assert feed.name == "Work calendar" and feed.country is None
    path = reverse("dashboards:calendar_feed", args=[token])
    assert client_as("anonymous").get(path).status_code == 200
    feed.refresh_from_db()
    assert feed.last_used_at is not None
    # The address is shown once only.
    assert token not in client.get(PAGE).content.decode()

    response = client.post(reverse("dashboards:calendar_revoke", args=[feed.pk]), follow=True)
    assert "has been revoked" in response.content.decode()
    assert client_as("anonymous").get(path).status_code == 404
    assert "You have no calendar feed yet." in client.get(PAGE).content.decode()


def test_focal_point_cannot_choose_another_country(client_as, focal_cr, mexico, today):
    client = client_as("focal_cr")
    assert 'name="country"' not in client.get(PAGE).content.decode()
    client.post(PAGE, {"name": "", "country": mexico.pk, "working_group": ""})
    assert CalendarFeed.objects.get(user=focal_cr).country is None


def test_staff_choose_a_country(client_as, manager, mexico, today):
    client_as("manager").post(PAGE, {"name": "Mexico", "country": mexico.pk, "working_group": ""})
    feed = CalendarFeed.objects.get(user=manager)
    assert feed.country == mexico
    assert feed.scope_label == "Mexico"


def test_bad_input_stays_on_the_form(client_as, manager, today):
    response = client_as("manager").post(PAGE, {"name": "x" * 101, "working_group": "999999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "working_group"}
    assert form["name"].value() == "x" * 101
    assert not CalendarFeed.objects.exists()


def test_nobody_revokes_anybody_elses_feed(client_as, focal_mx, today):
    feed, _token = CalendarFeed.create_for(focal_mx)
    for role in ("focal_cr", "secretariat", "manager"):
        response = client_as(role).post(reverse("dashboards:calendar_revoke", args=[feed.pk]))
        assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.is_active


def test_revoke_needs_post(client_as, focal_cr, today):
    feed, _token = CalendarFeed.create_for(focal_cr)
    assert (
        client_as("focal_cr").get(reverse("dashboards:calendar_revoke", args=[feed.pk])).status_code
        == 405
    )


def test_unknown_token_and_inactive_users_read_nothing(client, focal_mx, calendar_data):
    assert client.get(reverse("dashboards:calendar_feed", args=["nope"])).status_code == 404
    url = _feed_url(focal_mx)
    focal_mx.focal_point.deactivate()
    assert client.get(url).status_code == 404


def test_user_without_a_role_cannot_have_feeds(client, today):
    from tests.factories import UserFactory

    lost = UserFactory(role="focal_point")  # a focal-point account without a country
    client.force_login(lost)
    assert client.get(PAGE).status_code == 403
    assert client.get(_feed_url(lost)).status_code == 404


def test_feed_query_count_does_not_grow(
    client, focal_cr, members, today, django_assert_num_queries
):
    url = _feed_url(focal_cr)
    add_requests(2, members, due=TODAY)
    client.get(url)  # records the first use
    # 1 the feed by its token, with its owner, 2 the owner's focal point, 3 dated items, 4 comment
    # rounds on their documents, 5 meetings
    with django_assert_num_queries(5) as small:
        client.get(url)
    add_requests(40, members, due=TODAY + dt.timedelta(days=3))
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    # Each item, and the meeting that decided it (one each here).
    assert len(_parse(response).walk("VEVENT")) == 2 * 42


def test_page_query_count(client_as, focal_cr, today, django_assert_num_queries):
    client = client_as("focal_cr")
    CalendarFeed.create_for(focal_cr)
    # 1 session, 2 user, 3 focal point, 4 the user's live feeds, 5 working groups (the form)
    with django_assert_num_queries(5) as small:
        client.get(PAGE)
    for _ in range(10):
        CalendarFeed.create_for(focal_cr)
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(PAGE)


def test_admin_lists_and_revokes_feeds_without_their_secret(client, focal_cr, today):
    from tests.factories import UserFactory

    feed, token = CalendarFeed.create_for(focal_cr, name="Phone")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:dashboards_calendarfeed_changelist")).content.decode()
    assert "Phone" in listing and token not in listing and feed.token_hash not in listing

    client.post(
        reverse("admin:dashboards_calendarfeed_changelist"),
        {"action": "revoke", "_selected_action": [feed.pk]},
    )
    feed.refresh_from_db()
    assert not feed.is_active


def test_operators_revoke_feeds_from_the_command_line(focal_cr, focal_mx, today):
    from django.core.management import CommandError, call_command

    mine, _t = CalendarFeed.create_for(focal_cr)
    theirs, _t = CalendarFeed.create_for(focal_mx)
    out = io.StringIO()

    call_command("revoke_calendar_feeds", "--user", "FOCAL.CR@test.example", stdout=out)
    assert "Revoked 1 calendar feed(s)." in out.getvalue()
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.is_active, theirs.is_active) == (False, True)

    call_command("revoke_calendar_feeds", "--all", stdout=out)
    theirs.refresh_from_db()
    assert not theirs.is_active
    with pytest.raises(CommandError, match="No user has the e-mail address"):
        call_command("revoke_calendar_feeds", "--user", "nobody@example.org")
