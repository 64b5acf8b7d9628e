"""The reminder workflow: the sweep that plans and queues, and the delivery of one row.

`sweep(now)` runs a fixed number of set-based queries whatever the number of
obligations: it marks expired leases in doubt, cancels what is no longer
wanted, plans the live reminder of every obligation, marks unsent reminders
whose day has passed out of date, plans the digests, and hands the rows
whose time has come to `dispatch` once its transaction has committed. `deliver_reminder(pk)` and
`deliver_digest(pk)` claim one row, re-check it, send it and record the
outcome. Celery (tasks.py) and the `send_reminders` command only call these.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import smtplib
import socket
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_noop

from accounts.models import User
from actions.models import ActionItem, Obligation
from members.models import FocalPoint

from . import emails, policy
from .models import CLAIMABLE, Delivery, Digest, Reminder, Status

logger = logging.getLogger(__name__)
# Why a row was not sent is stored in English, marked with gettext_noop() so that the page
# shows it in the reader's language (the delivery_error filter); what a library or an
# SMTP server said goes to the log, and only the SMTP reply code to the page.
WORKER_STOPPED = gettext_noop("The worker stopped while sending; the e-mail may have left.")
PREPARE_FAILED = gettext_noop("Could not be prepared; the details are in the server log.")
WILL_RETRY = gettext_noop("The mail server did not take the e-mail; it will be tried again.")
REFUSED = gettext_noop("The mail server refused the e-mail.")
IN_DOUBT = gettext_noop("The connection broke while sending: the e-mail may have left.")
# Read back by reminders.templatetags.reminders.delivery_error, which translates it.
GAVE_UP = "Gave up after {attempts} attempts."

Dispatch = Callable[[list[int], list[int]], None]
# pg_advisory_xact_lock key: one sweep at a time on PostgreSQL.
SWEEP_LOCK = zlib.crc32(b"rcm_tracker.reminders.sweep")
# A sweep that planned this many rows refreshes the ledger's statistics (PostgreSQL).
ANALYZE_AFTER_ROWS = 1000


class Outcome(enum.StrEnum):
    SENT = "sent"
    NOT_CLAIMED = "not claimed"
    OBSOLETE = "obsolete"
    RETRY = "retry"
    FAILED = "failed"
    IN_DOUBT = "in doubt"


@dataclass
class SweepResult:
    """What one sweep did; the ids are what it handed to `dispatch`."""

    day: dt.date
    in_doubt: int = 0
    obsolete: int = 0
    planned: int = 0
    revived: int = 0
    superseded: int = 0
    digests: int = 0
    reminder_ids: list[int] = field(default_factory=list)
    digest_ids: list[int] = field(default_factory=list)


def parse_moment(value: str) -> dt.datetime:
    """An ISO 8601 date or date and time; without an offset, in the configured time zone.

    A bare date means the moment its reminders go out (REMINDER_SEND_HOUR).
    """
    day = parse_date(value)
    moment = (
        dt.datetime.combine(day, dt.time(settings.REMINDER_SEND_HOUR))
        if day is not None
        else parse_datetime(value)
    )
    if moment is None:
        raise ValueError(f"Not an ISO 8601 date or date and time: {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# The sweep ---------------------------------------------------------------------


def sweep(now: dt.datetime | None = None, *, dispatch: Dispatch | None) -> SweepResult:
    """Plan what is due at `now` and hand what must be sent to `dispatch` after commit."""
    now = now or timezone.now()
    day = policy.reminder_day(now)
    result = SweepResult(day=day)
    with transaction.atomic():
        _lock_sweep()
        for model in (Reminder, Digest):
            result.in_doubt += model.objects.lease_expired(now).update(
                status=Status.IN_DOUBT,
                last_error=gettext_noop(
                    "The worker stopped while sending; the e-mail may have left."
                ),
            )
        result.obsolete = Reminder.objects.unsent().unwanted().update(status=Status.OBSOLETE)
        # Before planning: new rows are never obsolete, and the planner's statistics
        # do not know yet about the rows this transaction is about to insert.
        result.revived = _revive(now, day)
        result.planned = _plan_reminders(now, day)
        # Past its day, a reminder waiting to go out is out of date: a later one (or
        # none, once the deadline has passed) takes over. Held rows wait for their
        # digest; one a person asked to send again goes.
        result.superseded = Reminder.objects.filter(
            status__in=CLAIMABLE, live_until__lte=day, handled_by__isnull=True
        ).update(status=Status.SUPERSEDED)
        result.digests = _plan_digests(now, day)
        result.reminder_ids = _take_queue(Reminder, now)
        result.digest_ids = _take_queue(Digest, now)
        if dispatch is not None and (result.reminder_ids or result.digest_ids):
            reminder_ids, digest_ids = result.reminder_ids, result.digest_ids
            transaction.on_commit(lambda: dispatch(reminder_ids, digest_ids))
    if result.planned >= ANALYZE_AFTER_ROWS and connection.vendor == "postgresql":
        # The next sweep joins the ledger with the obligations: refresh the planner's
        # statistics now rather than when autovacuum comes round, or a table it still
        # believes small is nested-looped over, for minutes.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Reminder._meta.db_table)}")
    return result


def _lock_sweep() -> None:
    """Serialise sweeps on PostgreSQL (SQLite serialises writers anyway).

    Correctness does not depend on it — the ledger key does — but one sweep
    at a time cannot deadlock with another over the same rows.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])


def _owed(earliest: dt.date, latest: dt.date):
    """(pk, item, country, organisation, deadline, item offsets) of obligations owed for
    deadlines from `earliest` to `latest`, and of later ones whose item has its own offsets."""
    return (
        Obligation.objects.outstanding()
        .filter(
            action_item__status__in=ActionItem.OPEN_STATUSES,
            action_item__due_latest__gte=earliest,
        )
        .filter(
            Q(action_item__due_latest__lte=latest) | Q(action_item__reminder_offsets__isnull=False)
        )
        .values_list(
            "pk",
            "action_item_id",
            "country_id",
            "organisation_id",
            "action_item__due_latest",
            "action_item__reminder_offsets",
        )
        .order_by()
        .iterator(chunk_size=5000)
    )


def _plan_reminders(now: dt.datetime, day: dt.date) -> int:
    """Write a ledger row for the live slot of every owed obligation: two reads, one insert."""
    contacts = party_contacts()
    live: dict[int, policy.Slot | None] = {}  # by action item: its parties share the slot
    rows = []
    for pk, item_id, country_id, organisation_id, deadline, item_offsets in _owed(
        *policy.deadline_window(day)
    ):
        if item_id not in live:
            live[item_id] = policy.live_slot(deadline, policy.offsets_for(item_offsets), day)
        slot = live[item_id]
        if slot is None:
            continue
        for user_id, copied in policy.recipients(contacts.of(country_id, organisation_id), slot):
            rows.append(
                {
                    "obligation_id": pk,
                    "recipient_id": user_id,
                    "kind": slot.kind,
                    "deadline": deadline,
                    "due_on": slot.due_on,
                    "live_until": slot.live_until,
                    "copied": copied,
                    "status": Status.HELD if user_id in contacts.weekly_users else Status.PLANNED,
                }
            )
    if not rows:
        return 0
    return insert_ignoring_duplicates(
        Reminder,
        rows,
        constants={"attempts": 0, "next_attempt_at": now, "last_error": "", "created_at": now},
    )


@dataclass
class Upcoming:
    """A reminder the policy will send on `due_on`, with (user id, copied) recipients."""

    due_on: dt.date
    kind: str
    obligation_id: int
    recipients: list[tuple[int, bool]]
    # Filled in by the page for the entries it shows.
    obligation: Obligation | None = None
    people: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return policy.kind_label(self.kind)


def upcoming(first: dt.date, last: dt.date) -> list[Upcoming]:
    """The reminders falling due from `first` to `last`, soonest first: two queries.

    A projection from today's obligations and focal points; what actually
    goes out is decided by the sweep on the day.
    """
    contacts = party_contacts()
    earliest, _ = policy.deadline_window(first)
    _, latest = policy.deadline_window(last)
    entries = []
    for pk, _item, country_id, organisation_id, deadline, item_offsets in _owed(earliest, latest):
        for slot in policy.slots_between(deadline, policy.offsets_for(item_offsets), first, last):
            people = policy.recipients(contacts.of(country_id, organisation_id), slot)
            entries.append(Upcoming(slot.due_on, slot.kind, pk, people))
    entries.sort(key=lambda entry: (entry.due_on, entry.obligation_id))
    return entries


@dataclass
class PartyContacts:
    """Active focal points by party, and who of them chose the weekly digest."""

    by_party: dict[tuple[str, int | None], list[policy.Contact]] = field(
        default_factory=lambda: defaultdict(list)
    )
    weekly_users: set[int] = field(default_factory=set)

    def of(self, country_id: int | None, organisation_id: int | None) -> list[policy.Contact]:
        party = ("country", country_id) if country_id else ("organisation", organisation_id)
        return self.by_party.get(party, [])


def party_contacts() -> PartyContacts:
    """Every active focal point, by party: one query."""
    contacts = PartyContacts()
    focal_points = FocalPoint.objects.active().values_list(
        "user_id", "country_id", "organisation_id", "kind", "user__reminder_mode"
    )
    for user_id, country_id, organisation_id, kind, mode in focal_points.order_by("pk"):
        party = ("country", country_id) if country_id else ("organisation", organisation_id)
        contacts.by_party[party].append(policy.Contact(user_id=user_id, kind=kind))
        if mode == User.ReminderMode.WEEKLY_DIGEST:
            contacts.weekly_users.add(user_id)
    return contacts


def _revive(now: dt.datetime, day: dt.date) -> int:
    """Plan again cancelled rows that are live and wanted once more.

    E.g. a country submitted just before its reminder left, and the
    secretariat returned the submission the same day: it owes again, and
    the ledger key would otherwise keep the reminder from being planned.
    """
    live = Reminder.objects.filter(status=Status.OBSOLETE).live_on(day).wanted()
    weekly = User.ReminderMode.WEEKLY_DIGEST
    revived = live.exclude(recipient__reminder_mode=weekly).update(
        status=Status.PLANNED, next_attempt_at=now, queued_at=None, last_error=""
    )
    return revived + live.filter(recipient__reminder_mode=weekly).update(
        status=Status.HELD, digest=None, last_error=""
    )


def _plan_digests(now: dt.datetime, day: dt.date) -> int:
    """Plan the secretariat's daily overdue digest and, on digest day, the weekly digests."""
    rows = []
    common = {"status": Status.PLANNED, "period": day}
    if Obligation.objects.overdue(day).exists():
        for recipient_id, email, language in User.objects.secretariat_addresses():
            rows.append(
                {
                    "kind": Digest.Kind.OVERDUE,
                    "recipient_id": recipient_id,
                    "email": email,
                    "language": language,
                    **common,
                }
            )
    weekly_day = day.weekday() == settings.REMINDER_DIGEST_WEEKDAY
    if weekly_day:
        held = (
            Reminder.objects.filter(status=Status.HELD, digest__isnull=True)
            .values_list("recipient_id", "recipient__email", "recipient__language")
            .order_by()
            .distinct()
        )
        for recipient_id, email, language in held:
            rows.append(
                {
                    "kind": Digest.Kind.WEEKLY,
                    "recipient_id": recipient_id,
                    "email": email,
                    "language": language,
                    **common,
                }
            )
    constants = {"attempts": 0, "next_attempt_at": now, "last_error": "", "created_at": now}
    created = insert_ignoring_duplicates(Digest, rows, constants) if rows else 0
    if weekly_day:
        # Held rows join this week's digest while it has not been claimed; a row
        # held later waits for next week's.
        planned_digest = Digest.objects.filter(
            kind=Digest.Kind.WEEKLY,
            period=day,
            status=Status.PLANNED,
            recipient=OuterRef("recipient"),
        ).values("pk")[:1]
        Reminder.objects.filter(status=Status.HELD, digest__isnull=True).update(
            digest=Subquery(planned_digest)
        )
    return created


def _take_queue(model: type[Reminder] | type[Digest], now: dt.datetime) -> list[int]:
    """Stamp the rows to queue with `now` and read them back: two queries, no id lists.

    Rows queued recently are left alone; older ones are queued again, so a
    lost Celery message delays a reminder but never drops it.
    """
    model.objects.to_queue(now).update(queued_at=now)
    return list(
        model.objects.filter(queued_at=now, status__in=[Status.PLANNED, Status.RETRY])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def insert_ignoring_duplicates(
    model: type[models.Model], rows: list[dict], constants: dict | None = None
) -> int:
    """Insert `rows` in ONE statement, skipping those that break a unique key.

    The rows travel as one JSON parameter, so the statement does not grow
    with their number (no batches, no parameter limit); `constants` are the
    values every row shares, passed once. Keys are field names or attnames
    (`recipient_id`). Returns how many rows were inserted.
    """
    constants = constants or {}

    def field_for(key: str) -> models.Field:
        return next(f for f in model._meta.concrete_fields if key in (f.name, f.attname))

    keys = list(rows[0])
    fields = [field_for(key) for key in keys]
    # Dates travel as ISO text; what else a row holds is JSON already.
    dated = [
        (key, f) for key, f in zip(keys, fields, strict=True) if isinstance(f, models.DateField)
    ]
    for row in rows:
        for key, f in dated:
            row[key] = _json_value(f, row[key])
    constant_fields = [field_for(key) for key in constants]
    constant_values = [
        f.get_db_prep_save(value, connection)
        for f, value in zip(constant_fields, constants.values(), strict=True)
    ]
    # Table, column and type names come from the model's metadata; values are parameters.
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(f)) for f in [*fields, *constant_fields])
    placeholders = "".join(", %s" for _ in constant_fields)
    if connection.vendor == "postgresql":
        types = ", ".join(f"{quote(_column(f))} {_pg_type(f)}" for f in fields)
        selected = ", ".join(quote(_column(f)) for f in fields)
        sql = (
            f"INSERT INTO {table} ({columns}) SELECT {selected}{placeholders} "  # noqa: S608
            f"FROM json_to_recordset(%s::json) AS r({types}) ON CONFLICT DO NOTHING"
        )
    else:
        selected = ", ".join(f"json_extract(value, '$.{key}')" for key in keys)
        # "WHERE true" lets SQLite parse ON CONFLICT after a SELECT.
        sql = (
            f"INSERT INTO {table} ({columns}) SELECT {selected}{placeholders} "  # noqa: S608
            "FROM json_each(%s) WHERE true ON CONFLICT DO NOTHING"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*constant_values, json.dumps(rows)])
        return cursor.rowcount


def _json_value(field: models.Field, value):
    prepared = field.get_db_prep_save(value, connection)
    if isinstance(prepared, dt.date | dt.datetime):
        return prepared.isoformat()
    return prepared


def _pg_type(field: models.Field) -> str:
    if isinstance(field, models.ForeignKey):  # the relations written here are keys
        db_type = field.target_field.rel_db_type(connection)
    else:
        db_type = field.db_type(connection)
    if db_type is None:
        raise ValueError(f"{field} has no column type")
    return db_type


def _column(field: models.Field) -> str:
    if field.column is None:  # only relations without a column of their own
        raise ValueError(f"{field} has no column")
    return field.column


# Delivery ----------------------------------------------------------------------


class Verdict(enum.StrEnum):
    RETRY = "retry"
    FAILED = "failed"
    IN_DOUBT = "in doubt"


def classify_failure(exc: BaseException) -> Verdict:
    """Whether a sending error may be retried, is final, or leaves the e-mail in doubt.

    Retried: a definite refusal that says nothing left — a 4xx reply, a
    refused connection, an unknown host, or a failure to connect, greet or
    authenticate (configuration, not the message). Final: a 5xx refusal of
    this message (sender, recipients or content). Anything else — a dropped
    connection, a timeout, an unknown error — may have happened after the
    server took the message, so it is in doubt and never resent by itself.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return Verdict.RETRY if any(400 <= code < 500 for code in codes) else Verdict.FAILED
    if isinstance(
        exc,
        smtplib.SMTPConnectError
        | smtplib.SMTPHeloError
        | smtplib.SMTPAuthenticationError
        | smtplib.SMTPNotSupportedError,
    ):
        return Verdict.RETRY
    if isinstance(exc, smtplib.SMTPResponseException):
        if 400 <= exc.smtp_code < 500:
            return Verdict.RETRY
        if 500 <= exc.smtp_code < 600:
            return Verdict.FAILED
        return Verdict.IN_DOUBT
    if isinstance(exc, ConnectionRefusedError | socket.gaierror):
        return Verdict.RETRY
    return Verdict.IN_DOUBT


@dataclass
class Delivered:
    """The outcome of one delivery; `retry_in` says when a retry may be attempted."""

    outcome: Outcome
    retry_in: int | None = None
    detail: str = ""


def deliver_reminder(pk: int, *, now: dt.datetime | None = None) -> Delivered:
    """Claim reminder `pk`, re-check that it is still owed, send it, record the outcome."""
    return _deliver(Reminder, pk, now, _prepare_reminder)


def deliver_digest(pk: int, *, now: dt.datetime | None = None) -> Delivered:
    """Claim digest `pk`, gather what it lists, send it, record the outcome."""
    return _deliver(Digest, pk, now, _prepare_digest)


def _nothing_after(status: str, now: dt.datetime) -> None:
    return None


@dataclass
class Prepared:
    """A row's e-mail, or why there is none (and what the row becomes then).

    `after(status, now)` runs once the row's outcome is recorded.
    """

    message: EmailMultiAlternatives | None
    reason: str = ""
    status: str = Status.OBSOLETE
    after: Callable[[str, dt.datetime], None] = _nothing_after


def _deliver(
    model: type[Reminder] | type[Digest], pk: int, now: dt.datetime | None, prepare
) -> Delivered:
    now = now or timezone.now()
    if not model.objects.claim(pk, now):
        return Delivered(Outcome.NOT_CLAIMED)
    row = model.objects.get(pk=pk)
    try:
        prepared = prepare(row, now)
    except Exception as exc:
        logger.exception("Could not prepare %s %s", model.__name__, pk)
        row.finish(Status.FAILED, now=now, error=PREPARE_FAILED)
        return Delivered(Outcome.FAILED, detail=repr(exc))
    after = prepared.after
    if prepared.message is None:
        row.finish(prepared.status, now=now, error=prepared.reason)
        after(prepared.status, now)
        return Delivered(Outcome.OBSOLETE, detail=prepared.reason)
    try:
        prepared.message.send()
    except Exception as exc:
        return _record_failure(row, exc, now, after)
    row.finish(Status.SENT, now=now)
    after(Status.SENT, now)
    return Delivered(Outcome.SENT)


def smtp_reply(exc: BaseException) -> str:
    """ " (SMTP 550)" when the server answered with a code, for the page; else empty."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = next((c for c, _message in exc.recipients.values()), None)
    return f" (SMTP {code})" if isinstance(code, int) else ""


def _record_failure(row: Delivery, exc: Exception, now: dt.datetime, after) -> Delivered:
    verdict = classify_failure(exc)
    error = f"{type(exc).__name__}: {exc}"
    logger.warning("Sending %s %s: %s (%s)", type(row).__name__, row.pk, error, verdict)
    reply = smtp_reply(exc)
    backoff = settings.REMINDER_RETRY_BACKOFF_SECONDS
    if verdict == Verdict.RETRY and row.attempts <= len(backoff):
        delay = backoff[row.attempts - 1]
        row.finish(
            Status.RETRY,
            now=now,
            error=WILL_RETRY + reply,
            next_attempt_at=now + dt.timedelta(seconds=delay),
            queued_at=None,
        )
        return Delivered(Outcome.RETRY, retry_in=delay, detail=error)
    if verdict == Verdict.RETRY:
        row.finish(Status.FAILED, now=now, error=GAVE_UP.format(attempts=row.attempts) + reply)
        after(Status.FAILED, now)
        return Delivered(Outcome.FAILED, detail=error)
    if verdict == Verdict.FAILED:
        row.finish(Status.FAILED, now=now, error=REFUSED + reply)
        after(Status.FAILED, now)
        return Delivered(Outcome.FAILED, detail=error)
    row.finish(Status.IN_DOUBT, now=now, error=IN_DOUBT + reply)
    return Delivered(Outcome.IN_DOUBT, detail=error)


def _prepare_reminder(row: Reminder, now: dt.datetime) -> Prepared:
    """The reminder's e-mail, or why it is no longer wanted."""
    reminder = Reminder.objects.select_related(
        "recipient",
        "obligation__country",
        "obligation__organisation",
        "obligation__action_item__resolution__meeting__working_group",
    ).get(pk=row.pk)
    # Out of date, unless a person asked for it to be sent again.
    if reminder.handled_by_id is None and reminder.live_until <= policy.reminder_day(now):
        return Prepared(None, gettext_noop("Out of date: its day has passed."), Status.SUPERSEDED)
    reason = why_unwanted(reminder)
    if reason:
        return Prepared(None, reason)
    return Prepared(emails.reminder_email(reminder, today=timezone.localdate(now)))


def why_unwanted(reminder: Reminder) -> str:
    """Why `reminder` should no longer go out ("" when it should): ReminderQuerySet.wanted()
    for one row already in memory."""
    obligation = reminder.obligation
    item = obligation.action_item
    if item.due_latest != reminder.deadline:
        return gettext_noop("The deadline has moved.")
    if obligation.removed_at is not None:
        return gettext_noop("The party is no longer asked.")
    if obligation.status not in Obligation.OWING_STATUSES:
        return gettext_noop("The party has answered.")
    if item.status not in ActionItem.OPEN_STATUSES:
        return gettext_noop("The action item is closed.")
    speaks_for_party = (
        FocalPoint.objects.active()
        .filter(user=reminder.recipient_id)
        .filter(
            Q(country_id=obligation.country_id, country__isnull=False)
            | Q(organisation_id=obligation.organisation_id, organisation__isnull=False)
        )
    )
    if not speaks_for_party.exists():
        return gettext_noop("The recipient is no longer a focal point of the party.")
    return ""


def _prepare_digest(row: Digest, now: dt.datetime) -> Prepared:
    today = timezone.localdate(now)
    if row.kind == Digest.Kind.OVERDUE:
        overdue = list(
            Obligation.objects.overdue(today)
            .select_related(
                "country",
                "organisation",
                "action_item__resolution__meeting__working_group",
            )
            .order_by("action_item__due_latest", "action_item_id", "pk")
        )
        if not overdue:
            return Prepared(None, gettext_noop("Nothing is overdue any more."))
        return Prepared(emails.overdue_digest_email(row, overdue, today=today))
    listed = list(
        Reminder.objects.filter(digest=row, status=Status.HELD)
        .wanted()
        .select_related(
            "obligation__country",
            "obligation__organisation",
            "obligation__action_item__resolution__meeting__working_group",
        )
        .order_by("deadline", "pk")
    )
    listed_ids = [reminder.pk for reminder in listed]

    def after(status: str, when: dt.datetime) -> None:
        # Sent: the listed rows were sent with it. Rows that joined after it was
        # gathered go back to wait for the next digest. A failed digest keeps
        # its rows, so that sending it again lists them again.
        if status == Status.SENT:
            Reminder.objects.filter(pk__in=listed_ids).update(status=Status.SENT, sent_at=when)
        if status in (Status.SENT, Status.OBSOLETE):
            Reminder.objects.filter(digest=row, status=Status.HELD).exclude(
                pk__in=listed_ids
            ).update(digest=None)

    if not listed:
        return Prepared(None, gettext_noop("Nothing left to remind."), after=after)
    recipient = row.recipient
    if recipient is None or not recipient.is_active:
        return Prepared(None, gettext_noop("The recipient's account is inactive."), after=after)
    return Prepared(emails.weekly_digest_email(row, listed, today=today), after=after)
