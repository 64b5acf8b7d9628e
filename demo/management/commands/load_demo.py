import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from demo.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): reference data, demo users, the Border Management "
        "meeting of 28 September 2020 with its resolutions, action items, documents and "
        "obligations, and a few submissions. What already exists is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shift-to-today",
            action="store_true",
            help="Date the sample meeting three weeks ago, moving every date with it.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="With --shift-to-today: the day to count from (YYYY-MM-DD; default today).",
        )

    def handle(self, *args, **options) -> None:
        report = load_demo(shift_to_today=options["shift_to_today"], today=options["today"])
        for line in report.created:
            self.stdout.write(f"created {line}")
        if report.skipped:
            self.stdout.write(f"{len(report.skipped)} demo records already existed; left as is.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Sign in as secretariat@example.org, manager@example.org or "
                f"focal.cr@example.org with the password {DEMO_PASSWORD!r}."
            )
        )
