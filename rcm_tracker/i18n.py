"""Helpers for texts kept in both RCM languages (English and Spanish).

Reference data (names of groups, countries, organisations) has `name_en` and
`name_es`: `pick` chooses. What people write into the tracker (titles,
resolution texts, notes...) is stored as `<field>_en` and `<field>_es`, one of
them possibly empty: `Bilingual` reads it as a `Localized` string that knows
which language it is in and whether it stands in for the reader's language.
"""

from __future__ import annotations

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

LANGUAGES = ("en", "es")
# The choices of a field saying which language a text is in.
LANGUAGE_CHOICES = [("en", gettext_lazy("English")), ("es", gettext_lazy("Spanish"))]


def active_language() -> str:
    """The reader's language: "es" when Spanish is active, else "en"."""
    return "es" if (get_language() or "en")[:2] == "es" else "en"


def other_language(language: str) -> str:
    return "en" if language == "es" else "es"


def chosen_language(value: object, default: str | None = None) -> str:
    """`value` when it names a language ("en"/"es"), else `default` or the reader's."""
    return str(value) if value in LANGUAGES else (default or active_language())


def pick(english: str, spanish: str) -> str:
    """Return the Spanish text when Spanish is active and present, else the English."""
    return spanish if active_language() == "es" and spanish else english


class Localized(str):
    """A text in one language: `language` ("en"/"es") and `fallback`, true when the
    reader's language had no version and this is the other one."""

    language: str
    fallback: bool

    def __new__(cls, text: str, language: str, fallback: bool = False) -> Localized:
        value = super().__new__(cls, text)
        value.language = language
        value.fallback = fallback
        return value

    def __reduce__(self):
        return (Localized, (str(self), self.language, self.fallback))

    @property
    def marker(self) -> str:
        """ "only in English" / "only in Spanish" (in the reader's language) for a fallback."""
        if not self.fallback:
            return ""
        return _("only in English") if self.language == "en" else _("only in Spanish")

    def plain(self) -> str:
        """The text for plain-text output: a fallback ends with "[only in English]"."""
        return f"{self} [{self.marker}]" if self.fallback and self else str(self)


def localize(english: str, spanish: str, language: str | None = None) -> Localized:
    """The version in `language` (default: the reader's), else the other, marked."""
    wanted = language or active_language()
    texts = {"en": english or "", "es": spanish or ""}
    if texts[wanted]:
        return Localized(texts[wanted], wanted)
    other = other_language(wanted)
    if texts[other]:
        return Localized(texts[other], other, fallback=True)
    return Localized("", wanted)


class Bilingual:
    """`title = Bilingual("title")` on a model with `title_en` and `title_es`:
    `obj.title` is a `Localized` text in the reader's active language.

    Read-only: code writes `title_en` / `title_es`, saying which language it means.
    """

    def __init__(self, field: str) -> None:
        self.field = field

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return localize(
            getattr(instance, f"{self.field}_en"), getattr(instance, f"{self.field}_es")
        )

    def __set__(self, instance, value) -> None:
        raise AttributeError(f"{self.name} is read-only: write {self.field}_en or {self.field}_es")

    def fields(self) -> tuple[str, str]:
        return f"{self.field}_en", f"{self.field}_es"


def localized_expression(field: str, language: str | None = None):
    """SQL for `field` in `language` (default: the reader's), falling back to the other:
    for ordering and annotating (`order_by(localized_expression("title"))`)."""
    wanted = language or active_language()
    return Coalesce(
        NullIf(F(f"{field}_{wanted}"), Value("")), F(f"{field}_{other_language(wanted)}")
    )


def search_both(field: str, words: str, lookup: str = "icontains") -> Q:
    """A filter matching `words` in either language of `field` (`title__icontains`)."""
    return Q(**{f"{field}_en__{lookup}": words}) | Q(**{f"{field}_es__{lookup}": words})


def in_one_language_at_least(field: str, name: str):
    """The check constraint of a required bilingual text: one of its versions is not empty."""
    from django.db.models import CheckConstraint

    return CheckConstraint(
        condition=~Q(**{f"{field}_en": ""}) | ~Q(**{f"{field}_es": ""}), name=name
    )


def both_columns(*fields: str) -> list[str]:
    """The columns of bilingual `fields`: ("title", "notes") → title_en, title_es, notes_en..."""
    return [f"{field}_{language}" for field in fields for language in LANGUAGES]
