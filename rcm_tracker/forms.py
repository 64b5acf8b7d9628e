"""Form helpers every app's forms use: the crispy layout with one button, the date picker."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class CrispyFormMixin:
    """Give a form a crispy FormHelper with one submit button labelled `submit_label`."""

    submit_label = _("Save")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


class BilingualFormMixin:
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

    def clean(self):
        data = super().clean()
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
