"""Pair the two language versions of one report (`--translation`; IMPORT_FORMAT.md).

`pair_reports(original, translation)` takes two results of `parse_report` and returns the
original's result with the other version beside it: each resolution's `translation`, each
action item's `title_translation`, the two languages and `translation_warnings`, a list of
what the translation disagrees on. The translation never changes a value of the original.

Resolutions are paired level by level down the outline: the children of two paired
resolutions (or the two lists of top-level resolutions) are aligned in order, in the way
that pairs the most similar ones, similarity being what survives translation — the
numbering read as values ("II" = "2", "b)" = "2" = "ii"), the position in the list, and the
words themselves: numbers, dates, the countries and organisations named and cognate stems
("Inventory" / "Inventario"). Two resolutions too unlike to be the same are left unpaired.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .entities import find_mentions
from .lexicon import fold
from .report import parse_report, title_in_language

# The weights of one pairing's score, and the least score that pairs two resolutions.
NUMBER_WEIGHT = 0.25  # the numbering reads as the same value ("II" / "2", "a)" / "1")
POSITION_WEIGHT = 0.15  # the same place in its list ...
EQUAL_LISTS_POSITION_WEIGHT = 0.3  # ... of two lists of one length: enough alone to pair
WORDS_WEIGHT = 1.5  # the share of what survives translation found in both texts
PAIR_THRESHOLD = 0.3

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_MONTHS = {
    **dict.fromkeys(("january", "enero"), 1),
    **dict.fromkeys(("february", "febrero"), 2),
    **dict.fromkeys(("march", "marzo"), 3),
    **dict.fromkeys(("april", "abril"), 4),
    **dict.fromkeys(("may", "mayo"), 5),
    **dict.fromkeys(("june", "junio"), 6),
    **dict.fromkeys(("july", "julio"), 7),
    **dict.fromkeys(("august", "agosto"), 8),
    **dict.fromkeys(("september", "septiembre", "setiembre"), 9),
    **dict.fromkeys(("october", "octubre"), 10),
    **dict.fromkeys(("november", "noviembre"), 11),
    **dict.fromkeys(("december", "diciembre"), 12),
}
# Long words that carry no content in either language, left out of the cognate stems.
_STOP_STEMS = frozenset(
    fold(w)[:5]
    for w in (
        *("which", "whose", "their", "there", "these", "those", "about", "would", "should"),
        *("shall", "other", "through", "where", "while"),
        *("sobre", "entre", "desde", "hasta", "cuales", "donde", "todos", "todas", "otros"),
        *("otras", "cuando"),
    )
)


@dataclass
class _Node:
    """One resolution of one version, with its place in the outline."""

    number: str
    text: str
    index: int  # position among its siblings, from 0
    children: list[_Node] = field(default_factory=list)
    marks: dict[str, float] = field(default_factory=dict)  # `_features(text)`, read once


def _outline(resolutions: Sequence[dict[str, Any]]) -> list[_Node]:
    """Rebuild the tree of a parse's resolutions (a parent comes before its children)."""
    nodes: dict[str, _Node] = {}
    roots: list[_Node] = []
    for res in resolutions:
        number = str(res.get("number"))
        parent = nodes.get(str(res.get("parent"))) if res.get("parent") is not None else None
        siblings = parent.children if parent else roots
        text = str(res.get("text") or "")
        node = _Node(number, text, len(siblings), marks=_features(text))
        siblings.append(node)
        nodes[number] = node
    return roots


# What survives translation --------------------------------------------------------------------


def _values(token: str) -> frozenset[int]:
    """Return what one level of a number can stand for: "2" → {2}, "b" → {2}, "i" → {1, 9}."""
    token = token.strip("()").lower()
    if token.isdigit():
        return frozenset({int(token)})
    values: set[int] = set()
    if len(token) == 1 and token.isalpha():
        values.add(ord(token) - ord("a") + 1)
    if token and all(ch in _ROMAN for ch in token):
        total = 0
        for i, ch in enumerate(token):
            value = _ROMAN[ch]
            following = _ROMAN[token[i + 1]] if i + 1 < len(token) else 0
            total += -value if value < following else value
        values.add(total)
    return frozenset(values)


def _last_values(number: str) -> frozenset[int]:
    parts = [p for p in re.split(r"[.\s]+", number) if p.strip("()")]
    return _values(parts[-1]) if parts else frozenset()


def same_numbering(a: str, b: str) -> bool:
    """Tell whether two numbers read alike level by level.

    "II.a" and "2.1" do; "2.c" and "2.b" do not.
    """
    pa = [p for p in re.split(r"[.\s]+", a) if p.strip("()")]
    pb = [p for p in re.split(r"[.\s]+", b) if p.strip("()")]
    return len(pa) == len(pb) and all(_values(x) & _values(y) for x, y in zip(pa, pb, strict=True))


def _stem(word: str) -> str:
    """Reduce a folded word to a stem its cognate in the other language shares."""
    if re.match(r"es[bcdfgjklmnpqrstvz]", word):
        word = word[1:]  # estrategia / strategy, estudio / study
    for old, new in (("ph", "f"), ("th", "t"), ("ti", "ci"), ("y", "i"), ("k", "c"), ("qu", "c")):
        word = word.replace(old, new)
    word = re.sub(r"(.)\1", r"\1", word)  # protección / protection: "cc", "ss", "ll"
    return word[:5]


def _features(text: str) -> dict[str, float]:
    """Return the weighted marks of a text that a faithful translation keeps."""
    folded = fold(text)
    marks: dict[str, float] = {}
    for number in re.findall(r"\d+(?:[.,]\d+)*", folded):
        marks["n:" + number] = 2.0
    for word in re.findall(r"[a-z]+", folded):
        if word in _MONTHS:
            marks[f"m:{_MONTHS[word]}"] = 2.0
        elif len(word) >= 5 and (stem := _stem(word)) not in _STOP_STEMS:
            marks.setdefault("w:" + stem, 1.0)
    for mention in find_mentions(text):
        if mention.kind in ("country", "org"):
            marks["a:" + mention.code] = 2.0
    return marks


def _word_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the weighted share of marks two texts have in common (0 to 1)."""
    union = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in a.keys() | b.keys())
    if not union:
        return 0.0
    return sum(min(a[k], b[k]) for k in a.keys() & b.keys()) / union


def similarity(a: _Node, b: _Node, *, equal_lists: bool = False) -> float:
    """Score how likely two resolutions are one resolution in two languages.

    `equal_lists`: their lists of siblings are as long as each other, so the same place in
    them counts more (a list renumbered in another style still pairs in order).
    """
    score = WORDS_WEIGHT * _word_similarity(a.marks, b.marks)
    if _last_values(a.number) & _last_values(b.number):
        score += NUMBER_WEIGHT
    if a.index == b.index:
        score += EQUAL_LISTS_POSITION_WEIGHT if equal_lists else POSITION_WEIGHT
    return score


# Alignment ---------------------------------------------------------------------------------


def _align(left: list[_Node], right: list[_Node]) -> list[tuple[_Node, _Node]]:
    """Pair two lists of siblings in order, maximising the summed score above the threshold.

    A classic sequence alignment: a resolution missing from one version (and the renumbering
    that follows it) costs nothing, a pairing gains its score less the threshold.
    """
    n, m = len(left), len(right)
    equal = n == m
    gain = [[similarity(a, b, equal_lists=equal) - PAIR_THRESHOLD for b in right] for a in left]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [best[i - 1][j], best[i][j - 1]]
            if gain[i - 1][j - 1] >= 0:
                options.append(best[i - 1][j - 1] + gain[i - 1][j - 1])
            best[i][j] = max(options)
    pairs: list[tuple[_Node, _Node]] = []
    i, j = n, m
    while i and j:
        g = gain[i - 1][j - 1]
        if g >= 0 and best[i][j] == best[i - 1][j - 1] + g:
            pairs.append((left[i - 1], right[j - 1]))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def pair_resolutions(
    original: Sequence[dict[str, Any]], translation: Sequence[dict[str, Any]]
) -> dict[str, str]:
    """Return {original number: translation number} for the resolutions of two parses."""
    pairs: dict[str, str] = {}

    def walk(left: list[_Node], right: list[_Node]) -> None:
        for a, b in _align(left, right):
            pairs[a.number] = b.number
            walk(a.children, b.children)

    walk(_outline(original), _outline(translation))
    return pairs


# Warnings ---------------------------------------------------------------------------------


def _warning(
    message: str,
    field_name: str,
    original: Any,
    translated: Any,
    number: str | None = None,
    translation_number: str | None = None,
) -> dict[str, Any]:
    return {
        "message": message,
        "number": number,
        "translation_number": translation_number,
        "field": field_name,
        "original": original,
        "translation": translated,
    }


def _codes(text: str, kind: str) -> list[str]:
    return list(dict.fromkeys(m.code for m in find_mentions(text) if m.kind == kind))


def _meeting_warnings(original: dict[str, Any], translated: dict[str, Any]) -> list[dict]:
    warnings = []
    if original.get("date") and translated.get("date") and original["date"] != translated["date"]:
        warnings.append(
            _warning("meeting_date_differs", "meeting.date", original["date"], translated["date"])
        )
    for key, message in (
        ("participants", "participants_differ"),
        ("observers", "observers_differ"),
    ):
        mine, theirs = list(original.get(key) or []), list(translated.get(key) or [])
        if set(mine) != set(theirs):
            warnings.append(_warning(message, f"meeting.{key}", mine, theirs))
    return warnings


def _resolution_warnings(number: str, other: str, text: str, other_text: str) -> list[dict]:
    warnings = []
    if not same_numbering(number, other):
        warnings.append(_warning("number_differs", "number", number, other, number, other))
    for kind, message in (("country", "countries_differ"), ("org", "organisations_differ")):
        mine, theirs = _codes(text, kind), _codes(other_text, kind)
        if set(mine) != set(theirs):
            warnings.append(_warning(message, "text", mine, theirs, number, other))
    mine, theirs = _numbers(text), _numbers(other_text)
    if set(mine) != set(theirs):
        warnings.append(_warning("numbers_differ", "text", mine, theirs, number, other))
    return warnings


def _numbers(text: str) -> list[str]:
    """Return the figures a text writes, in order: days, years, "6.3", "1,000" as "1000"."""
    found = re.findall(r"\d+(?:[.,]\d+)*", text)
    return list(dict.fromkeys(re.sub(r"[.,](?=\d{3}\b)", "", n).replace(",", ".") for n in found))


def _item_warnings(number: str, other: str, item: dict | None, twin: dict | None) -> list[dict]:
    if item is None or twin is None:
        kinds = (item or {}).get("kind"), (twin or {}).get("kind")
        return [_warning("kind_differs", "kind", kinds[0], kinds[1], number, other)]
    warnings = []
    if item.get("kind") != twin.get("kind"):
        warnings.append(
            _warning("kind_differs", "kind", item.get("kind"), twin.get("kind"), number, other)
        )
    mine, theirs = list(item.get("responsible") or []), list(twin.get("responsible") or [])
    if set(mine) != set(theirs):
        warnings.append(_warning("responsible_differs", "responsible", mine, theirs, number, other))
    due = {k: (item.get("due") or {}).get(k) for k in ("earliest", "latest")}
    twin_due = {k: (twin.get("due") or {}).get(k) for k in ("earliest", "latest")}
    if due != twin_due:
        warnings.append(_warning("date_differs", "due", due, twin_due, number, other))
    if item.get("recurrence") != twin.get("recurrence"):
        warnings.append(
            _warning(
                "recurrence_differs",
                "recurrence",
                item.get("recurrence"),
                twin.get("recurrence"),
                number,
                other,
            )
        )
    return warnings


# The pairing ----------------------------------------------------------------------------------


def _language(parsed: dict[str, Any]) -> str | None:
    return parsed.get("language") or (parsed.get("meeting") or {}).get("language")


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _first_by_resolution(items: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        found.setdefault(str(item.get("resolution")), item)
    return found


def pair_reports(original: dict[str, Any], translation: dict[str, Any]) -> dict[str, Any]:
    """Return `original` (a copy) with the translation's texts and titles and its warnings.

    Both arguments are results of `parse_report`. Adds `translation_language`,
    `translation_warnings`, `translation` on each resolution (None where unpaired) and
    `title_translation` on each action item (None where its resolution is unpaired), and
    sets the top-level `language`. Nothing of the original's own values changes.
    """
    result = copy.deepcopy(original)
    language, other_language = _language(original), _language(translation)
    result["language"] = language
    result["translation_language"] = other_language
    their_resolutions = {str(r.get("number")): r for r in translation.get("resolutions") or []}
    pairs = pair_resolutions(result.get("resolutions") or [], list(their_resolutions.values()))
    paired_back = set(pairs.values())

    warnings = _meeting_warnings(result.get("meeting") or {}, translation.get("meeting") or {})
    if language and other_language and language == other_language:
        warnings.insert(0, _warning("same_language", "language", language, other_language))

    my_items = _first_by_resolution(result.get("action_items") or [])
    their_items = _first_by_resolution(translation.get("action_items") or [])
    for res in result.get("resolutions") or []:
        number = str(res.get("number"))
        other = pairs.get(number)
        twin = their_resolutions.get(other) if other else None
        res["translation"] = twin.get("text") if twin else None
        if twin is None or other is None:
            warnings.append(
                _warning("unpaired_in_translation", "resolution", res.get("text"), None, number)
            )
            continue
        text, other_text = str(res.get("text") or ""), str(twin.get("text") or "")
        found = _resolution_warnings(number, other, text, other_text)
        if number in my_items or other in their_items:
            found += _item_warnings(number, other, my_items.get(number), their_items.get(other))
        if any(w["message"] == "date_differs" for w in found):
            # The due date differs: that its figures differ too says nothing more.
            found = [w for w in found if w["message"] != "numbers_differ"]
        warnings += found
    for number, res in their_resolutions.items():
        if number not in paired_back:
            warnings.append(
                _warning("unpaired_in_original", "resolution", None, res.get("text"), None, number)
            )

    their_date = _iso_date((translation.get("meeting") or {}).get("date"))
    for item in result.get("action_items") or []:
        other = pairs.get(str(item.get("resolution")))
        twin = their_resolutions.get(other) if other else None
        if twin is None:
            item["title_translation"] = None
        elif other in their_items:
            item["title_translation"] = their_items[other].get("title")
        else:
            item["title_translation"] = title_in_language(
                str(twin.get("text") or ""),
                str(item.get("kind") or "other"),
                other_language or "en",
                meeting_date=their_date,
            )
    result["translation_warnings"] = warnings
    return result


def pair_texts(
    text: str,
    translation_text: str,
    *,
    meeting_date: date | None = None,
    working_group: str | None = None,
) -> dict[str, Any]:
    """Parse a report and its other-language version and pair them (see `pair_reports`).

    `meeting_date` and `working_group` serve both versions where they do not state them.
    """
    hints: dict[str, Any] = {"meeting_date": meeting_date, "working_group": working_group}
    return pair_reports(parse_report(text, **hints), parse_report(translation_text, **hints))
