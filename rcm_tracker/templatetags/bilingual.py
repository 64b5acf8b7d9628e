"""Texts written in the tracker in the reader's language, or marked when only in the other.

`{{ item.title|bilingual }}` in HTML: a fallback text gets `lang` and a badge
("only in English" / "solo en inglés"). `{{ item.title|bilingual_text }}` in
plain text (e-mails, <title>, attributes): "... [only in English]". Both take
an optional length to shorten the text to (`|bilingual:60`).
"""

from django import template

from rcm_tracker.html import localized_html, localized_plain

register = template.Library()


@register.filter(is_safe=True)
def bilingual(text, length: int | None = None):
    """The text as HTML, a fallback marked; see the module."""
    return localized_html(text, int(length) if length else None)


@register.filter
def bilingual_text(text, length: int | None = None) -> str:
    """The text as plain text, a fallback followed by "[only in English]"."""
    return localized_plain(text, int(length) if length else None)
