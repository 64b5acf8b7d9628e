"""The reminder ledger: every e-mail the reminders send, one row each.

A row is written before its e-mail is sent and moves planned → sending →
sent. Claiming it (planned → sending) is one conditional UPDATE, so two
workers, two deliveries of one Celery message or two sweeps can never both
send it. A row left in "sending" past its lease (the worker died mid-send)
becomes "in doubt": the e-mail may or may not have left, so it is shown to
the secretariat and never resent by itself.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from actions.models import ActionItem, Obligation
from members.models import FocalPoint

from . import policy


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held for the weekly digest")
    SENDING = "sending", _("Sending")
    RETRY = "retry", _("Waiting to retry")
    SENT = "sent", pgettext_lazy("e-mail status", "Sent")
    FAILED = "failed", _("Failed")
    IN_DOUBT = "in_doubt", _("In doubt")
    OBSOLETE = "obsolete", _("No longer needed")
    SUPERSEDED = "superseded", _("Out of date")


# Not sent yet and nobody is sending it: the sweep may still cancel these.
UNSENT = (Status.PLANNED, Status.HELD, Status.RETRY)
# What a delivery task may claim (once its time has come).
CLAIMABLE = (Status.PLANNED, Status.RETRY)
# Waiting to go out, in any way.
WAITING = (Status.PLANNED, Status.HELD, Status.RETRY, Status.SENDING)
# What the secretariat must look at.
PROBLEMS = (Status.FAILED, Status.IN_DOUBT)


def _status_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(status__in=Status.values), name=f"{prefix}_status_valid"
        ),
        models.CheckConstraint(
            condition=~Q(status=Status.SENT) | Q(sent_at__isnull=False),
            name=f"{prefix}_sent_has_when",
        ),
        models.CheckConstraint(
            condition=~Q(status__in=[Status.SENDING, Status.IN_DOUBT])
            | Q(claimed_at__isnull=False),
            name=f"{prefix}_sending_has_claim",
        ),
    ]


def _queue_indexes(prefix: str) -> list[models.Index]:
    return [
        # The sweep's queue: claimable rows whose time has come.
        models.Index(
            fields=["next_attempt_at"],
            condition=Q(status__in=["planned", "retry"]),
            name=f"{prefix}_claimable_idx",
        ),
        # The sweep's lease check: rows being sent, by claim time.
        models.Index(
            fields=["claimed_at"], condition=Q(status="sending"), name=f"{prefix}_sending_idx"
        ),
    ]


class DeliveryQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(status__in=UNSENT)

    def lease_expired(self, now: dt.datetime):
        """Rows claimed longer ago than the lease: their worker is gone."""
        lease = dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
        return self.filter(status=Status.SENDING, claimed_at__lt=now - lease)

    def to_queue(self, now: dt.datetime):
        """Claimable rows whose time has come and that were not queued just now."""
        requeue = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
        return self.filter(status__in=CLAIMABLE, next_attempt_at__lte=now).filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=requeue)
        )

    def claim(self, pk: int, now: dt.datetime) -> bool:
        """Take row `pk` for sending: one conditional UPDATE, so only one caller ever wins."""
        return bool(
            self.filter(pk=pk, status__in=CLAIMABLE, next_attempt_at__lte=now).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
        )


class Delivery(models.Model):
    """What every row of the ledger shares: one row, at most one e-mail."""

    Status = Status

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("not before"), default=timezone.now)
    queued_at = models.DateTimeField(_("last queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def needs_attention(self) -> bool:
        return self.status in PROBLEMS

    def finish(self, status: str, *, now: dt.datetime, error: str = "", **fields) -> bool:
        """Record the outcome of this row's claim; False if the claim was taken from it.

        Matching on `claimed_at` makes the update belong to this claim only: a
        send that outlived its lease still records that the e-mail left.
        """
        values = {"status": status, "last_error": error[:2000], **fields}
        if status == Status.SENT:
            values["sent_at"] = now
        updated = (
            type(self)
            ._default_manager.filter(
                pk=self.pk,
                claimed_at=self.claimed_at,
                status__in=[Status.SENDING, Status.IN_DOUBT],
            )
            .update(**values)
        )
        if updated:
            for name, value in values.items():
                setattr(self, name, value)
        return bool(updated)

    def resend(self, *, by: User, now: dt.datetime | None = None) -> bool:
        """Send a failed or in-doubt row again, at a person's request."""
        now = now or timezone.now()
        updated = (
            type(self)
            ._default_manager.filter(pk=self.pk, status__in=PROBLEMS)
            .update(
                status=Status.PLANNED,
                next_attempt_at=now,
                queued_at=None,
                handled_by=by,
                handled_at=now,
            )
        )
        if updated:
            self.refresh_from_db()
        return bool(updated)

    def confirm_sent(self, *, by: User, now: dt.datetime | None = None) -> bool:
        """Record that an in-doubt e-mail did arrive (the recipient said so)."""
        now = now or timezone.now()
        updated = (
            type(self)
            ._default_manager.filter(pk=self.pk, status=Status.IN_DOUBT)
            .update(status=Status.SENT, sent_at=now, handled_by=by, handled_at=now)
        )
        if updated:
            self.refresh_from_db()
        return bool(updated)


class ReminderQuerySet(DeliveryQuerySet):
    def _recipient_still_speaks_for_party(self) -> Exists:
        return Exists(
            FocalPoint.objects.active().filter(
                Q(country=OuterRef("obligation__country"))
                | Q(organisation=OuterRef("obligation__organisation")),
                user=OuterRef("recipient"),
            )
        )

    def _wanted(self) -> Q:
        return Q(
            deadline=F("obligation__action_item__due_latest"),
            obligation__removed_at__isnull=True,
            obligation__status__in=Obligation.OWING_STATUSES,
            obligation__action_item__status__in=ActionItem.OPEN_STATUSES,
        ) & Q(self._recipient_still_speaks_for_party())

    def wanted(self):
        """Rows whose party still owes, for the same deadline, to someone still its focal point."""
        return self.filter(self._wanted())

    def unwanted(self):
        """Rows for a moved deadline, a settled, removed or closed obligation, or a past contact."""
        return self.exclude(self._wanted())

    def live_on(self, day: dt.date):
        return self.filter(due_on__lte=day, live_until__gt=day)


class Reminder(Delivery):
    """One reminder of one obligation's deadline, to one person.

    The key (obligation, recipient, kind, deadline) is unique: whatever runs
    twice, a reminder is planned once. `kind` is `before_<days>`,
    `due_today` or `overdue_<number>` (see policy.py).
    """

    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("obligation"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("reminder"), max_length=20)
    deadline = models.DateField(_("for the deadline"))
    due_on = models.DateField(_("due on"))
    live_until = models.DateField(
        _("stale from"), help_text=_("The day a later reminder takes over.")
    )
    copied = models.BooleanField(
        _("copy to an alternate"),
        default=False,
        help_text=_("Sent to an alternate focal point because the deadline is long past."),
    )
    digest = models.ForeignKey(
        "Digest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("weekly digest"),
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_on", "-pk"]
        constraints = [
            # The ledger key: whatever runs twice, a reminder is planned once.
            models.UniqueConstraint(
                fields=["obligation", "recipient", "kind", "deadline"],
                name="reminder_unique_per_deadline",
            ),
            models.CheckConstraint(
                condition=Q(live_until__gt=F("due_on")), name="reminder_live_after_due"
            ),
            *_status_constraints("reminder"),
        ]
        indexes = [
            *_queue_indexes("reminder"),
            # The sweep's obsolete/supersede checks and weekly digests: unsent rows.
            models.Index(
                fields=["recipient", "digest"],
                condition=Q(status__in=["planned", "held", "retry"]),
                name="reminder_unsent_idx",
            ),
            # The secretariat's page: one status group, newest first.
            models.Index(fields=["status", "due_on"], name="reminder_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.obligation} → {self.recipient} ({self.kind}, {self.deadline})"

    @property
    def kind_label(self) -> str:
        return policy.kind_label(self.kind)

    @property
    def overdue_number(self) -> int:
        return policy.overdue_number(self.kind)


class Digest(Delivery):
    """One digest e-mail: a focal point's weekly reminders or the secretariat's overdue list.

    Unique per (kind, address, period), so a digest goes out once per week
    or day however often the sweep runs.
    """

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly digest of reminders")
        OVERDUE = "overdue", _("Daily digest of overdue items")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="digests",
        verbose_name=_("recipient"),
        help_text=_("Empty for the secretariat's addresses set in SECRETARIAT_EMAILS."),
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    period = models.DateField(_("for the day"))

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period", "-pk"]
        constraints = [
            # One digest per address and period, however often the sweep runs.
            models.UniqueConstraint(
                fields=["kind", "email", "period"], name="digest_unique_per_period"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["weekly", "overdue"]), name="digest_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="overdue") | Q(recipient__isnull=False),
                name="digest_weekly_has_recipient",
            ),
            *_status_constraints("digest"),
        ]
        indexes = _queue_indexes("digest")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.email} ({self.period})"
