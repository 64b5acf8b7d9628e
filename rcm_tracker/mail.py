"""E-mails rendered from `emails/<name>-subject.txt`, `-body.txt` and `-body.html`."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

# The display name of DEFAULT_FROM_EMAIL that is the app's own name, shown translated.
DEFAULT_SENDER_NAME = "RCM Tracker"


def sender() -> str:
    """DEFAULT_FROM_EMAIL with the app's name in the active language ("Seguimiento CRM").

    A display name the operator set to something else is kept as it is.
    """
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name in ("", DEFAULT_SENDER_NAME):
        name = gettext("RCM Tracker")
    return formataddr((name, address))


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
        from_email = sender()
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email,
        to=list(to),
        cc=list(cc),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_email(name: str, to: Sequence[str], context: dict, **options) -> None:
    """Render and send e-mail `name`; see build_email."""
    build_email(name, to, context, **options).send()
