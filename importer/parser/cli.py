"""Command line: print the import-format JSON of a report file."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date

from .extract import UnsupportedFormat, extract_text
from .pairing import pair_reports
from .report import parse_report


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the dry-run command."""
    parser = argparse.ArgumentParser(
        prog="python -m importer.parser",
        description="Parse an RCM meeting report and print the import JSON (nothing is saved).",
    )
    parser.add_argument("file", help="report file: .txt, .md, .html, .docx or .pdf")
    parser.add_argument("--date", type=_date, help="meeting date, where the report gives none")
    parser.add_argument("--working-group", help="working group, where the report names none")
    parser.add_argument(
        "--translation",
        metavar="FILE2",
        help="the other-language version of the same report, to pair with FILE",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the dry run and return the exit status (0 ok, 2 unreadable file)."""
    args = build_parser().parse_args(argv)
    texts = []
    for path in (args.file, args.translation):
        if path is None:
            continue
        try:
            texts.append(extract_text(path))
        except (OSError, UnsupportedFormat) as exc:
            print(f"error: cannot read {path}: {exc}", file=sys.stderr)
            return 2
    hints = {"meeting_date": args.date, "working_group": args.working_group}
    result = parse_report(texts[0], **hints)
    if len(texts) > 1:
        result = pair_reports(result, parse_report(texts[1], **hints))
    _write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


def _write(output: str) -> None:
    """Print UTF-8 whatever the locale, and stop quietly when the reader goes away."""
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(output)
        else:
            buffer.write(output.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        # `... | head`: point stdout at nothing so the interpreter's final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
