"""Word tables shared by the importer: months, numbers, countries, organisations.

Every pattern here is written for *folded* text (see `fold`): lower case, accents
removed, one character per input character, so a match offset is also an offset
into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Folding -------------------------------------------------------------------


@lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Return `text` lower-cased and without accents, keeping every offset.

    Each character maps to exactly one character (its base letter), so spans
    found in the folded text can be used to slice the original.
    """
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def words(text: str) -> frozenset[str]:
    """Return the set of space-separated words of a table written as one string."""
    return frozenset(text.split())


# Calendar words --------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}

# Abbreviations are only read next to a day number ("28 Oct."), so a Spanish
# "mar" (sea) never reads as March; longest names come first in the patterns.
MONTH_ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
MONTH_RE = "|".join(
    sorted((m for m in MONTHS if m not in MONTH_ABBREVIATIONS), key=len, reverse=True)
)
MONTH_ABBR_RE = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
}
WEEKDAY_RE = "|".join(WEEKDAYS)

NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "uno": 1,
    "un": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "cuarenta y cinco": 45,
    "sesenta": 60,
    "noventa": 90,
}
NUMBER_RE = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def number_value(token: str) -> int:
    """Return the integer a digit string or number word stands for."""
    token = token.strip()
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "primer": 1,
    "primero": 1,
    "primera": 1,
    "segundo": 2,
    "segunda": 2,
    "tercer": 3,
    "tercero": 3,
    "tercera": 3,
    "cuarto": 4,
    "cuarta": 4,
    "quinta": 5,
    "last": -1,
    "final": -1,
    "ultimo": -1,
    "ultima": -1,
}
ORDINAL_RE = "|".join(sorted(ORDINALS, key=len, reverse=True))

# Member countries and organisations --------------------------------------------

# (code, folded regex). Names are matched on folded text; the short acronyms
# that are also English words are matched case-sensitively (see CASED_ALIASES).
COUNTRY_PATTERNS: list[tuple[str, str]] = [
    ("BZ", r"beli[zc]e"),
    ("CA", r"canada"),
    ("CR", r"costa rica"),
    ("DO", r"(?:the )?dominican republic|republica dominicana|rep\. dominicana"),
    ("SV", r"el salvador"),
    ("GT", r"guatemala"),
    ("HN", r"honduras"),
    ("MX", r"mexico"),
    ("NI", r"nicaragua"),
    ("PA", r"panama"),
    (
        "US",
        r"(?:the )?united states(?: of america)?|estados unidos(?: de america)?"
        r"|ee\.\s?uu\.?|eeuu|u\.s\.a?\.?(?!\w)",
    ),
]
CASED_COUNTRY_PATTERNS: list[tuple[str, str]] = [("US", r"\bUSA?\b")]

ORG_PATTERNS: list[tuple[str, str]] = [
    (
        "IOM",
        r"\biom\b|\boim\b|international organi[sz]ation for migration"
        r"|organizacion internacional (?:para|de) (?:las )?migracion(?:es)?",
    ),
    (
        "UNODC",
        r"\bunodc\b|\bonudd\b|united nations office on drugs and crime"
        r"|oficina de las naciones unidas contra la droga y el delito",
    ),
    (
        "UNHCR",
        r"\bunhcr\b|\bacnur\b|(?:office of the )?united nations high commissioner for refugees"
        r"|(?:oficina del )?alto comisionado de las naciones unidas para (?:los )?refugiados",
    ),
    (
        "UNICEF",
        r"\bunicef\b|united nations children'?s fund|fondo de las naciones unidas para la infancia",
    ),
    (
        "ILO",
        r"\bilo\b|\boit\b|international labou?r organi[sz]ation"
        r"|organizacion internacional del trabajo",
    ),
    (
        "RNCOM",
        r"\brncom\b|\brrocm\b|regional network (?:for|of) civil(?: society)? organi[sz]ations"
        r"(?: (?:on|for) migration)?|red regional de organizaciones civiles (?:para|sobre) "
        r"(?:las )?migraciones",
    ),
]

# Bodies named in reports that are not action owners; they are masked so that
# "Conference" or "Group" in their names is not read as an event or a meeting.
NON_OWNER_BODIES = (
    r"regional conference on migration|conferencia regional sobre migracion(?:es)?"
    r"|regional consultation group on migration|grupo regional de consulta sobre migracion"
    r"|\brcm\b|\bcrm\b|\brcgm\b|\bgrcm\b|vice-?ministerial meeting|reunion viceministerial"
)

ROLE_PATTERNS: list[tuple[str, str]] = [
    (
        "member_countries",
        r"(?:(?:the )?(?:rcm |crm )?member (?:countries|states)"
        r"(?: of the (?:rcm|regional conference on migration))?)"
        r"|(?:(?:los |todos los |a los )?(?:paises|estados) miembros?"
        r"(?: de la (?:crm|conferencia regional sobre migracion))?)"
        r"|(?:all (?:the )?countries|(?:todos )?los paises(?: participantes)?"
        r"|the (?:participating )?countries|each (?:rcm )?(?:member )?country"
        # "Countries to provide data by ...": bare "countries" as the subject of a task.
        r"|countries(?= (?:to|will|shall|should|must|are to|agree to|agreed to|undertake to) )"
        r"|cada pais(?: miembro)?)",
    ),
    (
        "PPT",
        r"(?:presidency|president|presidencia) pro[- ]?tempore|\bppt\b|\bpro tempore presidency",
    ),
    ("technical_secretariat", r"technical secretariat|secretaria tecnica"),
    (
        "working_group",
        r"(?:the|this|el|este|del) (?:working group|grupo de trabajo|wg|network|red)\b",
    ),
]
CASED_ROLE_PATTERNS: list[tuple[str, str]] = [("technical_secretariat", r"\b(?:ST|TS)\b")]

MEMBER_COUNTRY_CODES: tuple[str, ...] = (
    "BZ",
    "CA",
    "CR",
    "DO",
    "SV",
    "GT",
    "HN",
    "MX",
    "NI",
    "PA",
    "US",
)

# Language detection --------------------------------------------------------------

_SPANISH_WORDS = words(
    "de la el los las y que en para con del por sobre se sus su una al lo como un es son fue"
    " esta este estos estas a sobre ante entre desde hasta cual cuales donde"
)
_ENGLISH_WORDS = words(
    "the of and to in for on with by their its an is be as that from at this these which was"
    " were are has have will who whose between"
)
# Names a report carries in both languages on every page ("Conferencia Regional sobre
# Migración / Regional Conference on Migration", "Presidencia Pro Tempore"): they say nothing
# about the language of the report.
_BILINGUAL_NAMES = re.compile(
    r"conferencia regional sobre (?:la )?migracion|regional conference on migration"
    r"|(?:presidencia|presidency) pro[- ]?tempore|pro[- ]?tempore presidency"
)
_SPANISH_MARKS = re.compile(r"[\u00f1\u00e1\u00e9\u00ed\u00f3\u00fa\u00bf\u00a1]")


def language_of(text: str) -> str:
    """Return "es" or "en", whichever language's function words are more frequent.

    The conference's bilingual names are left out first, so letterheads repeated on every
    page cannot decide; with no function word either way, Spanish letters (ñ, á, ¿) do.
    """
    lowered = text.lower()
    folded = fold(lowered)
    # `fold` keeps offsets, so the names found in the folded text blank the same characters.
    for m in reversed(list(_BILINGUAL_NAMES.finditer(folded))):
        lowered = lowered[: m.start()] + " " * (m.end() - m.start()) + lowered[m.end() :]
        folded = folded[: m.start()] + " " * (m.end() - m.start()) + folded[m.end() :]
    words = re.findall(r"[a-z]+", folded)
    spanish = sum(w in _SPANISH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if spanish != english:
        return "es" if spanish > english else "en"
    return "es" if _SPANISH_MARKS.search(lowered) else "en"
