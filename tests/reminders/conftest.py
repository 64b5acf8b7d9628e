"""Fixtures of the reminder tests: a fixed policy, a clock, and sweeps run in-process."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings as django_settings
from django.test import TestCase
from django.utils import timezone

from reminders import services
from tests.factories import ActionItemFactory


@pytest.fixture(autouse=True)
def reminder_policy(settings):
    """The documented defaults, whatever the environment says."""
    settings.REMINDER_OFFSETS_DAYS = [14, 7, 1, 0]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 7
    settings.REMINDER_OVERDUE_MAX = 4
    settings.REMINDER_ESCALATE_FROM = 2
    settings.REMINDER_SEND_HOUR = 8
    settings.REMINDER_DIGEST_WEEKDAY = 0
    settings.REMINDER_LEASE_SECONDS = 900
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 900
    settings.REMINDER_RETRY_BACKOFF_SECONDS = [300, 1800, 7200, 21600]
    settings.SECRETARIAT_EMAILS = []
    settings.SITE_URL = "https://rcm.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """`hour`:`minute` on `day` in the configured time zone, as an aware datetime."""
    zone = zoneinfo.ZoneInfo(django_settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def sweep_and_send(now: dt.datetime) -> services.SweepResult:
    """Run one sweep at `now` and deliver what it queues, as the embedded mode does."""

    def deliver(reminder_ids: list[int], digest_ids: list[int]) -> None:
        for pk in reminder_ids:
            services.deliver_reminder(pk, now=now)
        for pk in digest_ids:
            services.deliver_digest(pk, now=now)

    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.sweep(now, dispatch=deliver)


def sweep_only(now: dt.datetime) -> services.SweepResult:
    """Run one sweep at `now`; what it queues is returned, not sent."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.sweep(now, dispatch=None)


@pytest.fixture
def owed_item(costa_rica, mexico, iom):
    """An item due 1 March 2021 (a month end away from its reminders), owed by CR, MX and IOM."""
    item = ActionItemFactory(title="Comments on the inventory", due_latest=dt.date(2021, 3, 1))
    item.address_to(countries=[costa_rica, mexico], organisations=[iom])
    return item


def ledger_headers(messages) -> list[str]:
    return [m.extra_headers["X-RCM-Ledger"] for m in messages]


def now() -> dt.datetime:
    return timezone.now()
