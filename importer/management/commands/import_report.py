import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from importer.parser import UnsupportedFormat, extract_text, pair_reports, parse_report


class Command(BaseCommand):
    help = (
        "Parse a meeting report (.txt, .md, .html, .docx or .pdf; English or Spanish) and "
        "print the import JSON described in IMPORT_FORMAT.md. --json is a dry run: nothing "
        "is written to the database."
    )
    # A dry run reads a file and prints: it needs no database, key or host names, so it
    # runs where no deployment settings exist (the import scorer runs it so).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--json", action="store_true", help="Print the parse as JSON; write nothing."
        )
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Meeting date where the report gives none."
        )
        parser.add_argument("--working-group", help="Working group where the report names none.")
        parser.add_argument(
            "--translation",
            metavar="FILE2",
            help=(
                "The other-language version of the same report: pair its resolutions with "
                "FILE's and list where it disagrees (it never overrides FILE)."
            ),
        )

    def handle(self, *args, **options) -> None:
        if not options["json"]:
            raise CommandError(
                "Only the dry run is available from the command line: add --json. "
                "Reports are saved through the import page, after review."
            )
        text = self._read(options["file"])
        translation = options["translation"]
        translation_text = self._read(translation, "the translation ") if translation else None
        hints = {"meeting_date": options["date"], "working_group": options["working_group"]}
        result = parse_report(text, **hints)
        if translation_text is not None:
            result = pair_reports(result, parse_report(translation_text, **hints))
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

    @staticmethod
    def _read(path: str, what: str = "") -> str:
        """Return a report's text; an unreadable file stops the command with exit status 2."""
        try:
            return extract_text(path)
        except (OSError, UnsupportedFormat) as exc:
            raise CommandError(f"Cannot read {what}{path}: {exc}", returncode=2) from exc
