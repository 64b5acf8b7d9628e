"""With the real Redis broker and real Celery worker processes: one e-mail per ledger row.

The worker runs as a separate process on the same PostgreSQL test database
and writes e-mails with the file backend, each carrying its ledger row in
`X-RCM-Ledger`. Four sweeps run at once, every task is delivered twice, and a
worker is killed (SIGKILL) in the middle of a send; then every ledger row has
produced exactly one e-mail, and none is left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from actions.models import ActionItem
from members.models import Country
from rcm_tracker.celery import app
from reminders import policy, services, tasks
from reminders.models import Digest, Reminder, Status
from tests.conftest import build_shared_data, need_service
from tests.factories import ActionItemFactory, FocalPointFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
HANG_FOR = "hang.bz@test.example"
UNFINISHED = [Status.PLANNED, Status.SENDING, Status.RETRY, Status.HELD]


@pytest.fixture(scope="module", autouse=True)
def _restore_shared_data(django_db_blocker):
    """A transactional test empties the database: put back what other tests expect."""
    yield
    with django_db_blocker.unblock():
        build_shared_data()
        registration = importlib.import_module("reminders.migrations.0002_register_hourly_sweep")
        from django.apps import apps

        registration.register(apps, None)


@pytest.fixture
def broker():
    """The broker URL, once Redis answers; an empty queue to start from."""
    if connection.vendor != "postgresql":
        need_service("the worker test needs PostgreSQL (DATABASE_URL): it shares the test database")
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        need_service("CELERY_BROKER_URL is not set")
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        need_service(f"Redis at {url} does not answer: {exc}")
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    app.control.purge()
    client.delete("unacked", "unacked_index")
    return client


class Worker:
    """`celery -A rcm_tracker worker` in its own process group, on the test database."""

    def __init__(self, env: dict[str, str], log: Path, pool: str = "prefork") -> None:
        self.name = f"reminders-{uuid.uuid4().hex[:8]}@test"
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "rcm_tracker",
                    "worker",
                    f"--pool={pool}",
                    "--concurrency=4",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    self.name,
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[self.name], timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"The worker did not start:\n{log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool: no chance to finish or acknowledge anything."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def _worker_env(mail_dir: Path) -> dict[str, str]:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_BACKEND": "tests.reminders.backends.HangingFileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "REMINDER_TEST_HANG_FOR": HANG_FOR,
        "TIME_ZONE": settings.TIME_ZONE,
        "REMINDER_SEND_HOUR": str(settings.REMINDER_SEND_HOUR),
        "REMINDER_LEASE_SECONDS": "900",
        "REMINDER_REQUEUE_AFTER_SECONDS": "900",
        "SECRETARIAT_EMAILS": "",
        "PYTHONUNBUFFERED": "1",
    }


def _emails(mail_dir: Path) -> Counter[str]:
    """How many e-mails each ledger row produced, from the files the workers wrote."""
    return Counter(
        line.split(":", 1)[1].strip()
        for path in mail_dir.glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("X-RCM-Ledger:")
    )


def _ledger() -> set[str]:
    return {f"reminder-{pk}" for pk in Reminder.objects.values_list("pk", flat=True)} | {
        f"digest-{pk}" for pk in Digest.objects.values_list("pk", flat=True)
    }


def _wait_for(condition, what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}:\n{log.read_text()[-4000:]}")
        time.sleep(0.2)


def _drained(broker, worker: Worker) -> bool:
    """Nothing left in the queue and nothing running or reserved on the worker."""
    if broker.llen("celery"):
        return False
    inspect = app.control.inspect(destination=[worker.name], timeout=1)
    active, reserved = inspect.active() or {}, inspect.reserved() or {}
    return not any(active.values()) and not any(reserved.values())


def _sweep_in_thread(now: dt.datetime, errors: list) -> threading.Thread:
    def run() -> None:
        try:
            services.sweep(now, dispatch=tasks.queue_deliveries)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def _owed_items(count: int, due: dt.date, countries) -> list[ActionItem]:
    items = [ActionItemFactory(due_latest=due) for _ in range(count)]
    for item in items:
        item.address_to(countries=countries)
    return items


def test_every_ledger_row_produces_exactly_one_email(broker, tmp_path, settings):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    now = timezone.now()
    day = policy.reminder_day(now)
    members = list(Country.objects.members().order_by("code"))
    belize, others = members[0], members[1:7]
    for country in others:
        if not country.focal_points.filter(kind="primary", is_active=True).exists():
            FocalPointFactory(country=country, kind="primary")
    # Due in a week: a 7-day reminder each; overdue by a week: an overdue notice each and
    # the secretariat's digest.
    _owed_items(4, day + dt.timedelta(days=7), others)
    _owed_items(1, day - dt.timedelta(days=7), others)
    UserFactory(email="desk@test.example", role="secretariat")

    worker = Worker(_worker_env(mail_dir), log)
    try:
        # 1. Four sweeps at once: two in the worker, two in this process.
        errors: list[Exception] = []
        threads = [_sweep_in_thread(now, errors) for _ in range(2)]
        tasks.sweep_reminders.delay()
        tasks.sweep_reminders.delay()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        # Five reminders for each of the six countries, and two secretariat digests.
        expected_rows = 5 * len(others) + 2
        _wait_for(
            lambda: (
                Reminder.objects.count() + Digest.objects.count() == expected_rows
                and not Reminder.objects.filter(status__in=UNFINISHED).exists()
                and not Digest.objects.filter(status__in=UNFINISHED).exists()
            ),
            "the first sweeps' e-mails",
            log,
        )
        # 2. Every task delivered twice more.
        for _ in range(2):
            tasks.queue_deliveries(
                list(Reminder.objects.values_list("pk", flat=True)),
                list(Digest.objects.values_list("pk", flat=True)),
            )
        _wait_for(lambda: _drained(broker, worker), "the duplicate deliveries", log)
        emails = _emails(mail_dir)
        assert emails == Counter(dict.fromkeys(_ledger(), 1))
        assert set(Reminder.objects.values_list("status", flat=True)) == {Status.SENT}
    finally:
        worker.stop()

    # 3. A worker killed in the middle of a send. It runs one task at a time, so the
    # send it hangs in is the only one in flight (with a pool, every send in flight
    # at the kill would be in doubt) and the other tasks wait in the queue behind it.
    hanging_user = FocalPointFactory(country=belize, kind="primary", user__email=HANG_FOR).user
    _owed_items(1, day + dt.timedelta(days=7), [belize])
    _owed_items(2, day + dt.timedelta(days=7), others)
    worker = Worker(_worker_env(mail_dir), log, pool="solo")
    try:
        services.sweep(now, dispatch=tasks.queue_deliveries)
        marker = mail_dir / "hanging.marker"
        _wait_for(marker.exists, "the send to hang", log)
        worker.kill()
    finally:
        worker.stop()
    hanging = Reminder.objects.get(recipient=hanging_user)
    assert hanging.status == Status.SENDING
    assert Reminder.objects.filter(status=Status.PLANNED).exists()

    # Its lease runs out; the task comes back (as Redis redelivers it); the next sweep
    # re-queues what the dead worker had reserved.
    settings.REMINDER_LEASE_SECONDS = 1
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 0
    time.sleep(1.5)
    marker.unlink()
    worker = Worker(_worker_env(mail_dir), log)
    try:
        tasks.send_reminder.delay(hanging.pk)
        result = services.sweep(timezone.now(), dispatch=tasks.queue_deliveries)
        assert result.in_doubt == 1
        assert hanging.pk not in result.reminder_ids
        _wait_for(
            lambda: (
                not Reminder.objects.filter(status__in=UNFINISHED).exists()
                and _drained(broker, worker)
            ),
            "the recovery",
            log,
        )
    finally:
        worker.stop()

    hanging.refresh_from_db()
    assert hanging.status == Status.IN_DOUBT
    emails = _emails(mail_dir)
    # Exactly one e-mail per ledger row: the one in doubt left before the kill, once.
    assert emails == Counter(dict.fromkeys(_ledger(), 1))
    statuses = Counter(Reminder.objects.values_list("status", flat=True))
    assert statuses == {Status.SENT: Reminder.objects.count() - 1, Status.IN_DOUBT: 1}
    assert "hanging.marker" not in {p.name for p in mail_dir.iterdir()}
