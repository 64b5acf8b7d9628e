"""Clean report text copied from PDFs, Word files and web pages.

The output has one logical paragraph or numbered item per line: Markdown marks,
page headers and footers, letterheads and page numbers are gone, lines broken
mid-sentence are joined and words split across lines are whole again. Running it
twice gives the same text, so `parse_report` applies it to pasted text too.
"""

from __future__ import annotations

import re
from collections import Counter

from .lexicon import COUNTRY_PATTERNS, fold
from .numbering import parse_marker

_TERMINAL = re.compile(r"[.:;!?][\"'\u201d\u2019)\]]*$")
_HYPHENATED = re.compile(r"[A-Za-z\u00c0-\u00ff]-$")
_LOWER_START = re.compile(r"^[a-z\u00df-\u00ff(]")

# Markdown ------------------------------------------------------------------------------------

_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),  # headings
    (re.compile(r"\s+#+\s*$"), ""),  # closing hashes of a heading
    (re.compile(r"^\s*>\s?"), ""),  # block quotes
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their words
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # "1\." escapes
    (re.compile(r"\*\*|__"), ""),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`+"), ""),
    (re.compile(r"</?(?:br|p|div|span|strong|em|b|i|u)\b[^>]*>", re.IGNORECASE), " "),
]
_ROW_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[a-zA-Z]|[ivxIVX]{1,4})[.)]?$")
_MD_RULE_LINE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")


def strip_markdown(line: str) -> str:
    """Return a line without Markdown emphasis, headings, rules, links and table pipes."""
    if _MD_RULE_LINE.match(line) or _TABLE_SEPARATOR.match(line):
        return ""
    for pattern, repl in _MD_RULES:
        line = pattern.sub(repl, line)
    if line.strip().startswith("|") and line.strip().endswith("|"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = [c for c in cells if c]
        if len(cells) > 1 and _ROW_NUMBER.match(cells[0]):
            # A numbered table row is a resolution: "| 1 | Circulate ... | ST |".
            return f"{cells[0].rstrip('.)')}. " + " | ".join(cells[1:])
        line = " | ".join(cells)
    return line


# Page furniture ------------------------------------------------------------------------------

_COUNTRY_NAMES = "|".join(p for _, p in COUNTRY_PATTERNS)
_FURNITURE = re.compile(
    r"^(?:"
    r"(?:page|pagina|pag\.|p\.)\s*\d+(?:\s*(?:of|de|/)\s*\d+)?"
    r"|\d+\s*(?:of|de|/)\s*\d+"
    r"|[-\u2013\u2014]?\s*\d{1,3}\s*[-\u2013\u2014]?"
    r"|(?:conferencia regional sobre migracion|regional conference on migration)"
    r"(?:\s*[-/|]\s*(?:conferencia regional sobre migracion|regional conference on migration))?"
    r"|(?:presidencia|presidency|ppt)\s*pro[- ]?tempore(?:\s+(?:de\s+)?(?:"
    + _COUNTRY_NAMES
    + r"))?"
    r"(?:\s+\d{4})?"
    r"|(?:ppt\s+)?(?:" + _COUNTRY_NAMES + r")\s*,?\s*\d{4}(?:\s*[-/|]?\s*(?:presidencia|presidency)"
    r"\s*pro[- ]?tempore)?"
    r"|(?:https?://|www\.)\S+"
    r"|(?:tel|phone|telefono|fax|e-?mail|correo)\s*[.:].*"
    r"|(?:confidential|confidencial|draft|borrador|unofficial translation|traduccion no oficial)"
    # What a web page puts around a report copied from it: breadcrumbs, sharing and search
    # boxes, cookie notices, copyright lines.
    r"|(?:home|inicio)\s*[>\u00bb/].*"
    r"|(?:share|compartir)(?:\s+(?:this|en))?\s*:.*"
    r"|(?:search|buscar)(?:\s+(?:in|en))?(?:\s+(?:this|the|el|este))?\s+(?:site|website|sitio)\W*"
    r"|(?:print|imprimir|back to top|volver arriba)"
    r"|(?:privacy policy|politica de privacidad|site map|mapa del sitio|terms of use"
    r"|terminos de uso)(?:\s*\|.*)?"
    r"|.{0,80}\b(?:cookies?)\b.{0,120}"
    r"|(?:\u00a9|\(c\)|copyright)\s.{0,150}"
    r"|.{0,100}(?:all rights reserved|todos los derechos reservados)\W*"
    r")$"
)
_MENU_ITEM = re.compile(r"^[^\W\d][\w'\u2019-]*(?: [\w'\u2019-]+){0,2}$")


def _is_menu(key: str) -> bool:
    """Tell whether a line is a site's menu bar: "Home | About us | Documents | Contact"."""
    items = [item.strip() for item in key.split("|")]
    return len(items) >= 3 and all(_MENU_ITEM.match(item) for item in items)


def is_page_furniture(line: str) -> bool:
    """Tell whether a line is a page number, letterhead or site text rather than content."""
    key = re.sub(r"\s+", " ", fold(line)).strip(" .,;:*_|")
    if not key:
        return False
    return bool(_FURNITURE.match(key)) or (not line.lstrip().startswith("|") and _is_menu(key))


def _repeat_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", fold(line)).strip())


def _is_repeated_header(line: str, counts: Counter[str]) -> bool:
    """Tell whether a line repeats like a page header: short, unnumbered, not a sentence end."""
    stripped = line.strip()
    if counts[_repeat_key(stripped)] < 2 or len(stripped) > 100:
        return False
    marker = parse_marker(stripped)
    if marker is not None and marker.tokens:
        return False
    return not stripped.endswith((".", ";", ",", ":"))


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Blank out page furniture and headers or footers repeated through the report.

    The first copy of a repeated line is kept when it comes before any numbered
    item: a repeated title ("Report of the meeting of 28 September 2020") still
    names the meeting once.
    """
    counts = Counter(_repeat_key(line) for line in lines if line.strip())
    first_item = next(
        (i for i, line in enumerate(lines) if (m := parse_marker(line)) and m.tokens),
        len(lines),
    )
    seen: set[str] = set()
    out = []
    for i, line in enumerate(lines):
        if not line.strip():
            out.append("")
            continue
        if is_page_furniture(line):
            out.append("")
            continue
        key = _repeat_key(line)
        if _is_repeated_header(line, counts) and (key in seen or i > first_item):
            out.append("")
            continue
        seen.add(key)
        out.append(line)
    return out


# Broken lines --------------------------------------------------------------------------------


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _continues(prev: str, line: str) -> bool:
    """Tell whether `line` carries on the sentence `prev` left unfinished."""
    marker = parse_marker(line)
    if marker is not None:
        return False
    if _HYPHENATED.search(prev):
        return True
    if _is_heading(prev) != _is_heading(line):
        return False
    if _LOWER_START.match(line.lstrip()):
        return True
    # A short line ending without punctuation is a title or a place and date, not
    # a sentence wrapped at the margin (those run 60 characters and more).
    return not _TERMINAL.search(prev) and len(prev) >= 60


_CAPS_SPLIT = re.compile(r"[A-Z\u00c0-\u00dd]{2,}-$")
_CAPS_START = re.compile(r"^[A-Z\u00c0-\u00dd]{2,}\b")


def _merge(prev: str, line: str) -> str:
    if _HYPHENATED.search(prev) and _LOWER_START.match(line):
        return prev[:-1] + line  # "imple-" + "mentation"
    if _is_heading(prev) and _CAPS_SPLIT.search(prev) and _CAPS_START.match(line):
        return prev[:-1] + line  # "MIGRA-" + "TION" in a title
    if prev.endswith("-"):
        return prev + line  # "Pro-" + "Tempore", "COVID-" + "19"
    return prev + " " + line


def _continues_across_break(prev: str, line: str) -> bool:
    """A blank line ends a paragraph, except one left by a page break mid-sentence."""
    if _TERMINAL.search(prev):
        return False
    return bool(_LOWER_START.match(line) or _HYPHENATED.search(prev))


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join lines broken mid-sentence, across blank lines left by a page break too."""
    out: list[str] = []
    blank = False
    for line in lines:
        if not line:
            blank = True
            continue
        prev = out[-1] if out else ""
        if prev and _continues(prev, line) and (not blank or _continues_across_break(prev, line)):
            out[-1] = _merge(prev, line)
        else:
            if blank and out:
                out.append("")
            out.append(line)
        blank = False
    return out


# Whole text ----------------------------------------------------------------------------------

_RUN_IN_FIRST = re.compile(r"(?<=:)\s+(?=(?:1|a|i|A|I)[.)]\s+[A-Z\u00c0-\u00dd\u00bf])")


def _split_run_in_lists(line: str) -> list[str]:
    """Split "... as follows: 1. To thank ..." into the lead-in and the first item."""
    parts = _RUN_IN_FIRST.split(line, maxsplit=1)
    return [p.strip() for p in parts if p.strip()]


def _basic_lines(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("\ufeff", "").replace("\u200b", "")
    lines = []
    for raw_line in text.split("\n"):
        raw_line = raw_line.replace("\u00a0", " ").replace("\t", "    ")
        indent = len(raw_line) - len(raw_line.lstrip())
        line = strip_markdown(raw_line)
        line = re.sub(r"[ \u2000-\u200a\u202f\u3000]+", " ", line).strip()
        parts = _split_run_in_lists(line) or [""]
        if parse_marker(parts[0]):
            parts[0] = " " * indent + parts[0]  # list indentation helps to nest items
        lines.extend(parts)
    return lines


def _attach_detached_markers(lines: list[str]) -> list[str]:
    """Join a number left alone on its line ("1." then "To thank ...", as PDFs give it)."""
    out: list[str] = []
    pending = ""
    for line in lines:
        marker = parse_marker(line)
        if marker and marker.tokens and not line[marker.text_start :].strip():
            pending = line.rstrip()  # "1." alone: wait for its text
            continue
        if pending and line.strip() and not parse_marker(line):
            out.append(f"{pending} {line.strip()}")
            pending = ""
            continue
        if pending and line.strip():
            out.append(pending)
            pending = ""
        out.append(line)
    if pending:
        out.append(pending)
    return out


def normalise_text(raw: str) -> str:
    """Return report text with one paragraph or numbered item per line.

    Strips Markdown, drops page furniture and repeated headers or footers, joins
    lines broken mid-sentence and mends words hyphenated across lines.
    """
    lines = drop_page_furniture(_attach_detached_markers(_basic_lines(raw)))
    return "\n".join(join_broken_lines(lines)).strip()
