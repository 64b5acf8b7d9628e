"""Split a cleaned report into preamble, numbered resolutions and closing matter."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from .lexicon import fold
from .numbering import Outline, parse_marker, render

_ANCHOR_PHRASE = re.compile(
    r"(?:as\s+follows|the\s+following\s+(?:agreements|resolutions|recommendations|decisions"
    r"|conclusions|action\s+points)|agreed\s+(?:on\s+)?(?:the\s+following|to\s+the\s+following)"
    r"|de\s+la\s+siguiente\s+manera|lo\s+siguiente|los\s+siguientes\s+acuerdos"
    r"|las\s+siguientes\s+(?:recomendaciones|resoluciones|decisiones|conclusiones)"
    r"|(?:se\s+)?acord(?:o|aron|ó)|acuerda|resuelve|resolvio|decidio|decided|resolved|agreed"
    r"|agrees|recommends|recomienda)\s*:?\s*$"
)
_ANCHOR_HEADING = re.compile(
    r"^(?:(?:[ivxl]+|\d+|[a-h])[.)]?\s+)?(?:agreements?|acuerdos?|resolutions?|resoluciones"
    r"|recommendations?|recomendaciones|decisions?|decisiones|conclusions?|conclusiones"
    r"|action\s+points|puntos\s+de\s+accion|compromisos|commitments|agreed\s+actions"
    r"|acuerdos\s+y\s+recomendaciones|agreements\s+and\s+recommendations)"
    r"(?:\s+[\w\u00a7-]+){0,8}\s*:?$"
)
_TERMINATOR = re.compile(
    r"^(?:(?:annex(?:es)?|anexos?|appendix|apendice|list\s+of\s+participants"
    r"|lista\s+de\s+(?:participantes|asistentes)|participants\s+list|signatures?|firmas?)\b.{0,80}"
    r"|(?:done|dado|hecho|firmado|signed)\s+(?:in|en|at|a)\b.*"
    r"|[a-z][a-z .'-]{2,40},\s+(?:\w+\s+)?\d{1,2}\s+(?:de\s+)?[a-z]+\s+(?:de\s+)?\d{4}\.?)$"
)


@dataclass
class Resolution:
    """A numbered item of the report."""

    number: str
    parent: str | None
    text: str
    children: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A report split into its parts."""

    preamble: list[str]
    resolutions: list[Resolution]
    closing: list[str]

    def resolution(self, number: str) -> Resolution:
        """Return the resolution with this number."""
        return next(r for r in self.resolutions if r.number == number)


def is_anchor(line: str) -> bool:
    """Tell whether a line introduces the list of resolutions ("... as follows:", "ACUERDOS")."""
    key = fold(line).strip()
    if len(key) <= 90 and _ANCHOR_HEADING.match(key):
        return True
    return bool(_ANCHOR_PHRASE.search(key))


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(line) <= 90 and len(letters) >= 3 and upper / len(letters) > 0.8


def _start_index(lines: list[str]) -> int:
    """Return the index of the first resolution line."""
    numbered = [i for i, line in enumerate(lines) if (m := parse_marker(line)) and m.tokens]
    bullets = [i for i, line in enumerate(lines) if (m := parse_marker(line)) and not m.tokens]
    for i, line in enumerate(lines):
        if is_anchor(line):
            after = [j for j in numbered + bullets if j > i]
            if after:
                return min(after)
    return numbered[0] if numbered else len(lines)


_PLAIN_RESOLUTION = re.compile(
    r"^(?:to\s+[a-z]+|que\s+|[a-z]+(?:ar|er|ir)(?:se|le|les)?\s|the\s+[\w\s]{0,40}?\s(?:will|shall)\s"
    r"|(?:el|la|los|las)\s+[\w\s]{0,40}?\s\w+(?:ara|era|ira)n?\s)"
)


def _unnumbered_items(lines: list[str]) -> list[str] | None:
    """Number paragraphs that follow the lead-in when none of them carries a number.

    Some reports list each resolution as a plain paragraph ("To ask ...",
    "Solicitar ..."); they are numbered 1, 2, 3 in reading order.
    """
    anchor = next((i for i, line in enumerate(lines) if is_anchor(line)), None)
    if anchor is None or any(parse_marker(line) for line in lines[anchor + 1 :]):
        return None
    paragraphs = [line for line in lines[anchor + 1 :] if line.strip()]
    if not paragraphs or not all(_PLAIN_RESOLUTION.match(fold(p)) for p in paragraphs[:1]):
        return None
    return lines[: anchor + 1] + [f"{i}. {p}" for i, p in enumerate(paragraphs, start=1)]


def split_document(lines: list[str]) -> Document:
    """Split cleaned report lines into preamble, resolutions and closing matter."""
    lines = _unnumbered_items(lines) or lines
    start = _start_index(lines)
    end = next(
        (i for i in range(start, len(lines)) if _TERMINATOR.match(fold(lines[i]).strip())),
        len(lines),
    )
    return Document(lines[:start], _read_items(lines[start:end]), lines[end:])


def _run_in_split(text: str, outline: Outline) -> int | None:
    """Return where a numbered item run into this text begins ("... region. 2. To ask")."""
    choices = [(tok, wrap) for tok, wrap in outline.expected_tokens()]
    for kind in ("lower_alpha", "decimal", "lower_roman"):
        choices.append((render(kind, 1), ":"))
    best = None
    for token, wrapper in choices:
        close = r"\)" if wrapper in (")", "()") else r"[.)]"
        opener = r"\(" if wrapper == "()" else ""
        before = r"(?<=:)" if wrapper == ":" else r"(?<=[.;:])"
        pattern = (
            before
            + r"[\"'\u201d\u2019)]?\s+"
            + opener
            + re.escape(token)
            + close
            + r"\s+(?=[A-Z\u00c0-\u00dd\u00bf\"\u201c])"
        )
        m = re.search(pattern, text)
        if m and (best is None or m.start() < best):
            best = m.start()
    return best


def _read_items(lines: list[str]) -> list[Resolution]:
    """Number the resolution lines; plain lines continue the item above them."""
    outline = Outline()
    items: list[Resolution] = []
    by_number: dict[str, Resolution] = {}
    queue = deque(line for line in lines if line.strip())
    while queue:
        raw = queue.popleft()
        line = raw.strip()
        marker = parse_marker(raw)
        placed = outline.place(marker) if marker else None
        if placed is None or marker is None:
            if items and not (_is_heading(line) or is_anchor(line)):
                _append(items[-1], line, outline, queue)
            continue
        number, parent = placed
        if number in by_number:  # a number seen twice: keep the first, read this as text
            _append(items[-1], line, outline, queue)
            continue
        item = Resolution(number, parent if parent in by_number else None, "")
        items.append(item)
        by_number[number] = item
        if item.parent:
            by_number[item.parent].children.append(number)
        _append(item, raw[marker.text_start :].strip(), outline, queue)
    return items


def _append(item: Resolution, text: str, outline: Outline, queue: deque[str]) -> None:
    split = _run_in_split(text, outline)
    if split is not None:
        queue.appendleft(text[split:].strip())
        text = text[:split].strip()
    item.text = f"{item.text} {text}".strip() if text else item.text
