"""Measure the reminder sweep on a large database: time and number of queries.

    .venv/bin/python bench/reminder_sweep.py --obligations 100000 \
        --database-url postgres://postgres@127.0.0.1:5432/rcm_bench

Creates (once) the database with N obligations spread over 22 parties and
deadlines from four months ago to four months ahead, in every state, then runs
the sweep several times and prints what each run did, how long it took and
how many queries it ran. Not part of the test suite: it takes a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obligations", type=int, default=100_000)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/rcm_reminder_bench"
    )
    parser.add_argument("--deliver", type=int, default=500, help="rows to deliver for a rate")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        DEBUG="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_SETTINGS_MODULE="rcm_tracker.settings",
    )
    _create_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _populate(args.obligations)
    _measure(args.deliver)


def _create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    base, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True  # CREATE DATABASE cannot run in a transaction
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def _populate(wanted: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from actions.models import ActionItem, Meeting, Obligation, Resolution, WorkingGroup
    from actions.reference import load_reference_data
    from members.models import Country, FocalPoint, Organisation

    have = Obligation.objects.count()
    if have >= wanted:
        print(f"{have} obligations already there.")
        return
    print(f"Creating {wanted - have} obligations ...", flush=True)
    started = time.perf_counter()
    random.seed(5)
    load_reference_data()
    today = timezone.localdate()
    countries = list(Country.objects.all())
    organisations = list(Organisation.objects.all())
    parties = [("country", c) for c in countries] + [("organisation", o) for o in organisations]
    with transaction.atomic():
        for index, (field, party) in enumerate(parties):
            for kind in ("primary", "alternate"):
                email = f"{kind}.{field}.{party.pk}@bench.example"
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={
                        "role": User.Role.FOCAL_POINT,
                        "language": "es" if index % 2 else "en",
                        "reminder_mode": "weekly_digest" if index % 7 == 0 else "immediate",
                    },
                )
                if created:
                    FocalPoint.objects.create(user=user, kind=kind, **{field: party})
        User.objects.get_or_create(email="desk@bench.example", defaults={"role": "secretariat"})
        group = WorkingGroup.objects.first()
        meeting = Meeting.objects.create(
            working_group=group,
            date=today,
            status="published",
            published_at=timezone.now(),
            title_en="Benchmark meeting",
        )
        resolution = Resolution.objects.create(meeting=meeting, number="1", text_en="Benchmark")
        per_item = len(parties)
        count = (wanted - have + per_item - 1) // per_item
        items = ActionItem.objects.bulk_create(
            [
                ActionItem(
                    resolution=resolution,
                    kind="comment_request",
                    title_en=f"Benchmark item {n}",
                    due_latest=today + dt.timedelta(days=random.randint(-120, 120)),
                    due_precision="day",
                    reminder_offsets=[10, 3] if n % 50 == 0 else None,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        now = timezone.now()
        obligations = []
        for item in items:
            for field, party in parties:
                if have + len(obligations) >= wanted:
                    break
                roll = random.random()
                status = (
                    "pending"
                    if roll < 0.7
                    else "returned"
                    if roll < 0.8
                    else "submitted"
                    if roll < 0.95
                    else "acknowledged"
                )
                obligations.append(
                    Obligation(
                        action_item=item,
                        status=status,
                        first_submitted_at=None if status == "pending" else now,
                        **{field: party},
                    )
                )
        Obligation.objects.bulk_create(obligations, batch_size=5000)
    print(f"... in {time.perf_counter() - started:.1f} s", flush=True)


def _measure(deliver: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from actions.models import ActionItem, Obligation
    from reminders import policy, services
    from reminders.models import Digest, Reminder

    # Deadlines from four months ago to four months ahead (the burst below moves them).
    today = timezone.localdate()
    items = list(ActionItem.objects.only("pk"))
    for item in items:
        item.due_latest = today + dt.timedelta(days=item.pk * 7919 % 241 - 120)
    ActionItem.objects.bulk_update(items, ["due_latest"], batch_size=2000)
    Reminder.objects.all().delete()
    Digest.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a database in use
    total = Obligation.objects.count()
    owed = Obligation.objects.outstanding().count()
    print(f"\n{total} obligations, {owed} still owed; engine {connection.vendor}\n")
    now = timezone.now()
    runs = [
        ("first sweep of the day", now),
        ("an hour later", now + dt.timedelta(hours=1)),
        ("next day", now + dt.timedelta(days=1)),
    ]
    print(f"{'run':<26}{'seconds':>9}{'queries':>9}{'planned':>9}{'queued':>9}{'superseded':>12}")
    for label, moment in runs:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = services.sweep(moment, dispatch=None)
            elapsed = time.perf_counter() - started
        queued = len(result.reminder_ids) + len(result.digest_ids)
        print(
            f"{label:<26}{elapsed:>9.2f}{len(queries.captured_queries):>9}"
            f"{result.planned:>9}{queued:>9}{result.superseded:>12}"
        )
        _slowest(queries)
    # A worst case: every owed obligation has a reminder due the same day.
    print("\nburst: every owed obligation due in 7 days")
    day = policy.reminder_day(now)
    ActionItem.objects.update(due_latest=day + dt.timedelta(days=7), reminder_offsets=None)
    Reminder.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = services.sweep(now, dispatch=None)
        elapsed = time.perf_counter() - started
    print(
        f"{'burst sweep':<26}{elapsed:>9.2f}{len(queries.captured_queries):>9}"
        f"{result.planned:>9}{len(result.reminder_ids):>9}{result.superseded:>12}"
    )
    _slowest(queries)
    if deliver:
        ids = result.reminder_ids[:deliver]
        started = time.perf_counter()
        for pk in ids:
            services.deliver_reminder(pk, now=now)
        elapsed = time.perf_counter() - started
        print(
            f"\ndelivery in one process (locmem backend): {len(ids)} rows in {elapsed:.2f} s, "
            f"{len(ids) / elapsed:.0f} e-mails/s"
        )


def _slowest(queries, count: int = 3) -> None:
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:count]:
        print(f"{'':<4}{float(query['time']):>7.3f} s  {' '.join(query['sql'].split())[:90]}")


if __name__ == "__main__":
    main()
