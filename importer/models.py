"""A meeting report on its way into the tracker: the file, its text, the parse and the
secretariat's corrections, until it is saved as a meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Meeting, WorkingGroup


def report_import_upload_to(instance: ReportImport, filename: str) -> str:
    return f"imports/{timezone.now():%Y/%m}/{filename}"


class ReportImportQuerySet(models.QuerySet["ReportImport"]):
    def pending(self) -> ReportImportQuerySet:
        """Imports read and reviewed but not yet saved as a meeting."""
        return self.filter(saved_at__isnull=True)


class ReportImport(models.Model):
    """A meeting report on its way in: the file, its text, the parse and the corrections.

    The secretariat uploads or pastes a report; the importer's parse is kept
    here, with the corrections typed on the review page so far (`draft`), so
    that an error or a break loses nothing. Saving it creates the meeting
    (see `actions.services.save_import`) and links it here.
    """

    file = models.FileField(_("report"), upload_to=report_import_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("text read from the report"))
    translation_text = models.TextField(
        _("text of the other language version"),
        blank=True,
        help_text=_("The same report in the other language, when one was given."),
    )
    translation_name = models.CharField(
        _("file name of the other language version"), max_length=255, blank=True
    )
    parsed = models.JSONField(_("parse"), help_text=_("What the importer read, as it read it."))
    draft = models.JSONField(
        _("corrections"),
        null=True,
        blank=True,
        help_text=_("The review page's fields as last sent, kept until the import is saved."),
    )
    meeting_date = models.DateField(
        _("meeting date"), null=True, blank=True, help_text=_("Given for a report without one.")
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("working group"),
        help_text=_("Given for a report that names none."),
    )
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_import",
        verbose_name=_("meeting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    objects = ReportImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report import")
        verbose_name_plural = _("report imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Only a saved import has a meeting (the meeting may be deleted later).
            models.CheckConstraint(
                condition=Q(meeting__isnull=True) | Q(saved_at__isnull=False),
                name="report_import_meeting_when_saved",
            ),
        ]
        indexes = [
            # "Was this very file imported before?": the duplicate check before saving.
            models.Index(fields=["sha256"], name="report_import_sha256_idx"),
            # The unfinished imports on the import page, newest first.
            models.Index(
                fields=["-created_at"],
                condition=Q(saved_at__isnull=True),
                name="report_import_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def has_translation(self) -> bool:
        return bool(self.translation_text)

    @property
    def is_saved(self) -> bool:
        return self.saved_at is not None

    def read_bytes(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()

    def discard(self) -> None:
        """Delete an unsaved import with its file and corrections."""
        if self.is_saved:
            raise ValueError("A saved import records where its meeting came from: keep it.")
        self.file.delete(save=False)
        self.delete()
