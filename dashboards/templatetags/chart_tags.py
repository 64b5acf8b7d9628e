"""Numbers written into SVG attributes, the same in every language."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def svg_number(value: object) -> str:
    """`value` as SVG reads it: a dot for decimals, no grouping, whatever the locale.

    Django localizes numbers in templates (Spanish writes 268,0), and a decimal
    comma in `x="268,0"` makes the browser drop the whole element.
    """
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")
