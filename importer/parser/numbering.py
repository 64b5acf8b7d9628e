"""Read the numbering of resolutions and rebuild their outline.

Nesting is decided from the sequence of numbering styles, not from indentation
(copies from PDF lose it): a style not seen yet under the current item opens a
child level, a style already open continues that level (closing the deeper
ones). A marker is only taken as numbering when it continues a level (`b.` after
`a.`) or opens one (`a.`, `i.`, `1.`); otherwise it is ordinary text, so a line
starting "2020. The meeting" or "6.3 of the Guidelines" is not a resolution.

Unnumbered bullets under a numbered item are numbered in sequence: `1, 2, 3`
under a lettered item, `a, b, c` under any other item, `1, 2, 3` at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rcm_tracker.roman import roman_value, to_roman

_BULLETS = (
    "-*+\u2022\u00b7\u2013\u2014\u25aa\u25ab\u25e6\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4"
    "\u25ba\u2023\u2043\uf0b7"
)
_ROMAN_LOWER = r"[ivxl]{1,6}"
_ROMAN_UPPER = r"[IVXL]{1,6}"
_ORDINAL_WORDS = {
    "primero": 1,
    "segundo": 2,
    "tercero": 3,
    "cuarto": 4,
    "quinto": 5,
    "sexto": 6,
    "septimo": 7,
    "s\u00e9ptimo": 7,
    "octavo": 8,
    "noveno": 9,
    "decimo": 10,
    "d\u00e9cimo": 10,
}

MARKER_RE = re.compile(
    r"^\s*(?P<bullet>[" + re.escape(_BULLETS) + r"](?=\s))?\s*"
    r"(?:"
    r"(?P<kw>(?i:acuerdo|agreement|resoluci[o\u00f3]n|resolution|recommendation"
    r"|recomendaci[o\u00f3]n|decision|decisi[o\u00f3]n)\s+(?:n[o\u00ba\u00b0.]*\s*)?"
    r"(?P<kwnum>\d{1,2})\s*[:.)\-\u2013])"
    r"|(?P<ordw>(?i:" + "|".join(_ORDINAL_WORDS) + r"))\s*(?:[.:)]\s*[-\u2013]?|[-\u2013])"
    r"|(?P<compound>(?:\d{1,2}|" + _ROMAN_UPPER + r"|[A-Z])"
    r"(?:\.(?:\d{1,2}|" + _ROMAN_LOWER + "|" + _ROMAN_UPPER + r"|[a-zA-Z])){1,3})"
    r"(?:\.-|\.|\))?(?=\s|$)"
    r"|(?P<numsub>\d{1,2})\s+(?P<sub>[a-z])\)(?=\s|$)"
    r"|\((?P<paren>\d{1,2}|[a-z]{1,2}|" + _ROMAN_LOWER + "|[A-Z]|" + _ROMAN_UPPER + r")\)"
    r"|(?P<simple>\d{1,2}|[a-zA-Z]|" + _ROMAN_LOWER + "|" + _ROMAN_UPPER + r")"
    r"(?P<tail>\.-|\)-?|\.|-(?=\s))(?=\s|$|(?<=\d\.)[A-Z\u00c0-\u00dd\u00bf])"
    r")?"
)
_NUMBERING_GROUPS = ("kw", "ordw", "compound", "numsub", "paren", "simple")


@dataclass(frozen=True)
class Marker:
    """The numbering at the start of a line, as written."""

    tokens: tuple[str, ...]  # ("2", "a") for "2.a"; () for an unnumbered bullet
    wrapper: str  # ".", ")", "()", "compound", "bullet"
    bullet: str  # bullet character, "" when none
    text_start: int  # where the line's text begins after the marker
    indent: int = 0  # leading spaces: only breaks ties, since PDF copies lose it


def parse_marker(line: str) -> Marker | None:
    """Return the numbering marker a line starts with, or None for plain text."""
    m = MARKER_RE.match(line)
    if not m or not (m.group("bullet") or any(m.group(g) for g in _NUMBERING_GROUPS)):
        return None
    bullet = m.group("bullet") or ""
    marker = _marker_of(m, bullet)
    if marker is None:
        return None
    indent = len(line) - len(line.lstrip())
    return Marker(marker.tokens, marker.wrapper, marker.bullet, marker.text_start, indent)


def _marker_of(m: re.Match[str], bullet: str) -> Marker | None:
    if m.group("kw"):
        return Marker((m.group("kwnum"),), ".", bullet, m.end())
    if m.group("ordw"):
        value = _ORDINAL_WORDS[m.group("ordw").lower()]
        return Marker((str(value),), ".", bullet, m.end())
    if m.group("compound"):
        return Marker(tuple(m.group("compound").split(".")), "compound", bullet, m.end())
    if m.group("numsub"):
        return Marker((m.group("numsub"), m.group("sub")), "compound", bullet, m.end())
    if m.group("paren"):
        return Marker((m.group("paren"),), "()", bullet, m.end())
    if m.group("simple"):
        wrapper = ")" if m.group("tail").startswith(")") else "."
        return Marker((m.group("simple"),), wrapper, bullet, m.end())
    if bullet:
        return Marker((), "bullet", bullet, m.end())
    return None


# Token values -------------------------------------------------------------------------------


def interpretations(token: str) -> list[tuple[str, int]]:
    """Return the (kind, value) readings of a numbering token, most likely first."""
    if token.isdigit():
        return [("decimal", int(token))]
    upper = token.isupper()
    roman = roman_value(token)
    readings: list[tuple[str, int]] = []
    if roman is not None:
        readings.append(("upper_roman" if upper else "lower_roman", roman))
    if len(token) == 1:
        alpha = ("upper_alpha" if upper else "lower_alpha", ord(token.lower()) - 96)
        # A lone "i" most often starts a roman list; "c", "d", "l", "v", "x" are letters.
        readings.insert(len(readings) if token.lower() == "i" else 0, alpha)
    elif len(token) == 2 and token[0] == token[1] and roman is None:
        readings.append(("upper_alpha" if upper else "lower_alpha", ord(token[0].lower()) - 70))
    return readings


def render(kind: str, value: int) -> str:
    """Return the token that stands for `value` in a numbering style."""
    if kind == "decimal":
        return str(value)
    if kind.endswith("roman"):
        text = to_roman(value)
    else:
        text = chr(96 + value) if value <= 26 else chr(96 + value - 26) * 2
    return text.upper() if kind.startswith("upper") else text


# The outline -------------------------------------------------------------------------------


@dataclass
class Level:
    """One open level of the outline: its numbering style and its current item."""

    kind: str
    wrapper: str
    last: int
    number: str  # full number of the level's current item ("2.a")
    indent: int = 0


@dataclass
class Outline:
    """Assigns resolution numbers to markers in reading order."""

    stack: list[Level] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)

    def place(self, marker: Marker) -> tuple[str, str | None] | None:
        """Return (number, parent number) for a marker, or None if it is not numbering here."""
        if marker.wrapper == "bullet":
            return self._place_bullet(marker)
        if marker.wrapper == "compound":
            return self._place_compound(marker)
        return self._place_simple(marker)

    def expected_tokens(self) -> list[tuple[str, str]]:
        """Return (token, wrapper) pairs that would continue an open level."""
        out = []
        for level in self.stack:
            if level.kind != "bullet" and level.wrapper != "compound":
                out.append((render(level.kind, level.last + 1), level.wrapper))
        return out

    # Placement rules ---------------------------------------------------------------------

    def _place_simple(self, marker: Marker) -> tuple[str, str | None] | None:
        token = marker.tokens[0]
        best: tuple[int, int, int, str, int] | None = None  # (score, indent miss, depth, ...)
        for kind, value in interpretations(token):
            for score, depth in self._options(kind, marker.wrapper, value):
                key = (score, self._indent_miss(depth, marker.indent), depth, kind, value)
                if best is None or key[:3] < best[:3]:
                    best = key
        if best is None:
            return None
        _, _, depth, kind, value = best
        del self.stack[depth:]
        parent = self.stack[-1].number if self.stack else None
        number = f"{parent}.{token}" if parent else token
        return self._push(Level(kind, marker.wrapper, value, number, marker.indent), parent)

    def _indent_miss(self, depth: int, indent: int) -> int:
        """Return 0 when indentation agrees with placing a marker at `depth`, else 1."""
        if depth < len(self.stack):
            return 0 if self.stack[depth].indent == indent else 1
        return 0 if not self.stack or indent > self.stack[-1].indent else 1

    def _options(self, kind: str, wrapper: str, value: int) -> list[tuple[int, int]]:
        """Return (score, depth) placements; a lower score is a more natural reading."""
        options = []
        strict = [i for i, lv in enumerate(self.stack) if self._same_style(lv, kind, wrapper)]
        loose = [i for i, lv in enumerate(self.stack) if self._same_style(lv, kind, None)]
        for same, penalty in ((strict, 0), (loose, 5)):
            # On a tie the shallower level wins: "3." after "2. ... 1. 2." is the main list.
            for depth in same:
                gap = value - self.stack[depth].last
                if gap == 1:
                    options.append((penalty, depth))
                elif gap in (2, 3):
                    options.append((3 + penalty, depth))  # a skipped number, seen in real reports
        if value == 1 and (not strict or strict[-1] < len(self.stack) - 1):
            options.append((1, len(self.stack)))
        elif value == 1 and strict:
            # The same list style again: a restart, or (when that repeats a number, as
            # Word's separate sub-lists do) a list nested under the current item.
            depth = strict[-1]
            parent = self.stack[depth - 1].number if depth else None
            restart = f"{parent}.{render(kind, 1)}" if parent else render(kind, 1)
            options.append((4, depth) if restart not in self.numbers else (6, len(self.stack)))
        if not self.stack:
            options.append((2, 0))  # an excerpt may start anywhere
        return options

    @staticmethod
    def _same_style(level: Level, kind: str, wrapper: str | None) -> bool:
        """Tell whether a marker continues a level; `wrapper` None ignores "." versus ")"."""
        if level.kind != kind:
            return False
        if level.wrapper == "compound":
            return kind != "decimal"  # "b." continues "1.a", but "2." never continues "1.1"
        if wrapper is None:
            return {level.wrapper} <= {".", ")"} or level.wrapper == "()"
        return level.wrapper == wrapper

    def _place_bullet(self, marker: Marker) -> tuple[str, str | None] | None:
        same = [
            d
            for d, level in enumerate(self.stack)
            if level.kind == "bullet" and level.wrapper == marker.bullet
        ]
        aligned = [d for d in same if self.stack[d].indent == marker.indent]
        deeper = same and marker.indent > self.stack[same[-1]].indent
        if same and not deeper:
            depth = aligned[-1] if aligned else same[-1]
            level = self.stack[depth]
            del self.stack[depth + 1 :]
            level.last += 1
            parent = self.stack[depth - 1].number if depth else None
            token = self._bullet_token(depth, level.last)
            level.number = f"{parent}.{token}" if parent else token
            return self._register(level.number, parent)
        parent_level = self.stack[-1] if self.stack else None
        parent = parent_level.number if parent_level else None
        token = self._bullet_token(len(self.stack), 1)
        number = f"{parent}.{token}" if parent else token
        return self._push(Level("bullet", marker.bullet, 1, number, marker.indent), parent)

    def _bullet_token(self, depth: int, value: int) -> str:
        if depth == 0:
            return str(value)
        parent_kind = self.stack[depth - 1].kind
        return str(value) if parent_kind.endswith("alpha") else render("lower_alpha", value)

    def _place_compound(self, marker: Marker) -> tuple[str, str | None] | None:
        tokens = marker.tokens
        if not self._compound_fits(tokens):
            return None
        levels: list[Level] = []
        for depth, token in enumerate(tokens):
            kind, value = self._compound_reading(depth, token)
            number = ".".join(tokens[: depth + 1])
            wrapper = "." if depth == 0 else "compound"
            if depth < len(self.stack) and self.stack[depth].number == number:
                levels.append(self.stack[depth])
            else:
                levels.append(Level(kind, wrapper, value, number))
        self.stack = levels[:-1]
        parent = self._nearest_existing(tokens[:-1])
        return self._push(levels[-1], parent)

    def _compound_fits(self, tokens: tuple[str, ...]) -> bool:
        """Accept "2.1" only where it continues the outline (not "6.3" of a citation)."""
        if not self.stack:
            return True
        top = self.stack[0]
        first = interpretations(tokens[0])
        if not first:
            return False
        if tokens[0] == top.number:
            return True
        return any(kind == top.kind and value == top.last + 1 for kind, value in first)

    def _compound_reading(self, depth: int, token: str) -> tuple[str, int]:
        readings = interpretations(token) or [("lower_alpha", 1)]
        if depth < len(self.stack):
            level = self.stack[depth]
            for kind, value in readings:
                if kind == level.kind and value in (level.last, level.last + 1):
                    return kind, value
        return readings[0] if len(token) > 1 or token.lower() != "i" else readings[-1]

    def _nearest_existing(self, tokens: tuple[str, ...]) -> str | None:
        for end in range(len(tokens), 0, -1):
            number = ".".join(tokens[:end])
            if number in self.numbers:
                return number
        return None

    def _push(self, level: Level, parent: str | None) -> tuple[str, str | None]:
        self.stack.append(level)
        return self._register(level.number, parent)

    def _register(self, number: str, parent: str | None) -> tuple[str, str | None]:
        self.numbers.add(number)
        return number, parent
