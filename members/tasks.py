"""Celery tasks of the members app: they take ids and call tested service code."""

from celery import shared_task

from . import services


@shared_task
def send_invitation(invitation_id: int) -> None:
    """E-mail an invitation's current link (nothing if it was accepted or revoked meanwhile)."""
    services.send_invitation_email(invitation_id)
