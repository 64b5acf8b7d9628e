"""Form helpers every app's forms use: the crispy layout with one button, the date picker."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
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
            choices = list(field.choices)
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", label), *choices[1:]]


class CrispyFormMixin:
    """Give a form a crispy FormHelper with one submit button labelled `submit_label`."""

    submit_label = _("Save")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translated_empty_choices(self)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    """A native date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
