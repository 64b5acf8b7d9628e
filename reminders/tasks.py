"""Celery tasks of the reminders: thin wrappers that take ids and call services.py.

Beat runs `sweep_reminders` on an interval (django-celery-beat's database
scheduler, editable in the admin). The sweep queues one `send_reminder` or
`send_digest` per ledger row after its transaction commits. Delivering a
message twice is harmless: only one claim of a row can succeed.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from . import services

logger = logging.getLogger(__name__)

SWEEP_TASK = "reminders.sweep"


@shared_task(name=SWEEP_TASK, acks_late=True, ignore_result=True)
def sweep_reminders(now: str | None = None) -> dict:
    """Plan what is due and queue its delivery; `now` (ISO 8601) is for tests and catch-up."""
    result = services.sweep(services.parse_moment(now) if now else None, dispatch=queue_deliveries)
    summary = {
        "day": result.day.isoformat(),
        "planned": result.planned,
        "queued": len(result.reminder_ids) + len(result.digest_ids),
        "in_doubt": result.in_doubt,
    }
    logger.info("Reminder sweep: %s", summary)
    return summary


@shared_task(name="reminders.send_reminder", acks_late=True, ignore_result=True)
def send_reminder(reminder_id: int) -> str:
    delivered = services.deliver_reminder(reminder_id)
    _retry_soon(send_reminder, reminder_id, delivered.retry_in)
    return delivered.outcome


@shared_task(name="reminders.send_digest", acks_late=True, ignore_result=True)
def send_digest(digest_id: int) -> str:
    delivered = services.deliver_digest(digest_id)
    _retry_soon(send_digest, digest_id, delivered.retry_in)
    return delivered.outcome


def queue_deliveries(reminder_ids: list[int], digest_ids: list[int]) -> None:
    """Queue one task per row (run inline when no broker is configured)."""
    for pk in reminder_ids:
        send_reminder.delay(pk)
    for pk in digest_ids:
        send_digest.delay(pk)


def _retry_soon(task, pk: int, retry_in: int | None) -> None:
    """Queue a short retry; longer ones are left to the sweep, which re-queues due rows.

    A countdown shorter than the broker's visibility timeout is safe; the
    database still says when the row may be claimed, so an early or duplicate
    message does nothing.
    """
    if retry_in is None or task.app.conf.task_always_eager:
        return
    if retry_in <= settings.REMINDER_RETRY_COUNTDOWN_MAX_SECONDS:
        task.apply_async((pk,), countdown=retry_in)
