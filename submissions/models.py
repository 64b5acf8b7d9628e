"""What the parties answer: versions of a submission with their comment rows and files,
and organisations' progress on what they deliver."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import User
from actions.models import DocumentVersion, Obligation
from members.models import Country, Organisation, party_q
from rcm_tracker.dates import late_days
from rcm_tracker.i18n import LANGUAGE_CHOICES


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def drafts(self) -> SubmissionQuerySet:
        return self.filter(status=Submission.Status.DRAFT)

    def sent(self) -> SubmissionQuerySet:
        """Versions handed in (whatever their review), never drafts."""
        return self.exclude(status=Submission.Status.DRAFT)

    def awaiting_review(self) -> SubmissionQuerySet:
        """The secretariat's review queue: submitted versions, oldest first."""
        return self.filter(status=Submission.Status.SUBMITTED).order_by("submitted_at", "pk")

    def visible_to(self, user: User) -> SubmissionQuerySet:
        """Versions the user may read.

        Staff read every version handed in but never a country's unsent
        draft; a focal point reads every version of its own party (see
        `ObligationQuerySet.visibility`).
        """
        if user.can_read_all:
            return self.sent()
        return self.filter(Obligation.objects.visibility(user, "obligation__"))

    def compiled_for(self, version, *, until: dt.datetime | None = None) -> SubmissionQuerySet:
        """The versions a compilation of comments on `version` holds.

        Per party, the latest version handed in that comments on `version` and
        is submitted or acknowledged (never a draft, nor one returned for
        revision). `until` is the closing time of a closed round: what came
        later is not part of it.
        """
        candidates = Submission.objects.filter(
            document_version=version, status__in=Submission.COMPILED_STATUSES
        )
        if until is not None:
            candidates = candidates.filter(submitted_at__lte=until)
        newer = candidates.filter(obligation=OuterRef("obligation"), number__gt=OuterRef("number"))
        return self.filter(pk__in=candidates.values("pk")).exclude(Exists(newer))

    def for_party(self, party: Country | Organisation) -> SubmissionQuerySet:
        return self.filter(party_q(party, "obligation__"))

    def with_newer_version(self) -> SubmissionQuerySet:
        """Annotate `has_newer`: a later version of the same obligation was handed in."""
        newer = Submission.objects.sent().filter(
            obligation=OuterRef("obligation"), number__gt=OuterRef("number")
        )
        return self.annotate(has_newer=Exists(newer))


class Submission(models.Model):
    """One version of what a country (or organisation) hands in for an obligation.

    Versions are numbered per obligation and never overwritten: changing a
    submitted answer starts a new draft version. At most one draft exists per
    obligation, so two focal points of a country always edit the same draft.
    """

    # Not a column: set by the compilation (submissions.compilation).
    days_late: int

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RETURNED = "returned", _("Returned for revision")

    # What a compilation of comments takes: versions handed in and not returned.
    COMPILED_STATUSES = (Status.SUBMITTED, Status.ACKNOWLEDGED)

    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("obligation"),
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("comments"), blank=True)
    # Answers stay in the language they were written in; this says which one.
    language = models.CharField(
        _("language of the answer"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text=_("The language the comments are written in."),
    )
    no_comments = models.BooleanField(
        _("no comments"),
        default=False,
        help_text=_("The country states explicitly that it has no comments."),
    )
    document_version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("document version commented on"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # Optimistic lock for drafts: a save must name the revision it started from.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    late_days = models.PositiveIntegerField(
        _("days late"), null=True, blank=True, help_text=_("0 when submitted on time.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_message = models.TextField(_("message from the secretariat"), blank=True)

    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["obligation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "number"], name="submission_version_unique"
            ),
            models.UniqueConstraint(
                fields=["obligation"],
                condition=Q(status="draft"),
                name="submission_one_draft_per_obligation",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="submission_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "acknowledged", "returned"]),
                name="submission_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="submission_submitted_has_when_and_who",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["acknowledged", "returned"])
                | Q(reviewed_at__isnull=False),
                name="submission_reviewed_has_when",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "es"]), name="submission_language_valid"
            ),
        ]
        indexes = [
            # The secretariat's review queue: submitted versions, oldest first.
            models.Index(fields=["status", "submitted_at"], name="submission_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.obligation} v{self.number}"

    @property
    def is_late(self) -> bool:
        return bool(self.late_days)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def has_content(self) -> bool:
        """Whether there is anything to hand in: text, comment rows, files or "no comments"."""
        return bool(
            self.no_comments or self.text.strip() or self.comments.exists() or self.files.exists()
        )

    @transaction.atomic
    def start_new_version(self, *, by: User, document_version=None) -> Submission:
        """Start the next draft version as a copy of this one, comment rows and files included.

        The stored files are shared, not duplicated: files are never deleted
        while a version refers to them. `document_version` is what the new
        draft comments on (by default the same as this version).
        """
        number = (
            Submission.objects.filter(obligation_id=self.obligation_id).aggregate(
                models.Max("number")
            )["number__max"]
            or 0
        ) + 1
        draft = Submission.objects.create(
            obligation_id=self.obligation_id,
            number=number,
            text=self.text,
            language=self.language,  # the copied text keeps its language
            no_comments=self.no_comments,
            document_version=document_version or self.document_version,
            created_by=by,
        )
        SubmissionComment.objects.bulk_create(
            SubmissionComment(
                submission=draft,
                position=row.position,
                section=row.section,
                section_key=row.section_key,
                page=row.page,
                comment_type=row.comment_type,
                comment=row.comment,
                proposed_change=row.proposed_change,
            )
            for row in self.comments.all()
        )
        SubmissionFile.objects.bulk_create(
            SubmissionFile(
                submission=draft,
                file=stored.file.name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                uploaded_by_id=stored.uploaded_by_id,
                uploaded_at=stored.uploaded_at,
            )
            for stored in self.files.all()
        )
        return draft

    @transaction.atomic
    def submit(self, *, by: User) -> None:
        """Hand the draft in; the obligation's state follows.

        A submission after the deadline is accepted and marked late.
        """
        if self.status != self.Status.DRAFT:
            raise ValueError("Only a draft can be submitted.")
        now = timezone.now()
        self.status = self.Status.SUBMITTED
        self.submitted_by = by
        self.submitted_at = now
        self.late_days = late_days(now, self.obligation.action_item.due_latest)
        self.save()
        self.obligation.record_submission(self)

    @transaction.atomic
    def acknowledge(self, *, by: User, message: str = "") -> None:
        """Accept the submission: the country's obligation is fulfilled."""
        self._review(self.Status.ACKNOWLEDGED, by=by, message=message)

    @transaction.atomic
    def return_for_revision(self, *, by: User, message: str) -> None:
        """Send the submission back; the country owes a revised version."""
        if not message.strip():
            raise ValueError("A message is required to return a submission.")
        self._review(self.Status.RETURNED, by=by, message=message)

    def _review(self, status: str, *, by: User, message: str) -> None:
        if self.status != self.Status.SUBMITTED:
            raise ValueError("Only a submitted version can be reviewed.")
        self.status = status
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.review_message = message
        self.save()
        # The obligation follows only the version it last recorded: reviewing
        # an older version, or one of a closed comment round, leaves it alone.
        obligation = Obligation.objects.select_for_update().get(pk=self.obligation_id)
        if obligation.last_submitted_at == self.submitted_at:
            obligation.record_review(self)
        self.obligation = obligation


def submission_upload_to(instance: SubmissionFile, filename: str) -> str:
    return f"submissions/{instance.submission.obligation_id}/{filename}"


class SubmissionFile(models.Model):
    """A file attached to one submission version."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="files", verbose_name=_("submission")
    )
    file = models.FileField(_("file"), upload_to=submission_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("submission file")
        verbose_name_plural = _("submission files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


def section_sort_key(section: str) -> str:
    """A key that orders sections the way people number them: 2 < 2.a < 2.10 < 10.

    Numbers are zero-padded, letters folded to lower case without accents,
    and leading signs ("§ 3", "# 3") dropped; a comment without a section sorts first.
    """
    text = unicodedata.normalize("NFKD", section).encode("ascii", "ignore").decode()
    text = re.sub(r"\s+", " ", text.casefold()).strip().lstrip("#*.- ")
    parts = re.split(r"(\d+)", text)
    return "".join(part.zfill(8) if part.isdigit() else part for part in parts)[:255]


def party_name(prefix: str = "") -> Coalesce:
    """An expression naming the country or organisation of an obligation, in the active language.

    `prefix` leads from the queried model to the obligation, e.g.
    "submission__obligation__".
    """
    spanish = (get_language() or "en")[:2] == "es"
    country = f"{prefix}country__name_{'es' if spanish else 'en'}"
    organisation = f"{prefix}organisation__acronym"
    if spanish:
        return Coalesce(F(country), NullIf(F(f"{organisation}_es"), Value("")), F(organisation))
    return Coalesce(F(country), F(organisation))


class SubmissionCommentQuerySet(models.QuerySet["SubmissionComment"]):
    def compiled_for(self, version, *, until: dt.datetime | None = None):
        """The rows of the versions compiled for `version` (see SubmissionQuerySet.compiled_for)."""
        return self.filter(submission__in=Submission.objects.compiled_for(version, until=until))

    def for_party(self, party: Country | Organisation) -> SubmissionCommentQuerySet:
        return self.filter(party_q(party, "submission__obligation__"))

    def in_compilation_order(self) -> SubmissionCommentQuerySet:
        """By section (as numbered), then party name (in the active language), then position."""
        return self.annotate(party_name=party_name("submission__obligation__")).order_by(
            "section_key", "party_name", "submission__obligation_id", "position", "pk"
        )


class SubmissionComment(models.Model):
    """One comment of a submission, tied to a section or page of the document.

    Once handed in, the secretariat answers it in the compilation of the
    round: accepted, accepted in part, not accepted or noted, with a rationale.
    """

    # Not a column: set by Compilation.with_lateness().
    days_late: int

    class Type(models.TextChoices):
        GENERAL = "general", _("General")
        TECHNICAL = "technical", _("Technical")
        EDITORIAL = "editorial", _("Editorial")

    class Response(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("comment response", "Accepted")
        ACCEPTED_IN_PART = "accepted_in_part", pgettext_lazy("comment response", "Accepted in part")
        NOT_ACCEPTED = "not_accepted", pgettext_lazy("comment response", "Not accepted")
        NOTED = "noted", pgettext_lazy("comment response", "Noted")

    # A response that departs from the comment says why.
    RATIONALE_REQUIRED = (Response.ACCEPTED_IN_PART, Response.NOT_ACCEPTED)

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("submission"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    section = models.CharField(_("section or paragraph"), max_length=100, blank=True)
    # Derived from `section` (section_sort_key) so that SQL can order a compilation.
    section_key = models.CharField(max_length=255, blank=True, editable=False)
    page = models.CharField(_("page"), max_length=20, blank=True)
    comment_type = models.CharField(
        _("type of comment"), max_length=10, choices=Type.choices, default=Type.GENERAL
    )
    comment = models.TextField(_("comment"))
    proposed_change = models.TextField(_("proposed change"), blank=True)
    response = models.CharField(
        _("response of the secretariat"), max_length=20, choices=Response.choices, blank=True
    )
    response_rationale = models.TextField(_("observations of the secretariat"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Optimistic lock for responses: a save names the revision it was read at.
    response_revision = models.PositiveIntegerField(_("response revision"), default=0)

    objects = SubmissionCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["submission", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment_type__in=["general", "technical", "editorial"]),
                name="submission_comment_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    response__in=["", "accepted", "accepted_in_part", "not_accepted", "noted"]
                ),
                name="submission_comment_response_valid",
            ),
            # An answered row says who answered and when; an unanswered one has
            # neither, nor a rationale.
            models.CheckConstraint(
                condition=Q(
                    response="",
                    response_rationale="",
                    responded_at__isnull=True,
                    responded_by__isnull=True,
                )
                | (~Q(response="") & Q(responded_at__isnull=False, responded_by__isnull=False)),
                name="submission_comment_response_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return self.comment[:60]

    def save(self, *args, **kwargs) -> None:
        self.section_key = section_sort_key(self.section)
        if kwargs.get("update_fields") is not None and "section" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "section_key"}
        super().save(*args, **kwargs)

    def respond(self, response: str, rationale: str, *, by: User) -> None:
        """Record (or clear, with an empty response) the secretariat's answer to this row.

        Callers check first that the round is still open
        (members.services.record_responses).
        """
        rationale = rationale.strip()
        if response and response not in self.Response.values:
            raise ValueError(f"Unknown response {response!r}.")
        if not response and rationale:
            raise ValueError("A rationale needs a response.")
        if response in self.RATIONALE_REQUIRED and not rationale:
            raise ValueError("This response needs a rationale.")
        self.response = response
        self.response_rationale = rationale
        self.responded_by = by if response else None
        self.responded_at = timezone.now() if response else None
        self.response_revision += 1
        self.save(
            update_fields=[
                "response",
                "response_rationale",
                "responded_by",
                "responded_at",
                "response_revision",
            ]
        )


class ProgressUpdate(models.Model):
    """An organisation's report on a deliverable assigned to it."""

    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("obligation"),
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["obligation", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="progress_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation}: {self.percent}%"
