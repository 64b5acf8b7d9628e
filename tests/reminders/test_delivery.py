"""Delivering one ledger row: claimed once, re-checked, sent or failed, and the e-mail itself."""

from __future__ import annotations

import datetime as dt
import smtplib
import socket

import pytest
from django.core import mail

from actions.models import ActionItem
from reminders import services, tasks
from reminders.models import Reminder, Status
from reminders.services import Outcome, Verdict
from tests.factories import SubmissionFactory

from .backends import ScriptedBackend
from .conftest import at, ledger_headers, sweep_and_send, sweep_only

pytestmark = pytest.mark.django_db
D = dt.date
PLANNED_AT = at(D(2021, 2, 22), 9)
NOW = at(D(2021, 2, 22), 9, 1)


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.ScriptedBackend"
    ScriptedBackend.script = []
    yield ScriptedBackend.script
    ScriptedBackend.script = []


def _planned(item, user) -> Reminder:
    sweep_only(PLANNED_AT)
    return Reminder.objects.get(obligation__action_item=item, recipient=user)


def test_a_row_is_sent_once_however_often_it_is_delivered(owed_item, focal_cr):
    row = _planned(owed_item, focal_cr)
    assert services.deliver_reminder(row.pk, now=NOW).outcome == Outcome.SENT
    assert services.deliver_reminder(row.pk, now=NOW).outcome == Outcome.NOT_CLAIMED
    assert services.deliver_reminder(row.pk, now=NOW + dt.timedelta(days=1)).outcome == (
        Outcome.NOT_CLAIMED
    )
    row.refresh_from_db()
    assert (row.status, row.sent_at, row.attempts) == (Status.SENT, NOW, 1)
    assert ledger_headers(mail.outbox) == [f"reminder-{row.pk}"]


def test_the_email_names_the_item_meeting_resolution_due_date_state_and_links(owed_item, focal_cr):
    row = _planned(owed_item, focal_cr)
    services.deliver_reminder(row.pk, now=NOW)
    message = mail.outbox[0]
    meeting = owed_item.resolution.meeting
    obligation_url = f"https://rcm.example.org/members/obligations/{row.obligation_id}/"
    assert message.to == [focal_cr.email]
    assert message.subject == "Reminder: “Comments on the inventory” is due in 7 days"
    for text in [
        "Costa Rica has an answer due in 7 days:",
        "Comments on the inventory",
        f"Meeting: {meeting.working_group.name_en}, Sept. 28, 2020",
        f"Resolution: {owed_item.resolution.number}. {owed_item.resolution.text}",
        "Due: by March 1, 2021",
        "State: Pending — due in 7 days",
        obligation_url,
        "https://rcm.example.org/accounts/profile/",
    ]:
        assert text in message.body, text
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert f'href="{obligation_url}"' in html
    assert 'href="https://rcm.example.org/accounts/profile/"' in html
    assert message.extra_headers["Message-ID"] == f"<rcm-reminder-{row.pk}@rcm.example.org>"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_email_is_in_the_recipients_language(owed_item, focal_mx):
    focal_mx.language = "es"
    focal_mx.save(update_fields=["language"])
    row = _planned(owed_item, focal_mx)
    services.deliver_reminder(row.pk, now=NOW)
    message = mail.outbox[0]
    group = owed_item.resolution.meeting.working_group
    # Names, dates and states in Spanish (the lead translates this new sentences).
    for text in ["México", group.name_es, "28 de septiembre de 2020", "1 de marzo de 2021"]:
        assert text in message.body, text
    assert "Pendiente" in message.body
    assert '<html lang="es">' in message.alternatives[0][0]


def test_an_overdue_notice_says_so_and_the_copy_to_the_alternate_says_why(
    owed_item, focal_cr, focal_cr_alt
):
    sweep_and_send(at(D(2021, 3, 15)))
    mails = {m.to[0]: m for m in mail.outbox if m.to[0] in {focal_cr.email, focal_cr_alt.email}}
    primary, copy = mails[focal_cr.email], mails[focal_cr_alt.email]
    assert primary.subject == "Overdue: “Comments on the inventory” was due 14 days ago"
    assert "State: Pending — overdue by 14 days" in primary.body
    assert "The alternate focal points of Costa Rica are copied on this notice." in primary.body
    assert "You receive this copy as an alternate focal point of Costa Rica" in copy.body


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("submit", "The party has answered."),
        ("move", "The deadline has moved."),
        ("close", "The action item is closed."),
        ("deactivate", "The recipient is no longer a focal point of the party."),
    ],
)
def test_a_row_no_longer_wanted_when_its_turn_comes_is_not_sent(
    owed_item, focal_cr, secretariat, change, reason
):
    row = _planned(owed_item, focal_cr)
    if change == "submit":
        SubmissionFactory(obligation=row.obligation, created_by=focal_cr).submit(by=focal_cr)
    elif change == "move":
        ActionItem.objects.filter(pk=owed_item.pk).update(due_latest=D(2021, 3, 31))
    elif change == "close":
        owed_item.close(by=secretariat, note="Dropped at the meeting.")
    else:
        focal_cr.focal_point.deactivate()
    assert services.deliver_reminder(row.pk, now=NOW).outcome == Outcome.OBSOLETE
    row.refresh_from_db()
    assert (row.status, row.last_error) == (Status.OBSOLETE, reason)
    assert mail.outbox == []


def test_a_temporary_refusal_is_retried_with_backoff_then_sent(owed_item, focal_cr, scripted):
    row = _planned(owed_item, focal_cr)
    scripted.append(smtplib.SMTPRecipientsRefused({focal_cr.email: (450, b"Mailbox busy")}))
    delivered = services.deliver_reminder(row.pk, now=NOW)
    assert (delivered.outcome, delivered.retry_in) == (Outcome.RETRY, 300)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.RETRY, 1)
    assert row.next_attempt_at == NOW + dt.timedelta(seconds=300)
    assert "450" in row.last_error
    # Not before its time: neither a early message nor the sweep picks it up.
    early = NOW + dt.timedelta(seconds=299)
    assert services.deliver_reminder(row.pk, now=early).outcome == Outcome.NOT_CLAIMED
    assert row.pk not in sweep_only(early).reminder_ids
    later = NOW + dt.timedelta(seconds=301)
    assert row.pk in sweep_only(later).reminder_ids
    assert services.deliver_reminder(row.pk, now=later).outcome == Outcome.SENT
    assert ledger_headers(mail.outbox) == [f"reminder-{row.pk}"]


def test_retries_stop_after_the_configured_backoff(owed_item, focal_cr, scripted):
    row = _planned(owed_item, focal_cr)
    scripted.extend([ConnectionRefusedError(111, "Connection refused")] * 5)
    when = NOW
    outcomes = []
    for _ in range(5):
        delivered = services.deliver_reminder(row.pk, now=when)
        outcomes.append(delivered.outcome)
        when += dt.timedelta(seconds=delivered.retry_in or 0)
    assert outcomes == [Outcome.RETRY] * 4 + [Outcome.FAILED]
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.last_error.startswith("Gave up after 5 attempts.")
    assert mail.outbox == []


def test_a_permanent_refusal_is_recorded_failed_and_never_queued_again(
    owed_item, focal_cr, scripted
):
    row = _planned(owed_item, focal_cr)
    scripted.append(smtplib.SMTPRecipientsRefused({focal_cr.email: (550, b"No such user")}))
    assert services.deliver_reminder(row.pk, now=NOW).outcome == Outcome.FAILED
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "550" in row.last_error
    assert row.pk not in sweep_only(NOW + dt.timedelta(days=1)).reminder_ids


def test_a_dropped_connection_leaves_the_email_in_doubt_and_it_is_never_resent(
    owed_item, focal_cr, scripted
):
    row = _planned(owed_item, focal_cr)
    scripted.append(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    assert services.deliver_reminder(row.pk, now=NOW).outcome == Outcome.IN_DOUBT
    for days in range(1, 8):
        assert row.pk not in sweep_only(NOW + dt.timedelta(days=days)).reminder_ids
    assert Reminder.objects.get(pk=row.pk).status == Status.IN_DOUBT


def test_a_send_that_outlives_its_lease_still_records_that_it_left(owed_item, focal_cr):
    row = _planned(owed_item, focal_cr)
    assert Reminder.objects.claim(row.pk, NOW)
    row.refresh_from_db()
    sweep_only(NOW + dt.timedelta(minutes=16))
    assert Reminder.objects.get(pk=row.pk).status == Status.IN_DOUBT
    assert row.finish(Status.SENT, now=NOW + dt.timedelta(minutes=17))
    assert Reminder.objects.get(pk=row.pk).status == Status.SENT


@pytest.mark.parametrize(
    ("error", "verdict"),
    [
        (smtplib.SMTPRecipientsRefused({"a@x.org": (451, b"Try later")}), Verdict.RETRY),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"Unknown")}), Verdict.FAILED),
        (
            smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"Unknown"), "b@x.org": (452, b"")}),
            Verdict.RETRY,
        ),
        (smtplib.SMTPSenderRefused(451, b"Try later", "noreply@x.org"), Verdict.RETRY),
        (smtplib.SMTPSenderRefused(553, b"Not allowed", "noreply@x.org"), Verdict.FAILED),
        (smtplib.SMTPDataError(421, b"Closing"), Verdict.RETRY),
        (smtplib.SMTPDataError(554, b"Rejected as spam"), Verdict.FAILED),
        # Nothing was sent: the connection, greeting or login failed.
        (smtplib.SMTPConnectError(554, b"No service"), Verdict.RETRY),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), Verdict.RETRY),
        (ConnectionRefusedError(111, "Connection refused"), Verdict.RETRY),
        (socket.gaierror(-2, "Name or service not known"), Verdict.RETRY),
        # The server may have taken the message before the connection went.
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), Verdict.IN_DOUBT),
        (TimeoutError("timed out"), Verdict.IN_DOUBT),
        (RuntimeError("unexpected"), Verdict.IN_DOUBT),
    ],
)
def test_sending_errors_are_classified(error, verdict):
    assert services.classify_failure(error) == verdict


def test_the_tasks_run_the_services_in_process_without_a_broker(
    owed_item, focal_cr, django_capture_on_commit_callbacks
):
    import time_machine

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        summary = tasks.sweep_reminders.delay().get()
    assert summary["queued"] >= 3
    cr = Reminder.objects.get(obligation__country__code="CR", recipient=focal_cr)
    assert cr.status == Status.SENT
    with time_machine.travel(NOW, tick=False):
        assert tasks.send_reminder.delay(cr.pk).get() == Outcome.NOT_CLAIMED
    assert ledger_headers(mail.outbox).count(f"reminder-{cr.pk}") == 1


def test_a_short_retry_is_queued_with_a_countdown_and_a_long_one_left_to_the_sweep(
    monkeypatch, settings
):
    # As with a broker (the autouse _tasks_in_process fixture restores it).
    tasks.send_reminder.app.conf.task_always_eager = False
    settings.REMINDER_RETRY_COUNTDOWN_MAX_SECONDS = 900
    queued = []
    # The broker is the network edge: record what would be published.
    monkeypatch.setattr(
        tasks.send_reminder, "apply_async", lambda args, countdown: queued.append((args, countdown))
    )
    tasks._retry_soon(tasks.send_reminder, 7, 300)
    tasks._retry_soon(tasks.send_reminder, 8, 1800)
    tasks._retry_soon(tasks.send_reminder, 9, None)
    assert queued == [((7,), 300)]


def test_a_reminder_whose_day_has_passed_is_not_sent_late(owed_item, focal_cr, secretariat):
    row = _planned(owed_item, focal_cr)
    # The 7-day reminder of 22 February is live until the 1-day one of the 28th.
    late = at(D(2021, 2, 28), 9)
    assert services.deliver_reminder(row.pk, now=late).outcome == Outcome.OBSOLETE
    row.refresh_from_db()
    assert (row.status, row.last_error) == (Status.SUPERSEDED, "Out of date: its day has passed.")
    assert mail.outbox == []


def test_a_person_may_still_send_an_out_of_date_reminder_again(owed_item, focal_cr, secretariat):
    row = _planned(owed_item, focal_cr)
    Reminder.objects.filter(pk=row.pk).update(status=Status.FAILED, claimed_at=NOW)
    row.refresh_from_db()
    late = at(D(2021, 3, 2), 9)
    assert row.resend(by=secretariat, now=late)
    # A sweep in between does not declare it out of date either.
    assert row.pk in sweep_only(late).reminder_ids
    assert services.deliver_reminder(row.pk, now=late).outcome == Outcome.SENT
    # It says where things stand now, not a week ago.
    assert "State: Pending — overdue by 1 day" in mail.outbox[0].body
