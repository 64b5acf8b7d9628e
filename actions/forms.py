"""Forms of the secretariat's pages: meetings, resolutions, action items, documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from members.models import Country, Organisation
from rcm_tracker.concurrency import RevisionFormMixin
from rcm_tracker.dates import local_today
from rcm_tracker.forms import (
    BilingualFormMixin,
    CrispyFormMixin,
    DateInput,
    bilingual_row,
    field_of,
    label_options,
)
from rcm_tracker.uploads import DOCUMENT_TYPES, CheckedUpload, validate_upload

from .models import (
    ActionItem,
    Addressing,
    Document,
    DocumentVersion,
    Meeting,
    Presidency,
    Resolution,
    WorkingGroup,
    window_around,
)
from .outline import number_problem


def country_label(country: Country) -> str:
    """A country's name, marked when it is an observer rather than a member."""
    if country.is_member:
        return country.name
    return _("%(country)s (observer)") % {"country": country.name}


def organisation_label(organisation: Organisation) -> str:
    return f"{organisation.short_name} — {organisation.name}"


# A menu of meetings lists this many: the newest, or the newest of the chosen group.
MEETINGS_OFFERED = 50


class RecentMeetingChoices(ModelChoiceIterator):
    """The options of a meeting menu: a bounded number of meetings, newest first.

    A decade of meetings would make every filter form carry thousands of
    options. The menu offers the newest MEETINGS_OFFERED of the chosen working
    group (or of all groups), plus the meeting already chosen; the field
    still accepts any meeting of its queryset.
    """

    def __init__(self, field: forms.ModelChoiceField, working_group, selected) -> None:
        super().__init__(field)
        self.selected = selected
        self.every_meeting = self.queryset
        shown = self.queryset.order_by("-date", "-pk")  # the field's, set by super()
        if working_group:
            shown = shown.filter(working_group=working_group)
        self.queryset = shown

    def meetings(self) -> list[Meeting]:
        meetings = list(self.queryset[:MEETINGS_OFFERED])
        if self.selected and all(str(m.pk) != str(self.selected) for m in meetings):
            meetings += list(self.every_meeting.filter(pk=self.selected))
        return meetings

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for meeting in self.meetings():
            yield self.choice(meeting)

    def __len__(self) -> int:
        return len(self.meetings()) + (self.field.empty_label is not None)


def offer_recent_meetings(field: forms.ModelChoiceField, data) -> None:
    """Bound the options of a meeting filter (see RecentMeetingChoices) by the GET data."""
    working_group = data.get("working_group") if data else None
    selected = data.get("meeting") if data else None
    field.widget.choices = RecentMeetingChoices(
        field,
        working_group=working_group if str(working_group or "").isdigit() else None,
        selected=selected if str(selected or "").isdigit() else None,
    )
    field.help_text = _(
        "The most recent meetings; choose a working group to see the most recent of its meetings."
    )


if TYPE_CHECKING:  # what the form mixins below are mixed into
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class UploadMixin(_FormBase):
    """Check an uploaded file by content and size; give it a clean name."""

    def checked_upload(
        self, field: str, allowed: Iterable[str] = DOCUMENT_TYPES
    ) -> UploadedFile | None:
        upload = self.cleaned_data.get(field)
        if not isinstance(upload, UploadedFile):
            return upload
        checked: CheckedUpload = validate_upload(upload, allowed)
        upload.name = checked.name
        self.checked = checked
        return upload


# Meetings -------------------------------------------------------------------


def offer_parties(form: forms.BaseForm, *, countries: str, organisations: str) -> None:
    """Offer every country (members first) and the active organisations, in the reader's
    order and labelled as parties, in the form's fields `countries` and `organisations`."""
    country_field = field_of(form, countries, forms.ModelMultipleChoiceField)
    country_field.queryset = Country.objects.in_reader_order("-is_member")
    label_options(country_field, country_label)
    organisation_field = field_of(form, organisations, forms.ModelMultipleChoiceField)
    organisation_field.queryset = Organisation.objects.filter(is_active=True).in_reader_order()
    label_options(organisation_field, organisation_label)


class MeetingForm(
    RevisionFormMixin, UploadMixin, BilingualFormMixin, CrispyFormMixin, forms.ModelForm
):
    """A working group's meeting: when, where, who took part, and its report."""

    bilingual_fields = ("title", "place", "notes")

    class Meta:
        model = Meeting
        fields = [
            "working_group",
            "title_en",
            "title_es",
            "date",
            "end_date",
            "modality",
            "place_en",
            "place_es",
            "presidency",
            "participants",
            "observers",
            "report_file",
            "notes_en",
            "notes_es",
        ]
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "participants": forms.CheckboxSelectMultiple,
            "observers": forms.CheckboxSelectMultiple,
            "notes_en": forms.Textarea(attrs={"rows": 3}),
            "notes_es": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "presidency": _("Leave empty for the presidency in office on the meeting's date."),
            "report_file": _("The adopted report: PDF, Word, OpenDocument or Excel."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The group before this edit: items due at its next meeting may follow another date.
        self.previous_group_id = self.instance.working_group_id if self.instance.pk else None
        groups = Q(is_active=True)
        if self.instance.working_group_id:
            groups |= Q(pk=self.instance.working_group_id)
        working_group = field_of(self, "working_group", forms.ModelChoiceField)
        working_group.queryset = WorkingGroup.objects.filter(groups).in_reader_order()
        presidency = field_of(self, "presidency", forms.ModelChoiceField)
        presidency.queryset = Presidency.objects.select_related("country")
        offer_parties(self, countries="participants", organisations="observers")
        self.helper.layout = Layout(
            Fieldset(
                _("Meeting"),
                "working_group",
                bilingual_row("title"),
                Div(
                    Div("date", css_class="col-sm-6"),
                    Div("end_date", css_class="col-sm-6"),
                    css_class="row",
                ),
                "modality",
                bilingual_row("place"),
                "presidency",
            ),
            Fieldset(
                _("Who took part"),
                Field("participants", wrapper_class="checkbox-columns"),
                Field("observers", wrapper_class="checkbox-columns"),
            ),
            Fieldset(_("Report"), "report_file", bilingual_row("notes")),
        )

    def clean_report_file(self):
        return self.checked_upload("report_file")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        date, end_date = data.get("date"), data.get("end_date")
        if date and end_date and end_date < date:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        if date and not data.get("presidency"):
            data["presidency"] = Presidency.objects.for_date(date)
            self.instance.presidency = data["presidency"]
        return data

    @transaction.atomic
    def save_meeting(self, *, by: User) -> tuple[Meeting, list[ActionItem]]:
        """Save the meeting and re-date the "next meeting" items it moves; return both."""
        meeting = self.save(commit=False)
        if meeting.pk is None:
            meeting.created_by = by
        meeting.save()
        self.save_m2m()
        return meeting, meeting.redate_items_due_next(previous_group_id=self.previous_group_id)


# Resolutions ----------------------------------------------------------------


class ResolutionForm(RevisionFormMixin, BilingualFormMixin, CrispyFormMixin, forms.ModelForm):
    """A numbered item of the report; sub-items are numbered under their parent."""

    bilingual_fields = bilingual_required = ("text",)

    class Meta:
        model = Resolution
        fields = ["parent", "number", "text_en", "text_es"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 4}),
            "text_es": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "parent": _("Choose one for a sub-item (2.a is a sub-item of 2)."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting
        excluded = set()
        if self.instance.pk:
            excluded = {self.instance.pk, *(r.pk for r in self.instance.descendants())}
        parents = Resolution.objects.filter(meeting=meeting).exclude(pk__in=excluded)
        parent = field_of(self, "parent", forms.ModelChoiceField)
        parent.queryset = parents.order_by("order", "pk")
        label_options(parent, lambda r: f"{r.number}. {r.text[:70]}")
        self.fields["number"].required = False
        self.fields["number"].help_text = _(
            "Leave empty to take the next free number under the chosen parent."
        )
        self.helper.layout = Layout("parent", "number", bilingual_row("text"))
        if not self.instance.pk:
            self.helper.add_input(
                Submit("add_another", _("Save and add another"), css_class="btn-secondary")
            )

    def clean_number(self) -> str:
        return (self.cleaned_data.get("number") or "").strip().strip(".").replace(" ", "")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "number" not in data or "parent" not in data:
            return data
        parent = data.get("parent")
        number = data["number"] or Resolution.objects.next_number(self.meeting, parent)
        if not number:
            self.add_error("number", _("Enter the number, e.g. 3 or 2.a."))
            return data
        data["number"] = number
        problem = number_problem(
            number,
            parent.number if parent else None,
            example=(Resolution.objects.next_number(self.meeting, parent) or "…") if parent else "",
        )
        if problem:
            self.add_error("number", problem)
            return data
        numbers = Resolution.objects.filter(meeting=self.meeting).exclude(pk=self.instance.pk)
        if numbers.filter(number=number).exists():
            message = _("Resolution %(number)s already exists.") % {"number": number}
            self.add_error("number", message)
        elif self.instance.pk and self.instance.number != number:
            old = self.instance.number
            descendants = {r.pk for r in self.instance.descendants()}
            renamed = [
                number + r.number[len(old) :]
                for r in self.instance.descendants()
                if r.number.startswith(f"{old}.")
            ]
            clash = numbers.exclude(pk__in=descendants).filter(number__in=renamed)
            if clash.exists():
                self.add_error(
                    "number",
                    _("Its sub-items would take numbers already in use: %(numbers)s.")
                    % {"numbers": ", ".join(clash.values_list("number", flat=True))},
                )
        return data


# Action items ---------------------------------------------------------------


class ActionItemRulesMixin(_FormBase):
    """What an action item's fields must say together: a consistent due window, and
    someone who must act. Shared by the item form and the report import's review."""

    def clean(self):
        super().clean()
        data = self.cleaned_data
        self._clean_due_window(data)
        parties = (
            data.get("to_member_countries")
            or data.get("countries")
            or data.get("organisations")
            or data.get("to_ppt")
            or data.get("to_technical_secretariat")
            or data.get("to_working_group")
        )
        if not parties and not self.has_error("countries") and not self.has_error("organisations"):
            self.add_error(
                "to_member_countries",
                _("Say who must act: countries, organisations, the PPT, the Technical "
                  "Secretariat or the working group."),
            )  # fmt: skip
        return data

    def _clean_due_window(self, data: dict) -> None:
        precision = data.get("due_precision")
        first, last = data.get("due_earliest"), data.get("due_latest")
        if not precision or self.has_error("due_earliest") or self.has_error("due_latest"):
            return
        P = ActionItem.Precision
        if precision == P.NONE:
            message = _("Leave empty when the date is to be defined, or choose a due window.")
            if first:
                self.add_error("due_earliest", message)
            if last:
                self.add_error("due_latest", message)
            return
        if precision == P.DAY:
            if not last:
                self.add_error("due_latest", _("Enter the day it is due."))
            elif first and first != last:
                self.add_error(
                    "due_earliest", _("An exact day has no first day; leave this empty.")
                )
            data["due_earliest"] = None
            return
        if not (day := first or last):
            self.add_error(
                "due_latest",
                _("Enter a day of the window, or its first and last day."),
            )
            return
        if first and last:
            if last < first:
                self.add_error("due_latest", _("The last day cannot be before the first day."))
            return
        data["due_earliest"], data["due_latest"] = window_around(
            precision, day, day_is_last=first is None
        )


class ActionItemForm(
    RevisionFormMixin, ActionItemRulesMixin, BilingualFormMixin, CrispyFormMixin, forms.ModelForm
):
    """What a resolution asks, by when, and of whom."""

    bilingual_fields = ("title", "description", "due_text", "source_text")
    bilingual_required = ("title",)

    countries = forms.ModelMultipleChoiceField(
        label=_("Chosen countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Besides, or instead of, all member countries."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActionItem
        fields = [
            "kind",
            "title_en",
            "title_es",
            "description_en",
            "description_es",
            "source_text_en",
            "source_text_es",
            "due_precision",
            "due_earliest",
            "due_latest",
            "due_text_en",
            "due_text_es",
            "due_at_next_meeting",
            "recurrence",
            "to_member_countries",
            "to_ppt",
            "to_technical_secretariat",
            "to_working_group",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
            "source_text_en": forms.Textarea(attrs={"rows": 3}),
            "source_text_es": forms.Textarea(attrs={"rows": 3}),
            "due_earliest": DateInput(),
            "due_latest": DateInput(),
        }
        labels = {"due_earliest": _("First day"), "due_latest": _("Last day (or the day)")}
        help_texts = {
            "due_earliest": _(
                "For a window. Leave empty to take the whole week, month, quarter... "
                "of the last day."
            ),
            "due_latest": _("The last day that still counts as on time."),
        }

    def __init__(self, *args, resolution: Resolution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.resolution = resolution
        self.instance.resolution = resolution
        offer_parties(self, countries="countries", organisations="organisations")
        self.fields["recurrence"].help_text = _(
            "A recurring item starts its next occurrence when it is done."
        )
        if self.instance.pk:
            active = self.instance.obligations.active()
            members = set(Country.objects.members().values_list("pk", flat=True))
            chosen = active.filter(country__isnull=False).values_list("country_id", flat=True)
            self.initial["countries"] = [
                pk for pk in chosen if not (self.instance.to_member_countries and pk in members)
            ]
            self.initial["organisations"] = list(
                active.filter(organisation__isnull=False).values_list("organisation_id", flat=True)
            )
        self.helper.layout = Layout(
            Fieldset(
                _("What"),
                "kind",
                bilingual_row("title"),
                bilingual_row("description"),
                bilingual_row("source_text"),
            ),
            Fieldset(
                _("When"),
                "due_precision",
                Div(
                    Div("due_earliest", css_class="col-sm-6"),
                    Div("due_latest", css_class="col-sm-6"),
                    css_class="row",
                ),
                bilingual_row("due_text"),
                "due_at_next_meeting",
                "recurrence",
            ),
            Fieldset(
                _("Who must act"),
                "to_member_countries",
                Field("countries", wrapper_class="checkbox-columns"),
                Field("organisations", wrapper_class="checkbox-columns"),
                "to_ppt",
                "to_technical_secretariat",
                "to_working_group",
            ),
        )

    def save_parties(self, item: ActionItem) -> Addressing:
        """After saving the item: address its parties and date it by the group's next
        meeting. Call it in the transaction that saved the item."""
        countries = set(self.cleaned_data.get("countries") or [])
        if item.to_member_countries:
            countries |= set(Country.objects.members())
        addressing = item.address_to(
            countries=countries, organisations=self.cleaned_data.get("organisations") or []
        )
        if item.due_at_next_meeting and item.is_open:
            item.follow_next_meeting()
        elif item.due_meeting_id and not item.due_at_next_meeting:
            item.due_meeting = None
            item.save(update_fields=["due_meeting", "updated_at"])
        return addressing


class StatusForm(CrispyFormMixin, forms.Form):
    """Move an item on: open → in progress → done / cancelled, with a note."""

    submit_label = _("Change the status")

    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Completion or cancellation note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for done and cancelled: what was done, or why not."),
    )

    def __init__(self, *args, item: ActionItem | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "status", forms.ChoiceField).choices = (
            item.allowed_statuses() if item is not None else ActionItem.Status.choices
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("status") in ActionItem.CLOSED_STATUSES and not data.get("note", "").strip():
            self.add_error(
                "note", _("Say what was done, or why the item is cancelled.")
            )  # fmt: skip
        return data


class BulkStatusForm(StatusForm):
    """The same change for several selected items at once."""

    items = forms.ModelMultipleChoiceField(
        label=_("Selected items"),
        queryset=ActionItem.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one item.")},
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "items", forms.ModelMultipleChoiceField).queryset = items
        status = field_of(self, "status", forms.ChoiceField)
        status.choices = [("", _("Choose a status")), *ActionItem.Status.choices]
        self.helper.form_tag = False
        self.helper.inputs = []


# Documents ------------------------------------------------------------------


class DocumentForm(UploadMixin, BilingualFormMixin, CrispyFormMixin, forms.ModelForm):
    """A new document of an action item, with its first version."""

    bilingual_fields = ("title", "description", "note")
    bilingual_required = ("title",)

    file = forms.FileField(label=_("File (version 1)"))
    note_en = forms.CharField(
        label=_("About this version (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note_es = forms.CharField(
        label=_("About this version (Spanish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Document
        fields = ["title_en", "title_es", "description_en", "description_es"]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            bilingual_row("title"),
            bilingual_row("description"),
            "file",
            bilingual_row("note"),
        )

    def clean_file(self):
        return self.checked_upload("file")


class DocumentVersionForm(UploadMixin, BilingualFormMixin, CrispyFormMixin, forms.ModelForm):
    """The next version of a document; earlier versions stay."""

    submit_label = _("Upload")
    bilingual_fields = ("note",)

    class Meta:
        model = DocumentVersion
        fields = ["file", "note_en", "note_es"]
        widgets = {
            "note_en": forms.Textarea(attrs={"rows": 2}),
            "note_es": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("file", bilingual_row("note"))

    def clean_file(self):
        return self.checked_upload("file")


# Presidency -----------------------------------------------------------------


class PresidencyForm(CrispyFormMixin, forms.ModelForm):
    """The yearly handover: the next country to hold the Presidency Pro Tempore."""

    submit_label = _("Record the handover")

    class Meta:
        model = Presidency
        fields = ["country", "year", "starts_on"]
        widgets = {"starts_on": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        country = field_of(self, "country", forms.ModelChoiceField)
        country.queryset = Country.objects.members().in_reader_order()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        year, starts_on = data.get("year"), data.get("starts_on")
        if year and starts_on and abs(starts_on.year - year) > 1:
            self.add_error(
                "starts_on", _("The handover day should fall near the presidency's year.")
            )
        return data


class CommentRoundForm(CrispyFormMixin, forms.Form):
    """Circulate a document version for a new round of comments."""

    submit_label = _("Open the comment round")

    due = forms.DateField(
        label=_("Comments due by"),
        widget=DateInput(),
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
        super().clean()
        cleaned = self.cleaned_data
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
