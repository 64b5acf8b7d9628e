"""E-mails rendered from `emails/<name>-subject.txt`, `-body.txt` and `-body.html`."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_email(
    name: str,
    to: Sequence[str],
    context: dict,
    *,
    language: str = "en",
    cc: Sequence[str] = (),
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """Render e-mail `name` in `language`, as plain text with an HTML alternative."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=list(to), cc=list(cc), headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message


def send_email(name: str, to: Sequence[str], context: dict, **options) -> None:
    """Render and send e-mail `name`; see build_email."""
    build_email(name, to, context, **options).send()
