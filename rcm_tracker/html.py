"""Markup the apps' template tags share."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from rcm_tracker.i18n import Localized


def badge(css: str, text: str) -> SafeString:
    """A Bootstrap badge whose words carry the meaning (the colour only repeats it).

    `css` completes `text-bg-`: "success", "warning", "light border"...
    """
    return format_html('<span class="badge text-bg-{}">{}</span>', css, text)


def _shortened(text: str, length: int | None) -> str:
    return Truncator(text).chars(length) if length else str(text)


def localized_html(text: object, length: int | None = None) -> SafeString:
    """A text written in the tracker, escaped; one shown in the other language than the
    reader's (a `Localized` fallback) carries its `lang` and a visible marker ("only in
    English"), so it is never passed off as a translation. `length` shortens the text."""
    shown = _shortened(str(text) if text is not None else "", length)
    if not isinstance(text, Localized) or not text.fallback or not shown:
        return format_html("{}", shown)
    return format_html(
        '<span lang="{}">{}</span> <span class="badge text-bg-light border fw-normal">{}</span>',
        text.language,
        shown,
        text.marker,
    )


def localized_plain(text: object, length: int | None = None) -> str:
    """The same for plain text (e-mails, titles, attributes): "… [only in English]"."""
    shown = _shortened(str(text) if text is not None else "", length)
    if not isinstance(text, Localized) or not text.fallback or not shown:
        return shown
    return f"{shown} [{text.marker}]"
