"""`manage.py send_reminders`: the sweep and the sending in one process, and the demo data."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from actions.models import Obligation
from demo.demo import load_demo
from members.models import FocalPoint
from reminders.models import Digest, Reminder, Status

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_what_would_be_sent_and_writes_nothing(owed_item, focal_cr):
    output = run("--dry-run", "--now", "2021-02-22T09:30")
    assert "would send: 7 days before to focal.cr@test.example (Costa Rica)" in output
    assert "Dry run for 2021-02-22: 3 reminder(s)" in output
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_a_bare_day_means_its_sending_hour_and_a_wrong_value_is_refused(owed_item, focal_cr):
    assert "Dry run for 2021-02-22" in run("--dry-run", "--now", "2021-02-22")
    with pytest.raises(CommandError, match="Not an ISO 8601 date"):
        run("--now", "next tuesday")


def _ledger_ids(directory: Path) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for path in sorted(directory.iterdir())
        for line in path.read_text().splitlines()
        if line.startswith("X-RCM-Ledger:")
    ]


def test_on_the_demo_data_it_writes_the_expected_reminders_once(settings, tmp_path):
    # A fresh demo database: the demo's focal points are the primary ones.
    FocalPoint.objects.all().delete()
    User.objects.all().delete()
    load_demo(shift_to_today=True, today=TODAY)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    output = run("--now", f"{TODAY}T09:00")

    # Border Management comments are due in 9 days (the 14-day reminder), Protection
    # comments tomorrow: one reminder per country still owing (each has one primary
    # focal point), none for those that answered. Protection item 1 is overdue, so the
    # two secretariat accounts get the daily digest.
    kinds = sorted(Reminder.objects.order_by().values_list("kind", "status").distinct())
    assert kinds == [("before_1", Status.SENT), ("before_14", Status.SENT)]
    owing = Obligation.objects.outstanding().filter(country__isnull=False)
    in_nine_days = owing.filter(action_item__due_latest=TODAY + dt.timedelta(days=9))
    tomorrow = owing.filter(action_item__due_latest=TODAY + dt.timedelta(days=1))
    assert 30 < in_nine_days.count() < 44  # 4 documents x 11 countries, less the answers
    assert set(Reminder.objects.filter(kind="before_14").values_list("obligation", flat=True)) == (
        set(in_nine_days.values_list("pk", flat=True))
    )
    assert set(Reminder.objects.filter(kind="before_1").values_list("obligation", flat=True)) == (
        set(tomorrow.values_list("pk", flat=True))
    )
    assert Reminder.objects.count() == in_nine_days.count() + tomorrow.count()
    assert sorted(Digest.objects.values_list("email", "status")) == [
        ("admin@example.org", Status.SENT),
        ("secretariat@example.org", Status.SENT),
    ]
    written = _ledger_ids(tmp_path)
    assert sorted(written) == sorted(
        [f"reminder-{pk}" for pk in Reminder.objects.values_list("pk", flat=True)]
        + [f"digest-{pk}" for pk in Digest.objects.values_list("pk", flat=True)]
    )
    assert f"Delivery: {Reminder.objects.count() + 2} sent." in output
    assert "Sent: 14 days before to focal.cr@example.org (Costa Rica)" in output
    # Costa Rica's focal point reads Spanish.
    costa_rica = next(
        p.read_text() for p in tmp_path.iterdir() if "To: focal.cr@example.org" in p.read_text()
    )
    assert re.search(r"de marzo de 2026", costa_rica)

    again = run("--now", f"{TODAY}T09:00")
    assert "Delivery: nothing to send." in again
    assert _ledger_ids(tmp_path) == written
