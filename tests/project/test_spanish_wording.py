"""Spanish that reads as written by a Spanish speaker: words agree with what they
count or describe, and nothing a reader sees is left in English or in code."""

from __future__ import annotations

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format

from accounts.models import User
from actions.forms import MeetingForm
from actions.history import action_item_history
from dashboards.stats import QuarterRow, Rate
from rcm_tracker.mail import build_email, sender
from reminders.services import GAVE_UP, REFUSED, smtp_reply
from reminders.templatetags.reminders import delivery_error

pytestmark = pytest.mark.django_db


def test_history_verbs_agree_with_their_subject_in_spanish(members_item, secretariat):
    with translation.override("es"):
        labels = {e.subject: e.action_label for e in action_item_history(members_item, secretariat)}
    obligation = next(s for s in labels if s.startswith("Obligación de"))
    assert labels[obligation] == "creada"  # la obligación, not "creado"
    item = next(s for s in labels if s.startswith("Acción"))
    assert labels[item] == "creada"


def test_count_headers_are_plural_where_status_labels_are_singular(client_as, published_meeting):
    User.objects.filter(role="manager").update(language="es")
    page = client_as("manager").get("/dashboards/").content.decode()
    assert ">Vencidas</p>" in page  # the card counting overdue items
    assert '<th scope="col" class="text-end">Abiertas</th>' in page
    assert re.search(r'<th scope="col" class="text-end">Vencen en \d+ días</th>', page)
    assert "Panorama general" in page


def test_spanish_numbers_have_a_decimal_point_and_comma_thousands():
    with translation.override("es"):
        assert number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"


def test_quarters_are_named_in_spanish():
    rate = QuarterRow(dt.date(2026, 10, 1), Rate(0, 0), Rate(0, 0))
    with translation.override("es"):
        assert rate.label == "T4 2026"
    with translation.override("en"):
        assert rate.label == "2026 Q4"


def test_e_mails_come_from_the_app_in_the_readers_language(settings):
    settings.DEFAULT_FROM_EMAIL = "RCM Tracker <noreply@example.org>"
    with translation.override("es"):
        assert sender() == "Seguimiento CRM <noreply@example.org>"
    with translation.override("en"):
        assert sender() == "RCM Tracker <noreply@example.org>"
    settings.DEFAULT_FROM_EMAIL = "PPT Costa Rica <ppt@example.org>"  # the operator's own name
    with translation.override("es"):
        assert sender() == "PPT Costa Rica <ppt@example.org>"


def test_a_focal_points_e_mail_is_sent_from_the_app_in_its_language(client_as, focal_cr):
    """The receipt of a submission, in Costa Rica's Spanish, from "Seguimiento CRM"."""
    with translation.override("es"):
        message = build_email(
            "submission-returned",
            ["a@example.org"],
            {"who": "X", "number": 1, "party": "Costa Rica", "url": "/"},
            language="es",
        )
    assert message.from_email.startswith("Seguimiento CRM <")
    assert mail.outbox == []


def test_the_authenticator_app_names_the_tracker_in_the_users_language(secretariat):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=secretariat, name="authenticator", confirmed=False)
    with translation.override("es"):
        assert "issuer=Seguimiento%20CRM" in device.config_url


def test_sending_errors_are_shown_in_our_words_with_the_smtp_code_only():
    refused = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")})
    stored = REFUSED + smtp_reply(refused)
    gave_up = GAVE_UP.format(attempts=5) + smtp_reply(ConnectionRefusedError())
    with translation.override("es"):
        assert delivery_error(stored) == "El servidor de correo rechazó el mensaje. (SMTP 550)"
        assert delivery_error(gave_up) == "Envío abandonado tras 5 intentos."
    assert "SMTPRecipientsRefused" not in stored and "No such user" not in stored


def test_empty_choices_are_words_not_dashes():
    with translation.override("es"):
        form = MeetingForm()
        assert form.fields["working_group"].empty_label == "Elija…"
        assert form.fields["presidency"].empty_label == "(ninguno)"
        html = str(form["working_group"])
    assert "---------" not in html


def test_the_server_error_page_is_in_the_readers_language():
    with open("templates/500.html", encoding="utf-8") as source:
        template = Template(source.read())
    with translation.override("es"):
        html = template.render(Context())
    assert '<html lang="es">' in html and "Algo salió mal" in html
    assert "Something went wrong" not in html


def test_iso_dates_of_a_parsed_report_are_shown_as_the_reader_writes_them():
    template = Template("{% load dates %}{{ value|iso_date }}")
    with translation.override("es"):
        assert template.render(Context({"value": "2020-09-28"})) == "28 de septiembre de 2020"
        assert template.render(Context({"value": "not a date"})) == "not a date"


def test_exports_have_spanish_ascii_file_names(client_as):
    User.objects.filter(role="manager").update(language="es")
    client = client_as("manager")
    matrix = client.get("/dashboards/matrix/export.csv")
    items = client.get("/actions/items/export.xlsx")
    assert 'filename="crm-matriz-de-cumplimiento-' in matrix["Content-Disposition"]
    assert 'filename="crm-acciones-' in items["Content-Disposition"]


def test_sort_choices_are_our_words():
    from actions.filters import ActionItemFilter

    with translation.override("es"):
        labels = {key: str(label) for key, label in ActionItemFilter().form.fields["sort"].choices}
    assert labels["-due"] == "Fecha de vencimiento, las más lejanas primero"
    assert not any("descend" in str(label) for label in labels.values())
