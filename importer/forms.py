"""Forms of the report import: reading a report, and reviewing what the importer read.

The review page is one HTML form made of several Django forms (`ImportReview`):
the meeting, the resolution outline and the action items as formsets (extra
empty rows let anyone add without JavaScript), and the confirmation asked
before a duplicate meeting is created.
"""

from __future__ import annotations

import logging
import zipfile
from typing import Any, Generic, TypeVar

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.db import models
from django.forms import BaseFormSet
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pypdf.errors import PyPdfError

from actions.forms import (
    ActionItemRulesMixin,
    MeetingForm,
    UploadMixin,
    country_label,
    organisation_label,
)
from actions.models import ActionItem, WorkingGroup
from members.models import Country, Organisation
from rcm_tracker.forms import (
    CrispyFormMixin,
    DateInput,
    bilingual_row,
    field_of,
    formset_class,
    translated_empty_choices,
)
from rcm_tracker.uploads import REPORT_TYPES, TEXT

from .parser import UnsupportedFormat, extract_text, parse_report
from .services import (
    DUE_TEXT_MAX,
    TITLE_MAX,
    ImportData,
    ItemData,
    MeetingData,
    Problem,
    ResolutionData,
    outline_problems,
    pasted_bytes,
    report_language,
)
from .warnings import language_in_sentence

logger = logging.getLogger(__name__)
PASTED_NAME = "pasted-report.txt"
LANGUAGE_NAMES = {"en": _("English"), "es": _("Spanish")}


def _normalise_number(value: str | None) -> str:
    """ "2. a " → "2.a": what people type for a resolution number."""
    return (value or "").strip().strip(".").replace(" ", "")


# Reading a report ---------------------------------------------------------------------------


class ReportUploadForm(UploadMixin, CrispyFormMixin, forms.Form):
    """Paste a report's text or choose its file; say its date and group if it does not."""

    submit_label = _("Read the report")

    text = forms.CharField(
        label=_("Paste the report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("The whole report as copied from Word, a PDF or a web page."),
    )
    file = forms.FileField(label=_("…or choose its file"), required=False)
    translation_text = forms.CharField(
        label=_("Same report in the other language (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Paste the Spanish version of an English report, or the English version of a "
            "Spanish one: both are saved, each resolution beside its translation."
        ),
    )
    translation_file = forms.FileField(
        label=_("…or choose the other language version's file"), required=False
    )
    meeting_date = forms.DateField(
        label=_("Meeting date"),
        required=False,
        widget=DateInput(),
        help_text=_("Used only when the report does not give it."),
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("Used only when the report does not name it."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        working_group = field_of(self, "working_group", forms.ModelChoiceField)
        working_group.queryset = WorkingGroup.objects.filter(is_active=True).in_reader_order()
        self.fields["file"].help_text = _(
            "Plain text, Markdown, Word (.docx) or PDF, at most %(size)s."
        ) % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".txt,.md,.markdown,.docx,.pdf"
        self.fields["translation_file"].help_text = self.fields["file"].help_text
        self.fields["translation_file"].widget.attrs["accept"] = ".txt,.md,.markdown,.docx,.pdf"
        self.helper.layout = Layout(
            Fieldset(_("The report"), "text", "file"),
            Fieldset(
                _("Same report in the other language (optional)"),
                "translation_text",
                "translation_file",
            ),
            Fieldset(
                _("If the report does not say"),
                Div(
                    Div("meeting_date", css_class="col-sm-6"),
                    Div("working_group", css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
        )
        self.report: dict[str, Any] | None = None
        self.translation: dict[str, Any] | None = None

    def clean_file(self):
        upload = self.checked_upload("file", REPORT_TYPES)
        self.file_checked = getattr(self, "checked", None)
        return upload

    def clean_translation_file(self):
        upload = self.checked_upload("translation_file", REPORT_TYPES)
        self.translation_checked = getattr(self, "checked", None)
        return upload

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.has_error("file") or self.has_error("translation_file"):
            return data
        self.report = self._read("text", "file", getattr(self, "file_checked", None))
        if self.report is None:
            if not self.has_error("text") and not self.has_error("file"):
                self.add_error("text", _("Paste the report's text, or choose its file below."))
            return data
        self.translation = self._read(
            "translation_text", "translation_file", getattr(self, "translation_checked", None)
        )
        if self.translation is not None:
            self._check_languages()
        return data

    def _check_languages(self) -> None:
        """The second version must be in the other language: say so where it was given."""
        assert self.report is not None and self.translation is not None
        first = report_language(parse_report(self.report["text"]))
        second = report_language(parse_report(self.translation["text"]))
        self.report["language"], self.translation["language"] = first, second
        if first == second:
            field = self.translation["field"]
            self.add_error(
                field,
                _("Both versions are in %(language)s. The second must be the same report in "
                  "the other language.") % {"language": LANGUAGE_NAMES[first]},
            )  # fmt: skip
            self.translation = None
            if self.report["field"] == "file":
                # A browser cannot fill a file input again: keep the first report as its text.
                data = QueryDict(mutable=True)
                data.update(self.data)
                data["text"] = self.report["text"]
                self.data = data

    def _read(self, text_field: str, file_field: str, checked: Any) -> dict[str, Any] | None:
        """The report given in `text_field` or `file_field` (None when neither or on an error)."""
        data = self.cleaned_data
        text, upload = data.get(text_field) or "", data.get(file_field)
        if upload and text.strip():
            self.add_error(file_field, _("Paste the text or choose a file, not both."))
            return None
        if upload:
            raw, name, content_type, field = (
                upload.read(),
                checked.name,
                checked.content_type,
                file_field,
            )
        elif text.strip():
            raw, name, content_type, field = pasted_bytes(text), PASTED_NAME, TEXT, text_field
        else:
            return None
        try:
            report_text = extract_text(raw, name)
        except UnsupportedFormat:
            self.add_error(
                field,
                _("“%(name)s” is an old Word (.doc) file, which cannot be read. Save it "
                  "again as .docx or PDF, or paste its text.") % {"name": name},
            )  # fmt: skip
            return None
        except (PyPdfError, zipfile.BadZipFile, ValueError, KeyError):
            # What the library said stays in the log: it is English and means little to the reader.
            logger.info("Report %r could not be read", name, exc_info=True)
            self.add_error(
                field,
                _("“%(name)s” could not be read: it is damaged, protected by a password, or "
                  "not what its name says. Save it again as .docx or PDF, or paste its "
                  "text.") % {"name": name},
            )  # fmt: skip
            return None
        if not any(ch.isalpha() for ch in report_text):
            self.add_error(
                field,
                _("No text could be read from it: a scanned PDF holds only pictures of its "
                  "pages. Paste the report's text instead."),
            )  # fmt: skip
            return None
        return {
            "text": report_text,
            "data": raw,
            "name": name,
            "content_type": content_type,
            "field": field,
        }


class OtherLanguageForm(ReportUploadForm):
    """A saved meeting's report in the language the meeting lacks, pasted or as a file."""

    submit_label = _("Compare with the meeting")

    def __init__(self, *args, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language = language  # the meeting's: the report must be in the other one
        for name in ("translation_text", "translation_file", "meeting_date", "working_group"):
            del self.fields[name]
        self.fields["text"].label = _("Paste the report in %(language)s") % {
            "language": language_in_sentence("es" if language == "en" else "en")
        }
        self.helper.layout = Layout(Fieldset(_("The report in the other language"), "text", "file"))

    def clean(self):
        forms.Form.clean(self)
        if self.has_error("file"):
            return self.cleaned_data
        self.report = self._read("text", "file", getattr(self, "file_checked", None))
        if self.report is None:
            if not self.has_error("text") and not self.has_error("file"):
                self.add_error("text", _("Paste the report's text, or choose its file below."))
            return self.cleaned_data
        if report_language(parse_report(self.report["text"])) == self.language:
            self.add_error(
                self.report["field"],
                _("This report is in %(language)s, like the meeting. Give the same report in "
                  "the other language.") % {"language": LANGUAGE_NAMES[self.language]},
            )  # fmt: skip
            self.report = None
        return self.cleaned_data


# Reviewing the parse ------------------------------------------------------------------------


class ImportMeetingForm(MeetingForm):
    """The meeting as the report describes it; its file is the report itself.

    `language` is the report's: the resolutions' and items' texts are saved in it.
    """

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("en", _("English")), ("es", _("Spanish"))],
        help_text=_("The texts of the resolutions and action items are saved in this language."),
    )

    class Meta(MeetingForm.Meta):
        fields = [f for f in MeetingForm.Meta.fields if f != "report_file"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.inputs = []
        self.helper.layout.fields[0].fields.insert(0, "language")
        # The meeting form's layout, with the notes in place of the report (the report is
        # the file being imported).
        self.helper.layout.fields[-1] = Fieldset(_("Notes"), bilingual_row("notes"))

    def meeting_data(self) -> MeetingData:
        data = self.cleaned_data
        return MeetingData(
            working_group=data["working_group"],
            date=data["date"],
            title_en=data["title_en"],
            title_es=data["title_es"],
            end_date=data["end_date"],
            modality=data["modality"],
            place_en=data["place_en"],
            place_es=data["place_es"],
            presidency=data["presidency"],
            participants=list(data["participants"]),
            observers=list(data["observers"]),
            notes_en=data["notes_en"],
            notes_es=data["notes_es"],
            language=data["language"],
        )


def meeting_initial(meeting: MeetingData) -> dict[str, Any]:
    return {
        "language": meeting.language,
        "working_group": meeting.working_group,
        "title_en": meeting.title_en,
        "title_es": meeting.title_es,
        "date": meeting.date,
        "end_date": meeting.end_date,
        "modality": meeting.modality,
        "place_en": meeting.place_en,
        "place_es": meeting.place_es,
        "presidency": meeting.presidency,
        "participants": [c.pk for c in meeting.participants],
        "observers": [o.pk for o in meeting.observers],
        "notes_en": meeting.notes_en,
        "notes_es": meeting.notes_es,
    }


class ImportResolutionForm(forms.Form):
    """One numbered item of the outline."""

    number = forms.CharField(label=_("Number"), max_length=30)
    parent = forms.CharField(label=_("Under"), max_length=30, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    translation = forms.CharField(
        label=_("Text in the other language"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, languages: tuple[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unpaired = ""  # set by the view: the badge saying the second report lacks it
        if languages is None:
            del self.fields["translation"]
        else:
            label_languages(self, languages, {"text": "translation"}, _("Text in %(language)s"))

    def clean_number(self) -> str:
        return _normalise_number(self.cleaned_data.get("number"))

    def clean_parent(self) -> str:
        return _normalise_number(self.cleaned_data.get("parent"))

    @property
    def level(self) -> int:
        """How deep the row sits in the outline, from its number as typed (for indenting)."""
        return min(_normalise_number(str(self["number"].value() or "")).count("."), 3)


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of an ActionItem field: the same label, choices and help text."""
    model_field = ActionItem._meta.get_field(name)
    form_field = model_field.formfield(**kwargs) if isinstance(model_field, models.Field) else None
    if form_field is None:
        raise ValueError(f"ActionItem.{name} has no form field")
    return form_field


class ImportItemForm(ActionItemRulesMixin, forms.Form):
    """One action item: what, of whom, by when. The rules are the item form's own."""

    origin = forms.IntegerField(required=False, widget=forms.HiddenInput)
    resolution = forms.CharField(label=_("From resolution"), max_length=30)
    kind = _model_field("kind")
    # The title and the deadline's wording in the report's language (the meeting's `language`).
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    to_member_countries = _model_field("to_member_countries")
    countries = forms.TypedMultipleChoiceField(
        label=_("Chosen countries"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Besides, or instead of, all member countries."),
    )
    organisations = forms.TypedMultipleChoiceField(
        label=_("Organisations"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    to_ppt = _model_field("to_ppt")
    to_technical_secretariat = _model_field("to_technical_secretariat")
    to_working_group = _model_field("to_working_group")
    due_precision = _model_field("due_precision")
    due_earliest = _model_field("due_earliest", widget=DateInput(), label=_("First day"))
    due_latest = _model_field("due_latest", widget=DateInput(), label=_("Last day (or the day)"))
    due_text = forms.CharField(
        label=_("Due (as worded)"),
        max_length=DUE_TEXT_MAX,
        required=False,
        help_text=ActionItem._meta.get_field("due_text_en").help_text,
    )
    due_at_next_meeting = _model_field("due_at_next_meeting")
    recurrence = _model_field("recurrence")

    title_translation = forms.CharField(
        label=_("Title in the other language"), max_length=TITLE_MAX, required=False
    )
    due_text_translation = forms.CharField(
        label=_("Due (as worded) in the other language"), max_length=DUE_TEXT_MAX, required=False
    )

    def __init__(
        self,
        *args,
        country_choices=(),
        organisation_choices=(),
        languages: tuple[str, str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        translated_empty_choices(self)
        if languages is None:
            del self.fields["title_translation"]
            del self.fields["due_text_translation"]
        else:
            label_languages(
                self, languages, {"title": "title_translation"}, _("Title in %(language)s")
            )
            label_languages(
                self,
                languages,
                {"due_text": "due_text_translation"},
                _("Due (as worded) in %(language)s"),
            )
        field_of(self, "countries", forms.ChoiceField).choices = country_choices
        field_of(self, "organisations", forms.ChoiceField).choices = organisation_choices
        self.fields["due_earliest"].help_text = _(
            "For a window. Leave empty to take the whole week, month, quarter... of the last day."
        )
        self.source_blocks: list = []

    def clean_resolution(self) -> str:
        return _normalise_number(self.cleaned_data.get("resolution"))

    @property
    def has_chosen_countries(self) -> bool:
        return bool(self["countries"].value()) or self.has_error("countries")


def label_languages(
    form: forms.BaseForm, languages: tuple[str, str], pairs: dict[str, str], label: str | Promise
) -> None:
    """Label each (first, translation) field pair with its language and mark its `lang`."""
    for first, second in pairs.items():
        for name, language in ((first, languages[0]), (second, languages[1])):
            form.fields[name].label = str(label) % {"language": language_in_sentence(language)}
            form.fields[name].widget.attrs["lang"] = language


RowForm = TypeVar("RowForm", bound=forms.BaseForm)


class BaseRowFormSet(BaseFormSet, Generic[RowForm]):
    """Rows of the review: the ones kept (not removed, not left empty), with their index."""

    def kept_forms(self) -> list[RowForm]:
        kept = []
        for form in self.forms:
            if not form.has_changed() and form.empty_permitted:
                continue  # an extra row left empty
            if form.is_bound and "DELETE" in form.fields and form["DELETE"].data:
                continue
            kept.append(form)
        return kept


ResolutionFormSet = formset_class(
    ImportResolutionForm, formset=BaseRowFormSet, extra=2, can_delete=True, can_delete_extra=False
)
ItemFormSet = formset_class(
    ImportItemForm, formset=BaseRowFormSet, extra=1, can_delete=True, can_delete_extra=False
)


class ConfirmDuplicateForm(forms.Form):
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked: create this meeting anyway"), required=False
    )


# The review page as a whole ------------------------------------------------------------------

# Request keys that are not fields: the buttons and the CSRF token.
NOT_FIELDS = {"csrfmiddlewaretoken", "save", "keep"}


class ImportReview:
    """The meeting form, the resolution and item formsets, and the duplicate confirmation."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        initial: ImportData | None = None,
        initial_rows: dict[str, Any] | None = None,
        languages: tuple[str, str] | None = None,
    ) -> None:
        self.languages = languages
        self.countries = {c.pk: c for c in Country.objects.in_reader_order("-is_member")}
        self.organisations = {o.pk: o for o in Organisation.objects.in_reader_order("-is_active")}
        choices = {
            "country_choices": [(pk, country_label(c)) for pk, c in self.countries.items()],
            "organisation_choices": [
                (pk, organisation_label(o)) for pk, o in self.organisations.items()
            ],
        }
        rows = initial_rows or (self._rows_from(initial) if initial else {})
        self.meeting = ImportMeetingForm(data, prefix="meeting", initial=rows.get("meeting"))
        self.resolutions: BaseRowFormSet[ImportResolutionForm] = ResolutionFormSet(
            data,
            prefix="resolutions",
            initial=rows.get("resolutions"),
            form_kwargs={"languages": languages},
        )
        self.items: BaseRowFormSet[ImportItemForm] = ItemFormSet(
            data,
            prefix="items",
            initial=rows.get("items"),
            form_kwargs={**choices, "languages": languages},
        )
        self.confirm = ConfirmDuplicateForm(data, prefix="confirm")
        self.problems: list[Problem] = []
        self.errors: list[str] = []

    @staticmethod
    def _rows_from(initial: ImportData) -> dict[str, Any]:
        return {
            "meeting": meeting_initial(initial.meeting),
            "resolutions": [
                {
                    "number": r.number,
                    "parent": r.parent or "",
                    "text": r.text,
                    "translation": r.translation,
                }
                for r in initial.resolutions
            ],
            "items": [
                {
                    **{f.name: getattr(item, f.name) for f in _ITEM_FIELDS},
                    "countries": [c.pk for c in item.countries],
                    "organisations": [o.pk for o in item.organisations],
                }
                for item in initial.items
            ],
        }

    # Drafts: the fields as sent, kept on the ReportImport ----------------------------------

    @staticmethod
    def draft_of(data: QueryDict) -> dict[str, list[str]]:
        return {key: data.getlist(key) for key in data if key not in NOT_FIELDS}

    @classmethod
    def from_draft(
        cls, draft: dict[str, list[str]], languages: tuple[str, str] | None = None
    ) -> ImportReview:
        """The review as last sent, shown as a fresh form: the corrections, not their errors."""
        data = QueryDict(mutable=True)
        for key, draft_values in draft.items():
            data.setlist(key, draft_values)
        sent = cls(data, languages=languages)

        def values(form: forms.BaseForm) -> dict[str, Any]:
            return {name: form[name].value() for name in form.fields if name != "DELETE"}

        return cls(
            initial_rows={
                "meeting": values(sent.meeting),
                "resolutions": [values(f) for f in sent.resolutions.kept_forms()],
                "items": [values(f) for f in sent.items.kept_forms()],
            },
            languages=languages,
        )

    # Validation ------------------------------------------------------------------------

    def is_complete(self) -> bool:
        """Whether the page came back whole (its formsets' management data), not truncated
        or forged: only then is it worth keeping or checking."""
        return self.resolutions.management_form.is_valid() and self.items.management_form.is_valid()

    def is_valid(self) -> bool:
        """Check every form, then the outline as a whole; put each error next to its field."""
        valid = [
            self.meeting.is_valid(),
            self.resolutions.is_valid(),
            self.items.is_valid(),
            self.confirm.is_valid(),
        ]
        resolution_forms = self.resolutions.kept_forms()
        item_forms = self.items.kept_forms()
        resolutions = [self._resolution(f) for f in resolution_forms]
        numbers = {r.number for r in resolutions}
        for row in resolutions:  # "2.e" with no parent goes under "2"
            prefix = row.number.rsplit(".", 1)[0] if "." in row.number else None
            if row.parent is None and prefix in numbers:
                row.parent = prefix
        items = [self._item_target(f) for f in item_forms]
        self.problems = outline_problems(resolutions, items)
        for problem in self.problems:
            forms_ = resolution_forms if problem.rows == "resolutions" else item_forms
            form = forms_[problem.index]
            if not form.has_error(problem.field):
                form.add_error(problem.field, problem.message)
        self._resolution_data = resolutions
        return all(valid) and not self.problems

    @staticmethod
    def _resolution(form: ImportResolutionForm) -> ResolutionData:
        data = getattr(form, "cleaned_data", {})
        return ResolutionData(
            number=data.get("number") or _normalise_number(form["number"].value()),
            parent=data.get("parent") or None,
            text=data.get("text", ""),
            translation=data.get("translation") or "",
        )

    @staticmethod
    def _item_target(form: ImportItemForm) -> ItemData:
        number = getattr(form, "cleaned_data", {}).get("resolution")
        return ItemData(
            resolution=_normalise_number(number or form["resolution"].value()),
            kind="",
            title="",
        )

    def import_data(self) -> ImportData:
        """What to save; call after is_valid()."""
        items = []
        for form in self.items.kept_forms():
            data = form.cleaned_data
            items.append(
                ItemData(
                    **{f.name: data[f.name] for f in _ITEM_FIELDS if f.name in data},
                    countries=[self.countries[pk] for pk in data["countries"]],
                    organisations=[self.organisations[pk] for pk in data["organisations"]],
                )
            )
        return ImportData(
            meeting=self.meeting.meeting_data(),
            resolutions=self._resolution_data,
            items=items,
        )

    @property
    def allow_duplicate(self) -> bool:
        return bool(getattr(self.confirm, "cleaned_data", {}).get("confirm_duplicate"))

    def group_and_date(self, fallback: MeetingData | None = None) -> tuple[Any, Any]:
        """The working group and date the page says now, for the duplicate check."""
        if self.meeting.is_bound:
            data = getattr(self.meeting, "cleaned_data", {})
            return data.get("working_group"), data.get("date")
        initial = self.meeting.initial
        group = initial.get("working_group")
        if group is not None and not isinstance(group, WorkingGroup):
            group = WorkingGroup.objects.filter(pk=group).first()
        date = self.meeting["date"].value()
        if isinstance(date, str):
            date = self.meeting.fields["date"].to_python(date) if date else None
        return group, date

    @property
    def error_count(self) -> int:
        return (
            len(self.meeting.errors)
            + self.resolutions.total_error_count()
            + self.items.total_error_count()
            + len(self.errors)
        )


# The fields an ItemData and an item row share, besides the parties.
_ITEM_FIELDS = [
    f
    for f in ItemData.__dataclass_fields__.values()
    if f.name not in {"countries", "organisations"}
]
