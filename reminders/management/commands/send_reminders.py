from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from reminders import services
from reminders.models import Digest, Reminder

CHUNK = 500


class Command(BaseCommand):
    help = (
        "Run the reminder sweep and send what is due, in this process (no broker or worker "
        "needed), printing each e-mail. Running it again sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; write and send nothing.",
        )
        parser.add_argument(
            "--now",
            help=(
                "Act as if it were this moment (ISO 8601, e.g. 2020-10-21T09:00; without an "
                "offset in TIME_ZONE; a bare date means its sending hour)."
            ),
        )

    def handle(self, *args, dry_run: bool, now: str | None, **options) -> None:
        try:
            moment = services.parse_moment(now) if now else timezone.now()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if dry_run:
            with transaction.atomic():
                result = services.sweep(moment, dispatch=None)
                self._print(result.reminder_ids, result.digest_ids, verb="would send")
                transaction.set_rollback(True)
            self.stdout.write(
                f"Dry run for {result.day}: {len(result.reminder_ids)} reminder(s) and "
                f"{len(result.digest_ids)} digest(s) would be sent; nothing was written."
            )
            return
        # The sweep commits before anything is sent, like a worker would see it.
        result = services.sweep(moment, dispatch=None)
        outcomes: Counter[str] = Counter()
        for pk in result.reminder_ids:
            outcomes[services.deliver_reminder(pk, now=moment).outcome] += 1
        for pk in result.digest_ids:
            outcomes[services.deliver_digest(pk, now=moment).outcome] += 1
        self._print(result.reminder_ids, result.digest_ids)
        self.stdout.write(
            f"Sweep for {result.day}: {result.planned} reminder(s) planned, "
            f"{result.superseded} superseded, {result.obsolete} no longer needed, "
            f"{result.in_doubt} in doubt."
        )
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"Delivery: {summary or 'nothing to send'}."))

    def _print(self, reminder_ids: list[int], digest_ids: list[int], verb: str = "") -> None:
        """One line per row, read back in chunks (SQLite limits the size of an IN list)."""
        for start in range(0, len(reminder_ids), CHUNK):
            rows = Reminder.objects.filter(
                pk__in=reminder_ids[start : start + CHUNK]
            ).select_related(
                "recipient",
                "obligation__country",
                "obligation__organisation",
                "obligation__action_item",
            )
            for row in rows.order_by("pk"):
                state = verb or row.get_status_display()
                self.stdout.write(
                    f"{state}: {row.kind_label} to {row.recipient.email} "
                    f"({row.obligation.party}) — {row.obligation.action_item.title}"
                )
        for start in range(0, len(digest_ids), CHUNK):
            digests = Digest.objects.filter(pk__in=digest_ids[start : start + CHUNK])
            for digest in digests.order_by("pk"):
                state = verb or digest.get_status_display()
                self.stdout.write(f"{state}: {digest.get_kind_display()} to {digest.email}")
