"""Digests: a focal point's weekly one, and the secretariat's daily list of everything overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import User
from reminders.models import Digest, Reminder, Status
from tests.factories import ActionItemFactory, SubmissionFactory, UserFactory

from .conftest import at, sweep_and_send

pytestmark = pytest.mark.django_db
D = dt.date


def mails_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def weekly_mx(focal_mx):
    User.objects.filter(pk=focal_mx.pk).update(reminder_mode=User.ReminderMode.WEEKLY_DIGEST)
    focal_mx.refresh_from_db()
    return focal_mx


def test_a_weekly_digest_user_gets_one_email_a_week_listing_what_is_still_owed(
    owed_item, mexico, weekly_mx
):
    second = ActionItemFactory(title="Directory of authorities", due_latest=D(2021, 3, 3))
    second.address_to(countries=[mexico])
    # From Tuesday 16 February, the 14-day reminders of both items are held.
    for day in (D(2021, 2, 16), D(2021, 2, 17), D(2021, 2, 18)):
        sweep_and_send(at(day))
    assert mails_to(weekly_mx.email) == []
    held = Reminder.objects.filter(recipient=weekly_mx)
    assert {r.status for r in held} == {Status.HELD}
    # Monday 22 February, the digest day: one e-mail, listing each obligation once.
    sweep_and_send(at(D(2021, 2, 22)))
    sweep_and_send(at(D(2021, 2, 22), 15))
    [digest_mail] = mails_to(weekly_mx.email)
    assert digest_mail.subject == "Your weekly reminder: 2 requests still open"
    assert digest_mail.body.count("Comments on the inventory") == 1
    assert "Directory of authorities" in digest_mail.body
    assert "Due: by March 1, 2021" in digest_mail.body
    digest = Digest.objects.get(recipient=weekly_mx)
    assert digest_mail.extra_headers["X-RCM-Ledger"] == f"digest-{digest.pk}"
    assert (digest.kind, digest.period, digest.status) == ("weekly", D(2021, 2, 22), Status.SENT)
    # The 14- and 7-day reminders of the first item went out together, in this e-mail.
    rows = Reminder.objects.filter(recipient=weekly_mx)
    assert sorted(rows.values_list("kind", "status")) == [
        ("before_14", Status.SENT),
        ("before_14", Status.SENT),
        ("before_7", Status.SENT),
    ]
    assert {r.digest_id for r in rows} == {digest.pk}


def test_a_request_answered_before_the_digest_day_is_left_out(owed_item, mexico, weekly_mx):
    sweep_and_send(at(D(2021, 2, 16)))
    answer = SubmissionFactory(obligation=owed_item.obligations.get(country=mexico))
    answer.submit(by=weekly_mx)
    sweep_and_send(at(D(2021, 2, 22)))
    assert mails_to(weekly_mx.email) == []
    assert not Digest.objects.filter(recipient=weekly_mx).exists()
    assert set(Reminder.objects.filter(recipient=weekly_mx).values_list("status", flat=True)) == {
        Status.OBSOLETE
    }


def test_a_reminder_held_after_this_weeks_digest_waits_for_the_next(owed_item, mexico, weekly_mx):
    sweep_and_send(at(D(2021, 2, 22)))
    assert len(mails_to(weekly_mx.email)) == 1
    late = ActionItemFactory(title="Late request", due_latest=D(2021, 3, 8))
    late.address_to(countries=[mexico])
    sweep_and_send(at(D(2021, 2, 22), 16))
    row = Reminder.objects.get(obligation__action_item=late)
    assert (row.status, row.digest_id) == (Status.HELD, None)
    assert len(mails_to(weekly_mx.email)) == 1
    sweep_and_send(at(D(2021, 3, 1)))
    assert "Late request" in mails_to(weekly_mx.email)[1].body


def test_the_secretariat_gets_one_overdue_digest_a_day(owed_item, secretariat, settings):
    settings.SECRETARIAT_EMAILS = ["ppt@example.org", secretariat.email.upper()]
    # Nothing is overdue on the deadline itself.
    sweep_and_send(at(D(2021, 3, 1)))
    assert Digest.objects.count() == 0
    for hour in (9, 12, 18):
        sweep_and_send(at(D(2021, 3, 2), hour))
    sweep_and_send(at(D(2021, 3, 3)))
    # One a day for each active secretariat user and each extra address, not duplicated.
    assert sorted(Digest.objects.values_list("email", "period")) == sorted(
        [
            (secretariat.email, D(2021, 3, 2)),
            ("ppt@example.org", D(2021, 3, 2)),
            (secretariat.email, D(2021, 3, 3)),
            ("ppt@example.org", D(2021, 3, 3)),
        ]
    )
    [first, _second] = mails_to("ppt@example.org")
    assert first.subject == "Overdue today: 3 answers still missing"
    assert "Comments on the inventory" in first.body
    assert "Still owing: Costa Rica, Mexico, IOM" in first.body
    assert "overdue by 1 day" in first.body
    html = first.alternatives[0][0]
    assert f"/members/obligations/{owed_item.obligations.get(country__code='CR').pk}/" in html


def test_inactive_secretariat_users_and_managers_get_no_digest(owed_item, secretariat, manager):
    gone = UserFactory(role=User.Role.SECRETARIAT, is_active=False)
    sweep_and_send(at(D(2021, 3, 2)))
    addresses = set(Digest.objects.values_list("email", flat=True))
    assert secretariat.email in addresses
    assert gone.email not in addresses
    assert manager.email not in addresses


def test_the_overdue_digest_includes_items_without_reminders(costa_rica, secretariat):
    quiet = ActionItemFactory(title="Quiet item", due_latest=D(2021, 3, 1), reminder_offsets=[])
    quiet.address_to(countries=[costa_rica])
    sweep_and_send(at(D(2021, 3, 5)))
    assert Reminder.objects.count() == 0
    [digest_mail] = mails_to(secretariat.email)
    assert "Quiet item" in digest_mail.body


def test_an_overdue_digest_with_nothing_left_overdue_is_not_sent(owed_item, secretariat):
    from reminders import services

    from .conftest import sweep_only

    digest_ids = sweep_only(at(D(2021, 3, 2))).digest_ids
    owed_item.close(by=secretariat, note="Compiled without the missing answers.")
    outcome = services.deliver_digest(digest_ids[0], now=at(D(2021, 3, 2), 9, 1)).outcome
    assert outcome == services.Outcome.OBSOLETE
    assert mail.outbox == []
