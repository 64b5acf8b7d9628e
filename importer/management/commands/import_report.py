import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from importer.parser import UnsupportedFormat, extract_text, parse_report


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

    def handle(self, *args, **options) -> None:
        if not options["json"]:
            raise CommandError(
                "Only the dry run is available from the command line: add --json. "
                "Reports are saved through the import page, after review."
            )
        try:
            text = extract_text(options["file"])
        except (OSError, UnsupportedFormat) as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        result = parse_report(
            text, meeting_date=options["date"], working_group=options["working_group"]
        )
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
