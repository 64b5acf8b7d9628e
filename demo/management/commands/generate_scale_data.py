import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.scale import ScaleDataExists, generate


class Command(BaseCommand):
    help = (
        "Generate synthetic RCM history for benchmarks: at --scale 1 a decade (480 meetings, "
        "5,000 action items, 50,000 obligations, 40,000 submissions, 200 users); N times that "
        "at --scale N. COPY on PostgreSQL (bulk inserts elsewhere), one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier scale data first."
        )

    def handle(self, *args, **options) -> None:
        if options["scale"] < 1:
            raise CommandError("--scale must be 1 or more.")
        started = time.perf_counter()
        try:
            report = generate(options["scale"], replace=options["replace"])
        except ScaleDataExists as exc:
            raise CommandError(f"{exc} Use --replace, or a fresh database.") from exc
        for name, count in report.counts.items():
            self.stdout.write(f"{name}: {count:,}")
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write(
            self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.1f} s.")
        )
