"""Markup the apps' template tags share."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString


def badge(css: str, text: str) -> SafeString:
    """A Bootstrap badge whose words carry the meaning (the colour only repeats it).

    `css` completes `text-bg-`: "success", "warning", "light border"...
    """
    return format_html('<span class="badge text-bg-{}">{}</span>', css, text)
