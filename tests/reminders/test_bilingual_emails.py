"""E-mails carry the meeting's texts in the recipient's language, or the other one marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from reminders import services
from reminders.models import Reminder

from .conftest import at, sweep_only

pytestmark = pytest.mark.django_db
PLANNED_AT = at(dt.date(2021, 2, 22), 9)
NOW = at(dt.date(2021, 2, 22), 9, 1)


def _send_to(item, user) -> mail.EmailMultiAlternatives:
    sweep_only(PLANNED_AT)
    row = Reminder.objects.get(obligation__action_item=item, recipient=user)
    services.deliver_reminder(row.pk, now=NOW)
    return mail.outbox[-1]


def _spanish(user) -> None:
    user.language = "es"
    user.save(update_fields=["language"])


def test_a_spanish_recipient_reads_the_spanish_texts(owed_item, focal_mx):
    owed_item.title_es = "Comentarios sobre el inventario"
    owed_item.save()
    resolution = owed_item.resolution
    resolution.text_es = "Solicitar comentarios sobre el inventario."
    resolution.save()
    _spanish(focal_mx)
    message = _send_to(owed_item, focal_mx)
    assert "Comentarios sobre el inventario" in message.subject
    assert "Comments on the inventory" not in message.subject
    assert "Solicitar comentarios sobre el inventario." in message.body
    assert "Comentarios sobre el inventario" in message.alternatives[0][0]
    assert "[" not in message.subject  # nothing is marked: every text is in Spanish


def test_an_english_only_text_is_marked_for_a_spanish_recipient(owed_item, focal_mx):
    _spanish(focal_mx)
    message = _send_to(owed_item, focal_mx)
    with translation.override("es"):
        marker = gettext("only in English")
    assert f"Comments on the inventory [{marker}]" in message.subject
    assert f"Comments on the inventory [{marker}]" in message.body
    html = message.alternatives[0][0]
    assert '<span lang="en">Comments on the inventory</span>' in html
    assert f">{marker}</span>" in html


def test_an_english_recipient_of_the_same_item_reads_it_unmarked(owed_item, focal_cr):
    owed_item.title_es = "Comentarios sobre el inventario"
    owed_item.save()
    message = _send_to(owed_item, focal_cr)
    assert "Comments on the inventory" in message.subject
    assert "only in" not in message.body and "Comentarios" not in message.body


def test_the_content_is_read_in_the_recipients_language_whatever_is_active(owed_item, focal_mx):
    owed_item.title_es = "Comentarios sobre el inventario"
    owed_item.save()
    _spanish(focal_mx)
    with translation.override("en"):  # a sweep started from an English request or shell
        message = _send_to(owed_item, focal_mx)
    assert "Comentarios sobre el inventario" in message.subject
