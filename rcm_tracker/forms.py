"""Form helpers every app's forms use: the crispy layout with one button, the date picker."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Django's empty choice of a select, which no translation reaches.
DASHES = "---------"


def translated_empty_choices(form: forms.BaseForm) -> None:
    """Replace Django's "---------" by words: "Choose…" when required, "(none)" when not."""
    for field in form.fields.values():
        label = (
            pgettext_lazy("empty choice", "Choose…")
            if field.required
            else pgettext_lazy("empty choice", "(none)")
        )
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            choices = list(cast(Iterable[Any], field.choices))
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", label), *choices[1:]]


FieldT = TypeVar("FieldT", bound=forms.Field)
FormSetT = TypeVar("FormSetT", bound=forms.BaseFormSet)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field `name`, known to be a `kind` (a ModelChoiceField, say), to configure.

    `form.fields` holds plain `Field`s as far as types go; this checks the kind
    once, so that `queryset` or `choices` can be set without a cast.
    """
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind}")
    return field


def formset_class(
    form: type[forms.BaseForm], *, formset: type[FormSetT], **kwargs: Any
) -> type[FormSetT]:
    """`formset_factory`, typed as what it makes: a subclass of `formset` (stubs lose it)."""
    made = forms.formset_factory(form, formset=formset, **kwargs)
    if not issubclass(made, formset):
        raise TypeError(f"formset_factory made {made}, not a {formset}")
    return made


def label_options(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """Show each option of `field` as `label(obj)` rather than `str(obj)`."""
    # Django's documented way is an instance attribute; the stubs declare
    # label_from_instance a method, and mypy refuses assigning to one.
    field.label_from_instance = label  # type: ignore[method-assign,assignment]


class CrispyFormMixin:
    """Give a form a crispy FormHelper with one submit button labelled `submit_label`."""

    submit_label = _("Save")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self, forms.BaseForm):
            translated_empty_choices(self)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    """A native date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def bilingual_row(field: str) -> Div:
    """The English and Spanish versions of `field` side by side (stacked on phones)."""
    return Div(
        Div(f"{field}_en", css_class="col-md-6"),
        Div(f"{field}_es", css_class="col-md-6"),
        css_class="row bilingual-row",
    )


if TYPE_CHECKING:  # what the form mixin below is mixed into
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class BilingualFormMixin(_FormBase):
    """Forms with texts in English and Spanish (`<field>_en`, `<field>_es`).

    `bilingual_fields` lists the texts; each version's input says its language
    (`lang`), so spell checkers and screen readers use the right one. Those in
    `bilingual_required` need one version at least: when both are empty the
    form says so on both fields.
    """

    bilingual_fields: tuple[str, ...] = ()
    bilingual_required: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.bilingual_fields:
            for language in ("en", "es"):
                field = self.fields.get(f"{name}_{language}")
                if field is None:
                    continue
                field.widget.attrs["lang"] = language
                if name in self.bilingual_required:
                    field.help_text = _("One language is enough.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in self.bilingual_required:
            english, spanish = f"{name}_en", f"{name}_es"
            if english not in self.fields or self._errors_on(english, spanish):
                continue
            if not (data.get(english) or "").strip() and not (data.get(spanish) or "").strip():
                message = _(
                    "Write the %(field)s in English or in Spanish: one language is enough."
                ) % {"field": self.bilingual_label(name)}
                self.add_error(english, message)
                self.add_error(spanish, message)
        return data

    def _errors_on(self, *names: str) -> bool:
        return any(name in self.errors for name in names)

    def bilingual_label(self, name: str) -> str:
        """The field's name in the sentence of the error ("title", "text")."""
        labels = {"title": _("title"), "text": _("text")}
        return str(labels.get(name, name))
