"""Dates kept as ISO text (parsed reports, JSON), shown the way the reader writes them."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def iso_date(value: object, format_name: str = "DATE_FORMAT") -> object:
    """ "2020-09-28" as "28 de septiembre de 2020" in Spanish; anything else unchanged."""
    if isinstance(value, dt.date):
        return date_format(value, format_name)
    try:
        return date_format(dt.date.fromisoformat(str(value)), format_name)
    except ValueError:
        return value
