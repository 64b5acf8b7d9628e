"""Focal-point workflows that span several models.

Invitations (invite, resend, accept), drafts saved under an optimistic lock,
submission and review, comment rounds on a new document version, and the
e-mails these send. E-mails are queued as Celery tasks after the transaction
commits, so a rolled-back write sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from actions.models import ActionItem, DocumentVersion, Obligation
from rcm_tracker.dates import local_today
from rcm_tracker.mail import send_email
from rcm_tracker.uploads import CheckedUpload

from .models import (
    Country,
    FocalPoint,
    Invitation,
    Organisation,
    Submission,
    SubmissionComment,
    SubmissionFile,
)

logger = logging.getLogger(__name__)


def absolute_url(name: str, *args) -> str:
    """A direct link for e-mails, built on settings.SITE_URL."""
    return settings.SITE_URL + reverse(name, args=args)


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


# Drafts and submissions ------------------------------------------------------------


class DraftConflict(Exception):
    """Someone else changed the draft since the form was opened; nothing was saved.

    `current` is the draft as saved now (None when there is none);
    `handed_in` the version handed in meanwhile, if that is what happened.
    """

    def __init__(self, obligation: Obligation) -> None:
        super().__init__("The draft changed since the form was opened.")
        self.current = obligation.submissions.drafts().first()
        self.handed_in = (
            None
            if self.current
            else obligation.submissions.sent().select_related("submitted_by").first()
        )
        self.saved_by = None
        if self.current is not None:
            last = self.current.history.select_related("history_user").first()
            self.saved_by = (last and last.history_user) or self.current.created_by


class NothingToSubmit(Exception):
    """The draft is empty: no text, comment, file, nor "no comments"."""


class AlreadyReviewed(Exception):
    """Another member of the secretariat reviewed this version first."""

    def __init__(self, submission: Submission) -> None:
        super().__init__("Already reviewed.")
        self.submission = submission


@dataclass
class DraftChanges:
    """What a focal point typed into the draft form."""

    text: str = ""
    no_comments: bool = False
    document_version: DocumentVersion | None = None
    comments: Sequence[dict] = ()
    uploads: Sequence[tuple[UploadedFile, CheckedUpload]] = ()
    remove_file_ids: Iterable[int] = field(default_factory=tuple)


def newest_document_version(
    item: ActionItem, *, document_id: int | None = None
) -> DocumentVersion | None:
    """The version a new draft comments on: the newest of the item's (or one document's)."""
    versions = DocumentVersion.objects.filter(document__action_item=item)
    if document_id is not None:
        versions = versions.filter(document_id=document_id)
    return versions.order_by("-uploaded_at", "-number", "-pk").first()


def start_new_version(obligation: Obligation, *, by: User) -> Submission:
    """Return the obligation's draft, starting one if there is none.

    A new draft copies the last version handed in (text, comment rows and
    files) and comments on the newest version of the same document.
    """
    existing = obligation.submissions.drafts().first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _create_draft(obligation, by=by)
    except IntegrityError:
        # Another focal point of the country started it at the same moment.
        return obligation.submissions.drafts().get()


def _create_draft(obligation: Obligation, *, by: User) -> Submission:
    last = obligation.submissions.sent().select_related("document_version").first()
    if last is None:
        return Submission.objects.create(
            obligation=obligation,
            number=1,
            created_by=by,
            document_version=newest_document_version(obligation.action_item),
        )
    document_id = last.document_version.document_id if last.document_version else None
    return last.start_new_version(
        by=by,
        document_version=newest_document_version(obligation.action_item, document_id=document_id),
    )


@transaction.atomic
def save_draft(
    obligation: Obligation,
    *,
    by: User,
    draft_id: int | None,
    revision: int,
    changes: DraftChanges,
) -> Submission:
    """Save the typed draft if nobody changed it since `revision`; else raise DraftConflict.

    `draft_id` None means the form was opened when there was no draft: the
    draft is started now (as a copy of the last version, if any). Otherwise a
    conditional UPDATE ... WHERE revision = N claims the draft; a concurrent
    save that started from the same revision matches no row and is refused.
    """
    if draft_id is None:
        try:
            with transaction.atomic():
                if obligation.submissions.drafts().exists():
                    raise DraftConflict(obligation)
                draft = _create_draft(obligation, by=by)
        except IntegrityError:
            raise DraftConflict(obligation) from None
    else:
        claimed = Submission.objects.filter(
            pk=draft_id, obligation=obligation, status=Submission.Status.DRAFT, revision=revision
        ).update(revision=F("revision") + 1)
        if not claimed:
            raise DraftConflict(obligation)
        draft = Submission.objects.get(pk=draft_id)
    draft.text = changes.text
    draft.no_comments = changes.no_comments
    draft.document_version = changes.document_version
    draft.save()
    draft.comments.all().delete()
    SubmissionComment.objects.bulk_create(
        SubmissionComment(submission=draft, position=position, **row)
        for position, row in enumerate(changes.comments, start=1)
    )
    removed = list(draft.files.filter(pk__in=list(changes.remove_file_ids)))
    if removed:
        draft.files.filter(pk__in=[f.pk for f in removed]).delete()
        _delete_unreferenced_files_on_commit([f.file.name for f in removed])
    for upload, checked in changes.uploads:
        stored = SubmissionFile(
            submission=draft,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        stored.file.save(checked.name, upload, save=False)
        stored.save()
    return draft


def _lock_draft(obligation: Obligation, *, draft_id: int, revision: int) -> Submission:
    """Lock the draft for the rest of the transaction if it is still at `revision`."""
    draft = (
        Submission.objects.select_for_update()
        .filter(pk=draft_id, obligation=obligation, status=Submission.Status.DRAFT)
        .first()
    )
    if draft is None or draft.revision != revision:
        raise DraftConflict(obligation)
    return draft


@transaction.atomic
def discard_draft(obligation: Obligation, *, draft_id: int, revision: int) -> None:
    """Delete the draft unless someone changed it since `revision`."""
    draft = _lock_draft(obligation, draft_id=draft_id, revision=revision)
    names = list(draft.files.values_list("file", flat=True))
    draft.delete()
    _delete_unreferenced_files_on_commit(names)


def _delete_unreferenced_files_on_commit(names: list[str]) -> None:
    """Remove stored files no version refers to any more (versions share copied files)."""

    def delete() -> None:
        still_used = set(
            SubmissionFile.objects.filter(file__in=names).values_list("file", flat=True)
        )
        for name in set(names) - still_used:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete, robust=True)


@transaction.atomic
def submit_draft(obligation: Obligation, *, by: User, draft_id: int, revision: int) -> Submission:
    """Hand in the draft exactly as it was confirmed; e-mail the receipt and the secretariat.

    Refused with DraftConflict when the draft changed (or was handed in)
    after the focal point opened the confirmation page.
    """
    draft = _lock_draft(obligation, draft_id=draft_id, revision=revision)
    if not draft.has_content():
        raise NothingToSubmit
    draft.obligation = obligation
    draft.submit(by=by)
    queue_submission_emails(draft, "submitted")
    return draft


@transaction.atomic
def review_submission(
    submission: Submission, *, by: User, decision: str, message: str
) -> Submission:
    """Acknowledge or return a submitted version; the party's focal points are told."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.Status.SUBMITTED:
        raise AlreadyReviewed(locked)
    if decision == Submission.Status.ACKNOWLEDGED:
        locked.acknowledge(by=by, message=message)
    elif decision == Submission.Status.RETURNED:
        locked.return_for_revision(by=by, message=message)
    else:
        raise ValueError(f"Unknown decision {decision!r}.")
    queue_submission_emails(locked, decision)
    return locked


# E-mails about submissions ------------------------------------------------------------

SUBMISSION_EMAILS = {
    Submission.Status.SUBMITTED: "submission-receipt",
    Submission.Status.ACKNOWLEDGED: "submission-acknowledged",
    Submission.Status.RETURNED: "submission-returned",
}


def queue_submission_emails(submission: Submission, event: str) -> None:
    from . import tasks

    transaction.on_commit(
        partial(tasks.send_submission_emails.delay, submission.pk, str(event)), robust=True
    )


def party_recipients(party: Country | Organisation) -> list[User]:
    """The active focal points of a country or organisation."""
    return [
        focal_point.user
        for focal_point in FocalPoint.objects.active()
        .for_party(party)
        .select_related("user")
        .order_by("user__email")
    ]


def secretariat_recipients() -> list[tuple[str, str]]:
    """(address, language) of everyone told of new submissions, each address once.

    Active secretariat users in their own language, then the addresses of
    settings.SECRETARIAT_EMAILS in the site's default language.
    """
    recipients: dict[str, str] = {}
    for email, language in User.objects.filter(
        role=User.Role.SECRETARIAT, is_active=True
    ).values_list("email", "language"):
        recipients[email.lower()] = language
    for email in settings.SECRETARIAT_EMAILS:
        recipients.setdefault(email.strip().lower(), settings.LANGUAGE_CODE)
    return sorted(recipients.items())


def send_submission_emails(submission_id: int, event: str) -> int:
    """Send the e-mails of one event (submitted, acknowledged, returned); return how many."""
    submission = Submission.objects.select_related(
        "obligation__action_item__resolution__meeting__working_group",
        "obligation__country",
        "obligation__organisation",
        "submitted_by",
        "reviewed_by",
        "document_version__document",
    ).get(pk=submission_id)
    obligation = submission.obligation
    context = {
        "submission": submission,
        "obligation": obligation,
        "item": obligation.action_item,
        "link": absolute_url("members:submission_detail", submission.pk),
        "obligation_link": absolute_url("members:obligation_detail", obligation.pk),
    }
    sent = 0
    for user in party_recipients(obligation.party):
        send_email(
            SUBMISSION_EMAILS[event],
            [user.email],
            {**context, "recipient": user},
            language=user.language,
        )
        sent += 1
    if event == Submission.Status.SUBMITTED:
        for email, language in secretariat_recipients():
            send_email("submission-new", [email], context, language=language)
            sent += 1
    return sent


# Comment rounds -----------------------------------------------------------------------


@transaction.atomic
def open_comment_round(document_version: DocumentVersion, *, due: dt.date, by: User) -> int:
    """Circulate `document_version` for comments by `due`; return how many parties owe again.

    Records the round on the version, moves the item's deadline to `due`
    (an exact day), and returns the item's active obligations to pending.
    Submissions of the earlier round stay with the version they commented
    on; drafts are left as they are. Reviewing an old-round version later
    no longer changes the obligation (see Submission._review).
    """
    if due < local_today():
        raise ValueError("A comment round cannot end in the past.")
    item = ActionItem.objects.select_for_update().get(pk=document_version.document.action_item_id)
    if not item.is_open:
        raise ValueError("The item is closed: reopen it before opening a comment round.")
    document_version.comments_due = due
    document_version.save(update_fields=["comments_due"])
    item.due_latest = due
    item.due_earliest = None
    item.due_precision = ActionItem.Precision.DAY
    item.due_at_next_meeting = False
    item.due_text = ""
    item._history_user = by
    item.save()
    reopened = list(item.obligations.active().exclude(status=Obligation.Status.PENDING))
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
