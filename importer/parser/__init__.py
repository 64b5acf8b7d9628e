"""Meeting-report importer: read a report file and parse it into the import format.

Pure Python (no Django): `extract_text` reads a file, `parse_report` returns the
dict described in importer/parser/IMPORT_FORMAT.md, `parse_due` reads one due window,
`pair_reports` / `pair_texts` pair a report with its other-language version.
"""

from .dates import DueWindow, find_next_meeting, parse_due
from .extract import UnsupportedFormat, extract_text
from .pairing import pair_reports, pair_texts
from .report import parse_report

__all__ = [
    "DueWindow",
    "UnsupportedFormat",
    "extract_text",
    "find_next_meeting",
    "pair_reports",
    "pair_texts",
    "parse_due",
    "parse_report",
]
