"""iCalendar (RFC 5545) feeds of deadlines, events and meetings.

Outlook and Google Calendar subscribe to a feed's secret address and poll
it. Every date here is a whole day in settings.TIME_ZONE, so every event is
an all-day event (DTSTART;VALUE=DATE) whose DTEND is the day after its last
day (exclusive, as RFC 5545 says): "by 28 October" is the single day
28 October, "first week of December" spans 1 to 7 December.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration
from icalendar.enums import TRANSP

from actions.models import ActionItem, DocumentVersion, Meeting, Obligation
from actions.templatetags.deadlines import item_badge

from .models import CalendarFeed

ONE_DAY = dt.timedelta(days=1)
# How often calendar programs should fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=6)
# Items whose deadline is also the day something happens, not a day to hand something in.
HAPPENINGS = (ActionItem.Kind.EVENT, ActionItem.Kind.MEETING)


def feed_items(feed: CalendarFeed) -> QuerySet:
    """Dated, not cancelled items the feed's owner may see, narrowed to its scope."""
    items = (
        ActionItem.objects.visible_to(feed.user)
        .filter(due_latest__isnull=False)
        .exclude(status=ActionItem.Status.CANCELLED)
    )
    if feed.country_id:
        items = items.filter(
            Exists(
                Obligation.objects.active().filter(
                    action_item=OuterRef("pk"), country_id=feed.country_id
                )
            )
        )
    if feed.working_group_id:
        items = items.filter(resolution__meeting__working_group_id=feed.working_group_id)
    return items


def feed_meetings(feed: CalendarFeed) -> QuerySet:
    meetings = Meeting.objects.visible_to(feed.user)
    if feed.country_id:
        meetings = meetings.filter(participants=feed.country_id)
    if feed.working_group_id:
        meetings = meetings.filter(working_group_id=feed.working_group_id)
    return meetings.select_related("working_group")


def build_calendar(feed: CalendarFeed) -> bytes:
    """The feed as iCalendar text, in its owner's language: three queries."""
    host = urlsplit(settings.SITE_URL).hostname or "rcm-tracker"
    with translation.override(feed.user.language):
        items = feed_items(feed)
        versions = (
            DocumentVersion.objects.filter(
                document__action_item__in=items, comments_due__isnull=False
            )
            .select_related("document")
            .order_by("pk")
        )
        items = items.select_related("resolution__meeting__working_group").order_by("pk")
        events = [_item_event(item, host) for item in items]
        events += [_comment_round_event(version, host) for version in versions]
        events += [_meeting_event(meeting, host) for meeting in feed_meetings(feed).order_by("pk")]
        name = _("RCM Tracker — %(scope)s") % {"scope": feed.scope_label}
        calendar = Calendar.new(
            prodid="-//RCM Tracker//Calendar feed//EN",
            name=name,
            description=_(
                "Deadlines, events and meetings of the Regional Conference on Migration."
            ),
            method="PUBLISH",
            calscale="GREGORIAN",
            refresh_interval=REFRESH_INTERVAL,
            uid=f"feed-{feed.pk}@{host}",
            subcomponents=events,
        )
        # The older, Outlook spelling of REFRESH-INTERVAL.
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return calendar.to_ical()


def _all_day(*, uid: str, summary: str, first: dt.date, last: dt.date, stamp: dt.datetime) -> Event:
    return Event.new(
        uid=uid,
        summary=summary,
        start=first,
        end=last + ONE_DAY,
        stamp=stamp,
        last_modified=stamp,
        transparency=TRANSP.TRANSPARENT,
    )


def _item_event(item: ActionItem, host: str) -> Event:
    assert item.due_latest is not None  # the feed reads dated items only
    meeting = item.resolution.meeting
    # An event happens on its day; anything else is due by it.
    title = item.title.plain()
    summary = title if item.kind in HAPPENINGS else _("Due: %(title)s") % {"title": title}
    if item.status == ActionItem.Status.DONE:
        summary = "✓ " + summary
    event = _all_day(
        uid=f"item-{item.pk}@{host}",
        summary=summary,
        first=item.due_earliest or item.due_latest,
        last=item.due_latest,
        stamp=item.updated_at,
    )
    lines = [
        f"{meeting.working_group.name}, {date_format(meeting.date, 'DATE_FORMAT')} — "
        + _("resolution %(number)s") % {"number": item.resolution.number},
        item.get_kind_display(),
        strip_tags(item_badge(item)),
    ]
    if item.due_text:
        lines.append(_("Due (as worded): %(text)s") % {"text": item.due_text.plain()})
    lines.append(settings.SITE_URL + "/")
    event.add("description", "\n".join(lines))
    event.add("categories", [item.get_kind_display(), meeting.working_group.name])
    return event


def _comment_round_event(version: DocumentVersion, host: str) -> Event:
    assert version.comments_due is not None  # the feed reads rounds with a deadline only
    return _all_day(
        uid=f"document-version-{version.pk}@{host}",
        summary=_("Comments due: %(document)s (version %(number)s)")
        % {"document": version.document.title.plain(), "number": version.number},
        first=version.comments_due,
        last=version.comments_due,
        stamp=version.uploaded_at,
    )


def _meeting_event(meeting: Meeting, host: str) -> Event:
    event = _all_day(
        uid=f"meeting-{meeting.pk}@{host}",
        summary=meeting.title.plain() or str(meeting),
        first=meeting.date,
        last=meeting.end_date or meeting.date,
        stamp=meeting.updated_at,
    )
    if meeting.place:
        event.add("location", meeting.place.plain())
    event.add("description", f"{meeting.working_group.name} — {meeting.get_modality_display()}")
    return event
