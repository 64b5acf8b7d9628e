"""Find member countries, organisations and RCM bodies named in a text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    CASED_COUNTRY_PATTERNS,
    CASED_ROLE_PATTERNS,
    COUNTRY_PATTERNS,
    NON_OWNER_BODIES,
    ORG_PATTERNS,
    ROLE_PATTERNS,
    fold,
)


@dataclass(frozen=True)
class Mention:
    """A named actor in a text: its code and where its words are."""

    code: str
    start: int
    end: int
    kind: str  # "country", "org", "role" or "body" (a non-owner such as the RCGM)


def _compile(patterns: list[tuple[str, str]], flags: int = 0) -> list[tuple[str, re.Pattern]]:
    return [(code, re.compile(r"(?<!\w)(?:" + p + r")(?!\w)", flags)) for code, p in patterns]


_FOLDED = (
    [(code, pat, "country") for code, pat in _compile(COUNTRY_PATTERNS)]
    + [(code, pat, "org") for code, pat in _compile(ORG_PATTERNS)]
    + [(code, pat, "role") for code, pat in _compile(ROLE_PATTERNS)]
    + [("body", re.compile(r"(?<!\w)(?:" + NON_OWNER_BODIES + r")(?!\w)"), "body")]
)
_CASED = [(code, pat, "country") for code, pat in _compile(CASED_COUNTRY_PATTERNS)] + [
    (code, pat, "role") for code, pat in _compile(CASED_ROLE_PATTERNS)
]
_NAMED_GROUP = re.compile(
    r"\s+(?:on|for|sobre|de|para|del)\s+(?:la\s+|el\s+|the\s+)?[A-Z\u00c1-\u00da]"
)


def find_mentions(text: str, own_group: str | None = None) -> list[Mention]:
    """Return the actors named in `text`, in order, without overlaps (longest wins).

    "the Working Group on Protection" names another group, so it only counts as
    `working_group` when it is `own_group` (the group whose report this is).
    """
    folded = fold(text)
    found: list[Mention] = []
    for code, pattern, kind in _FOLDED:
        found.extend(Mention(code, m.start(), m.end(), kind) for m in pattern.finditer(folded))
    for code, pattern, kind in _CASED:
        found.extend(Mention(code, m.start(), m.end(), kind) for m in pattern.finditer(text))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        if mention.code == "working_group" and not _is_own_group(text, mention, own_group):
            mention = Mention("body", mention.start, mention.end, "body")
        kept.append(mention)
    return kept


def _is_own_group(text: str, mention: Mention, own_group: str | None) -> bool:
    tail = text[mention.end :]
    if not _NAMED_GROUP.match(tail):
        return True
    if not own_group:
        return False
    name = fold(own_group)
    words = [w for w in re.findall(r"\w+", name) if len(w) > 3][-2:]
    return all(w in fold(tail[:120]) for w in words)


def mask(text: str, spans: list[tuple[int, int]], char: str = "\u00a7") -> str:
    """Return `text` with each span replaced by `char` (offsets are kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if not chars[i].isspace():
                chars[i] = char
    return "".join(chars)


def country_codes(text: str) -> list[str]:
    """Return the member-country codes named in `text`, in order of first mention."""
    codes: list[str] = []
    for mention in find_mentions(text):
        if mention.kind == "country" and mention.code not in codes:
            codes.append(mention.code)
    return codes


def org_codes(text: str) -> list[str]:
    """Return the organisation acronyms named in `text`, in order of first mention."""
    codes: list[str] = []
    for mention in find_mentions(text):
        if mention.kind == "org" and mention.code not in codes:
            codes.append(mention.code)
    return codes
