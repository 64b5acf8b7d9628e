"""Measure the main pages of RCM Tracker against a floor, at a given data scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rcm_bench python bench/run.py --scale 1

For each page it reports the server-side time (p50, p95 over --repeat
requests) and the number of SQL queries, beside a *floor*: a view that
fetches as many rows as the page did with one query and no logic and
renders them in the same layout (bench/floor.py). Pages and floors are
requested alternately, in-process through Django's test client, signed in,
against PostgreSQL with DEBUG off. Then it times the reminder sweep, when
the reminders app is installed. It ends with one line per page:

    PAGE p50_ms=… floor_ratio=… queries=…

The data comes from `manage.py generate_scale_data`: when the database does
not hold data of the asked scale, the scale data it holds is replaced (the
migrations are applied first). See README.md, "Performance at scale".
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0
SWEEP_TARGET_SECONDS = 10.0
# --smoke: volumes per scale unit small enough for a test run on any database.
SMOKE_VOLUMES = {
    "working_groups": 2,
    "meetings": 16,
    "resolutions": 64,
    "action_items": 64,
    "countries": 18,
    "obligations": 400,
    "submissions": 300,
    "users": 40,
}


def configure_environment() -> None:
    """Production-like settings for an in-process run: DEBUG off, plain static files."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm_tracker.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # The manifest of collectstatic is not needed to measure views.
    os.environ.setdefault(
        "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


# What is measured --------------------------------------------------------------------------


@dataclass
class Page:
    """One page to measure: a URL requested by one signed-in user."""

    name: str
    title: str
    url: str
    client: object  # django.test.Client, signed in


@dataclass
class Result:
    name: str
    title: str
    url: str
    rows: int
    queries: int
    times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)
    floor_queries: int = 0

    @property
    def p50(self) -> float:
        return percentile(self.times, 50)

    @property
    def p95(self) -> float:
        return percentile(self.times, 95)

    @property
    def floor_p50(self) -> float:
        return percentile(self.floor_times, 50)

    @property
    def floor_p95(self) -> float:
        return percentile(self.floor_times, 95)

    @property
    def ratio(self) -> float:
        return self.p50 / self.floor_p50 if self.floor_p50 else float("inf")

    def summary_line(self) -> str:
        return (
            f"{self.name} p50_ms={self.p50 * 1000:.1f} floor_ratio={self.ratio:.2f} "
            f"queries={self.queries}"
        )


@dataclass
class SweepResult:
    seconds: list[float]
    obligations: int
    note: str = ""

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 50)


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (p50 is the median of an odd count)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


# The subjects: who asks for what --------------------------------------------------------------


def pick_pages() -> list[Page]:
    """The six pages, for users and objects of the scale data."""
    from django.test import Client
    from django.urls import reverse

    from actions.models import Meeting
    from demo.scale import EMAIL_PREFIX, SLUG_PREFIX
    from members.models import FocalPoint
    from submissions.models import Submission

    secretariat = (
        _user_model()
        .objects.filter(email__startswith=EMAIL_PREFIX, role="secretariat")
        .order_by("pk")
        .first()
    )
    focal = (
        FocalPoint.objects.filter(
            user__email__startswith=EMAIL_PREFIX,
            country__isnull=False,
            kind=FocalPoint.Kind.PRIMARY,
            is_active=True,
        )
        .select_related("user", "country")
        .order_by("pk")
        .first()
    )
    # The latest meeting of a group: its draft agenda holds every item still open.
    meeting = (
        Meeting.objects.published()
        .filter(working_group__slug=f"{SLUG_PREFIX}0")
        .order_by("-date", "-pk")
        .first()
    )
    submission = (
        Submission.objects.sent()
        .filter(
            obligation__country=focal.country,
            obligation__removed_at__isnull=True,
            obligation__action_item__resolution__meeting__status=Meeting.Status.PUBLISHED,
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if None in (secretariat, focal, meeting, submission):
        raise SystemExit("No scale data: run `manage.py generate_scale_data` first.")
    staff, country = Client(), Client()
    staff.force_login(secretariat)
    country.force_login(focal.user)
    items = (
        reverse("actions:action_item_list")
        + "?status=open&status=in_progress&kind=information_request"
    )
    return [
        Page("overview", "Overview dashboard", reverse("dashboards:overview"), staff),
        Page("matrix", "Compliance matrix", reverse("dashboards:matrix"), staff),
        Page("action_items", "Action items, filtered", items, staff),
        Page(
            "meeting",
            "Meeting detail",
            reverse("actions:meeting_detail", args=[meeting.pk]),
            staff,
        ),
        Page("focal_home", "Focal point's home", reverse("submissions:home"), country),
        Page(
            "submission",
            "Submission (focal point)",
            reverse("submissions:submission_detail", args=[submission.pk]),
            country,
        ),
    ]


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


# Measuring ---------------------------------------------------------------------------------


class QueryMeter:
    """Count the queries and the rows they returned (PostgreSQL reports rows per SELECT)."""

    def __init__(self) -> None:
        self.queries = 0
        self.rows = 0

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        self.queries += 1
        cursor = context["cursor"]
        if cursor.description is not None and cursor.rowcount > 0:
            self.rows += cursor.rowcount
        return result


def _get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url, secure=True)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200.")
    return elapsed


def _metered(client, url: str) -> QueryMeter:
    from django.db import connection

    meter = QueryMeter()
    with connection.execute_wrapper(meter):
        _get(client, url)
    return meter


def measure_pages(
    pages: list[Page], *, repeat: int, warmup: int, log: Callable[[str], None] = print
) -> list[Result]:
    """Time every page and its floor alternately; count queries and rows once, warm."""
    from django.test.utils import override_settings
    from django.urls import reverse

    results = []
    with override_settings(ROOT_URLCONF="bench.floor"):
        for page in pages:
            for _ in range(warmup):
                _get(page.client, page.url)
            meter = _metered(page.client, page.url)
            empty = _metered(page.client, reverse("bench_floor", args=[0]))
            rows = max(1, meter.rows - empty.rows)
            floor_url = reverse("bench_floor", args=[rows])
            for _ in range(warmup):
                _get(page.client, floor_url)
            result = Result(page.name, page.title, page.url, rows, meter.queries)
            result.floor_queries = _metered(page.client, floor_url).queries
            results.append(result)
            log(f"  {page.name}: {meter.queries} queries, {rows} rows; floor {floor_url}")
        for round_number in range(repeat):
            for page, result in zip(pages, results, strict=True):
                floor_url = reverse("bench_floor", args=[result.rows])
                # Alternate which goes first, so that drift hits both alike.
                if round_number % 2:
                    result.floor_times.append(_get(page.client, floor_url))
                    result.times.append(_get(page.client, page.url))
                else:
                    result.times.append(_get(page.client, page.url))
                    result.floor_times.append(_get(page.client, floor_url))
    return results


def measure_sweep(repeat: int) -> SweepResult | None:
    """Time the reminder sweep in transactions rolled back (each sees the same ledger)."""
    from django.apps import apps
    from django.db import transaction
    from django.utils import timezone

    from actions.models import Obligation

    if not apps.is_installed("reminders"):
        return None
    from reminders import services  # the app is optional on some branches

    seconds = []
    planned = 0
    for _ in range(repeat):
        with transaction.atomic():
            started = time.perf_counter()
            outcome = services.sweep(timezone.now(), dispatch=None)
            seconds.append(time.perf_counter() - started)
            planned = getattr(outcome, "planned", 0)
            transaction.set_rollback(True)
    return SweepResult(
        seconds,
        Obligation.objects.count(),
        note=f"planned {planned:,} reminders per sweep",
    )


def profile_page(page: Page, requests: int) -> str:
    """A pyinstrument profile of `requests` requests of one page, as text."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        _get(page.client, page.url)
    profiler.stop()
    return profiler.output_text(color=False, show_all=False)


# Reporting ---------------------------------------------------------------------------------


def describe_data() -> str:
    from django.db import connection

    from actions.models import ActionItem, Meeting, Obligation
    from members.models import Country
    from submissions.models import Submission

    version = connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    counts = ", ".join(
        f"{model.objects.count():,} {label}"
        for model, label in [
            (Meeting, "meetings"),
            (ActionItem, "action items"),
            (Country, "countries"),
            (Obligation, "obligations"),
            (Submission, "submission versions"),
        ]
    )
    return f"{version}: {counts}"


def report(results: list[Result], sweep: SweepResult | None) -> list[str]:
    """The table, the sweep, then one line per page."""
    ms = 1000
    lines = [
        f"{'page':<13} {'rows':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'floor p50':>9} {'floor p95':>9} {'ratio':>6}  target",
    ]
    for r in results:
        verdict = "ok" if r.ratio <= TARGET_RATIO else f"over {TARGET_RATIO:g}x"
        lines.append(
            f"{r.name:<13} {r.rows:>6} {r.queries:>7} {r.p50 * ms:>8.1f} {r.p95 * ms:>8.1f} "
            f"{r.floor_p50 * ms:>9.1f} {r.floor_p95 * ms:>9.1f} {r.ratio:>6.2f}  {verdict}"
        )
    if sweep is None:
        lines.append("reminder sweep: not measurable yet (the reminders app is not installed)")
    else:
        verdict = "ok" if sweep.p50 <= SWEEP_TARGET_SECONDS else "over target"
        lines.append(
            f"reminder sweep: p50 {sweep.p50:.2f} s over {sweep.obligations:,} obligations "
            f"({len(sweep.seconds)} runs, {sweep.note}; target {SWEEP_TARGET_SECONDS:g} s: "
            f"{verdict})"
        )
    lines += [r.summary_line() for r in results]
    return lines


# Data --------------------------------------------------------------------------------------


def ensure_scale_data(scale: int, log: Callable[[str], None] = print, *, smoke=False) -> None:
    """Migrate, then generate the scale data unless the database holds that scale already.

    With `smoke`, generate SMOKE_VOLUMES times the scale, always.
    """
    from django.core.management import call_command

    from demo.scale import current_scale, generate

    call_command("migrate", verbosity=0, interactive=False)
    if smoke:
        generate(scale, base=SMOKE_VOLUMES, replace=True)
        return
    found = current_scale()
    if found == scale:
        log(f"Scale {scale} data found.")
        return
    log(f"Generating scale {scale} data (found scale {found or 'none'})...")
    call_command("generate_scale_data", scale=scale, replace=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="data scale (default 1)")
    parser.add_argument("--repeat", type=int, default=30, help="timed rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--sweep-repeat", type=int, default=3, help="timed reminder sweeps")
    parser.add_argument(
        "--profile", metavar="PAGE", help="print a pyinstrument profile of this page too"
    )
    parser.add_argument(
        "--no-generate", action="store_true", help="measure whatever data the database holds"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a page is over 3x its floor"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny data, two rounds, any database: checks that the benchmark runs",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.repeat, args.warmup, args.sweep_repeat = 2, 1, 1

    configure_environment()
    import warnings

    import django

    # WhiteNoise warns of a missing STATIC_ROOT: the measured pages need no static file.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if settings.DEBUG:
        raise SystemExit("DEBUG must be off for a benchmark.")
    if connection.vendor != "postgresql" and not args.smoke:
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (see README.md).")
    if args.no_generate:
        # The data stays; the schema (indexes included) is still the code's.
        call_command("migrate", verbosity=0, interactive=False)
    else:
        ensure_scale_data(args.scale, smoke=args.smoke)
    print(f"RCM Tracker benchmark, scale {args.scale}: {describe_data()}")
    print(f"{args.repeat} timed rounds after {args.warmup} warm-up requests, DEBUG off.")
    pages = pick_pages()
    results = measure_pages(pages, repeat=args.repeat, warmup=args.warmup)
    sweep = measure_sweep(args.sweep_repeat)
    print()
    print("\n".join(report(results, sweep)))
    if args.profile:
        page = next((p for p in pages if p.name == args.profile), None)
        if page is None:
            raise SystemExit(f"No page {args.profile!r}: {', '.join(p.name for p in pages)}.")
        print()
        print(profile_page(page, max(10, args.repeat)))
    missed = [r for r in results if r.ratio > TARGET_RATIO]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
