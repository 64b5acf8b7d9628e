"""Invitations of focal points: invite, resend, accept, and the e-mail they send.

E-mails are queued as Celery tasks after the transaction commits, so a
rolled-back write sends nothing.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from rcm_tracker.links import absolute_url
from rcm_tracker.mail import send_email

from .models import FocalPoint, Invitation

# Invitations -------------------------------------------------------------------


class InvitationUnusable(Exception):
    """The link cannot be used; `reason` says why, for the page that explains it."""

    def __init__(self, reason: str, invitation: Invitation | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def invite(invitation: Invitation, *, by: User) -> Invitation:
    """Save a new invitation and e-mail its link once the transaction commits."""
    invitation.invited_by = by
    invitation.email = User.objects.normalize_email(invitation.email)
    invitation.save()
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation) -> None:
    """Send a fresh link; every link sent before stops working."""
    invitation.renew_key()
    _queue_invitation_email(invitation)


def _queue_invitation_email(invitation: Invitation) -> None:
    from . import tasks

    transaction.on_commit(partial(tasks.send_invitation.delay, invitation.pk), robust=True)


def send_invitation_email(invitation_id: int) -> bool:
    """E-mail the invitation's link in its language; record when it was sent.

    Returns False (and sends nothing) when the invitation is no longer pending.
    """
    invitation = (
        Invitation.objects.select_related("country", "organisation", "invited_by")
        .filter(pk=invitation_id)
        .pending()
        .first()
    )
    if invitation is None:
        return False
    send_email(
        "invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "link": absolute_url("members:invitation_accept", invitation.token()),
            "max_age_days": settings.INVITATION_MAX_AGE_DAYS,
        },
        language=invitation.language,
    )
    # Only the key that was signed is recorded as sent: a resend racing this
    # task records its own sending.
    Invitation.objects.filter(pk=invitation.pk, key=invitation.key).update(sent_at=timezone.now())
    return True


def find_invitation(token: str) -> Invitation:
    """The pending invitation a link points to; raise InvitationUnusable otherwise."""
    try:
        key = Invitation.key_from_token(token)
    except signing.SignatureExpired:
        raise InvitationUnusable("expired") from None
    except signing.BadSignature:
        raise InvitationUnusable("invalid") from None
    invitation = (
        Invitation.objects.select_related("country", "organisation").filter(key=key).first()
    )
    if invitation is None:
        # Resending replaced the key: only the newest link works.
        raise InvitationUnusable("replaced")
    if invitation.accepted_at is not None:
        raise InvitationUnusable("used", invitation)
    if invitation.revoked_at is not None:
        raise InvitationUnusable("revoked", invitation)
    return invitation


def email_can_be_invited(email: str) -> bool:
    """Whether an address may get an invitation: new, or a deactivated focal point's."""
    existing = User.objects.filter(email__iexact=User.objects.normalize_email(email)).first()
    if existing is None:
        return True
    return (
        not existing.is_active
        and existing.role == User.Role.FOCAL_POINT
        and FocalPoint.objects.filter(user=existing).exists()
    )


@transaction.atomic
def accept_invitation(token: str, *, full_name: str, password: str) -> User:
    """Create (or reactivate) the focal point's account from a valid link.

    Runs in one transaction: the invitation is locked, re-checked, and marked
    accepted together with the new user and focal point, so a link works once.
    A deactivated focal point invited again gets the same account back.
    """
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationUnusable("used" if invitation.accepted_at else "revoked", invitation)
    if not email_can_be_invited(invitation.email):
        raise InvitationUnusable("taken", invitation)
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(email=invitation.email, role=User.Role.FOCAL_POINT)
    user.full_name = full_name.strip() or invitation.full_name
    user.language = invitation.language
    user.is_active = True
    user.set_password(password)
    user.save()
    party = {"country": invitation.country, "organisation": invitation.organisation}
    kind = invitation.kind
    if (
        kind == FocalPoint.Kind.PRIMARY
        and FocalPoint.objects.for_party(invitation.party)
        .filter(kind=FocalPoint.Kind.PRIMARY, is_active=True)
        .exclude(user=user)
        .exists()
    ):
        # Another primary took office since the invitation was sent: join as
        # alternate rather than be locked out; the secretariat can swap them.
        kind = FocalPoint.Kind.ALTERNATE
    FocalPoint.objects.update_or_create(
        user=user,
        defaults={**party, "kind": kind, "is_active": True, "deactivated_at": None},
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user
