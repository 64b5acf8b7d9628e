"""Workflows of the parties' answers that span several models.

Drafts saved under an optimistic lock, submission and review, the e-mails
these send, and the secretariat's responses in a compilation. E-mails are
queued as Celery tasks after the transaction commits, so a rolled-back write
sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from accounts.models import User
from actions.models import ActionItem, CommentRound, DocumentVersion, Obligation
from members.models import FocalPoint
from rcm_tracker.concurrency import StaleEdit, lock_at_revision, lock_at_revisions
from rcm_tracker.i18n import chosen_language
from rcm_tracker.links import absolute_url
from rcm_tracker.mail import send_email
from rcm_tracker.uploads import CheckedUpload

from .models import Submission, SubmissionComment, SubmissionFile, section_sort_key

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
    language: str = ""  # "" keeps the draft's
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

    A new draft copies the last version handed in (text and its language,
    comment rows and files) and comments on the newest version of the same
    document; a first draft is in its writer's language until they say otherwise.
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
            language=chosen_language(by.language, default="en"),  # the writer's, at first
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
    the draft is locked and its revision compared (rcm_tracker.concurrency): a
    concurrent save that started from the same revision finds it moved on.
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
        draft = _lock_draft(obligation, draft_id=draft_id, revision=revision)
        draft.revision += 1
    draft.text = changes.text
    draft.language = changes.language or draft.language
    draft.no_comments = changes.no_comments
    draft.document_version = changes.document_version
    draft.save()
    draft.comments.all().delete()
    SubmissionComment.objects.bulk_create(
        SubmissionComment(
            submission=draft,
            position=position,
            section_key=section_sort_key(row.get("section", "")),
            **row,
        )
        for position, row in enumerate(changes.comments, start=1)
    )
    removed = list(draft.files.filter(pk__in=list(changes.remove_file_ids)))
    if removed:
        draft.files.filter(pk__in=[f.pk for f in removed]).delete()
        _delete_unreferenced_files_on_commit([f.file.name for f in removed if f.file.name])
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
    try:
        return lock_at_revision(
            Submission.objects.filter(obligation=obligation, status=Submission.Status.DRAFT),
            draft_id,
            revision,
        )
    except StaleEdit:
        raise DraftConflict(obligation) from None


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

SUBMISSION_EMAILS: dict[str, str] = {
    Submission.Status.SUBMITTED: "submission-receipt",
    Submission.Status.ACKNOWLEDGED: "submission-acknowledged",
    Submission.Status.RETURNED: "submission-returned",
}


def queue_submission_emails(submission: Submission, event: str) -> None:
    from . import tasks

    transaction.on_commit(
        partial(tasks.send_submission_emails.delay, submission.pk, str(event)), robust=True
    )


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
        "link": absolute_url("submissions:submission_detail", submission.pk),
        "obligation_link": absolute_url("submissions:obligation_detail", obligation.pk),
    }
    sent = 0
    for user in FocalPoint.objects.active().for_party(obligation.party).users():
        send_email(
            SUBMISSION_EMAILS[event],
            [user.email],
            {**context, "recipient": user},
            language=user.language,
        )
        sent += 1
    if event == Submission.Status.SUBMITTED:
        for _user_id, email, language in User.objects.secretariat_addresses():
            send_email("submission-new", [email], context, language=language)
            sent += 1
    return sent


# Compilations --------------------------------------------------------------------------


class RoundClosed(Exception):
    """The round is closed: its compilation and responses no longer change."""


class ResponseConflict(Exception):
    """Some rows changed (or left the compilation) since the page was read; nothing was saved.

    `changed` maps the id of each such row to its current state, or to None
    when the row is no longer in the compilation (its country handed in a
    newer version).
    """

    def __init__(self, changed: dict[int, SubmissionComment | None]) -> None:
        super().__init__("Responses changed since the page was read.")
        self.changed = changed


@dataclass
class ResponseChange:
    """The secretariat's answer to one row, as typed, and the revision it was read at."""

    comment_id: int
    revision: int
    response: str
    rationale: str


def _locked_round(version: DocumentVersion) -> CommentRound:
    CommentRound.objects.get_or_create(document_version=version)
    return (
        CommentRound.objects.select_for_update()
        .select_related("document_version__document__action_item")
        .get(document_version=version)
    )


@transaction.atomic
def publish_compilation(version: DocumentVersion, *, by: User) -> CommentRound:
    """Show the compilation of `version`, responses included, to every country of the group."""
    comment_round = _locked_round(version)
    comment_round.publish(by=by)
    return comment_round


@transaction.atomic
def record_responses(
    version: DocumentVersion, changes: Sequence[ResponseChange], *, by: User
) -> int:
    """Save the secretariat's answers to rows of the compilation of `version`; return how many.

    All or nothing: when a row was answered by someone else since it was
    read (its revision moved), or left the compilation, ResponseConflict is
    raised and nothing is saved. A closed round raises RoundClosed.
    """
    comment_round = _locked_round(version)
    if comment_round.is_closed:
        raise RoundClosed
    try:
        rows = lock_at_revisions(
            SubmissionComment.objects.compiled_for(version),
            {change.comment_id: change.revision for change in changes},
            field="response_revision",
        )
    except StaleEdit as stale:
        raise ResponseConflict(stale.changed) from None
    for change in changes:
        rows[change.comment_id].respond(change.response, change.rationale, by=by)
    return len(changes)
