"""What the two language versions of a report disagree on, in the reader's words.

`pair_reports` lists each disagreement as a code with the two values
(`translation_warnings`); `warning_messages` turns them into sentences such as
"Resolution 3.b: the Spanish version gives 1-14 Dec 2020, the English 1-7 Dec 2020".
The first version's values are the ones kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actions.models import ActionItem


def language_in_sentence(code: str | None) -> str:
    """ "Spanish" as it reads inside a sentence ("the Spanish version")."""
    if code == "es":
        return pgettext("language in a sentence", "Spanish")
    return pgettext("language in a sentence", "English")


def _date(value: Any) -> str:
    try:
        return date_format(dt.date.fromisoformat(str(value)), "j M Y")
    except ValueError:
        return str(value)


def _value(code: str, value: Any) -> str:
    """One version's value as a reader says it."""
    if value in (None, "", [], {}):
        return _("none")
    if code == "date_differs" and isinstance(value, dict):
        earliest, latest = value.get("earliest"), value.get("latest")
        if not latest:
            return _("no date")
        if earliest and earliest != latest:
            return f"{_date(earliest)}\N{EN DASH}{_date(latest)}"
        return _date(latest)
    if code == "meeting_date_differs":
        return _date(value)
    if code == "kind_differs":
        return str(dict(ActionItem.Kind.choices).get(value, value))
    if code == "recurrence_differs":
        return str(dict(ActionItem.Recurrence.choices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def warning_message(warning: dict[str, Any], language: str | None, other: str | None) -> str:
    """One disagreement as a sentence; `language` is the first version's, `other` the second's."""
    code = warning.get("message") or ""
    words = {
        "number": warning.get("number") or "",
        "translation_number": warning.get("translation_number") or "",
        "first": language_in_sentence(language),
        "second": language_in_sentence(other),
        "original": _value(code, warning.get("original")),
        "translation": _value(code, warning.get("translation")),
    }
    templates = {
        "same_language": _("Both versions are in %(first)s."),
        "meeting_date_differs": _(
            "The meeting's date: the %(second)s version gives %(translation)s, "
            "the %(first)s %(original)s."
        ),
        "participants_differ": _(
            "Participants: the %(second)s version names %(translation)s, "
            "the %(first)s %(original)s."
        ),
        "observers_differ": _(
            "Observers: the %(second)s version names %(translation)s, the %(first)s %(original)s."
        ),
        "unpaired_in_translation": _(
            "Resolution %(number)s has no %(second)s version in the second report."
        ),
        "unpaired_in_original": _(
            "Resolution %(translation_number)s of the %(second)s version is not in the first "
            "report, so it is left out."
        ),
        "number_differs": _(
            "Resolution %(number)s is numbered %(translation_number)s in the %(second)s version."
        ),
        "countries_differ": _(
            "Resolution %(number)s: the %(second)s version names the countries %(translation)s, "
            "the %(first)s %(original)s."
        ),
        "organisations_differ": _(
            "Resolution %(number)s: the %(second)s version names the organisations "
            "%(translation)s, the %(first)s %(original)s."
        ),
        "numbers_differ": _(
            "Resolution %(number)s: the %(second)s version gives the figures %(translation)s, "
            "the %(first)s %(original)s."
        ),
        "kind_differs": _(
            "Resolution %(number)s: the %(second)s version reads as %(translation)s, "
            "the %(first)s as %(original)s."
        ),
        "responsible_differs": _(
            "Resolution %(number)s: the %(second)s version asks %(translation)s to act, "
            "the %(first)s %(original)s."
        ),
        "date_differs": _(
            "Resolution %(number)s: the %(second)s version gives %(translation)s, "
            "the %(first)s %(original)s."
        ),
        "recurrence_differs": _(
            "Resolution %(number)s: the %(second)s version repeats it %(translation)s, "
            "the %(first)s %(original)s."
        ),
    }
    template = templates.get(code)
    if template is None:
        return _("The two versions differ (%(code)s).") % {"code": code}
    return template % words


def warning_messages(parsed: dict[str, Any]) -> list[str]:
    """The paired parse's warnings as sentences, in the order the parser found them."""
    language, other = parsed.get("language"), parsed.get("translation_language")
    return [warning_message(w, language, other) for w in parsed.get("translation_warnings") or []]
