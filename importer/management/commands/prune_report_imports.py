import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from importer.models import ReportImport


class Command(BaseCommand):
    help = (
        "Discard report imports that were read but never saved as a meeting, with their "
        "files and corrections, when nobody has touched them for --days days (default 90). "
        "Saved imports are kept: they record which file each meeting came from."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90, help="Untouched for this long.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be discarded."
        )

    def handle(self, *args, **options) -> None:
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - dt.timedelta(days=options["days"])
        stale = ReportImport.objects.pending().filter(updated_at__lt=cutoff).order_by("pk")
        count = 0
        for report_import in stale:
            self.stdout.write(
                f"{'would discard' if options['dry_run'] else 'discarded'} "
                f"{report_import.original_name} (#{report_import.pk}, "
                f"last changed {report_import.updated_at:%Y-%m-%d})"
            )
            if not options["dry_run"]:
                report_import.discard()
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} unsaved import(s) older than the cutoff."))
