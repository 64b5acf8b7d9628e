"""Read the meeting's own facts: its date, working group, participants and observers."""

from __future__ import annotations

import re
from datetime import date

from .dates import DateMatch, scan_dates
from .entities import Mention, find_mentions
from .lexicon import MEMBER_COUNTRY_CODES, MONTHS, WEEKDAYS, fold, words

_DAY_RULES = frozenset(
    {
        "iso",
        "numeric",
        "day",
        "month_day",
        "day_range",
        "cross_month_range",
        "month_day_range",
        "cross_month_day_range",
    }
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


_MEETING_WORDS = re.compile(
    r"\b(?:met|meets|held|took\s+place|convened|meeting|session|se\s+reuni[oa]|celebr|realiz"
    r"|reunion|sesion|se\s+llevo\s+a\s+cabo|tuvo\s+lugar|fecha|date)"
)
_EARLIER = re.compile(
    r"(?:previous|last|prior|earlier|anterior|pasad[oa]|precedente|agreements\s+of|acuerdos\s+de"
    r"|pursuant\s+to|de\s+conformidad\s+con)[^.;\n]{0,60}$"
)


def _date_score(text: str, found: DateMatch) -> int:
    """Score how surely a date is the meeting's own: alone on a line or next to "met"."""
    line_start = text.rfind("\n", 0, found.start) + 1
    line_end = text.find("\n", found.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    before = re.split(r"[,;]\s", fold(text[max(line_start, found.start - 80) : found.start]))[-1]
    score = 0
    if len(line.strip()) <= len(text[found.start : found.end]) + 30:
        score += 2  # a title line: "28 September 2020", "San José, 28 de septiembre"
    if _MEETING_WORDS.search(fold(line)):
        score += 2
    if _EARLIER.search(before):
        score -= 4  # "pursuant to the agreements of 12 March 2020"
    return score


def meeting_date(preamble: str, rest: str = "") -> date | None:
    """Return the first day of the meeting, from the preamble's most telling full date.

    A date alone on a line or in a sentence about the meeting wins over one that
    refers to an earlier meeting; on a tie the first wins. Failing a full date,
    a day and month take the year written nearby (a letterhead "2020"), then a
    full date anywhere else in the report is used.
    """
    for text in (preamble, rest):
        found = [f for f in scan_dates(text) if f.source in _DAY_RULES and f.has_year]
        if found:
            best = max(found, key=lambda f: (_date_score(text, f), -f.start))
            return best.earliest or best.latest
    years = _YEAR.findall(preamble)
    if years:
        for dated in scan_dates(preamble, date(int(years[0]), 1, 1)):
            if dated.source in _DAY_RULES and dated.latest:
                return dated.earliest or dated.latest
    return None


# Working group --------------------------------------------------------------------------------

_GROUP_HEAD = re.compile(
    r"(?:working\s+group|grupo\s+de\s+trabajo|red\s+de\s+funcionari[oa]s\s+de\s+enlace"
    r"|network\s+of\s+liaison\s+officers|liaison\s+officers\s+network|ad[- ]hoc\s+group"
    r"|grupo\s+ad[- ]hoc)"
    r"(?:\s+(?:on|for|of|in|sobre|de|para|en|del|de\s+la|en\s+materia\s+de)\s+)",
    re.IGNORECASE,
)
_NAME_STOP = words(
    "held met meets hold holds submits submitted presents presented agreed decided was were is "
    "are has have had which that who with during at by from via virtually online through "
    "realizo celebro sostuvo llevo se presenta somete sometio acordo decidio fue es con durante "
    "que mediante realizada celebrada sostenida sesiono reunio"
)
_CONNECTORS = words("on of for and the in to de del la las los el y e para sobre en a")


def working_group(text: str) -> str | None:
    """Return the working group's name as the report writes it, without trailing words."""
    fallback = None
    for m in _GROUP_HEAD.finditer(text):
        name = _group_name(text, m)
        if name is None:
            continue
        if not name.isupper():
            return name
        fallback = fallback or _title_case(name)
    return fallback


def _group_name(text: str, head: re.Match[str]) -> str | None:
    tail = re.split(r"[,.;:()\n\u2013\u2014\"]|\s-\s", text[head.end() :], maxsplit=1)[0]
    words: list[str] = []
    for word in tail.split():
        folded = fold(word)
        if folded in _NAME_STOP or word[0].isdigit() or len(words) >= 12:
            break
        if words and words[0][:1].isupper() and word.islower() and folded not in _CONNECTORS:
            break  # "... Gestión Migratoria Laboral sesionó": a capitalised name has ended
        words.append(word)
    while words and fold(words[-1]) in _CONNECTORS:
        words.pop()
    if not words:
        return None
    head_words = re.sub(r"\s+", " ", head.group().strip())
    return f"{head_words} {' '.join(words)}"


def _title_case(name: str) -> str:
    words = name.lower().split()
    return " ".join(
        w if i and w in _CONNECTORS else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


# Participants ---------------------------------------------------------------------------------

_APOLOGY = re.compile(
    r"excus|apolog|regrets?\b|could\s+not\s+(?:attend|participate|join)|unable\s+to\s+(?:attend"
    r"|participate|join)|did\s+not\s+(?:attend|participate)|not\s+present|absent|ausen"
    r"|no\s+pudo|no\s+pudieron|no\s+particip|no\s+asisti|no\s+estuv|lamento\s+no|disculp"
    r"|justific[oó]\s+su\s+ausencia|except|excepcion|excepto|salvo\b|sin\s+la\s+participacion"
    r"|not\s+represented|no\s+(?:estuvo|estuvieron)\s+representad"
)
_EXCEPTION = re.compile(
    r"(?:with\s+the\s+exception\s+of|except(?:\s+for)?|excepto|salvo|con\s+(?:la\s+)?excepcion\s+"
    r"de|a\s+excepcion\s+de)\s+"
)
_ALL_MEMBERS = re.compile(
    r"(?:all|todos\s+los|la\s+totalidad\s+de\s+los)\s+(?:the\s+)?(?:rcm\s+|crm\s+)?"
    r"(?:member\s+countries|paises\s+miembros|member\s+states|estados\s+miembros)"
)
_CONTRAST = re.compile(
    r";|(?<!\brep)(?<!\bu\.s)(?<!\bee\.uu)(?<!\bsr)(?<!\bsra)(?<!\bdr)(?<!\bmr)(?<!\bms)\.\s|,?\s+(?:while|whereas|but|however|mientras\s+que|pero|sin\s+embargo|en\s+tanto\s+que)"
    r"\s+|\n"
)


def _segments(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CONTRAST.finditer(fold(text)):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def participants(text: str) -> list[str]:
    """Return the member countries that took part, leaving out those that sent apologies.

    `text` is the preamble (and any list of participants). A sentence or list
    under a heading that mentions apologies or absence excludes its countries;
    "all member countries" takes part unless some are excused.
    """
    present: list[str] = []
    absent: set[str] = set()
    apology_list = False
    for line in text.split("\n"):
        folded_line = fold(line)
        if _is_list_heading(line):
            apology_list = bool(_APOLOGY.search(folded_line))
        elif not line.strip():
            apology_list = False
        for start, end in _segments(line):
            seg = folded_line[start:end]
            mentions = [m for m in find_mentions(line[start:end]) if m.kind == "country"]
            absent_from = _absent_from(seg, apology_list)
            for mention in mentions:
                if absent_from is not None and mention.start >= absent_from:
                    absent.add(mention.code)
                elif mention.code not in present:
                    present.append(mention.code)
            everyone = _ALL_MEMBERS.search(seg)
            if everyone and (absent_from is None or everyone.start() < absent_from):
                present.extend(c for c in MEMBER_COUNTRY_CODES if c not in present)
    order = {code: i for i, code in enumerate(MEMBER_COUNTRY_CODES)}
    return sorted((c for c in present if c not in absent), key=order.__getitem__)


def _absent_from(segment: str, apology_list: bool) -> int | None:
    """Return where the absent countries of a segment start, None when all took part."""
    cut = _EXCEPTION.search(segment)
    if cut:
        return cut.start()  # "all Member Countries except Nicaragua"
    if apology_list or _APOLOGY.search(segment):
        return 0
    return None


def _is_list_heading(line: str) -> bool:
    stripped = line.strip()
    return stripped.endswith(":") and len(stripped) <= 120


# Observers ------------------------------------------------------------------------------------

_PRESENCE_AFTER = re.compile(
    r"support|apoyo|particip|presence|presencia|acompan|accompan|collaborat|colabora|offer|ofrec"
    r"|cooperation|cooperacion|assistance|asistencia|observer|observador"
)


def observers(preamble: str, resolutions: str) -> list[str]:
    """Return acronyms of the organisations present.

    Organisations the preamble names outside an apology are present; when it
    names none, those the resolutions thank for their support or participation
    (or name as supporting an activity) are taken to have been there.
    """
    found = _preamble_orgs(preamble)
    return found or _supporting_orgs(resolutions)


def _preamble_orgs(text: str) -> list[str]:
    codes: list[str] = []
    for line in text.split("\n"):
        for start, end in _segments(line):
            seg = line[start:end]
            if _APOLOGY.search(fold(seg)):
                continue
            codes.extend(m.code for m in find_mentions(seg) if m.kind == "org")
    return _unique(codes)


_NEXT_CLAUSE = re.compile(
    r"[.;]\s|\s(?:and|as\s+well\s+as)\s+to\s|\sy\s+\w+(?:ar|er|ir)(?:le|les|se)?\s"
)


def _supporting_orgs(text: str) -> list[str]:
    folded = fold(text)
    codes: list[str] = []
    mentions: list[Mention] = [m for m in find_mentions(text) if m.kind == "org"]
    for mention in mentions:
        after = _NEXT_CLAUSE.split(folded[mention.end : mention.end + 120])[0]
        before = folded[max(0, mention.start - 40) : mention.start]
        if _PRESENCE_AFTER.search(after) or re.search(
            r"(?:support|apoyo)\s+(?:of|from|de)\s+"
            r"(?:the\s+|la\s+)?$",
            before,
        ):
            codes.append(mention.code)
    return _unique(codes)


def _unique(codes: list[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        if code not in out:
            out.append(code)
    return out


# Modality and place ---------------------------------------------------------------------------

_HYBRID = re.compile(r"\b(?:hybrid|hibrid[oa]s?|semi-?presencial(?:es)?|modalidad\s+mixta)\b")
_VIRTUAL = re.compile(
    r"\b(?:on-?line|virtual(?:ly|es|mente)?|video-?\s?conferenc(?:e|ia)s?|teleconferenc(?:e|ia)s?"
    r"|en\s+linea|a\s+distancia|via\s+(?:zoom|webex|teams)|(?:zoom|webex)\s+platform"
    r"|plataforma\s+(?:zoom|webex|teams))\b"
)
_IN_PERSON = re.compile(r"\b(?:in[- ]person|face[- ]to[- ]face|presencial(?:es|mente)?)\b")
# "held in San José", "met in the city of Panama", "se reunió en la Ciudad de Guatemala".
_PLACE_CUE = re.compile(
    r"\b(?:held|met|meets|took\s+place|convened|gathered|hosted|celebr\w*|realiz\w*|reuni[oa]"
    r"|se\s+llevo\s+a\s+cabo|tuvo\s+lugar|sesion\w*|sostuvo|meeting|reunion|sesion)\b"
    r"[^.;:\n]{0,80}"
)
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|en)\s+(?:(?:the|la)\s+(?=city|ciudad))?")
_PLACE_LABEL = re.compile(
    r"\b(?:venue|place|location|lugar|sede)(?:\s+(?:and|y)\s+(?:date|fecha))?\s*:\s*"
)
_CITY_OF = re.compile(r"(?:city\s+of|ciudad\s+de)\s+")
_PLACE_WORD = re.compile(r"[A-ZÁÉÍÓÚÑ][\w'\u2019.-]*")
_PLACE_JOINERS = words("de del la las los el of the")
# What may stand between a dateline's place and its date: ", on", " el", "Thursday,".
_DATELINE_TAIL = re.compile(
    r"(?:[,\s]+(?:on|el|the|los\s+dias|del|" + "|".join(WEEKDAYS) + r"))*[,\s]*$"
)
_NOT_PLACES = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | words(
        "the this its their a an el la los las su sus un una representatives representantes "
        "presence presencia order accordance coordination person persona virtual online"
    )
)


def modality(preamble: str) -> str | None:
    """Return "virtual", "hybrid" or "in_person" as the preamble says, None when it is silent.

    A place named for the meeting ("held in San José") without any virtual
    wording makes it in person.
    """
    folded = fold(preamble)
    if _HYBRID.search(folded):
        return "hybrid"
    virtual = _VIRTUAL.search(folded)
    in_person = _IN_PERSON.search(folded)
    if virtual and not in_person:
        return "virtual"
    if in_person and not virtual:
        return "in_person"
    if virtual and in_person:
        return "hybrid"
    return "in_person" if _physical_place(preamble) else None


def place(preamble: str) -> str | None:
    """Return where the meeting was held as the report writes it.

    A city named after "held in / se reunió en", or before the date on a
    dateline ("San José, 28 de septiembre de 2020"); failing that, for a
    virtual meeting, the word the report uses for it ("Online", "Virtual").
    """
    physical = _physical_place(preamble)
    if physical:
        return physical
    virtual = _VIRTUAL.search(fold(preamble))
    if virtual is None:
        return None
    word = preamble[virtual.start() : virtual.end()]
    word = re.sub(r"(?i)^(via|plataforma)\s+", "", re.sub(r"(?i)mente$|ly$", "", word))
    return word[:1].upper() + word[1:].lower()


def _physical_place(preamble: str) -> str | None:
    folded = fold(preamble)
    for label in _PLACE_LABEL.finditer(folded):  # "Venue: Tegucigalpa, Honduras"
        found = _place_at(preamble, label.end())
        if found:
            return found
    for cue in _PLACE_CUE.finditer(folded):
        for at in _PLACE_PREPOSITION.finditer(folded, cue.start(), cue.end()):
            found = _place_at(preamble, at.end())
            city_of = _CITY_OF.match(folded, at.end())
            if found is None and city_of:  # "in the city of Panama": the name follows
                found = _place_at(preamble, city_of.end())
            if found:
                return found
    for dated in scan_dates(preamble):
        if dated.source not in _DAY_RULES or not dated.has_year:
            continue
        line_start = preamble.rfind("\n", 0, dated.start) + 1
        head = preamble[line_start : dated.start]
        tail = _DATELINE_TAIL.search(fold(head))  # it matches at the end, at least
        head = head[: tail.start() if tail else len(head)].strip(" ,")
        if head and _place_at(head, 0) == head:
            return head  # a dateline: "San José, Costa Rica, 14 and 15 March 2023"
    return None


_GAP = re.compile(r"\s*(,\s*)?")
_JOINER = re.compile(r"(?:de|del|la|las|los|el|of|the)(?=\s+[A-ZÁÉÍÓÚÑ])")


def _place_at(text: str, start: int) -> str | None:
    """Read a capitalised place name ("San José, Costa Rica") starting at `start`."""
    parts: list[str] = []
    pos = start
    while len(parts) < 8:
        gap = _GAP.match(text, pos)
        assert gap is not None  # the pattern matches the empty string
        if parts and "\n" in gap.group():
            break
        joiner = _JOINER.match(text, gap.end())
        if parts and joiner and not gap.group(1):  # "Ciudad de Guatemala"
            parts.append(gap.group() + joiner.group())
            pos = joiner.end()
            continue
        word = _PLACE_WORD.match(text, gap.end())
        if word is None or fold(word.group().rstrip(".")) in _NOT_PLACES:
            break
        parts.append(gap.group() + word.group() if parts else word.group())
        pos = word.end()
    name = "".join(parts).strip(" ,.")
    while name and fold(name.rsplit(" ", 1)[-1]) in _PLACE_JOINERS:
        name = name.rsplit(" ", 1)[0] if " " in name else ""
    return name or None
