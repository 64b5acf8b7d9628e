"""Forms of focal points and of the secretariat's pages about them."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.forms import CrispyFormMixin
from accounts.models import User
from actions.models import ActionItem, DocumentVersion, WorkingGroup
from rcm_tracker.dates import local_today
from rcm_tracker.uploads import DOCUMENT_TYPES, EXTENSIONS, validate_upload

from .models import (
    Country,
    FocalPoint,
    Invitation,
    Organisation,
    ProgressUpdate,
    Submission,
    SubmissionComment,
    SubmissionFile,
)
from .services import DraftChanges, email_can_be_invited

# More files than this on one version is a mistake, not an answer.
MAX_FILES_PER_SUBMISSION = 20


# Invitations ---------------------------------------------------------------------------


class InvitationForm(CrispyFormMixin, forms.ModelForm):
    """The secretariat invites a focal point of one country or one organisation."""

    submit_label = _("Send the invitation")

    class Meta:
        model = Invitation
        fields = ["email", "full_name", "country", "organisation", "kind", "language"]
        help_texts = {
            "country": _("Choose a country or an organisation."),
            "language": _("Of the invitation e-mail and of the new account."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("-is_member", "name_en")
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if not email_can_be_invited(email):
            raise ValidationError(
                _("%(email)s already has an account; it cannot be invited again."),
                code="taken",
                params={"email": email},
            )
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An invitation to %(email)s is still pending: resend it from the list "
                    "of invitations instead."
                ),
                code="pending",
                params={"email": email},
            )
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        country, organisation = cleaned.get("country"), cleaned.get("organisation")
        if bool(country) == bool(organisation):
            self.add_error(
                "country", _("Choose either a country or an organisation (exactly one of them).")
            )
            return cleaned
        party = country or organisation
        if (
            cleaned.get("kind") == FocalPoint.Kind.PRIMARY
            and FocalPoint.objects.active()
            .for_party(party)
            .filter(kind=FocalPoint.Kind.PRIMARY)
            .exists()
        ):
            self.add_error(
                "kind",
                _(
                    "%(party)s already has an active primary focal point: invite an "
                    "alternate, or deactivate the primary first."
                )
                % {"party": party},
            )
        return cleaned


class InvitationAcceptForm(CrispyFormMixin, SetPasswordMixin, forms.Form):
    """The invited person names themselves and chooses a password."""

    submit_label = _("Set my password and sign in")

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        self.invitation = invitation
        kwargs.setdefault("initial", {"full_name": invitation.full_name})
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean(self) -> dict:
        self.validate_passwords()
        # The validators compare the password with the person's name and address.
        self.validate_password_for_user(
            User(email=self.invitation.email, full_name=self.cleaned_data.get("full_name", ""))
        )
        return super().clean()


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
        fields = ["text", "no_comments", "document_version"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(
        self,
        *args,
        obligation,
        draft: Submission | None,
        files: list[SubmissionFile] = (),
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
        super().__init__(*args, **kwargs)
        item = obligation.action_item
        self.fields["text"].label = self.TEXT_LABELS.get(
            item.kind, pgettext_lazy("form field", "Answer")
        )
        if newest_version is None:
            del self.fields["document_version"]
        else:
            field = self.fields["document_version"]
            field.queryset = (
                DocumentVersion.objects.filter(document__action_item=item)
                .select_related("document")
                .order_by("document__title", "-number")
            )
            field.label_from_instance = self._version_label
            field.empty_label = _("No particular version")
        if item.kind != ActionItem.Kind.COMMENT_REQUEST:
            del self.fields["no_comments"]
        self.files_on_draft = list(files)
        self.fields["remove_files"].choices = [(f.pk, f.original_name) for f in files]
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
        cleaned = super().clean()
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
        # The draft is saved by members.services.save_draft under its lock,
        # not through the model form; skip instance construction and checks.
        pass

    def changes(self, comments: list[dict]) -> DraftChanges:
        cleaned = self.cleaned_data
        return DraftChanges(
            text=cleaned.get("text", ""),
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
        cleaned = super().clean()
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
            if form.cleaned_data and not self._should_delete_form(form) and not form.is_blank()
        ]


def comment_formset(data=None, *, draft: Submission | None) -> BaseCommentFormSet:
    """The comment rows of `draft` (or those typed), with blank rows to add more."""
    initial = []
    if draft is not None:
        initial = [
            {name: getattr(row, name) for name in CommentRowForm.Meta.fields}
            for row in draft.comments.all()
        ]
    formset_class = forms.formset_factory(
        CommentRowForm,
        formset=BaseCommentFormSet,
        extra=1 if initial else 3,
        can_delete=True,
        max_num=200,
        absolute_max=200,
    )
    return formset_class(data, initial=initial, prefix="comments")


class ConfirmSubmissionForm(forms.Form):
    """The confirmation step names the draft revision the person read."""

    draft = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


# Review, progress, comment rounds ---------------------------------------------------------


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
        cleaned = super().clean()
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


class CommentRoundForm(CrispyFormMixin, forms.Form):
    """Circulate a document version for a new round of comments."""

    submit_label = _("Open the comment round")

    due = forms.DateField(
        label=_("Comments due by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day that still counts as on time."),
    )

    def __init__(self, *args, version: DocumentVersion, newest: DocumentVersion, **kwargs):
        self.version, self.newest = version, newest
        super().__init__(*args, **kwargs)

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < local_today():
            raise ValidationError(_("The round cannot end in the past."), code="past")
        return due

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.version.pk != self.newest.pk:
            raise ValidationError(
                _("Open the round on the newest version of the document (v%(number)d).")
                % {"number": self.newest.number}
            )
        if not self.version.document.action_item.is_open:
            raise ValidationError(
                _("The action item is closed: reopen it before opening a comment round.")
            )
        return cleaned


# Filters --------------------------------------------------------------------------------


class ReviewQueueFilter(django_filters.FilterSet):
    """Narrow the review queue to one country, organisation or working group."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="obligation__country",
        queryset=Country.objects.all(),
        empty_label=_("All countries"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="obligation__organisation",
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
    )
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        field_name="obligation__action_item__resolution__meeting__working_group",
        queryset=WorkingGroup.objects.all(),
        empty_label=_("All working groups"),
    )

    class Meta:
        model = Submission
        fields: list[str] = []


class FocalPointFilter(django_filters.FilterSet):
    """Narrow the list of focal points to one party, or to the active ones."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.all(), empty_label=_("All countries")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = FocalPoint
        fields: list[str] = []
