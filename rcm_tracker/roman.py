"""Roman numerals as reports number their items (i, ii, ... lxxxix).

Plain Python, no Django: the report parser (importer.parser) uses it too.
Only i, v, x and l are numerals here: in a report's numbering "c" and "d" are
letters, and no list runs past 89 items.
"""

from __future__ import annotations

_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}


def to_roman(value: int) -> str:
    """The lower-case roman numeral of `value` (1 to 89)."""
    out = []
    for number, letters in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out) + "i" * value


def roman_value(token: str) -> int | None:
    """The value of a roman numeral in either case, or None if it is not a well-formed one."""
    low = token.lower()
    if not low or any(ch not in _VALUES for ch in low):
        return None
    total = 0
    for i, ch in enumerate(low):
        value = _VALUES[ch]
        following = _VALUES[low[i + 1]] if i + 1 < len(low) else 0
        total += -value if value < following else value
    return total if to_roman(total) == low else None
