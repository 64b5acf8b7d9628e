"""Celery tasks of the submissions app: they take ids and call tested service code."""

from celery import shared_task

from . import services


# Named as before the app split, so that messages queued before an upgrade still run.
@shared_task(name="members.tasks.send_submission_emails")
def send_submission_emails(submission_id: int, event: str) -> None:
    """E-mail the receipt, the secretariat's notice, or the outcome of a review."""
    services.send_submission_emails(submission_id, event)
