"""Forms of the parties' answers: drafts with comment rows and files, confirmation,
review, progress updates, and the compilation's responses and filters."""

from __future__ import annotations

from collections.abc import Sequence

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from actions.models import ActionItem, DocumentVersion, WorkingGroup
from members.models import Country, Organisation
from rcm_tracker.forms import CrispyFormMixin, field_of, formset_class, label_options
from rcm_tracker.i18n import active_language, localized_expression
from rcm_tracker.uploads import DOCUMENT_TYPES, DOCX, EXTENSIONS, XLSX, validate_upload

from .models import ProgressUpdate, Submission, SubmissionComment, SubmissionFile
from .services import DraftChanges

# More files than this on one version is a mistake, not an answer.
MAX_FILES_PER_SUBMISSION = 20
# The most comment rows one version holds, typed and uploaded together.
MAX_COMMENT_ROWS = 200


# Drafts and submissions -------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each checked by content and size (rcm_tracker.uploads)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ",".join(
            [*DOCUMENT_TYPES, *(EXTENSIONS[t] for t in DOCUMENT_TYPES)]
        )

    def clean(self, data, initial=None) -> list:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append((upload, validate_upload(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class RemovableFilesField(forms.TypedMultipleChoiceField):
    """Files of the draft to remove.

    An id no longer on the draft (another focal point removed the file
    meanwhile) is ignored rather than refused: the outcome is the same.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class SubmissionForm(forms.ModelForm):
    """The draft of one version: text, the document version it is about, files.

    `draft` and `revision` name the draft the form was opened on, so that a
    save can be refused when someone else saved that draft meanwhile.
    """

    attachments = AttachmentsField(
        label=_("Add files"),
        help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPEG; several files may be chosen at once."),
    )
    remove_files = RemovableFilesField(
        label=_("Remove files"), required=False, widget=forms.CheckboxSelectMultiple
    )
    draft = forms.IntegerField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    TEXT_LABELS = {
        ActionItem.Kind.COMMENT_REQUEST: _("General comments"),
        ActionItem.Kind.INFORMATION_REQUEST: _("Information"),
        ActionItem.Kind.DELIVERABLE: _("Note on the deliverable"),
    }

    class Meta:
        model = Submission
        fields = ["text", "language", "no_comments", "document_version"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(
        self,
        *args,
        obligation,
        draft: Submission | None,
        files: Sequence[SubmissionFile] = (),
        newest_version: DocumentVersion | None = None,
        **kwargs,
    ) -> None:
        """`files` are the draft's files; `newest_version` the item's newest document version."""
        self.obligation = obligation
        self.newest_version = newest_version
        kwargs.setdefault("instance", draft or Submission(obligation=obligation))
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("draft", draft.pk if draft else None)
        initial.setdefault("revision", draft.revision if draft else 0)
        if draft is None and newest_version is not None:
            initial.setdefault("document_version", newest_version.pk)
        if draft is None:
            initial.setdefault("language", active_language())  # the writer's, by default
        super().__init__(*args, **kwargs)
        # Not sent (an older page): the draft keeps its language.
        self.fields["language"].required = False
        item = obligation.action_item
        self.fields["text"].label = self.TEXT_LABELS.get(
            item.kind, pgettext_lazy("form field", "Answer")
        )
        if newest_version is None:
            del self.fields["document_version"]
        else:
            field = field_of(self, "document_version", forms.ModelChoiceField)
            field.queryset = (
                DocumentVersion.objects.filter(document__action_item=item)
                .select_related("document")
                .order_by(localized_expression("document__title"), "-number")
            )
            label_options(field, self._version_label)
            field.empty_label = _("No particular version")
        if item.kind != ActionItem.Kind.COMMENT_REQUEST:
            del self.fields["no_comments"]
        self.files_on_draft = list(files)
        remove_files = field_of(self, "remove_files", forms.ChoiceField)
        remove_files.choices = [(f.pk, f.original_name) for f in files]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @staticmethod
    def _version_label(version: DocumentVersion) -> str:
        label = f"{version.document.title} — v{version.number} ({version.original_name})"
        if version.comments_due:
            label += " · " + str(_("comments due %(day)s") % {"day": version.comments_due})
        return label

    def clean_draft(self) -> int | None:
        return self.cleaned_data.get("draft") or None

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        removed = set(cleaned.get("remove_files") or [])
        kept = len([f for f in self.files_on_draft if f.pk not in removed])
        added = len(cleaned.get("attachments") or [])
        if added and kept + added > MAX_FILES_PER_SUBMISSION:
            self.add_error(
                "attachments",
                ngettext(
                    "A version holds at most %(limit)d file.",
                    "A version holds at most %(limit)d files.",
                    MAX_FILES_PER_SUBMISSION,
                )
                % {"limit": MAX_FILES_PER_SUBMISSION},
            )
        return cleaned

    def _post_clean(self) -> None:
        # The draft is saved by submissions.services.save_draft under its lock,
        # not through the model form; skip instance construction and checks.
        pass

    def rows_fit(self, rows: list[dict], upload: forms.Form | None) -> bool:
        """Whether the comment rows (typed and read from a template) go with this answer.

        At most MAX_COMMENT_ROWS, and none beside "no comments"; a refusal is
        put on the form it came from (the template upload, or this one).
        """
        if len(rows) > MAX_COMMENT_ROWS:
            (upload or self).add_error(
                "file" if upload else None,
                _("A version holds at most %(limit)d comment rows; this would make %(count)d.")
                % {"limit": MAX_COMMENT_ROWS, "count": len(rows)},
            )
            return False
        if self.cleaned_data.get("no_comments") and rows:
            self.add_error(
                "no_comments",
                _("You said you have no comments but wrote comment rows: clear one or the other."),
            )
            return False
        return True

    def changes(self, comments: list[dict]) -> DraftChanges:
        cleaned = self.cleaned_data
        return DraftChanges(
            text=cleaned.get("text", ""),
            language=cleaned.get("language", ""),
            no_comments=cleaned.get("no_comments", False),
            document_version=cleaned.get("document_version"),
            comments=comments,
            uploads=cleaned.get("attachments") or [],
            remove_file_ids=list(cleaned.get("remove_files") or []),
        )


class CommentRowForm(forms.ModelForm):
    """One comment tied to a section or page of the document; a blank row is ignored."""

    class Meta:
        model = SubmissionComment
        fields = ["section", "page", "comment_type", "comment", "proposed_change"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 3}),
            "proposed_change": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = False
        self.use_required_attribute = False

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(
            (data.get(name) or "").strip()
            for name in ("section", "page", "comment", "proposed_change")
        )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if not self.is_blank() and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Write the comment, or clear the whole row."))
        return cleaned

    def _post_clean(self) -> None:
        # Rows are saved by members.services.save_draft, never as model instances.
        pass

    def row(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.Meta.fields} | {
            "comment_type": self.cleaned_data.get("comment_type") or SubmissionComment.Type.GENERAL
        }


class BaseCommentFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled rows, in order, without those marked for removal."""
        return [
            form.row()
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get(DELETION_FIELD_NAME)
            and not form.is_blank()
        ]


def comment_formset(data=None, *, draft: Submission | None) -> BaseCommentFormSet:
    """The comment rows of `draft` (or those typed), with blank rows to add more."""
    initial = []
    if draft is not None:
        initial = [
            {name: getattr(row, name) for name in CommentRowForm.Meta.fields}
            for row in draft.comments.all()
        ]
    rows_class = formset_class(
        CommentRowForm,
        formset=BaseCommentFormSet,
        extra=1 if initial else 3,
        can_delete=True,
        max_num=MAX_COMMENT_ROWS,
        absolute_max=MAX_COMMENT_ROWS,
    )
    return rows_class(data, initial=initial, prefix="comments")


class CommentTemplateUploadForm(forms.Form):
    """Comment rows uploaded from the filled template (XLSX or DOCX), added to or replacing
    the rows of the form."""

    ADD, REPLACE = "add", "replace"

    file = forms.FileField(
        label=_("Upload comments from the template"),
        required=False,
        help_text=_(
            "The filled XLSX or DOCX template of this page. Its rows are read with the "
            "same checks as typed rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f"{XLSX},{DOCX},.xlsx,.docx"}),
    )
    mode = forms.ChoiceField(
        label=_("The uploaded rows"),
        choices=[
            (ADD, _("are added after the rows below")),
            (REPLACE, _("replace the rows below")),
        ],
        initial=ADD,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "template")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self) -> list[dict]:
        """The rows of the uploaded template ([] when no file was chosen)."""
        from .comment_sheets import read_rows

        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        checked = validate_upload(upload, allowed=(XLSX, DOCX))
        return read_rows(upload, checked.content_type)

    def combine(self, typed: list[dict]) -> list[dict]:
        """The rows to save: the typed ones with the uploaded ones added, or replaced by them."""
        uploaded = self.cleaned_data.get("file") or []
        if not uploaded:
            return typed
        return uploaded if self.cleaned_data.get("mode") == self.REPLACE else typed + uploaded


class ConfirmSubmissionForm(forms.Form):
    """The confirmation step names the draft revision the person read."""

    draft = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


# Review and progress ---------------------------------------------------------------------


class ReviewForm(CrispyFormMixin, forms.Form):
    """The secretariat acknowledges a submitted version or returns it with a message."""

    submit_label = _("Record the review")

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Submission.Status.ACKNOWLEDGED, _("Acknowledge")),
            (Submission.Status.RETURNED, _("Return for revision")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the focal points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E-mailed with the decision. Required when returning for revision."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The page wraps the form itself, to carry where to go next.
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("decision") == Submission.Status.RETURNED
            and not (cleaned.get("message") or "").strip()
        ):
            self.add_error(
                "message", _("Say what to revise: the message is required to return a version.")
            )
        return cleaned


class ProgressUpdateForm(CrispyFormMixin, forms.ModelForm):
    """An organisation reports how far a deliverable has come."""

    submit_label = _("Post the update")

    class Meta:
        model = ProgressUpdate
        fields = ["percent", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["percent"].validators += [MinValueValidator(0), MaxValueValidator(100)]
        self.fields["percent"].widget.attrs.update({"min": 0, "max": 100})


# Compilations -----------------------------------------------------------------------------


class ResponseForm(forms.Form):
    """The secretariat's answer to one row of a compilation."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    response = forms.ChoiceField(
        label=_("Response"),
        choices=[("", _("Not answered yet")), *SubmissionComment.Response.choices],
        required=False,
    )
    rationale = forms.CharField(
        label=_("Observations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        response = cleaned.get("response") or ""
        rationale = (cleaned.get("rationale") or "").strip()
        cleaned["rationale"] = rationale
        if rationale and not response:
            self.add_error("response", _("Choose the response, or clear the observations."))
        elif response in SubmissionComment.RATIONALE_REQUIRED and not rationale:
            self.add_error(
                "rationale",
                _("Say why: observations are required when a comment is %(response)s.")
                % {"response": SubmissionComment.Response(response).label.lower()},
            )
        return cleaned

    def has_changed_from(self, row: SubmissionComment) -> bool:
        data = self.cleaned_data
        return (data.get("response") or "", data.get("rationale") or "") != (
            row.response,
            row.response_rationale,
        )


ResponseFormSet = forms.formset_factory(
    ResponseForm, extra=0, max_num=MAX_COMMENT_ROWS, absolute_max=MAX_COMMENT_ROWS
)


def response_formset(rows: list[SubmissionComment], data=None):
    """One response form per row shown, read at each row's current revision."""
    initial = [
        {
            "id": row.pk,
            "revision": row.response_revision,
            "response": row.response,
            "rationale": row.response_rationale,
        }
        for row in rows
    ]
    return ResponseFormSet(data, initial=initial, prefix="responses")


class CompilationFilter(django_filters.FilterSet):
    """Narrow a compilation to one country or organisation, a type of comment, a section."""

    UNANSWERED = "unanswered"

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="submission__obligation__country",
        queryset=Country.objects.none(),
        empty_label=_("All countries"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="submission__obligation__organisation",
        queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
    )
    comment_type = django_filters.ChoiceFilter(
        label=_("Type of comment"),
        choices=SubmissionComment.Type.choices,
        empty_label=_("All types"),
    )
    section = django_filters.ChoiceFilter(
        label=_("Section or paragraph"), empty_label=_("All sections")
    )
    response = django_filters.ChoiceFilter(
        label=_("Response"),
        choices=[(UNANSWERED, _("Not answered yet")), *SubmissionComment.Response.choices],
        empty_label=_("All responses"),
        method="filter_response",
    )

    class Meta:
        model = SubmissionComment
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        item: ActionItem,
        sections: list[str],
        narrowed: bool,
        show_responses: bool,
        **kwargs,
    ) -> None:
        """`sections` are the sections present; `narrowed`: the compilation shows one party."""
        super().__init__(data, queryset, **kwargs)
        if narrowed:
            del self.filters["country"], self.filters["organisation"]
        else:
            self.filters["country"].queryset = (
                Country.objects.filter(obligations__action_item=item).distinct().in_reader_order()
            )
            organisations = (
                Organisation.objects.filter(obligations__action_item=item)
                .distinct()
                .in_reader_order()
            )
            if organisations.exists():
                self.filters["organisation"].queryset = organisations
            else:
                del self.filters["organisation"]
        self.filters["section"].extra["choices"] = [(s, s) for s in sections if s]
        if not show_responses:
            del self.filters["response"]

    def filter_response(self, queryset, name: str, value: str):
        return queryset.filter(response="" if value == self.UNANSWERED else value)


# Filters --------------------------------------------------------------------------------


class ReviewQueueFilter(django_filters.FilterSet):
    """Narrow the review queue to one country, organisation or working group."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="obligation__country",
        queryset=Country.objects.in_reader_order(),
        empty_label=_("All countries"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="obligation__organisation",
        queryset=Organisation.objects.in_reader_order(),
        empty_label=_("All organisations"),
    )
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        field_name="obligation__action_item__resolution__meeting__working_group",
        queryset=WorkingGroup.objects.in_reader_order(),
        empty_label=_("All working groups"),
    )

    class Meta:
        model = Submission
        fields: list[str] = []
