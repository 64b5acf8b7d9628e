"""What RCM meetings decide: meetings, their numbered resolutions, the action
items those create, the documents countries comment on, and each country's
obligation to answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from members.models import (
    Country,
    Organisation,
    PartyMixin,
    one_party_constraint,
    party_foreign_keys,
    party_q,
)
from rcm_tracker.collation import reader_order
from rcm_tracker.concurrency import Revisioned
from rcm_tracker.dates import day_bounds, days_overdue, late_days, local_today
from rcm_tracker.i18n import Bilingual, in_one_language_at_least, pick
from rcm_tracker.months import add_months
from rcm_tracker.uploads import CheckedUpload

from .outline import build_outline, flatten_outline, next_segment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


class HandedIn(Protocol):
    """What the rules here read of a party's answer (submissions.Submission)."""

    submitted_at: dt.datetime | None


class WorkingGroupQuerySet(models.QuerySet["WorkingGroup"]):
    def in_reader_order(self) -> WorkingGroupQuerySet:
        """By name in the reader's language and collation."""
        return self.order_by(reader_order("name_en", "name_es"), "pk")


class WorkingGroup(models.Model):
    """A standing working group or network of the RCM."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_es)


class PresidencyQuerySet(models.QuerySet["Presidency"]):
    def for_date(self, day: dt.date) -> Presidency | None:
        """The presidency in office on `day`: the last one to take office on or before it."""
        return (
            self.select_related("country").filter(starts_on__lte=day).order_by("-starts_on").first()
        )

    def during(self: PresidencyQuerySet, first: dt.date, last: dt.date) -> list[Presidency]:
        """The presidencies in office at some time from `first` to `last`, oldest first."""
        started = list(
            self.select_related("country").filter(starts_on__lte=last).order_by("starts_on")
        )
        in_office_at_first = [p for p in started if p.starts_on <= first][-1:]
        return in_office_at_first + [p for p in started if p.starts_on > first]


class Presidency(models.Model):
    """The Presidency Pro Tempore: the country that chairs the RCM for a year."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="presidencies", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    starts_on = models.DateField(
        _("took office on"),
        unique=True,
        help_text=_("The day of the handover; the presidency lasts until the next one."),
    )

    objects = PresidencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("presidency pro tempore")
        verbose_name_plural = _("presidencies pro tempore")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1996, year__lte=2200), name="presidency_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"


def meeting_report_upload_to(instance: Meeting, filename: str) -> str:
    return f"reports/{instance.date:%Y}/{filename}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def published(self) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.PUBLISHED)

    def visible_to(self, user: User) -> MeetingQuerySet:
        """Meetings the user may read: all for staff, else those that concern them."""
        if user.can_read_all:
            return self
        focal_point = user.active_focal_point
        if focal_point is None:
            return self.none()
        obligations = Obligation.objects.for_party(focal_point.party).filter(
            action_item__resolution__meeting=OuterRef("pk")
        )
        return self.published().filter(Exists(obligations))

    def with_counts(self) -> MeetingQuerySet:
        """Annotate `resolution_count` and `item_count` with one subquery each."""
        return self.annotate(
            resolution_count=count_of(Resolution.objects.all(), "meeting"),
            item_count=count_of(ActionItem.objects.all(), "resolution__meeting"),
        )


def count_of(rows: models.QuerySet, path: str) -> Coalesce:
    """A subquery counting the `rows` whose `path` is the outer row (0 when none).

    Unlike Count() over a join, PostgreSQL computes it for the rows a page
    keeps only (after ORDER BY ... LIMIT), and count() of the outer queryset
    leaves it out: lists cost the same whatever the number of rows.
    """
    rows = rows.filter(**{path: OuterRef("pk")}).order_by().values(path)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class Meeting(Revisioned):
    """A meeting of a working group, and the report it adopted."""

    # Not columns: set by copy_as_next().
    initial_participants: list[Country]
    initial_observers: list[Organisation]

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("working group"),
    )
    presidency = models.ForeignKey(
        Presidency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("presidency"),
    )
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For meetings of several days.")
    )
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.VIRTUAL
    )
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_es = models.CharField(_("place (Spanish)"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Country, blank=True, related_name="meetings", verbose_name=_("participating countries")
    )
    observers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="meetings",
        verbose_name=_("observer organisations"),
    )
    report_file = models.FileField(
        _("report"), upload_to=meeting_report_upload_to, blank=True, max_length=255
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The revision only tells stale edits apart (rcm_tracker.concurrency): not history.
    history = HistoricalRecords(m2m_fields=[participants, observers], excluded_fields=["revision"])

    title = Bilingual("title")
    place = Bilingual("place")
    notes = Bilingual("notes")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="meeting_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(modality__in=["in_person", "virtual", "hybrid"]),
                name="meeting_modality_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="meeting_published_has_when",
            ),
        ]
        indexes = [
            # The meeting list filtered by group, newest first, and "next meeting of the group".
            models.Index(fields=["working_group", "date"], name="meeting_group_date_idx"),
            # The few meetings still in draft, whose items focal points may not see
            # (ObligationQuerySet.visibility): read by index, not by scanning a decade.
            models.Index(fields=["id"], condition=Q(status="draft"), name="meeting_draft_idx"),
        ]

    def __str__(self) -> str:
        # Plain text (menus, the admin, e-mail subjects): a title only in the other
        # language says so ("[only in English]"), never passed off as a translation.
        return self.title.plain() or f"{self.working_group} — {self.date:%Y-%m-%d}"

    def publish(self) -> None:
        """Make the meeting visible to the focal points it concerns."""
        if self.status == self.Status.PUBLISHED:
            return
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.date

    def due_window(self) -> tuple[dt.date | None, dt.date, str]:
        """(first day, last day, precision) of an item due at this meeting.

        A one-day meeting gives an exact day; a meeting of several days a
        window from its first to its last day.
        """
        if self.end_date is None or self.end_date == self.date:
            return None, self.date, ActionItem.Precision.DAY
        span = (self.end_date - self.date).days + 1
        for limit, precision in SPAN_PRECISIONS:
            if span <= limit:
                return self.date, self.end_date, precision
        return self.date, self.end_date, ActionItem.Precision.YEAR

    def redate_items_due_next(self, *, previous_group_id: int | None = None) -> list[ActionItem]:
        """Re-date the open "next meeting" items after this one was scheduled or moved.

        Those of its group, and of `previous_group_id` when the meeting moved
        from that group. Call it in the transaction that saved the meeting; see
        `ActionItemQuerySet.follow_next_meetings`.
        """
        moved = ActionItem.objects.follow_next_meetings(self.working_group_id)
        if previous_group_id and previous_group_id != self.working_group_id:
            moved += ActionItem.objects.follow_next_meetings(previous_group_id)
        return moved

    def copy_as_next(self) -> Meeting:
        """An unsaved draft of the group's next meeting with this one's group, place and people.

        Participants and observers are returned on `initial_participants` and
        `initial_observers`, to be set once the copy is saved.
        """
        copy = Meeting(
            working_group=self.working_group,
            title_en=self.title_en,
            title_es=self.title_es,
            modality=self.modality,
            place_en=self.place_en,
            place_es=self.place_es,
            status=self.Status.DRAFT,
        )
        copy.initial_participants = list(self.participants.all())
        copy.initial_observers = list(self.observers.all())
        return copy

    def outline(self, resolutions: Iterable[Resolution] | None = None) -> list[Resolution]:
        """The resolutions as a tree: top-level ones in order, each with `.subitems` in order.

        Every resolution also gets `.level` (0 at the top). Pass already
        fetched resolutions to avoid a query.
        """
        if resolutions is None:
            resolutions = self.resolutions.all()
        return build_outline(resolutions)

    def position_resolution(self, resolution: Resolution, *, move: int = 0) -> bool:
        """Give `resolution` its place in the outline and renumber the positions around it.

        A new resolution, or one that changed parent, goes after its
        siblings; `move=-1` or `move=1` swaps it with the previous or next
        sibling. The other rows whose positions shift are written here
        (bookkeeping, not recorded in history); `resolution.order` is set but
        left for the caller to save, so that its own change is recorded.
        Returns False when there is no sibling to swap with.
        """
        others = [r for r in self.resolutions.all() if r.pk != resolution.pk]
        stored = {r.pk: r.order for r in others}
        if not move:
            moved_parent = resolution.pk is None or resolution.parent_id != (
                Resolution.objects.filter(pk=resolution.pk)
                .values_list("parent_id", flat=True)
                .first()
            )
            if moved_parent:
                resolution.order = max([r.order for r in others], default=0) + 1
        roots = build_outline([*others, resolution])
        if move:
            parent = next((r for r in others if r.pk == resolution.parent_id), None)
            siblings = parent.subitems if parent is not None else roots
            index = siblings.index(resolution)
            target = index + move
            if not 0 <= target < len(siblings):
                return False
            siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, node in enumerate(flatten_outline(roots), start=1):
            node.order = position
        # Only the order moves; an edit form opened before it still saves (it reads the row anew).
        Resolution.objects.bulk_update([r for r in others if r.order != stored[r.pk]], ["order"])
        return True


# A meeting spanning at most this many days gives an item due at it this precision.
SPAN_PRECISIONS = [
    (7, "week"),
    (16, "fortnight"),
    (31, "month"),
    (92, "quarter"),
    (183, "half_year"),
]


class ResolutionQuerySet(models.QuerySet["Resolution"]):
    def next_number(self, meeting: Meeting, parent: Resolution | None = None) -> str:
        """The number to suggest for a new resolution of `meeting` under `parent`."""
        rows = list(
            self.filter(meeting=meeting).order_by("order", "pk").values_list("number", "parent_id")
        )
        taken = {number for number, _ in rows}
        siblings = [number for number, parent_id in rows if parent_id == (parent and parent.pk)]
        prefix = f"{parent.number}." if parent else ""
        level = parent.depth + 1 if parent else 0
        strip = len(prefix)
        first = siblings[0][strip:] if siblings else None
        last = siblings[-1][strip:] if siblings else None
        segment = next_segment(first, last, level)
        for _attempt in range(50):
            if not segment or prefix + segment not in taken:
                break
            segment = next_segment(first or segment, segment, level)
        return prefix + segment if segment else ""


class Resolution(Revisioned):
    """A numbered item of a meeting report (`2`, `2.a`, `II.iii`)."""

    # Not columns: set by Meeting.outline() and by the meeting page for its template.
    subitems: list[Resolution]
    items: list[ActionItem]

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    number = models.CharField(_("number"), max_length=30)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords(excluded_fields=["revision"])

    text = Bilingual("text")

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="resolution_number_unique_in_meeting"
            ),
            models.CheckConstraint(condition=~Q(number=""), name="resolution_number_not_empty"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="resolution_not_own_parent",
            ),
            in_one_language_at_least("text", "resolution_text_in_a_language"),
        ]

    def __str__(self) -> str:
        text = self.text
        shown = f"{self.number}. {text[:80]}"
        return f"{shown} [{text.marker}]" if text.fallback and text else shown

    @property
    def depth(self) -> int:
        """Nesting level: 0 for `2`, 1 for `2.a`."""
        return self.number.count(".")

    @property
    def wording(self) -> str:
        """The words an action item of this resolution comes from, in the reader's
        language: a sub-item's text follows its parent's ("2. ... by 28 October:" then
        "a. Inventory ...")."""
        return self.wording_in(self.text.language)

    def wording_in(self, language: str) -> str:
        """The same words in `language` ("en"/"es"); empty where this resolution has no
        text in that language."""
        own = getattr(self, f"text_{language}")
        parent = self.parent  # no query when there is none
        if not own or parent is None:
            return own
        above = getattr(parent, f"text_{language}")
        return f"{above}\n{own}" if above else own

    def wordings(self) -> dict[str, str]:
        """`source_text_en` and `source_text_es` for an action item of this resolution."""
        return {f"source_text_{language}": self.wording_in(language) for language in ("en", "es")}

    def descendants(self) -> list[Resolution]:
        """Sub-items at every level below this resolution (one query)."""
        rows = list(Resolution.objects.filter(meeting_id=self.meeting_id))
        children: dict[int | None, list[Resolution]] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        found: list[Resolution] = []
        stack = list(children.get(self.pk, []))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(children.get(node.pk, []))
        return found

    def renumber_descendants(self, old_number: str) -> None:
        """After this resolution's number changed, give its sub-items the new prefix."""
        if old_number == self.number:
            return
        for node in self.descendants():
            if node.number.startswith(f"{old_number}."):
                node.number = self.number + node.number[len(old_number) :]
                node.save(update_fields=["number"])

    def deletion_summary(self) -> dict[str, int]:
        """What deleting this resolution would take with it, and what blocks it.

        `submissions` counts countries' answers to its action items; they are
        never deleted, so any of them blocks the deletion.
        """
        ids = [self.pk, *(r.pk for r in self.descendants())]
        return ActionItem.objects.filter(resolution_id__in=ids).deletion_summary() | {
            "resolutions": len(ids) - 1
        }


class StatusRefused(Exception):
    """Some items cannot make the move asked (`items`); none was changed."""

    def __init__(self, items: list[ActionItem]) -> None:
        super().__init__("Some items cannot take that status.")
        self.items = items


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        """Items still to be done (open or in progress)."""
        return self.filter(status__in=ActionItem.OPEN_STATUSES)

    def due_before(self, day: dt.date) -> ActionItemQuerySet:
        """Items whose last on-time day is before `day`."""
        return self.filter(due_latest__lt=day)

    def due_between(self, first: dt.date, last: dt.date) -> ActionItemQuerySet:
        return self.filter(due_latest__gte=first, due_latest__lte=last)

    def overdue(self, today: dt.date | None = None) -> ActionItemQuerySet:
        """Open items past the end of their last day in the configured time zone."""
        return self.open().due_before(today or local_today())

    def for_country(self, country: Country) -> ActionItemQuerySet:
        """Items that ask something of `country` (including archived obligations)."""
        return self.filter(
            Exists(Obligation.objects.filter(action_item=OuterRef("pk"), country=country))
        )

    def for_organisation(self, organisation: Organisation) -> ActionItemQuerySet:
        return self.filter(
            Exists(Obligation.objects.filter(action_item=OuterRef("pk"), organisation=organisation))
        )

    def for_working_group(self, group: WorkingGroup | int) -> ActionItemQuerySet:
        return self.filter(resolution__meeting__working_group=group)

    def addressed_to(self, party: Country | Organisation) -> ActionItemQuerySet:
        """Items that currently ask something of `party` (archived obligations excluded)."""
        obligations = Obligation.objects.active().for_party(party)
        return self.filter(Exists(obligations.filter(action_item=OuterRef("pk"))))

    def for_ppt(self) -> ActionItemQuerySet:
        """Items owned by the Presidency Pro Tempore, whichever country holds it."""
        return self.filter(to_ppt=True)

    def decided_during(self, presidency: Presidency | int) -> ActionItemQuerySet:
        """Items decided at the meetings held under `presidency`."""
        return self.filter(resolution__meeting__presidency=presidency)

    def owed_by(self, country: Country | int) -> ActionItemQuerySet:
        """Items `country` still owes an answer to (pending or returned for revision)."""
        owing = Obligation.objects.outstanding().filter(action_item=OuterRef("pk"), country=country)
        return self.filter(Exists(owing))

    def done_late(self) -> ActionItemQuerySet:
        """Items done after their deadline (the lateness stays once done)."""
        return self.filter(status=ActionItem.Status.DONE, late_days__gt=0)

    def closed_between(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> ActionItemQuerySet:
        """Items closed (done or cancelled) on the local days `first` to `last`, both whole."""
        items = self
        if first is not None:
            items = items.filter(closed_at__gte=day_bounds(first, first)[0])
        if last is not None:
            items = items.filter(closed_at__lt=day_bounds(last, last)[1])
        return items

    def ordered_by_due(self) -> ActionItemQuerySet:
        """Earliest deadline first, undated items last."""
        return self.order_by(F("due_latest").asc(nulls_last=True), "pk")

    def for_list(self) -> ActionItemQuerySet:
        """What lists and exports of items show: meeting, group and presidency, the parties
        addressed (prefetched, for `responsible_labels`) and the progress counts."""
        return (
            self.select_related(
                "resolution__meeting__working_group", "resolution__meeting__presidency__country"
            )
            .prefetch_related(
                # One query for the obligations with their parties, not one per relation.
                models.Prefetch(
                    "obligations",
                    queryset=Obligation.objects.select_related("country", "organisation"),
                )
            )
            .with_progress()
        )

    def with_progress(self) -> ActionItemQuerySet:
        """Annotate `party_count` (parties addressed) and `answered_count` (who answered);
        the rest still owe (`ActionItem.owing_count`)."""
        active = Obligation.objects.active()
        answered = active.filter(status__in=Obligation.ANSWERED_STATUSES)
        return self.annotate(
            party_count=count_of(active, "action_item"),
            answered_count=count_of(answered, "action_item"),
        )

    def agenda_for(self, meeting: Meeting) -> ActionItemQuerySet:
        """The draft agenda of `meeting`: items due at it, and every item its group
        still has open from earlier meetings."""
        earlier_open = ActionItem.objects.filter(
            status__in=ActionItem.OPEN_STATUSES,
            resolution__meeting__working_group_id=meeting.working_group_id,
            resolution__meeting__date__lt=meeting.date,
        )
        due_here = ActionItem.objects.filter(due_meeting=meeting)
        # A union of the two sets, not an OR of their conditions: each side then reads the
        # group's meetings (or this meeting) by index instead of every open item there is.
        agenda = earlier_open.order_by().values("pk").union(due_here.order_by().values("pk"))
        return self.filter(pk__in=agenda).annotate(
            due_here=Case(
                When(due_meeting=meeting, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def awaiting_next_meeting(self) -> ActionItemQuerySet:
        """Open items due "at the next meeting of the group"."""
        return self.open().filter(due_at_next_meeting=True)

    @transaction.atomic
    def change_status(
        self: ActionItemQuerySet, status: str, *, by: User, note: str = ""
    ) -> list[ActionItem | None]:
        """Move every item to `status`, all or none; return each one's next occurrence (or None).

        The rows are locked first, so the check and the change see the same
        statuses; StatusRefused names every item that cannot make the move.
        """
        locked = list(
            self.select_for_update(of=("self",))
            .select_related("resolution__meeting")
            .order_by("pk")
        )
        refused = [item for item in locked if not item.can_change_to(status)]
        if refused:
            raise StatusRefused(refused)
        return [item.change_status(status, by=by, note=note) for item in locked]

    def follow_next_meetings(self, working_group: WorkingGroup | int) -> list[ActionItem]:
        """Date every open "next meeting" item of the group by the group's next meeting.

        Call it, in the transaction that saved a meeting, whenever a meeting
        of the group is created, moved or moved to another group. Returns the
        items whose due date changed.
        """
        meetings = list(
            Meeting.objects.filter(working_group=working_group)
            .order_by("date", "pk")
            .only("pk", "date", "end_date", "working_group_id")
        )
        items = self.awaiting_next_meeting().for_working_group(working_group)
        return [
            item
            for item in items.select_related("resolution__meeting")
            if item.follow_next_meeting(meetings)
        ]

    def deletion_summary(self) -> dict[str, int]:
        """Counts of these items and of what goes with them; `submissions` block deletion.

        Submissions are the parties' answers (the submissions app), reached here
        through the obligations they answer.
        """
        obligations = Obligation.objects.filter(action_item__in=self)
        return {
            "items": self.count(),
            "obligations": obligations.count(),
            "documents": Document.objects.filter(action_item__in=self).count(),
            "submissions": obligations.aggregate(n=Count("submissions"))["n"],
        }

    def visible_to(self, user: User) -> ActionItemQuerySet:
        """Items the user may read; a focal point reads those of its own party."""
        if user.can_read_all:
            return self
        focal_point = user.active_focal_point
        if focal_point is None:
            return self.none()
        if focal_point.country_id:
            items = self.for_country(focal_point.country)
        else:
            items = self.for_organisation(focal_point.organisation)
        return items.filter(resolution__meeting__status=Meeting.Status.PUBLISHED)


class ActionItem(Revisioned):
    """Something a resolution asks someone to do, by when."""

    # Not columns: annotated by ActionItemQuerySet.with_progress().
    party_count: int
    answered_count: int

    class Kind(models.TextChoices):
        COMMENT_REQUEST = "comment_request", _("Comment request")
        INFORMATION_REQUEST = "information_request", _("Information request")
        DELIVERABLE = "deliverable", _("Deliverable")
        EVENT = "event", _("Event")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Precision(models.TextChoices):
        DAY = "day", _("Exact day")
        WEEK = "week", _("Week")
        FORTNIGHT = "fortnight", _("Fortnight")
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        HALF_YEAR = "half_year", _("Half-year")
        YEAR = "year", _("Year")
        NONE = "none", _("Date to be defined")

    class Recurrence(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Yearly")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.OPEN: (Status.IN_PROGRESS, Status.DONE, Status.CANCELLED),
        Status.IN_PROGRESS: (Status.OPEN, Status.DONE, Status.CANCELLED),
        Status.DONE: (Status.OPEN,),
        Status.CANCELLED: (Status.OPEN,),
    }
    RECURRENCE_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}

    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("resolution"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    source_text_en = models.TextField(
        _("wording (English)"),
        blank=True,
        help_text=_("The words of the report this item comes from."),
    )
    source_text_es = models.TextField(
        _("wording (Spanish)"),
        blank=True,
        help_text=_("The words of the report this item comes from."),
    )
    due_earliest = models.DateField(_("due from"), null=True, blank=True)
    due_latest = models.DateField(
        _("due by"),
        null=True,
        blank=True,
        help_text=_("The last day that still counts as on time."),
    )
    due_precision = models.CharField(
        _("due window"), max_length=10, choices=Precision.choices, default=Precision.NONE
    )
    due_text_en = models.CharField(
        _("due (as worded, English)"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “first week of December”."),
    )
    due_text_es = models.CharField(
        _("due (as worded, Spanish)"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “primera semana de diciembre”."),
    )
    due_at_next_meeting = models.BooleanField(
        _("due at the next meeting of the group"),
        default=False,
        help_text=_("The due date follows the group's next meeting once it is scheduled."),
    )
    due_meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items_due",
        verbose_name=_("due at meeting"),
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, blank=True
    )
    to_member_countries = models.BooleanField(
        _("all member countries"),
        default=False,
        help_text=_("Addressed to every RCM member country."),
    )
    to_ppt = models.BooleanField(_("Presidency Pro Tempore"), default=False)
    to_technical_secretariat = models.BooleanField(_("Technical Secretariat"), default=False)
    to_working_group = models.BooleanField(_("the working group"), default=False)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    status_note = models.TextField(_("completion or cancellation note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    late_days = models.PositiveIntegerField(
        _("days late"), null=True, blank=True, help_text=_("Set when done: 0 when on time.")
    )
    previous_occurrence = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_occurrence",
        verbose_name=_("previous occurrence"),
    )
    reminder_offsets = models.JSONField(
        _("reminder days"),
        null=True,
        blank=True,
        help_text=_(
            "Days before the deadline to remind, overriding the default; an empty list "
            "sends no reminders."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["revision"])

    title = Bilingual("title")
    description = Bilingual("description")
    due_text = Bilingual("due_text")
    source_text = Bilingual("source_text")

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_latest", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "comment_request",
                        "information_request",
                        "deliverable",
                        "event",
                        "meeting",
                        "other",
                    ]
                ),
                name="action_item_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "cancelled"]),
                name="action_item_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    due_precision__in=[
                        "day",
                        "week",
                        "fortnight",
                        "month",
                        "quarter",
                        "half_year",
                        "year",
                        "none",
                    ]
                ),
                name="action_item_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=["", "monthly", "quarterly", "semiannual", "annual"]),
                name="action_item_recurrence_valid",
            ),
            # An undated item has no window; a dated one has its last day.
            models.CheckConstraint(
                condition=(
                    Q(due_precision="none", due_latest__isnull=True, due_earliest__isnull=True)
                    | (~Q(due_precision="none") & Q(due_latest__isnull=False))
                ),
                name="action_item_due_matches_precision",
            ),
            models.CheckConstraint(
                condition=Q(due_earliest__isnull=True) | Q(due_earliest__lte=F("due_latest")),
                name="action_item_window_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(due_precision="day") | Q(due_earliest__isnull=True),
                name="action_item_day_has_no_window",
            ),
            # Done or cancelled items say when; open ones have not been closed.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["done", "cancelled"], closed_at__isnull=False)
                    | Q(status__in=["open", "in_progress"], closed_at__isnull=True)
                ),
                name="action_item_closed_iff_terminal",
            ),
            in_one_language_at_least("title", "action_item_title_in_a_language"),
        ]
        indexes = [
            # Overdue and due-soon lists: open items by last day.
            models.Index(fields=["status", "due_latest"], name="action_item_status_due_idx"),
            # Action-item list filtered by kind and ordered by deadline.
            models.Index(fields=["kind", "due_latest"], name="action_item_kind_due_idx"),
            # Open items by deadline, read in order and stopped at the page's end: the
            # overview's overdue and due-soon lists, the matrix's open requests and the
            # item list's "open or in progress" filter; also the overview's counts.
            models.Index(
                fields=["due_latest", "id"],
                condition=Q(status__in=["open", "in_progress"]),
                name="action_item_open_due_idx",
            ),
            # Items completed in a period: "completed this quarter" on the overview.
            models.Index(
                fields=["closed_at"], condition=Q(status="done"), name="action_item_done_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title.plain()  # as a meeting's: marked when only in the other language

    # Reading -----------------------------------------------------------------

    @property
    def meeting(self) -> Meeting:
        return self.resolution.meeting

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_latest is not None and self.due_latest < local_today()

    @property
    def days_overdue(self) -> int:
        return days_overdue(self.due_latest) if self.is_open else 0

    @property
    def owing_count(self) -> int:
        """Parties addressed that still owe an answer (read on `with_progress()` rows)."""
        return self.party_count - self.answered_count

    @property
    def asks_member_countries(self) -> bool:
        """Whether a member country is among the parties addressed (prefetched obligations)."""
        return any(
            o.removed_at is None and o.country_id and o.country.is_member
            for o in self.obligations.all()
        )

    # Rules -------------------------------------------------------------------

    def set_deadline(
        self,
        latest: dt.date,
        *,
        by: User,
        earliest: dt.date | None = None,
        precision: str = "day",
        text_en: str = "",
        text_es: str = "",
    ) -> None:
        """Give the item a new due window and save it, recorded in history as `by`'s change.

        A deadline set so no longer follows the group's next meeting. The
        window keeps the rules the database checks: an exact day has no first
        day, and a window's first day is not after its last.
        """
        if precision == self.Precision.NONE:
            raise ValueError("A deadline has a last day: use precision `none` only for no date.")
        if precision == self.Precision.DAY and earliest is not None:
            raise ValueError("An exact day has no first day.")
        if earliest is not None and earliest > latest:
            raise ValueError("The first day of a window cannot be after its last.")
        self.due_earliest, self.due_latest, self.due_precision = earliest, latest, precision
        self.due_text_en, self.due_text_es = text_en, text_es
        self.due_at_next_meeting = False
        self._history_user = by  # simple-history's documented hook for who made a change
        self.save()

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    def allowed_statuses(self) -> list[tuple[str, StrOrPromise]]:
        """(value, label) of the statuses this item may move to now."""
        return [(s, self.Status(s).label) for s in self.TRANSITIONS.get(self.status, ())]

    @property
    def lifetime(self) -> tuple[dt.date, dt.date]:
        """From the meeting that created the item to its closing (or today)."""
        end = timezone.localdate(self.closed_at) if self.closed_at else local_today()
        start = self.resolution.meeting.date
        return start, max(start, end)

    def ppt_holders(self, presidencies: list[Presidency] | None = None) -> list[Presidency]:
        """The presidencies that held this item, oldest first; the last one holds it now.

        Pass every presidency ordered by `starts_on` (e.g. on list pages) to
        avoid a query per item.
        """
        if not self.to_ppt:
            return []
        first, last = self.lifetime
        if presidencies is None:
            return Presidency.objects.during(first, last)
        started = [p for p in presidencies if p.starts_on <= last]
        return [p for p in started if p.starts_on <= first][-1:] + [
            p for p in started if p.starts_on > first
        ]

    def follow_next_meeting(self, meetings: list[Meeting] | None = None) -> bool:
        """Take the date of the group's first meeting after the one that created the item.

        `meetings` are the group's meetings ordered by date (fetched when
        None). Without a later meeting the item keeps its last dates and
        loses its due meeting. Returns whether anything changed.
        """
        origin = self.resolution.meeting
        if meetings is None:
            meetings = list(
                Meeting.objects.filter(working_group_id=origin.working_group_id).order_by(
                    "date", "pk"
                )
            )
        following = next((m for m in meetings if m.date > origin.date), None)
        if following is None:
            if self.due_meeting_id is None:
                return False
            self.due_meeting = None
            self.save(update_fields=["due_meeting", "updated_at"])
            return True
        earliest, latest, precision = following.due_window()
        wanted = (following.pk, earliest, latest, precision)
        if (self.due_meeting_id, self.due_earliest, self.due_latest, self.due_precision) == wanted:
            return False
        self.due_meeting = following
        self.due_earliest, self.due_latest, self.due_precision = earliest, latest, precision
        self.save(
            update_fields=[
                "due_meeting",
                "due_earliest",
                "due_latest",
                "due_precision",
                "updated_at",
            ]
        )
        return True

    @transaction.atomic
    def change_status(self, status: str, *, by: User, note: str = "") -> ActionItem | None:
        """Move to `status`; return the next occurrence when a recurring item is done.

        Done and cancelled need a note saying what was done or why not.
        """
        if not self.can_change_to(status):
            raise ValueError(f"An item that is {self.status} cannot become {status}.")
        if status in self.CLOSED_STATUSES and not note.strip():
            raise ValueError("A completion or cancellation note is required.")
        self.status = status
        if status in self.CLOSED_STATUSES:
            self.closed_at = timezone.now()
            self.closed_by = by
            self.status_note = note
            self.late_days = (
                late_days(self.closed_at, self.due_latest) if status == "done" else None
            )
        else:
            self.closed_at = None
            self.closed_by = None
            self.late_days = None
            if note:
                self.status_note = note
        self.save()
        if status == self.Status.DONE and self.recurrence:
            return self.spawn_next_occurrence(by=by)
        return None

    def close(self, *, by: User, note: str) -> ActionItem | None:
        """Mark the item done; see change_status."""
        return self.change_status(self.Status.DONE, by=by, note=note)

    def cancel(self, *, by: User, note: str) -> None:
        self.change_status(self.Status.CANCELLED, by=by, note=note)

    def spawn_next_occurrence(self, *, by: User) -> ActionItem | None:
        """Create the next occurrence of a recurring item, addressed to the same parties.

        Undated recurring items (e.g. "quarterly meetings", date to be
        defined) repeat undated. Returns the existing one if already spawned.
        """
        existing = ActionItem.objects.filter(previous_occurrence=self).first()
        if existing is not None:
            return existing
        months = self.RECURRENCE_MONTHS[self.recurrence]
        following = ActionItem.objects.get(pk=self.pk)
        following.pk = None
        following.id = None
        following._state.adding = True
        following.previous_occurrence = self
        following.status = self.Status.OPEN
        following.status_note = ""
        following.closed_at = None
        following.closed_by = None
        following.late_days = None
        following.created_by = by
        if self.due_latest is not None:
            following.due_latest = add_months(self.due_latest, months)
            following.due_earliest = (
                add_months(self.due_earliest, months) if self.due_earliest else None
            )
        following.save()
        current = self.obligations.active()
        following.address_to(
            countries=Country.objects.filter(obligations__in=current.filter(country__isnull=False)),
            organisations=Organisation.objects.filter(
                obligations__in=current.filter(organisation__isnull=False)
            ),
        )
        return following

    @transaction.atomic
    def address_to(
        self,
        *,
        countries: Iterable[Country] = (),
        organisations: Iterable[Organisation] = (),
    ) -> Addressing:
        """Make the obligations of this item match the given parties.

        New parties get a pending obligation; a party added back gets its old
        obligation again. A removed party's obligation is archived when it
        holds any submission (kept, visible in history), else deleted.
        Returns what changed.
        """
        change = Addressing()
        wanted_countries = {c.pk for c in countries}
        wanted_organisations = {o.pk for o in organisations}
        existing = list(Obligation.objects.filter(action_item=self))
        now = timezone.now()
        have_countries = {o.country_id: o for o in existing if o.country_id}
        have_organisations = {o.organisation_id: o for o in existing if o.organisation_id}
        for wanted, have, field in (
            (wanted_countries, have_countries, "country_id"),
            (wanted_organisations, have_organisations, "organisation_id"),
        ):
            for party_id in wanted:
                obligation = have.get(party_id)
                if obligation is None:
                    change.added.append(
                        Obligation.objects.create(action_item=self, **{field: party_id})
                    )
                elif obligation.removed_at is not None:
                    obligation.removed_at = None
                    obligation.save(update_fields=["removed_at"])
                    change.restored.append(obligation)
            for party_id, obligation in have.items():
                if party_id in wanted or obligation.removed_at is not None:
                    continue
                if obligation.submissions.exists():
                    obligation.removed_at = now
                    obligation.save(update_fields=["removed_at"])
                    change.archived.append(obligation)
                else:
                    obligation.delete()
                    change.deleted.append(obligation)
        return change

    def responsible_labels(self, presidencies: list[Presidency] | None = None) -> list[str]:
        """Human names of everyone responsible, for lists and exports.

        Reads `self.obligations.all()`, so prefetch `obligations__country` and
        `obligations__organisation` on lists. With `presidencies` (all of
        them, by `starts_on`) the PPT is named: "PPT (Guatemala)".
        """
        labels: list[str] = []
        if self.to_member_countries:
            labels.append(str(_("All member countries")))
        active = [o for o in self.obligations.all() if o.removed_at is None]
        if not self.to_member_countries:
            labels += [o.country.name for o in active if o.country_id]
        labels += [o.organisation.short_name for o in active if o.organisation_id]
        if self.to_ppt:
            holders = self.ppt_holders(presidencies) if presidencies is not None else []
            if holders:
                labels.append(str(_("PPT (%(country)s)") % {"country": holders[-1].country.name}))
            else:
                labels.append(str(_("PPT")))
        if self.to_technical_secretariat:
            labels.append(str(_("Technical Secretariat")))
        if self.to_working_group:
            labels.append(str(_("Working group")))
        return labels


@dataclasses.dataclass
class Addressing:
    """What `ActionItem.address_to` changed: obligations added, restored, archived, deleted."""

    added: list[Obligation] = dataclasses.field(default_factory=list)
    restored: list[Obligation] = dataclasses.field(default_factory=list)
    archived: list[Obligation] = dataclasses.field(default_factory=list)
    deleted: list[Obligation] = dataclasses.field(default_factory=list)


def window_around(precision: str, day: dt.date, *, day_is_last: bool = False) -> tuple:
    """(first day, last day) of the window of kind `precision` that `day` belongs to.

    Weeks and fortnights start on `day` (or end on it with `day_is_last`);
    months, quarters, half-years and years are calendar ones. An exact day
    has no first day.
    """
    P = ActionItem.Precision
    if precision == P.DAY:
        return None, day
    if precision in (P.WEEK, P.FORTNIGHT):
        length = dt.timedelta(days=6 if precision == P.WEEK else 13)
        return (day - length, day) if day_is_last else (day, day + length)
    months = {P.MONTH: 1, P.QUARTER: 3, P.HALF_YEAR: 6, P.YEAR: 12}[P(precision)]
    first_month = (day.month - 1) // months * months + 1
    first = dt.date(day.year, first_month, 1)
    return first, add_months(first, months) - dt.timedelta(days=1)


class Document(models.Model):
    """A document an action item is about, e.g. the draft "Inventory of best practices"."""

    action_item = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("action item"),
    )
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    title = Bilingual("title")
    description = Bilingual("description")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["action_item", "title_en", "title_es"]
        constraints = [in_one_language_at_least("title", "document_title_in_a_language")]

    def __str__(self) -> str:
        return self.title.plain()  # as a meeting's: marked when only in the other language

    @transaction.atomic
    def add_version(
        self,
        upload: File,
        checked: CheckedUpload,
        *,
        by: User,
        note_en: str = "",
        note_es: str = "",
    ) -> DocumentVersion:
        """Store the next version of this document; the rounds of the earlier ones close.

        The document's row is locked so that two uploads never take the same
        number. `checked` is what the upload check read of `upload` (its
        safe name, type and size).
        """
        Document.objects.select_for_update().filter(pk=self.pk).first()
        latest = self.versions.aggregate(latest=Max("number"))["latest"] or 0
        version = DocumentVersion(
            document=self,
            number=latest + 1,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            note_en=note_en,
            note_es=note_es,
            uploaded_by=by,
        )
        version.file = upload
        version.save()
        version.close_earlier_rounds(by=by)
        return version


def document_upload_to(instance: DocumentVersion, filename: str) -> str:
    return f"documents/{instance.document_id}/v{instance.number}/{filename}"


class DocumentVersionQuerySet(models.QuerySet["DocumentVersion"]):
    def visible_to(self, user: User) -> DocumentVersionQuerySet:
        """Versions of the documents of the action items `user` may read."""
        return self.filter(document__action_item__in=ActionItem.objects.visible_to(user))


class DocumentVersion(models.Model):
    """One uploaded version of a document; versions are never replaced."""

    # Not a column: set by the compilation page (whether the user may open the item).
    item_is_visible: bool

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    note_en = models.TextField(_("what changed (English)"), blank=True)
    note_es = models.TextField(_("what changed (Spanish)"), blank=True)
    comments_due = models.DateField(
        _("comments due"),
        null=True,
        blank=True,
        help_text=_("Set when this version opened a new comment round: its deadline."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    history = HistoricalRecords()

    note = Bilingual("note")

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="document_version_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @transaction.atomic
    def open_comment_round(self, *, due: dt.date, by: User) -> int:
        """Circulate this version for comments by `due`; return how many parties owe again.

        Records the round on the version, moves the item's deadline to `due`
        (an exact day), and returns the item's active obligations to pending.
        The rounds of earlier versions of the document close, with the
        deadline they had. Submissions of the earlier round stay with the
        version they commented on; drafts are left as they are. Reviewing an
        old-round version later no longer changes the obligation (the
        obligation follows only the version it last recorded).
        """
        if due < local_today():
            raise ValueError("A comment round cannot end in the past.")
        item = ActionItem.objects.select_for_update().get(pk=self.document.action_item_id)
        if not item.is_open:
            raise ValueError("The item is closed: reopen it before opening a comment round.")
        self.close_earlier_rounds(by=by)
        self.comments_due = due
        self.save(update_fields=["comments_due"])
        item.set_deadline(due, by=by)
        return Obligation.objects.filter(action_item=item).reopen(by=by)

    @transaction.atomic
    def close_earlier_rounds(self, *, by: User) -> list[CommentRound]:
        """Close the rounds of the document's versions before this one; return those closed.

        Each round keeps its deadline and its compilation as they stand now,
        attached to its own version; comments that came late stay late,
        measured against that deadline.
        """
        earlier = (
            DocumentVersion.objects.select_for_update(of=("self",))
            .filter(document_id=self.document_id, number__lt=self.number)
            .select_related("document__action_item", "comment_round")
            .order_by("number")
        )
        closed = []
        for old in earlier:
            comment_round = CommentRound.of(old)
            if not comment_round.is_closed:
                comment_round.close(by=by, superseded_by=self)
                closed.append(comment_round)
        return closed


class CommentRoundQuerySet(models.QuerySet["CommentRound"]):
    def locked_for(self, version: DocumentVersion) -> CommentRound:
        """The round of `version`, stored (created if need be) and locked for the transaction."""
        self.get_or_create(document_version=version)
        return (
            self.select_for_update()
            .select_related("document_version__document__action_item")
            .get(document_version=version)
        )


class CommentRound(models.Model):
    """The round of comments on one document version, as the secretariat runs it.

    A version has a round from the day it is circulated; this record is
    created when something about the round must be kept: the secretariat
    publishes its compilation to the group, or the next version closes it.
    Closing freezes the round: its deadline is stored (the item's deadline
    moves on with the next round), the compilation holds what was handed in
    up to `closed_at`, and the secretariat's responses can no longer change.
    """

    document_version = models.OneToOneField(
        DocumentVersion,
        on_delete=models.CASCADE,
        related_name="comment_round",
        verbose_name=_("document version"),
    )
    due = models.DateField(
        _("comments due"),
        null=True,
        blank=True,
        help_text=_("The round's last on-time day, kept when the round is closed."),
    )
    published_at = models.DateTimeField(_("compilation published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    superseded_by = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by the upload of"),
    )

    history = HistoricalRecords()

    objects = CommentRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True, published_by__isnull=True)
                | Q(published_at__isnull=False, published_by__isnull=False),
                name="comment_round_published_has_who",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, closed_by__isnull=True)
                | Q(closed_at__isnull=False, closed_by__isnull=False),
                name="comment_round_closed_has_who",
            ),
        ]

    def __str__(self) -> str:
        return str(self.document_version)

    @classmethod
    def of(cls, version) -> CommentRound:
        """The version's round: its stored record, or an unsaved open, unpublished one.

        Reads `version.comment_round` (select_related it on pages to avoid a query).
        """
        try:
            return version.comment_round
        except cls.DoesNotExist:
            return cls(document_version=version)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def due_date(self) -> dt.date | None:
        """The round's last on-time day.

        Kept on the record once closed; while open, the day set when the
        version opened a round, else the action item's deadline.
        """
        if self.is_closed:
            return self.due
        version = self.document_version
        return version.comments_due or version.document.action_item.due_latest

    def late_days(self, submission: HandedIn) -> int:
        """By how many days `submission` came after this round's deadline (0: on time)."""
        return late_days(submission.submitted_at, self.due_date) if submission.submitted_at else 0

    def publish(self, *, by: User) -> None:
        """Show the whole compilation, responses included, to every country of the group."""
        if self.is_published:
            return
        self.published_at = timezone.now()
        self.published_by = by
        self.save()

    def close(self, *, by: User, superseded_by=None) -> None:
        """Freeze the round: keep its deadline; later versions no longer enter its compilation."""
        if self.is_closed:
            return
        self.due = self.due_date
        self.closed_at = timezone.now()
        self.closed_by = by
        self.superseded_by = superseded_by
        self.save()


class ObligationQuerySet(models.QuerySet["Obligation"]):
    def active(self) -> ObligationQuerySet:
        """Obligations of parties still addressed (not removed from the item)."""
        return self.filter(removed_at__isnull=True)

    def outstanding(self) -> ObligationQuerySet:
        """Active obligations the party still owes: pending or returned for revision."""
        return self.active().filter(status__in=Obligation.OWING_STATUSES)

    def owed(self) -> ObligationQuerySet:
        """Outstanding on items still open: once the secretariat closes an item (done or
        cancelled), nothing more is asked of anyone for it."""
        return self.outstanding().filter(action_item__status__in=ActionItem.OPEN_STATUSES)

    def handed_in(self) -> ObligationQuerySet:
        """Active obligations answered and not returned: submitted or acknowledged."""
        return self.active().exclude(status__in=Obligation.OWING_STATUSES)

    def owed_and_handed_in_counts(self) -> dict[str, int]:
        """How many of these are `owed()` and `handed_in()`, in one query.

        For one party, it reads obligation_country_count_idx alone (hence a count of
        one of its columns, never empty, rather than of the id). Whether an owed
        obligation's item is still open is looked up for those obligations only, so
        the count grows with what the party owes, not with every open item.
        """
        item_is_open = ActionItem.objects.open().filter(pk=OuterRef("action_item"))
        owing = Q(status__in=Obligation.OWING_STATUSES)
        return self.active().aggregate(
            owed=Count("action_item", filter=owing & Q(Exists(item_is_open))),
            handed_in=Count("action_item", filter=~owing),
        )

    def overdue(self, today: dt.date | None = None) -> ObligationQuerySet:
        return self.outstanding().filter(
            action_item__due_latest__lt=today or local_today(),
            action_item__status__in=ActionItem.OPEN_STATUSES,
        )

    def for_party(self, party: Country | Organisation) -> ObligationQuerySet:
        return self.filter(party_q(party))

    def reopen(self, *, by: User) -> int:
        """Make the active obligations answered so far owe again; return how many.

        For a new comment round: their submission times and lateness go, so the
        next answer is measured against the new deadline. Recorded in history
        as `by`'s change.
        """
        reopened = list(self.active().exclude(status=Obligation.Status.PENDING))
        for obligation in reopened:
            obligation.status = Obligation.Status.PENDING
            obligation.first_submitted_at = None
            obligation.last_submitted_at = None
            obligation.late_days = None
        if reopened:
            bulk_update_with_history(
                reopened,
                Obligation,
                ["status", "first_submitted_at", "last_submitted_at", "late_days"],
                default_user=by,
            )
        return len(reopened)

    def visible_to(self, user: User) -> ObligationQuerySet:
        """The obligations `user` may read (see `visibility`)."""
        return self.filter(self.visibility(user))

    @staticmethod
    def visibility(user: User, through: str = "") -> Q:
        """What `user` may read of the obligations reached through `through` (e.g.
        "obligation__"): all for staff; a focal point, its own party's, of published
        meetings; nobody else, nothing. As a condition, so that a query that joins the
        obligation can filter on it.
        """
        if user.can_read_all:
            return Q()
        focal_point = user.active_focal_point
        if focal_point is None:
            return Q(**{f"{through}pk__in": []})
        # "Not an item of a draft meeting" rather than "of a published meeting": the few
        # items of drafts are read once, instead of joining each obligation's item,
        # resolution and meeting (the focal point's home counts a decade of them). On a
        # page about one obligation the difference is nil, so there is one form only.
        drafted = ActionItem.objects.filter(resolution__meeting__status=Meeting.Status.DRAFT)
        return party_q(focal_point.party, through) & ~Q(
            **{f"{through}action_item__in": drafted.values("pk")}
        )

    def with_state(self, today: dt.date | None = None) -> ObligationQuerySet:
        """Annotate `computed_state`: the status, or `overdue` when owed past the deadline."""
        return self.annotate(
            computed_state=Case(
                When(
                    Q(status__in=Obligation.OWING_STATUSES)
                    & Q(action_item__due_latest__lt=today or local_today())
                    & Q(action_item__status__in=ActionItem.OPEN_STATUSES),
                    then=Value(Obligation.State.OVERDUE),
                ),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Obligation(PartyMixin, models.Model):
    """What one country (or organisation) owes for one action item.

    The stored status changes only through submissions and reviews. Whether
    it is overdue depends on today's date, so that is computed (see
    `state` and `ObligationQuerySet.with_state`) rather than stored, and can
    never be stale.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RETURNED = "returned", _("Returned for revision")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RETURNED = "returned", _("Returned for revision")
        OVERDUE = "overdue", _("Overdue")

    OWING_STATUSES = (Status.PENDING, Status.RETURNED)
    ANSWERED_STATUSES = (Status.SUBMITTED, Status.ACKNOWLEDGED)

    action_item = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("action item"),
    )
    country, organisation = party_foreign_keys("obligations")
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PENDING
    )
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    late_days = models.PositiveIntegerField(
        _("days late"),
        null=True,
        blank=True,
        help_text=_("Of the first submission: 0 when on time."),
    )
    removed_at = models.DateTimeField(
        _("removed"),
        null=True,
        blank=True,
        help_text=_("Set when the party is no longer addressed; its submissions are kept."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["action_item", "pk"]
        constraints = [
            one_party_constraint("obligation_one_party"),
            models.UniqueConstraint(
                fields=["action_item", "country"],
                condition=Q(country__isnull=False),
                name="obligation_unique_country",
            ),
            models.UniqueConstraint(
                fields=["action_item", "organisation"],
                condition=Q(organisation__isnull=False),
                name="obligation_unique_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "submitted", "acknowledged", "returned"]),
                name="obligation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(first_submitted_at__isnull=False),
                name="obligation_answered_has_submission_time",
            ),
        ]
        indexes = [
            # "What my country still owes": a party's obligations by status.
            models.Index(fields=["country", "status"], name="obligation_country_status_idx"),
            # Organisation focal points' home and reminders to organisations.
            models.Index(fields=["organisation", "status"], name="obligation_org_status_idx"),
            # Reminder sweep and dashboards: outstanding obligations across items.
            models.Index(
                fields=["status", "action_item"],
                condition=Q(removed_at__isnull=True),
                name="obligation_active_status_idx",
            ),
            # A country's answers, last handed in first, read in order and stopped at the
            # page's end: "Handed in" on the focal point's home.
            models.Index(
                fields=["country", "-last_submitted_at", "-id"],
                condition=Q(removed_at__isnull=True),
                name="obligation_handed_in_idx",
            ),
            # How much a country owes and has handed in (the focal point's home counts
            # both in one pass): the item is in the index, so the count reads the index
            # alone, not a heap page per obligation.
            models.Index(
                fields=["country", "status", "action_item"],
                condition=Q(removed_at__isnull=True),
                name="obligation_country_count_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_item} — {self.party}"

    @property
    def state(self) -> str:
        """The stored status, or `overdue` when still owed after the deadline."""
        annotated = self.__dict__.get("computed_state")
        if annotated:
            return annotated
        item = self.action_item
        if self.status in self.OWING_STATUSES and item.is_overdue:
            return self.State.OVERDUE
        return self.status

    def get_state_display(self) -> StrOrPromise:
        return self.State(self.state).label

    def record_submission(self, submission) -> None:
        """Follow a submission: the party has answered (late or not)."""
        self.status = self.Status.SUBMITTED
        self.last_submitted_at = submission.submitted_at
        if self.first_submitted_at is None:
            self.first_submitted_at = submission.submitted_at
            self.late_days = submission.late_days
        self.save(update_fields=["status", "first_submitted_at", "last_submitted_at", "late_days"])

    def record_review(self, submission) -> None:
        """Follow the secretariat's review of a submission."""
        self.status = (
            self.Status.ACKNOWLEDGED
            if submission.status == submission.Status.ACKNOWLEDGED
            else self.Status.RETURNED
        )
        self.save(update_fields=["status"])
