"""Due-window grammar: turn English or Spanish date wording into a window of days.

`parse_due("by 28 October, at the latest", date(2020, 9, 28))` gives a window
whose `latest` is 2020-10-28. The grammar is a table of regular expressions over
folded text (lower case, no accents, same offsets as the input; see
`lexicon.fold`), each with a handler that builds the window. Rules:

* A year left out is the first such date or window that has not ended on the
  meeting date.
* "by", "no later than", "a más tardar", "hasta", "para" keep the end of the
  window and open its start; "before", "antes de" end the window the day before
  it begins ("antes del 15 de marzo" → 14 March), except "before the end of".
* Relative wording is resolved against the meeting date ("within 30 days") or
  the next meeting's window ("three weeks before the next meeting").
* A single day has precision "day" and no `earliest`; a range of days keeps its
  first day as `earliest`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rcm_tracker.months import add_months, month_end

from .lexicon import (
    MONTH_ABBR_RE,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    ORDINAL_RE,
    ORDINALS,
    WEEKDAY_RE,
    WEEKDAYS,
    fold,
    number_value,
)

PRECISIONS = ("day", "week", "fortnight", "month", "quarter", "half_year", "year", "none")


@dataclass(frozen=True)
class DueWindow:
    """A window of days in which something falls due, and the words it came from."""

    earliest: date | None
    latest: date | None
    precision: str
    text: str
    start: int = -1  # offset of `text` in the parsed string, -1 when unknown
    end: int = -1
    anchor: str = ""  # NEXT_MEETING when due at the next meeting itself, not before it

    def as_json(self) -> dict[str, str | None]:
        """Return the `due` object of the import format (ISO dates)."""
        return {
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
            "text": self.text,
        }


NEXT_MEETING = "next_meeting"
NO_DUE: dict[str, str | None] = {"earliest": None, "latest": None, "precision": "none", "text": ""}


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a text, before any deadline wording is applied."""

    start: int
    end: int
    earliest: date | None
    latest: date | None
    precision: str
    role: str  # "absolute", "relative" (to the meeting) or "next_meeting"
    source: str  # name of the grammar rule that matched
    has_year: bool = False
    end_of: bool = False  # "end of May": "before" it still means "by" it
    needs_cue: bool = False  # a bare year only counts after "by", "hasta" ...


@dataclass(frozen=True)
class _Context:
    meeting: date | None
    next_meeting: DueWindow | None
    original: str


# Calendar helpers ---------------------------------------------------------------------


def _add_business_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _shift(day: date, count: int, unit: str) -> date:
    """Move `day` by `count` days, weeks or months (negative moves back)."""
    if unit.startswith(("mes", "month")):
        return add_months(day, count)
    if unit.startswith(("week", "semana")):
        return day + timedelta(weeks=count)
    if any(word in unit for word in ("business", "working", "habil", "laborable")) and count > 0:
        return _add_business_days(day, count)
    return day + timedelta(days=count)


Span = tuple[date | None, date]


def _resolve_year(make: Callable[[int], Span], year: int | None, ctx: _Context) -> Span | None:
    """Build a window for the given year, or the first one not over on the meeting date."""
    if year is not None:
        return make(year)
    if ctx.meeting is None:
        return None
    for candidate in (ctx.meeting.year, ctx.meeting.year + 1):
        earliest, latest = make(candidate)
        if latest >= ctx.meeting:
            return earliest, latest
    return make(ctx.meeting.year + 1)


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _month(raw: str) -> int:
    return MONTHS[raw.rstrip(".").strip()]


def _day(groups: dict[str, str | None], name: str) -> int:
    if groups.get(name + "w"):
        return 1  # "primero", "first": the only day written as a word
    return int(groups[name] or 0)


def _range_precision(first: date, last: date) -> str:
    width = (last - first).days + 1
    if width <= 1:
        return "day"
    if width <= 7:
        return "week"
    if width <= 16:
        return "fortnight"
    return "month"


# Grammar fragments (folded text) ---------------------------------------------------------


def _day_re(name: str) -> str:
    return (
        rf"(?:(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|ro|er|o|\u00ba|\u00b0)?(?![\d/])"
        rf"|(?P<{name}w>primero|first))"
    )


def _month_re(name: str) -> str:
    return rf"(?P<{name}>(?:{MONTH_RE})\b|(?:{MONTH_ABBR_RE})\b\.?)"


def _year_re(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\d)"


def _year_tail(name: str) -> str:
    return rf"(?:\s*(?:,|of|de|del)?\s*{_year_re(name)})?"


_PREP = r"(?:(?:on|in|during|throughout|en|durante|the|el)\s+)?"
_WEEKDAY = rf"(?:(?:{WEEKDAY_RE}),?\s+)?"
_SEP = r"\s*(?:-|\u2013|\u2014|to|through|al|a|y|and|&)\s*"
_OF = r"\s+(?:of\s+|de\s+)?"
_NM = (
    r"(?:the|la|su|our|nuestra|a|its)\s+(?:next|following|upcoming|forthcoming|proxima|siguiente)"
    r"\s+(?:(?:regular|ordinary|ordinaria|virtual|presencial)\s+)?"
    r"(?:meeting|session|reunion|sesion)(?:\s+(?:ordinaria|virtual|presencial))?"
    r"(?:\s+(?:of|del|de\s+la|de)\s+(?:the\s+|este\s+|esta\s+|this\s+)?"
    r"(?:working\s+group|grupo\s+de\s+trabajo|wg|group|grupo|red|network))?"
)
_UNIT = r"(?:(?:business|working|calendar)\s+)?(?:days?|weeks?|months?|dias?|semanas?|mes(?:es)?)"
_PART = (
    r"(?P<part>(?:the\s+|a\s+|al\s+|el\s+|at\s+the\s+)?"
    r"(?:early|mid|late|beginning\s+of|start\s+of|middle\s+of|end\s+of|close\s+of"
    r"|principios\s+del?|inicios\s+del?|comienzos\s+del?|mediados\s+del?|finales\s+del?"
    r"|fines\s+del?|final\s+del?|fin\s+del?|cierre\s+del?))"
)


# Handlers: each gets the regex groups and returns (earliest, latest, precision) -------------

Built = tuple[date | None, date | None, str]


def _h_iso(g: dict, ctx: _Context) -> Built | None:
    return None, date(int(g["y"]), int(g["m"]), int(g["d"])), "day"


def _h_numeric(g: dict, ctx: _Context) -> Built | None:
    day, month = int(g["d"]), int(g["m"])
    span = _resolve_year(lambda y: (None, date(y, month, day)), _year(g.get("y")), ctx)
    return (None, span[1], "day") if span else (None, None, "none")


def _h_day(g: dict, ctx: _Context) -> Built | None:
    day, month = _day(g, "d"), _month(g["m"])
    span = _resolve_year(lambda y: (None, date(y, month, day)), _year(g.get("y")), ctx)
    return (None, span[1], "day") if span else (None, None, "none")


def _h_range(g: dict, ctx: _Context) -> Built | None:
    first_day, last_day = _day(g, "d1"), _day(g, "d2")
    month1 = _month(g.get("m1") or g["m"])
    month2 = _month(g.get("m2") or g.get("m") or g["m1"])
    if month1 == month2 and last_day <= first_day:
        return None

    def make(y: int) -> Span:
        last_year = y + 1 if month2 < month1 else y
        return date(y, month1, first_day), date(last_year, month2, last_day)

    span = _resolve_year(make, _year(g.get("y")), ctx)
    if not span or span[0] is None:
        return None, None, "none"
    return span[0], span[1], _range_precision(span[0], span[1])


def _h_week(g: dict, ctx: _Context) -> Built | None:
    ordinal, month = ORDINALS[g["o"]], _month(g["m"])

    def make(y: int) -> Span:
        end = month_end(y, month)
        if ordinal == -1:
            return end - timedelta(days=6), end
        first = date(y, month, min(7 * (ordinal - 1) + 1, end.day))
        return first, min(first + timedelta(days=6), end)

    return _built(_resolve_year(make, _year(g.get("y")), ctx), "week")


def _h_fortnight(g: dict, ctx: _Context) -> Built | None:
    second = ORDINALS[g["o"]] != 1
    month = _month(g["m"])

    def make(y: int) -> Span:
        return (
            (date(y, month, 16), month_end(y, month))
            if second
            else (
                date(y, month, 1),
                date(y, month, 15),
            )
        )

    return _built(_resolve_year(make, _year(g.get("y")), ctx), "fortnight")


def _part_kind(part: str) -> str:
    """Classify "early/mid/late" wording: "start", "middle" or "end"."""
    if any(w in part for w in ("early", "beginning", "start", "principio", "inicio", "comienzo")):
        return "start"
    if any(w in part for w in ("mid", "mediados")):
        return "middle"
    return "end"


def _h_part_month(g: dict, ctx: _Context) -> Built | None:
    kind, month = _part_kind(g["part"]), _month(g["m"])

    def make(y: int) -> Span:
        end = month_end(y, month)
        if kind == "start":
            return date(y, month, 1), date(y, month, 15)
        if kind == "middle":
            return date(y, month, 11), date(y, month, 20)
        return date(y, month, 16), end

    return _built(_resolve_year(make, _year(g.get("y")), ctx), "fortnight")


def _h_month(g: dict, ctx: _Context) -> Built | None:
    month = _month(g["m"])
    span = _resolve_year(lambda y: (date(y, month, 1), month_end(y, month)), _year(g.get("y")), ctx)
    return _built(span, "month")


def _quarter_span(quarter: int) -> Callable[[int], Span]:
    quarter = 4 if quarter == -1 else quarter
    return lambda y: (date(y, 3 * quarter - 2, 1), month_end(y, 3 * quarter))


def _h_quarter(g: dict, ctx: _Context) -> Built | None:
    quarter = int(g["q"]) if g.get("q") else ORDINALS[g["o"]]
    span = _resolve_year(_quarter_span(quarter), _year(g.get("y")), ctx)
    return _with_part(g, _built(span, "quarter"))


def _h_semester(g: dict, ctx: _Context) -> Built | None:
    second = ORDINALS[g["o"]] != 1

    def make(y: int) -> Span:
        return (date(y, 7, 1), date(y, 12, 31)) if second else (date(y, 1, 1), date(y, 6, 30))

    span = _resolve_year(make, _year(g.get("y")), ctx)
    return _with_part(g, _built(span, "half_year"))


def _h_year(g: dict, ctx: _Context) -> Built | None:
    year = int(g["y"])
    return _with_part(g, (date(year, 1, 1), date(year, 12, 31), "year"))


def _h_relative_year(g: dict, ctx: _Context) -> Built | None:
    if ctx.meeting is None:
        return None, None, "none"
    year = ctx.meeting.year + (1 if g.get("next") else 0)
    return _with_part(g, (date(year, 1, 1), date(year, 12, 31), "year"))


def _with_part(g: dict, built: Built) -> Built:
    """Apply "early/end of" to a quarter, half year or year."""
    part = g.get("part")
    earliest, latest, precision = built
    if not part or latest is None or earliest is None:
        return built
    if _part_kind(part) == "end":
        return None, latest, precision
    if _part_kind(part) == "start" and precision == "year":
        return earliest, month_end(earliest.year, 3), "quarter"
    return built


def _built(span: Span | None, precision: str) -> Built:
    if span is None:
        return None, None, "none"
    return span[0], span[1], precision


def _h_within(g: dict, ctx: _Context) -> Built | None:
    if ctx.meeting is None:
        return None, None, "none"
    return None, _shift(ctx.meeting, number_value(g["n"]), g["u"]), "day"


def _h_next_period(g: dict, ctx: _Context) -> Built | None:
    if ctx.meeting is None:
        return None, None, "none"
    if g.get("week"):
        monday = ctx.meeting + timedelta(days=7 - ctx.meeting.weekday())
        return monday, monday + timedelta(days=6), "week"
    first = add_months(ctx.meeting.replace(day=1), 1)
    return first, month_end(first.year, first.month), "month"


def _h_next_weekday(g: dict, ctx: _Context) -> Built | None:
    if ctx.meeting is None:
        return None, None, "none"
    ahead = (WEEKDAYS[g["wd"]] - ctx.meeting.weekday() - 1) % 7 + 1
    return None, ctx.meeting + timedelta(days=ahead), "day"


def _h_next_meeting(g: dict, ctx: _Context) -> Built | None:
    """Resolve "(three weeks) before / at the next meeting" from the next meeting's window."""
    window = ctx.next_meeting
    if window is None or window.latest is None:
        return None, None, "none"
    earliest, latest = window.earliest, window.latest
    if g.get("u"):
        count = -number_value(g["n"])
        latest = _shift(latest, count, g["u"])
        earliest = _shift(earliest, count, g["u"]) if earliest else None
    elif g.get("before"):
        latest = (earliest or latest) - timedelta(days=1)
        earliest = None
    precision = window.precision if earliest else "day"
    return earliest, latest, precision


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Callable[[dict, _Context], Built | None]
    role: str = "absolute"
    needs_cue: bool = False


def _rule(name: str, regex: str, handler: Callable, role: str = "absolute", **kw: bool) -> _Rule:
    return _Rule(name, re.compile(r"(?<![\w/])" + regex + r"(?!\w)"), handler, role, **kw)


_RULES: list[_Rule] = [
    _rule("iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)", _h_iso),
    _rule(
        "numeric",
        r"(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:19|20)?\d\d)",
        _h_numeric,
    ),
    _rule("numeric_short", r"(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?![/\d])", _h_numeric),
    _rule(
        "day_range",
        _PREP
        + _WEEKDAY
        + r"(?:the\s+|el\s+|los\s+dias\s+|del\s+|from\s+|de\s+)?"
        + _day_re("d1")
        + _SEP
        + r"(?:the\s+|el\s+)?"
        + _day_re("d2")
        + _OF
        + _month_re("m")
        + _year_tail("y"),
        _h_range,
    ),
    _rule(
        "cross_month_range",
        _PREP
        + r"(?:the\s+|el\s+|del\s+|from\s+|de\s+)?"
        + _day_re("d1")
        + _OF
        + _month_re("m1")
        + _SEP
        + r"(?:the\s+|el\s+)?"
        + _day_re("d2")
        + _OF
        + _month_re("m2")
        + _year_tail("y"),
        _h_range,
    ),
    _rule(
        "month_day_range",
        _PREP
        + r"(?:from\s+)?"
        + _month_re("m")
        + r"\s+"
        + _day_re("d1")
        + _SEP
        + _day_re("d2")
        + r"(?:\s*,?\s*"
        + _year_re("y")
        + ")?",
        _h_range,
    ),
    _rule(
        "cross_month_day_range",
        _PREP
        + r"(?:from\s+)?"
        + _month_re("m1")
        + r"\s+"
        + _day_re("d1")
        + _SEP
        + _month_re("m2")
        + r"\s+"
        + _day_re("d2")
        + r"(?:\s*,?\s*"
        + _year_re("y")
        + ")?",
        _h_range,
    ),
    _rule(
        "day",
        _PREP
        + _WEEKDAY
        + r"(?:the\s+|el\s+(?:dia\s+)?)?"
        + _day_re("d")
        + _OF
        + _month_re("m")
        + _year_tail("y"),
        _h_day,
    ),
    _rule(
        "month_day",
        _PREP
        + _WEEKDAY
        + _month_re("m")
        + r"\s+(?:the\s+)?"
        + _day_re("d")
        + r"(?:\s*,?\s*"
        + _year_re("y")
        + ")?",
        _h_day,
    ),
    _rule(
        "week",
        _PREP + r"(?:the\s+|la\s+)?(?P<o>" + ORDINAL_RE + r")\s+(?:week|semana)\s+"
        r"(?:of|de|del|in)\s+(?:the\s+month\s+of\s+|mes\s+de\s+)?"
        + _month_re("m")
        + _year_tail("y"),
        _h_week,
    ),
    _rule(
        "fortnight",
        _PREP + r"(?:the\s+|la\s+)?(?P<o>first|second|1st|2nd|primera|segunda|primer|segundo)"
        r"\s+(?:half|fortnight|quincena|mitad)\s+(?:of|de|del|in)\s+"
        r"(?:the\s+month\s+of\s+|mes\s+de\s+)?" + _month_re("m") + _year_tail("y"),
        _h_fortnight,
    ),
    _rule(
        "part_month",
        _PART
        + r"\s*-?\s*(?:the\s+)?(?:month\s+of\s+|mes\s+de\s+)?"
        + _month_re("m")
        + _year_tail("y"),
        _h_part_month,
    ),
    _rule(
        "month",
        r"(?:(?:in|during|throughout|en|durante|within)\s+)?"
        r"(?:the\s+month\s+of\s+|el\s+mes\s+de\s+|el\s+transcurso\s+del\s+mes\s+de\s+)?"
        r"(?P<m>" + MONTH_RE + r")" + _year_tail("y"),
        _h_month,
    ),
    _rule(
        "quarter",
        r"(?:" + _PART + r"\s+)?" + r"(?:(?:in|during|en|durante)\s+)?(?:the\s+|el\s+)?"
        r"(?P<o>first|second|third|fourth|last|1st|2nd|3rd|4th|primer|primero|segundo|tercer"
        r"|tercero|cuarto|ultimo)\s+(?:quarter|trimestre)"
        r"(?:\s+(?:of\s+the\s+year|del\s+ano))?"
        r"(?:\s*(?:,|of|de|del)?\s*(?:the\s+year\s+|el\s+ano\s+)?" + _year_re("y") + r")?",
        _h_quarter,
    ),
    _rule(
        "quarter_q",
        r"q(?P<q>[1-4])(?:\s*(?:of\s+|de\s+|del\s+|/|-)?\s*" + _year_re("y") + ")?",
        _h_quarter,
    ),
    _rule(
        "semester",
        r"(?:" + _PART + r"\s+)?" + r"(?:(?:in|during|en|durante)\s+)?(?:the\s+|el\s+)?"
        r"(?P<o>first|second|1st|2nd|primer|primero|segundo)\s+"
        r"(?:semester|half[- ]year|half(?:\s+of\s+the\s+year)?|semestre(?:\s+del\s+ano)?)"
        r"(?:\s*(?:,|of|de|del)?\s*(?:the\s+year\s+|el\s+ano\s+)?" + _year_re("y") + r")?",
        _h_semester,
    ),
    _rule(
        "year_part",
        _PART + r"\s+(?:the\s+year\s+|el\s+ano\s+|ano\s+)?" + _year_re("y"),
        _h_year,
    ),
    _rule(
        "year",
        r"(?:in|during|throughout|en|durante|a\s+lo\s+largo\s+del?)\s+"
        r"(?:the\s+year\s+|el\s+ano\s+|el\s+)?" + _year_re("y"),
        _h_year,
    ),
    _rule("bare_year", _year_re("y"), _h_year, needs_cue=True),
    _rule(
        "relative_year",
        r"(?:" + _PART + r"\s+)?(?:(?:in|during|en|durante)\s+)?"
        r"(?:this\s+year|the\s+current\s+year|the\s+present\s+year|este\s+ano|el\s+presente\s+ano"
        r"|el\s+ano\s+en\s+curso|el\s+ano\s+actual|(?<=fin de )ano|(?<=final del )ano"
        r"|(?<=finales del )ano|(?<=end of )the\s+year|(?<=cierre del )ano"
        r"|(?P<next>next\s+year|the\s+next\s+year|the\s+following\s+year|el\s+proximo\s+ano"
        r"|el\s+ano\s+proximo|el\s+siguiente\s+ano|el\s+ano\s+siguiente))",
        _h_relative_year,
    ),
    _rule(
        "within",
        r"(?:within|in\s+the\s+next|in\s+the\s+following|over\s+the\s+next|no\s+later\s+than)\s+"
        r"(?:the\s+)?(?:next\s+|following\s+)?(?P<n>" + NUMBER_RE + r")\s+(?P<u>" + _UNIT + r")"
        r"(?:\s+(?:of|after|from|following)\s+(?:this|the)\s+(?:date\s+of\s+(?:this|the)\s+)?"
        r"(?:(?:present|current)\s+)?(?:meeting|session|date|report))?",
        _h_within,
        role="relative",
    ),
    _rule(
        "within_es",
        r"(?:dentro\s+de|en\s+un\s+plazo(?:\s+maximo)?\s+de|en\s+el\s+plazo\s+de"
        r"|en\s+un\s+periodo\s+de|en\s+los\s+proximos|en\s+las\s+proximas|en\s+los\s+siguientes)\s+"
        r"(?:los\s+|las\s+)?(?:proximos\s+|proximas\s+|siguientes\s+)?(?P<n>"
        + NUMBER_RE
        + r")\s+(?P<u>"
        + _UNIT
        + r"(?:\s+(?:habiles|laborables))?)(?:\s+(?:calendario|naturales))?"
        r"(?:\s+(?:siguientes|posteriores|despues|a\s+partir)"
        r"(?:\s+(?:a|de)\s+(?:la|esta)\s+(?:(?:presente|actual)\s+)?(?:reunion|sesion|fecha)"
        r"(?:\s+de\s+(?:la\s+|esta\s+)?(?:(?:presente|actual)\s+)?(?:reunion|sesion))?)?)?",
        _h_within,
        role="relative",
    ),
    _rule(
        "after_meeting",
        r"(?P<n>" + NUMBER_RE + r")\s+(?P<u>" + _UNIT + r")\s+(?:after|following|from"
        r"|despues\s+de|posteriores\s+a|a\s+partir\s+de)\s+(?:this|the|la|esta)\s+"
        r"(?:(?:present|current|presente|actual)\s+)?(?:meeting|session|reunion|sesion)",
        _h_within,
        role="relative",
    ),
    _rule(
        "next_period",
        r"(?:(?P<week>next\s+week|la\s+proxima\s+semana|la\s+semana\s+proxima"
        r"|la\s+siguiente\s+semana|la\s+semana\s+siguiente)|next\s+month|el\s+proximo\s+mes"
        r"|el\s+mes\s+proximo|el\s+siguiente\s+mes|el\s+mes\s+siguiente)",
        _h_next_period,
        role="relative",
    ),
    _rule(
        "next_weekday",
        r"(?:next|this\s+coming|el\s+proximo|el\s+siguiente|este)\s+(?P<wd>" + WEEKDAY_RE + ")",
        _h_next_weekday,
        role="relative",
    ),
    _rule(
        "before_next_meeting",
        r"(?:(?:at\s+least\s+|al\s+menos\s+|por\s+lo\s+menos\s+)?(?P<n>"
        + NUMBER_RE
        + r")\s+(?P<u>"
        + _UNIT
        + r")\s+)?(?P<before>before|prior\s+to|ahead\s+of"
        r"|in\s+advance\s+of|antes\s+de|previ[oa]s?\s+a)\s+" + _NM,
        _h_next_meeting,
        role="next_meeting",
    ),
    _rule(
        "advance_next_meeting",
        r"con\s+(?:al\s+menos\s+|por\s+lo\s+menos\s+)?(?P<n>"
        + NUMBER_RE
        + r")\s+(?P<u>"
        + _UNIT
        + r")\s+de\s+anticipacion\s+(?:a|de)\s+"
        + _NM,
        _h_next_meeting,
        role="next_meeting",
    ),
    _rule(
        "at_next_meeting",
        r"(?:at|during|for|in|by|on|en|durante|para|a\s+mas\s+tardar\s+en)\s+" + _NM,
        _h_next_meeting,
        role="next_meeting",
    ),
]

# Deadline wording around a date --------------------------------------------------------------

_BY_CUE = re.compile(
    r"(?:^|\W)(?P<cue>by|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|until|till"
    r"|up\s+to|up\s+until|deadline(?:\s+of|\s+is)?|due(?:\s+date)?(?:\s+by|\s+on)?"
    r"|with\s+a\s+deadline\s+of|a\s+mas\s+tardar(?:\s+el\s+dia|\s+el|\s+en)?"
    r"|hasta(?:\s+el\s+dia|\s+el|\s+la)?|como\s+maximo(?:\s+hasta)?(?:\s+el)?"
    r"|(?:con\s+)?(?:como\s+)?fecha\s+limite(?:\s+el|\s+del?)?|plazo(?:\s+maximo)?(?:\s+hasta)?"
    r"(?:\s+el)?|para(?:\s+el\s+dia|\s+el)?)\s*[:,]?\s*$"
)
_BEFORE_CUE = re.compile(
    r"(?:^|\W)(?P<cue>before|prior\s+to|antes\s+del?|antes\s+de\s+la|antes\s+de\s+el"
    r"|previo\s+al?)\s*[:,]?\s*$"
)
_AFTER_LATEST = re.compile(
    r"^\s*,?\s*(?:at\s+the\s+(?:very\s+)?latest|a\s+mas\s+tardar|como\s+maximo|as\s+a\s+deadline)"
)
_AFTER_TBD = re.compile(
    r"^\s*,?\s*(?:on|at|in|en)\s+(?:a|una)?\s*(?:date|fecha)\s+(?:to\s+be|por|a|que\s+se)\s+"
    r"(?:defined|determined|confirmed|agreed|set|decided|definir(?:se)?|determinar(?:se)?"
    r"|confirmar(?:se)?|acordar(?:se)?|establecer(?:se)?|defina|determine|confirme|acuerde)"
)
_NEXT_MEETING_WORDS = re.compile(
    r"(?:next|following|upcoming|forthcoming|proxima|siguiente)\s+(?:(?:regular|ordinary"
    r"|ordinaria|virtual|presencial)\s+)?(?:meeting|session|reunion|sesion)"
)


def _scan(text: str, ctx: _Context) -> list[DateMatch]:
    """Return every date expression of `text`, longest first where two overlap.

    A span that reads as an impossible date ("31 February 2021") blocks the
    shorter readings inside it ("February 2021").
    """
    folded = fold(text)
    raw: list[DateMatch] = []
    invalid: list[tuple[int, int]] = []
    for rule in _RULES:
        for m in rule.pattern.finditer(folded):
            found = _apply(rule, m, ctx)
            if found is None:
                invalid.append(m.span())
            else:
                raw.append(found)
    raw.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[DateMatch] = []
    for found in raw:
        if kept and found.start < kept[-1].end:
            continue
        if any(
            s <= found.start and found.end <= e and e - s > found.end - found.start
            for s, e in invalid
        ):
            continue
        kept.append(found)
    return kept


def _is_modal_may(m: re.Match[str], original: str) -> bool:
    """Tell "countries may submit" (a verb) from "in May" or "May 2021" (the month)."""
    if m.group("m") != "may" or m.start("m") != m.start():
        return False
    return not original[m.start("m")].isupper()


def _apply(rule: _Rule, m: re.Match[str], ctx: _Context) -> DateMatch | None:
    groups = m.groupdict()
    if rule.name == "month" and _is_modal_may(m, ctx.original):
        return None
    try:
        built = rule.handler(groups, ctx)
    except (ValueError, KeyError):
        return None  # 31 February, unknown words: not a date
    if built is None:
        return None
    earliest, latest, precision = built
    return DateMatch(
        start=m.start(),
        end=m.end(),
        earliest=earliest,
        latest=latest,
        precision=precision,
        role=rule.role,
        source=rule.name,
        has_year=bool(groups.get("y")),
        end_of=bool(groups.get("part")) and _part_kind(groups["part"] or "") == "end",
        needs_cue=rule.needs_cue,
    )


def scan_dates(text: str, meeting_date: date | None = None) -> list[DateMatch]:
    """Return the date expressions of `text` in reading order (no deadline wording applied)."""
    return _scan(text, _Context(meeting_date, None, text))


def _cue_before(folded: str, start: int) -> tuple[str, int, str] | None:
    """Return ("by" or "before", cue start, cue words) when deadline words precede `start`."""
    head = folded[max(0, start - 40) : start]
    offset = start - len(head)
    for kind, pattern in (("by", _BY_CUE), ("before", _BEFORE_CUE)):  # "on or before" is "by"
        m = pattern.search(head)
        if m:
            return kind, offset + m.start("cue"), m.group("cue")
    return None


def _apply_cue(found: DateMatch, cue: str) -> tuple[date | None, date | None, str]:
    earliest, latest, precision = found.earliest, found.latest, found.precision
    if latest is None:
        return earliest, latest, precision
    if found.end_of and found.source == "part_month":
        precision = "month"  # "by the end of May": the whole month counts
    elif cue == "before" and not found.end_of:
        latest = (earliest or latest) - timedelta(days=1)
    return None, latest, precision


def _is_descriptor(folded: str, found: DateMatch) -> bool:
    """Tell whether a date only says when the next meeting will be held."""
    head = folded[max(0, found.start - 120) : found.start]
    head = re.split(r"[.;]\s", head)[-1]
    return bool(_NEXT_MEETING_WORDS.search(head))


@dataclass(frozen=True)
class _Candidate:
    rank: int
    role: str
    window: DueWindow


def _candidates(text: str, ctx: _Context) -> list[_Candidate]:
    folded = fold(text)
    out: list[_Candidate] = []
    for found in _scan(text, ctx):
        cue = _cue_before(folded, found.start)
        if found.needs_cue and cue is None:
            continue
        start, end = (cue[1] if cue else found.start), found.end
        earliest, latest, precision = found.earliest, found.latest, found.precision
        if cue and found.role == "absolute":
            earliest, latest, precision = _apply_cue(found, cue[0])
        tail = folded[end:]
        for extra in (_AFTER_LATEST, _AFTER_TBD):
            m = extra.match(tail)
            if m:
                end += m.end()
                tail = folded[end:]
                if extra is _AFTER_LATEST:
                    earliest = None
        out.append(
            _Candidate(
                _rank(found, cue is not None, folded, ctx),
                found.role,
                DueWindow(
                    earliest,
                    latest,
                    precision,
                    text[start:end],
                    start,
                    end,
                    NEXT_MEETING if found.source == "at_next_meeting" else "",
                ),
            )
        )
    return out


def _rank(found: DateMatch, cued: bool, folded: str, ctx: _Context) -> int:
    """Order candidates: deadlines first, then plain dates, next-meeting dates, past dates."""
    if found.latest is None:
        return 4
    if found.role == "absolute" and _is_descriptor(folded, found):
        return 2
    if ctx.meeting and found.has_year and found.latest < ctx.meeting:
        return 3
    return 0 if cued or found.role != "absolute" else 1


def parse_due(
    text: str,
    meeting_date: date | None,
    *,
    next_meeting: DueWindow | None = None,
) -> DueWindow | None:
    """Return the due window a text states, or None when it states no date.

    `text` may be a whole resolution: the deadline ("by", "a más tardar"...) wins
    over other dates, and a date that only says when the next meeting is held is
    used last. `next_meeting` resolves "before/at the next meeting"; when it is
    not given, a next-meeting date stated in `text` itself is used.
    """
    if next_meeting is None:
        next_meeting = find_next_meeting(text, meeting_date)
    ctx = _Context(meeting_date, next_meeting, text)
    # A date already past at the meeting ("statistics for 2020") is a reference, not a due date.
    candidates = [c for c in _candidates(text, ctx) if c.rank != 3]
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c.rank, c.window.start))
    window = best.window
    if best.role == "next_meeting":
        window = _extend_with_descriptor(text, window, candidates)
    if window.precision == "day":
        window = replace(window, earliest=None)
    return window


def _extend_with_descriptor(text: str, window: DueWindow, cands: list[_Candidate]) -> DueWindow:
    """Let "at the next meeting, to be held in December" carry its whole wording."""
    for cand in cands:
        gap = text[window.end : cand.window.start]
        if cand.rank == 2 and 0 <= len(gap) <= 40 and not re.search(r"[.;]", gap):
            return replace(window, text=text[window.start : cand.window.end], end=cand.window.end)
    return window


def find_next_meeting(text: str, meeting_date: date | None) -> DueWindow | None:
    """Return the window a text gives for the group's next meeting, if it gives one.

    Looks for "next meeting / próxima reunión" followed, in the same sentence, by
    an absolute date ("to be held in the first week of December").
    """
    folded = fold(text)
    ctx = _Context(meeting_date, None, text)
    matches = [f for f in _scan(text, ctx) if f.role == "absolute" and f.latest and not f.needs_cue]
    for mention in _NEXT_MEETING_WORDS.finditer(folded):
        for found in matches:
            gap = folded[mention.end() : found.start]
            if found.start < mention.end() or len(gap) > 150 or re.search(r"\.\s", gap):
                continue
            cue = _cue_before(folded, found.start)
            if cue is None or cue[2].startswith("para"):  # "prevista para" describes it
                start, end = found.start, found.end
                return DueWindow(
                    found.earliest, found.latest, found.precision, text[start:end], start, end
                )
    return None
