"""What the dashboards count, computed in SQL with a fixed number of queries.

Every function here takes querysets already narrowed to what the user may see
(`ActionItem.objects.visible_to(user)` plus the filters) and aggregates with
Count/Case/When and values()+annotate(), so that a page costs the same number
of queries for ten items as for ten thousand.

Lateness is a fact that survives completion: an item done late and a
submission handed in late stay late in every count here (`late_days` > 0).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from actions.models import ActionItem, ActionItemQuerySet, Meeting, Obligation, WorkingGroup
from members.models import Country
from rcm_tracker.dates import day_bounds

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

    class _MeetingCounts(TypedDict):
        resolution_count: int
        item_count: int

    CountedMeeting = WithAnnotations[Meeting, _MeetingCounts]
from rcm_tracker.i18n import pick

from .periods import as_local_date, month_starts, quarter_bounds, quarter_starts

DUE_SOON_DAYS = 14
OPEN = Q(status__in=ActionItem.OPEN_STATUSES)
DONE = Q(status=ActionItem.Status.DONE)
ON_TIME_DAYS = Q(late_days=0) | Q(late_days__isnull=True)
GROUP = "resolution__meeting__working_group"


# Filters ---------------------------------------------------------------------


def shared_filter(items: ActionItemQuerySet, filters: dict[str, Any]) -> ActionItemQuerySet:
    """Narrow `items` by the filters the overview, matrix and charts share.

    `presidency`, `working_group` (instances) and `kind`: the same rules as the
    action-item list's filter (actions.filters.ActionItemFilter), whose
    parameters the dashboards' links carry.
    """
    if filters.get("presidency"):
        items = items.decided_during(filters["presidency"])
    if filters.get("working_group"):
        items = items.for_working_group(filters["working_group"])
    if filters.get("kind"):
        items = items.filter(kind=filters["kind"])
    return items


# Overview --------------------------------------------------------------------


Period = tuple[dt.date, dt.date]


def count_expressions(today: dt.date, done_in: Period | None = None) -> dict[str, Count]:
    """Open, due soon, overdue, and done in `done_in` (of which late), as aggregates.

    `done_in` is this quarter unless given.
    """
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    start, end = day_bounds(*(done_in or quarter_bounds(today)))
    done_in_period = DONE & Q(closed_at__gte=start, closed_at__lt=end)
    return {
        "open": Count("pk", filter=OPEN),
        "due_soon": Count("pk", filter=OPEN & Q(due_latest__gte=today, due_latest__lte=soon)),
        "overdue": Count("pk", filter=OPEN & Q(due_latest__lt=today)),
        "done": Count("pk", filter=done_in_period),
        "done_late": Count("pk", filter=done_in_period & Q(late_days__gt=0)),
    }


def overview_by_group(items: QuerySet, today: dt.date) -> list[dict[str, Any]]:
    """The overview's numbers per working group, by group name, for every group with an item.

    Two queries whose cost follows the open items, not the decade behind
    them: the counts read only open items and items done this quarter (what
    the numbers count), and the groups are found with an EXISTS per group,
    so that a group whose items are all closed still shows its zeros.
    """
    start, end = day_bounds(*quarter_bounds(today))
    counted = items.filter(OPEN | (DONE & Q(closed_at__gte=start, closed_at__lt=end)))
    expressions = count_expressions(today)
    counts = {
        row.pop("group_id"): row
        for row in counted.order_by().values(group_id=F(GROUP)).annotate(**expressions)
    }
    groups = WorkingGroup.objects.filter(
        Exists(items.filter(resolution__meeting__working_group=OuterRef("pk")))
    ).in_reader_order()
    zeros = dict.fromkeys(expressions, 0)
    return [
        {
            "group_id": group.pk,
            "group_en": group.name_en,
            "group_es": group.name_es,
            "group": group.name,
            **counts.get(group.pk, zeros),
        }
        for group in groups
    ]


def total_counts(by_group: list[dict[str, Any]]) -> dict[str, int]:
    """The headline numbers as the sum of the groups' (every item has one group)."""
    names = ["open", "due_soon", "overdue", "done", "done_late"]
    return {name: sum(row[name] for row in by_group) for name in names}


def counts_by_group(
    items: QuerySet, today: dt.date, done_in: Period | None = None
) -> list[dict[str, Any]]:
    """The headline numbers per working group, by group name: one query."""
    rows = (
        items.order_by()
        .values(
            group_id=F(GROUP),
            group_en=F(f"{GROUP}__name_en"),
            group_es=F(f"{GROUP}__name_es"),
        )
        .annotate(total=Count("pk"), **count_expressions(today, done_in))
        .order_by("group_en")
    )
    return [{**row, "group": pick(row["group_en"], row["group_es"])} for row in rows]


# Obligation outcomes (the compliance matrix and the report) ------------------


class Outcome(models.TextChoices):
    """Where one country stands on one request, as the matrix shows it."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    PENDING = "pending", _("Pending")
    OVERDUE = "overdue", _("Overdue")
    NOT_APPLICABLE = "na", _("Not applicable")


ANSWERED = (Obligation.Status.SUBMITTED, Obligation.Status.ACKNOWLEDGED)
# What the report counts per country (not applicable is not a state of an answer).
REPORTED_OUTCOMES = [Outcome.ON_TIME, Outcome.LATE, Outcome.PENDING, Outcome.OVERDUE]
# A sign per outcome, beside the colour and the text: neither colour nor sign alone.
OUTCOME_SIGNS: dict[str, str] = {
    Outcome.ON_TIME: "✓",
    Outcome.LATE: "◷",
    Outcome.PENDING: "○",
    Outcome.OVERDUE: "✕",
    Outcome.NOT_APPLICABLE: "—",
}


# Headers over counts of answers in each outcome: plural where the cell label is
# singular ("Vencidas: 8", not "Vencida: 8").
OUTCOME_COUNT_HEADERS: dict[str, StrOrPromise] = {
    Outcome.ON_TIME: pgettext_lazy("count header", "Submitted on time"),
    Outcome.LATE: pgettext_lazy("count header", "Submitted late"),
    Outcome.PENDING: pgettext_lazy("count header", "Pending"),
    Outcome.OVERDUE: pgettext_lazy("count header", "Overdue"),
    Outcome.NOT_APPLICABLE: pgettext_lazy("count header", "Not applicable"),
}


def outcome_count_headers(
    outcomes: Iterable[str] = Outcome.values,
) -> list[tuple[str, str, StrOrPromise]]:
    """(value, sign, header) of each outcome, for columns and totals that count answers."""
    return [(value, OUTCOME_SIGNS[value], OUTCOME_COUNT_HEADERS[value]) for value in outcomes]


def outcome_legend() -> list[tuple[str, str, StrOrPromise]]:
    """(value, sign, label) of every outcome, for legends and headers."""
    return [(value, OUTCOME_SIGNS[value], label) for value, label in Outcome.choices]


def outcome_expression(today: dt.date, obligation: str = "", item: str = "action_item__") -> Case:
    """The Outcome of an obligation, in SQL.

    An answer handed in late stays late after it is acknowledged; an answer
    returned for revision is owed again (pending, or overdue past the
    deadline of an open item); a removed party, or an owed answer to a
    cancelled item, is not applicable. `obligation` and `item` are the paths
    to both from the query's model (from action items: "obligations__", "").
    """
    o, i = obligation, item
    answered = Q(**{f"{o}status__in": ANSWERED})
    return Case(
        When(Q(**{f"{o}removed_at__isnull": False}), then=Value(Outcome.NOT_APPLICABLE)),
        When(answered & Q(**{f"{o}late_days__gt": 0}), then=Value(Outcome.LATE)),
        When(answered, then=Value(Outcome.ON_TIME)),
        When(
            Q(**{f"{i}status": ActionItem.Status.CANCELLED}),
            then=Value(Outcome.NOT_APPLICABLE),
        ),
        When(
            Q(**{f"{i}status__in": ActionItem.OPEN_STATUSES, f"{i}due_latest__lt": today}),
            then=Value(Outcome.OVERDUE),
        ),
        default=Value(Outcome.PENDING),
        output_field=CharField(),
    )


def outcome_counts(obligations: QuerySet, today: dt.date, key: str) -> dict[Any, dict[str, int]]:
    """{key value: {outcome: count}} of the obligations, grouped in SQL: one query."""
    rows = (
        obligations.order_by()
        .annotate(outcome=outcome_expression(today))
        .values(key, "outcome")
        .annotate(n=Count("pk"))
    )
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Outcome.values, 0))
    for row in rows:
        counts[row[key]][row["outcome"]] += row["n"]
    return counts


def outcome_counts_by_country(
    items: QuerySet, country_ids, today: dt.date
) -> dict[Any, dict[str, int]]:
    """{country id: {outcome: count}} of the obligations of `items` to those countries.

    One query from the items, joined once to their obligations: filtering
    obligations by `action_item__in=items` would read the items twice (the
    subquery, then the join the outcome needs), over every open request.
    """
    rows = (
        items.filter(obligations__country__in=country_ids)
        .order_by()
        .annotate(outcome=outcome_expression(today, obligation="obligations__", item=""))
        .values("obligations__country", "outcome")
        .annotate(n=Count("obligations"))
    )
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Outcome.values, 0))
    for row in rows:
        counts[row["obligations__country"]][row["outcome"]] += row["n"]
    return counts


@dataclass
class Rate:
    """On time out of the answers whose outcome is known."""

    on_time: int = 0
    decided: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.decided) if self.decided else None

    def __str__(self) -> str:
        if not self.decided:
            return "—"
        return _("%(percent)s%% (%(on_time)s of %(decided)s)") % {
            "percent": self.percent,
            "on_time": self.on_time,
            "decided": self.decided,
        }


def rate_counts() -> dict[str, Count]:
    """On-time answers out of decided ones: answered, or past a deadline without an answer.

    The first answer counts (Obligation.late_days); a request whose deadline
    has not passed and that is still unanswered is not decided yet.
    """
    answered = Q(first_submitted_at__isnull=False)
    return {
        "decided": Count("pk", filter=answered | Q(past_due=True)),
        "on_time": Count("pk", filter=answered & ON_TIME_DAYS),
    }


def rated_obligations(items: QuerySet, first: dt.date, last: dt.date, today: dt.date):
    """Member countries' active obligations of items due first..last, not cancelled."""
    return (
        Obligation.objects.active()
        .filter(
            action_item__in=items,
            country__is_member=True,
            action_item__due_latest__gte=first,
            action_item__due_latest__lte=last,
        )
        .exclude(action_item__status=ActionItem.Status.CANCELLED)
        .annotate(
            past_due=Case(
                When(action_item__due_latest__lt=today, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )
        .order_by()
    )


def on_time_rates(
    items: QuerySet, first: dt.date, last: dt.date, today: dt.date
) -> dict[int, Rate]:
    """{country id: Rate} for requests due first..last: one query."""
    rows = (
        rated_obligations(items, first, last, today).values("country_id").annotate(**rate_counts())
    )
    return {row["country_id"]: Rate(row["on_time"], row["decided"]) for row in rows}


# The compliance matrix -------------------------------------------------------


@dataclass
class Cell:
    outcome: str
    obligation_id: int | None = None
    days: int = 0
    returned: bool = False
    acknowledged: bool = False

    @property
    def sign(self) -> str:
        return OUTCOME_SIGNS[self.outcome]

    @property
    def label(self) -> str:
        """The cell's text: state is never told by colour alone."""
        if self.outcome == Outcome.LATE:
            return ngettext(
                "Submitted %(days)d day late", "Submitted %(days)d days late", self.days
            ) % {"days": self.days}
        if self.outcome == Outcome.OVERDUE:
            return ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", self.days) % {
                "days": self.days
            }
        return str(Outcome(self.outcome).label)

    @property
    def note(self) -> str:
        if self.returned:
            return str(_("Returned for revision"))
        if self.acknowledged:
            return str(_("Acknowledged"))
        return ""


@dataclass
class MatrixRow:
    country: Country
    cells: list[Cell]
    totals: dict[str, int]
    rate: Rate

    @property
    def counts(self) -> list[int]:
        """The totals in the order of Outcome."""
        return [self.totals[value] for value in Outcome.values]


@dataclass
class Matrix:
    columns: list[ActionItem]
    rows: list[MatrixRow]
    column_totals: list[dict[str, int]] | None
    totals: dict[str, int]
    column_count: int
    rate_first: dt.date
    rate_last: dt.date
    outcomes: list[tuple[str, str, StrOrPromise]] = field(default_factory=outcome_legend)
    count_headers: list[tuple[str, str, StrOrPromise]] = field(
        default_factory=outcome_count_headers
    )

    @property
    def counts(self) -> list[int]:
        """The grand totals in the order of Outcome."""
        return [self.totals[value] for value in Outcome.values]

    @property
    def column_counts(self) -> list[list[tuple[StrOrPromise, int]]]:
        """Per column, (label, count) of the outcomes that occur in it."""
        return [
            [
                (OUTCOME_COUNT_HEADERS[value], totals[value])
                for value in Outcome.values
                if totals[value]
            ]
            for totals in self.column_totals or []
        ]


def build_matrix(
    *,
    columns: list[ActionItem],
    all_columns: QuerySet,
    column_count: int,
    countries: list[Country],
    rate_items: QuerySet,
    rate_first: dt.date,
    rate_last: dt.date,
    today: dt.date,
    with_column_totals: bool,
    country_ids: Iterable[int] | None = None,
) -> Matrix:
    """Rows of countries, columns of requests, and their totals: four queries at most.

    `columns` are the requests shown (a page of `all_columns`, which holds
    `column_count` requests); row totals count every request of `all_columns`,
    so they do not change from page to page. Column totals are left out for
    focal points, who see one row. `country_ids` may give the rows' countries
    as a query (e.g. every member country): PostgreSQL then joins, where a
    list of hundreds of ids would be compared with every obligation.
    """
    if country_ids is None:
        country_ids = [c.pk for c in countries]
    column_ids = [c.pk for c in columns]
    cells: dict[tuple[int, int], Cell] = {}
    if column_ids:
        obligations = (
            Obligation.objects.filter(action_item__in=column_ids, country__in=country_ids)
            .annotate(outcome=outcome_expression(today))
            .values(
                "pk",
                "action_item_id",
                "country_id",
                "status",
                "late_days",
                "outcome",
                "action_item__due_latest",
            )
            .order_by()
        )
        for row in obligations:
            days = row["late_days"] or 0
            due = row["action_item__due_latest"]
            if row["outcome"] == Outcome.OVERDUE and due is not None:  # overdue: it has one
                days = (today - due).days
            cells[(row["country_id"], row["action_item_id"])] = Cell(
                outcome=row["outcome"],
                obligation_id=row["pk"],
                days=days,
                returned=row["status"] == Obligation.Status.RETURNED,
                acknowledged=row["status"] == Obligation.Status.ACKNOWLEDGED,
            )
    by_country = outcome_counts_by_country(all_columns, country_ids, today)
    rates = on_time_rates(rate_items, rate_first, rate_last, today)
    rows = []
    for country in countries:
        totals = dict(by_country.get(country.pk) or dict.fromkeys(Outcome.values, 0))
        applicable = sum(n for k, n in totals.items() if k != Outcome.NOT_APPLICABLE)
        totals[Outcome.NOT_APPLICABLE] = column_count - applicable
        rows.append(
            MatrixRow(
                country=country,
                cells=[
                    cells.get((country.pk, item.pk), Cell(Outcome.NOT_APPLICABLE))
                    for item in columns
                ],
                totals=totals,
                rate=rates.get(country.pk, Rate()),
            )
        )
    column_totals = None
    if with_column_totals:
        by_item = outcome_counts(
            Obligation.objects.filter(action_item__in=column_ids, country__in=country_ids),
            today,
            "action_item_id",
        )
        column_totals = []
        for item in columns:
            totals = dict(by_item.get(item.pk) or dict.fromkeys(Outcome.values, 0))
            applicable = sum(n for k, n in totals.items() if k != Outcome.NOT_APPLICABLE)
            totals[Outcome.NOT_APPLICABLE] = len(countries) - applicable
            column_totals.append(totals)
    grand = {o: sum(row.totals[o] for row in rows) for o in Outcome.values}
    return Matrix(
        columns=columns,
        rows=rows,
        column_totals=column_totals,
        totals=grand,
        column_count=column_count,
        rate_first=rate_first,
        rate_last=rate_last,
    )


# Charts ----------------------------------------------------------------------


@dataclass
class MonthRow:
    month: dt.date
    opened: int = 0
    done: int = 0
    done_late: int = 0


def opened_and_done_by_month(items: QuerySet, first: dt.date, last: dt.date) -> list[MonthRow]:
    """Items opened (at their meeting) and done per month of first..last: two queries.

    An item opens on the day of the meeting that decided it, whenever it was
    typed in; it closes when marked done, in the configured time zone.
    """
    months = {m: MonthRow(m) for m in month_starts(first, last)}
    opened = (
        items.order_by()
        .filter(resolution__meeting__date__gte=first, resolution__meeting__date__lte=last)
        .annotate(month=TruncMonth("resolution__meeting__date"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    for row in opened:
        months[as_local_date(row["month"])].opened = row["n"]
    start, end = day_bounds(first, last)
    done = (
        items.order_by()
        .filter(DONE, closed_at__gte=start, closed_at__lt=end)
        .annotate(month=TruncMonth("closed_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(late_days__gt=0)))
    )
    for row in done:
        month = months[as_local_date(row["month"])]
        month.done, month.done_late = row["n"], row["late"]
    return list(months.values())


@dataclass
class QuarterRow:
    quarter: dt.date
    answers: Rate
    items: Rate

    @property
    def label(self) -> str:
        return pgettext("short name of a calendar quarter", "%(year)s Q%(quarter)s") % {
            "year": self.quarter.year,
            "quarter": (self.quarter.month - 1) // 3 + 1,
        }


def on_time_by_quarter(
    items: QuerySet, first: dt.date, last: dt.date, today: dt.date
) -> list[QuarterRow]:
    """Per quarter of the deadline: answers and items on time out of decided: two queries.

    An item is decided when done, or open past its deadline; an item done
    late counts as late for good.
    """
    quarters = {q: QuarterRow(q, Rate(), Rate()) for q in quarter_starts(first, last)}
    answers = (
        rated_obligations(items, first, last, today)
        .annotate(quarter=TruncQuarter("action_item__due_latest"))
        .values("quarter")
        .annotate(**rate_counts())
    )
    for row in answers:
        quarters[as_local_date(row["quarter"])].answers = Rate(row["on_time"], row["decided"])
    done_items = (
        items.order_by()
        .filter(due_latest__gte=first, due_latest__lte=last)
        .exclude(status=ActionItem.Status.CANCELLED)
        .annotate(quarter=TruncQuarter("due_latest"))
        .values("quarter")
        .annotate(
            decided=Count("pk", filter=DONE | (OPEN & Q(due_latest__lt=today))),
            on_time=Count("pk", filter=DONE & ON_TIME_DAYS),
        )
    )
    for row in done_items:
        quarters[as_local_date(row["quarter"])].items = Rate(row["on_time"], row["decided"])
    return list(quarters.values())


def overdue_by_country(items: QuerySet, countries: Iterable[Country], today: dt.date):
    """[(country, overdue answers)] for the member countries, most overdue first: one query."""
    counts = dict(
        Obligation.objects.overdue(today)
        .filter(action_item__in=items, country__is_member=True)
        .order_by()
        .values("country_id")
        .annotate(n=Count("pk"))
        .values_list("country_id", "n")
    )
    pairs = [(country, counts.get(country.pk, 0)) for country in countries]
    # Stable: countries with as many keep the reader's order they came in.
    return sorted(pairs, key=lambda pair: -pair[1])


# The report on advances ------------------------------------------------------


@dataclass
class AdvancesReport:
    first: dt.date
    last: dt.date
    today: dt.date
    working_group: WorkingGroup | None
    meetings: list[CountedMeeting]
    completed: list[ActionItem]
    by_country: list[tuple[Country, list[int]]]  # counts of REPORTED_OUTCOMES
    by_group: list[dict[str, Any]]
    overdue: list[ActionItem]

    @property
    def completed_late(self) -> int:
        return sum(1 for item in self.completed if item.late_days)


def report_scope(items: ActionItemQuerySet, first: dt.date, last: dt.date) -> ActionItemQuerySet:
    """Items the report follows: due in the period, decided at a meeting held in it,
    or closed in it."""
    start, end = day_bounds(first, last)
    return items.filter(
        Q(due_latest__gte=first, due_latest__lte=last)
        | Q(resolution__meeting__date__gte=first, resolution__meeting__date__lte=last)
        | Q(closed_at__gte=start, closed_at__lt=end)
    )


def advances_report(
    *,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    working_group: WorkingGroup | None,
    countries: list[Country],
) -> AdvancesReport:
    """Meetings held and items done in the period; where the followed items stand today.

    Six queries whatever the period: meetings, completed items (and their
    parties), outcomes by country, counts by group, overdue items (and their
    parties).
    """
    items = ActionItem.objects.all()
    meetings = Meeting.objects.filter(date__gte=first, date__lte=last)
    if working_group is not None:
        items = items.filter(resolution__meeting__working_group=working_group)
        meetings = meetings.filter(working_group=working_group)
    meetings = (
        meetings.select_related("working_group")
        .annotate(
            resolution_count=Count("resolutions", distinct=True),
            item_count=Count("resolutions__action_items", distinct=True),
        )
        .order_by("date", "pk")
    )
    start, end = day_bounds(first, last)
    completed = items.filter(DONE, closed_at__gte=start, closed_at__lt=end).for_list()
    followed = report_scope(items, first, last)
    by_country = outcome_counts(
        Obligation.objects.filter(action_item__in=followed, country__in=countries),
        today,
        "country_id",
    )
    return AdvancesReport(
        first=first,
        last=last,
        today=today,
        working_group=working_group,
        meetings=list(meetings),
        completed=list(completed.order_by("closed_at", "pk")),
        by_country=[
            (c, [by_country[c.pk][outcome] for outcome in REPORTED_OUTCOMES])
            for c in countries
            if c.pk in by_country
        ],
        by_group=counts_by_group(followed, today, done_in=(first, last)),
        overdue=list(followed.overdue(today).for_list().order_by("due_latest", "pk")),
    )
