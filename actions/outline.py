"""The outline of a report: resolutions numbered `2`, `2.a`, `II.iii`, each under its parent.

One home for the numbering rules that the resolution form and the report
import both check (`number_problem`), for the next number to suggest
(`next_segment`), and for arranging rows as a tree (`build_outline`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from rcm_tracker.roman import roman_value, to_roman

# A resolution as the outline reads it: `pk`, `parent_id` and `order`; the outline sets
# `subitems` and `level` on each.
Node = Any

# A resolution number is a path of levels joined by dots: `2`, `2.a`, `II.iii`.
NUMBER_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


def number_problem(number: str, parent: str | None, *, example: str = "") -> str | None:
    """What is wrong with `number` under the resolution numbered `parent` (None: top level).

    A number is numbers or letters joined by dots; a top-level one has no dot;
    a sub-item's is its parent's number, a dot and one more part (`2.a`
    under `2`). `example` is the number to suggest under `parent`. None when
    the number is right.
    """
    if not NUMBER_RE.match(number):
        return _("Use numbers or letters separated by dots, e.g. 3, 2.a or II.iii.")
    if parent is None:
        if "." in number:
            return _("A top-level number has no dot; choose a parent for a sub-item.")
        return None
    if not number.startswith(f"{parent}.") or number.count(".") != parent.count(".") + 1:
        return _(
            "Under %(parent)s the number is %(parent)s. followed by one part, e.g. %(next)s."
        ) % {"parent": parent, "next": example or f"{parent}.a"}
    return None


def build_outline(resolutions: Iterable[Node]) -> list[Node]:
    """Arrange resolutions as a tree (see Meeting.outline); return the top-level ones."""
    resolutions = sorted(resolutions, key=lambda r: (r.order, r.pk or 0))
    by_pk = {r.pk: r for r in resolutions if r.pk}
    roots: list[Node] = []
    for resolution in resolutions:
        resolution.subitems = []
    for resolution in resolutions:
        parent = by_pk.get(resolution.parent_id) if resolution.parent_id else None
        (parent.subitems if parent is not None else roots).append(resolution)

    def set_levels(nodes: list[Node], level: int) -> None:
        for node in nodes:
            node.level = level
            set_levels(node.subitems, level + 1)

    set_levels(roots, 0)
    return roots


def flatten_outline(roots: list[Node]) -> list[Node]:
    """The tree in reading order: each resolution followed by its sub-items."""
    flat: list[Node] = []
    for node in roots:
        flat.append(node)
        flat.extend(flatten_outline(node.subitems))
    return flat


def next_segment(first: str | None, last: str | None, level: int) -> str:
    """The segment after `last` among siblings numbered in the style of `first`.

    `1, 2, 3`, `a, b, c` and `i, ii, iii` (either case) continue; a new level
    starts at `1` at the top, `a` below it and `i` further down. Returns ""
    when the style cannot be continued.
    """
    if first is None or last is None:
        return ("1", "a", "i")[min(level, 2)]
    upper = last.isupper()
    if first.isdigit() and last.isdigit():
        return str(int(last) + 1)
    if first.lower() == "i" and (value := roman_value(last)) is not None:
        following = to_roman(value + 1)
        return following.upper() if upper else following
    if len(last) == 1 and last.isalpha() and last.lower() != "z":
        return chr(ord(last) + 1)
    return ""
