"""Read one resolution: does it ask for something, what kind, who acts, by when, how often.

The text is folded (see `lexicon.fold`), actors and the due wording are masked,
then split into clauses. Clauses led by "thank", "welcome", "take note"... ask
nothing; the first other clause is the action. In it a requesting verb ("to ask
IOM and UNODC to develop") names who is responsible and hands over to the main
verb ("develop"); otherwise the actors before the verb are its subject ("La PPT
elaborará"). The kind comes from the first object noun after the main verb
(comments, a meeting, a workshop, a document, information) and, failing one,
from the verb itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import DueWindow, parse_due
from .entities import Mention, find_mentions, mask
from .lexicon import fold
from .verbs import NOMINALISATIONS, find_verbs, first_key_noun

Span = tuple[int, int]

_CLAUSE_BREAK = re.compile(
    r";\s*|\.\s+(?=\S)|,?\s+(?:and|as\s+well\s+as|and\s+also)\s+(?=to\s)"
    r"|,?\s+(?:y|e|asi\s+como|y\s+asimismo|ademas\s+de)\s+(?=\w+(?:ar|er|ir)(?:se|le|les|lo|la)?\b)"
)
_SUPPORT_CUE = re.compile(
    r"(?:with|con)\s+(?:the\s+|el\s+|la\s+)?(?:technical\s+|financial\s+|valuable\s+)?"
    r"(?:support|assistance|collaboration|cooperation|help|accompaniment|backing|participation"
    r"|apoyo|asistencia|colaboracion|cooperacion|acompanamiento|ayuda|respaldo|participacion)"
    r"(?:\s+(?:tecnic[oa]|financier[oa]))?\s+(?:of|from|de|del)\s+"
    r"|supported\s+by\s+|apoyad[oa]s?\s+por\s+|in\s+coordination\s+with\s+"
    r"|en\s+coordinacion\s+con\s+|together\s+with\s+|jointly\s+with\s+|junto\s+(?:a|con)\s+"
    r"|in\s+collaboration\s+with\s+|en\s+colaboracion\s+con\s+|in\s+partnership\s+with\s+"
    r"|en\s+alianza\s+con\s+"
)
_LIST_GLUE = re.compile(r"^(?:[\s,()]|and|y|e|the|la|el|los|las|as\s+well\s+as|asi\s+como|of|de)*$")
_AGENT_CUE = re.compile(
    r"(?:(?:to\s+be|will\s+be|shall\s+be|be|being|sera|seran|a\s+ser|ser)\s+\w+\s+by\s+"
    r"|\bby\s+(?=\S+\s+(?:will|shall)\b)"
    r"|(?:sera|seran|a\s+ser)\s+\w+\s+por\s+(?:parte\s+de\s+)?"
    r"|a\s+cargo\s+de\s+|led\s+by\s+|coordinated\s+by\s+|liderad[oa]s?\s+por\s+"
    r"|coordinad[oa]s?\s+por\s+|bajo\s+(?:la\s+)?(?:coordinacion|responsabilidad|liderazgo)\s+de\s+"
    r"|under\s+the\s+(?:leadership|coordination|responsibility)\s+of\s+"
    r"|responsib(?:le|ility)\s*:\s*|responsables?\s*:\s*|who\s*:\s*|\|\s*)"
)
_RECURRENCE: list[tuple[str, re.Pattern[str]]] = [
    (
        "semiannual",
        re.compile(
            r"\b(?:semi-?annual(?:ly)?|bi-?annual(?:ly)?|twice\s+(?:a|per|every)\s+year|twice\s+yearly"
            r"|every\s+six\s+months|semestral(?:es|mente)?|dos\s+veces\s+(?:al|por)\s+ano"
            r"|cada\s+seis\s+meses|cada\s+semestre)\b"
        ),
    ),
    (
        "quarterly",
        re.compile(
            r"\b(?:quarterly|every\s+(?:three\s+months|quarter)|each\s+quarter"
            r"|trimestral(?:es|mente)?|cada\s+(?:tres\s+meses|trimestre))\b"
        ),
    ),
    (
        "monthly",
        re.compile(
            r"\b(?:monthly|every\s+month|each\s+month|once\s+a\s+month|mensual(?:es|mente)?"
            r"|cada\s+mes|una\s+vez\s+al\s+mes)\b"
        ),
    ),
    (
        "annual",
        re.compile(
            r"\b(?:annual(?:ly)?|yearly|every\s+year|once\s+a\s+year|each\s+year"
            r"|anual(?:es|mente)?|cada\s+ano|una\s+vez\s+al\s+ano)\b"
        ),
    ),
]
_NOT_RECURRING = re.compile(
    r"(?:annual|yearly)\s+(?:work\s*)?(?:plan|report)|(?:plan|informe|reporte)\s+"
    r"(?:de\s+trabajo\s+)?anual"
)
_NOMINAL_WORDS = frozenset(w for words in NOMINALISATIONS.values() for w in words)
_CLAUSE_LEAD_FILLER = re.compile(
    r"^(?:[\s,\u00a7]|to|que|that|the|la|el|los|las|will|shall|should|must|also|se|a|al|y)*$"
)
_COUNTRY_OWNERS = ("member_countries",)
_RECIPIENT = re.compile(
    r"\s*(?:(?:to|a|al|with|con)\s+)?(?:the\s+|la\s+|el\s+|los\s+|las\s+)?\u00a7[\u00a7\s]*,?\s*"
    r"(?:(?:about|on|of|sobre|de|acerca\s+de)\s+)?"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|sera|seran|sea|sean|ser)\s+$")


@dataclass
class Analysis:
    """What one text (a resolution or sub-item) asks for."""

    is_action: bool = False
    ack_only: bool = False
    starts_as_clause: bool = False
    kind: str | None = None
    kind_span: Span | None = None
    verb_class: str | None = None
    noun: str | None = None
    responsible: list[str] = field(default_factory=list)
    responsible_spans: list[Span] = field(default_factory=list)
    due: DueWindow | None = None
    recurrence: str | None = None
    object_start: int | None = None
    key_noun_start: int | None = None


@dataclass(frozen=True)
class _Verb:
    start: int
    end: int
    cls: str


def recurrence_of(text: str) -> str | None:
    """Return monthly, quarterly, semiannual or annual when the text says it recurs."""
    folded = _NOT_RECURRING.sub(lambda m: "x" * len(m.group()), fold(text))
    for name, pattern in _RECURRENCE:
        if pattern.search(folded):
            return name
    return None


def decide_kind(verb_class: str | None, noun: str | None, owners: list[str]) -> str:
    """Return the action kind for a main verb class and the first object noun."""
    if verb_class == "ACK":
        return "other"  # someone is asked to approve or endorse: no product to track
    if verb_class == "COMMENT" or (noun == "COMMENT" and verb_class != "PRODUCE"):
        return "comment_request"  # "consolidate the comments received" is a deliverable
    if verb_class == "MEET" or noun == "MEETING":
        return "meeting"
    if noun == "EVENT":
        return "event"
    countries_only = bool(owners) and all(
        o in _COUNTRY_OWNERS or (o.isupper() and len(o) == 2) for o in owners
    )
    if noun == "DOC":
        return (
            "information_request" if verb_class == "TRANSMIT" and countries_only else "deliverable"
        )
    if noun == "INFO":
        return "deliverable" if verb_class == "PRODUCE" else "information_request"
    return {
        "TRANSMIT": "information_request",
        "PRESENT": "deliverable",
        "PRODUCE": "deliverable",
    }.get(verb_class or "", "other")


def _clauses(masked: str) -> list[Span]:
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(masked):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(masked)))
    return [(s, e) for s, e in spans if masked[s:e].strip()]


def _excluded_supporters(folded: str, mentions: list[Mention]) -> set[int]:
    """Return indexes of mentions that only support ("with support from IOM")."""
    excluded: set[int] = set()
    for cue in _SUPPORT_CUE.finditer(folded):
        pos = cue.end()
        for i, mention in enumerate(mentions):
            if mention.start < pos:
                continue
            if not _LIST_GLUE.match(folded[pos : mention.start]):
                break
            excluded.add(i)
            pos = mention.end
    return excluded


def _owners_in(mentions: list[Mention], excluded: set[int], start: int, end: int) -> list[Mention]:
    return [
        m
        for i, m in enumerate(mentions)
        if start <= m.start and m.end <= end and i not in excluded and m.kind != "body"
    ]


def _lead_verb(verbs: list[_Verb]) -> _Verb | None:
    return next((v for v in verbs if v.cls != "FRAME"), None)


def _agents(folded: str, mentions: list[Mention], excluded: set[int], span: Span) -> list[Mention]:
    """Return actors named as agents: "to be prepared by the ST", "a cargo de la PPT"."""
    found: list[Mention] = []
    for cue in _AGENT_CUE.finditer(folded, span[0], span[1]):
        pos = cue.end()
        for i, mention in enumerate(mentions):
            if mention.start < pos or i in excluded or mention.kind == "body":
                continue
            if not _LIST_GLUE.match(folded[pos : mention.start]):
                break
            found.append(mention)
            pos = mention.end
    return found


def _starts_as_clause(masked: str, verbs: list[_Verb]) -> bool:
    """Tell whether a text opens with a verb ("To submit", "Elaborar", "La PPT enviará")."""
    if not verbs:
        return False
    first = verbs[0]
    if masked[first.start : first.end].strip() in _NOMINAL_WORDS:
        return False
    return bool(_CLAUSE_LEAD_FILLER.match(masked[: first.start]))


def analyse(
    text: str,
    *,
    meeting_date: date | None,
    next_meeting: DueWindow | None = None,
    own_group: str | None = None,
) -> Analysis:
    """Return what `text` asks for (nothing, for thanks and statements)."""
    folded = fold(text)
    mentions = find_mentions(text, own_group)
    due = parse_due(text, meeting_date, next_meeting=next_meeting)
    spans = [(m.start, m.end) for m in mentions]
    if due is not None and due.start >= 0:
        spans.append((due.start, due.end))
    masked = mask(folded, spans)
    verbs_all = [_Verb(*v) for v in find_verbs(masked)]
    result = Analysis(due=due, recurrence=recurrence_of(text))
    result.starts_as_clause = _starts_as_clause(masked, verbs_all)

    action_clause: tuple[Span, list[_Verb]] | None = None
    saw_ack = False
    for start, end in _clauses(masked):
        verbs = [v for v in verbs_all if start <= v.start < end]
        lead = _lead_verb(verbs)
        if lead is None:
            continue
        if lead.cls == "ACK":
            saw_ack = True
            continue
        action_clause = ((start, end), verbs)
        break
    if action_clause is None:
        result.ack_only = saw_ack
        return _noun_only_action(result, text, folded, masked, mentions) if not saw_ack else result
    _fill_action(result, folded, masked, mentions, *action_clause)
    return result


def _fill_action(
    result: Analysis,
    folded: str,
    masked: str,
    mentions: list[Mention],
    clause: Span,
    verbs: list[_Verb],
) -> None:
    """Fill kind, owners and title anchors from the action clause."""
    excluded = _excluded_supporters(folded, mentions)
    lead = _lead_verb(verbs)
    assert lead is not None
    main: _Verb | None = lead
    owners: list[Mention]
    if lead.cls == "REQUEST":
        # "To request the RCGM to approve the Strategy": the approval is the act (other).
        main = next(
            (v for v in verbs if v.start > lead.start and v.cls not in ("REQUEST", "FRAME")),
            None,
        )
        slot_end = main.start if main else clause[1]
        owners = _owners_in(mentions, excluded, lead.end, slot_end)
        result.object_start = main.end if main else slot_end
    elif _PASSIVE_BEFORE.search(masked[max(0, lead.start - 8) : lead.start]):
        owners = []  # "the next meeting of the Working Group will be held": no actor named
        result.object_start = lead.end
    else:
        owners = _owners_in(mentions, excluded, clause[0], lead.start)
        result.object_start = lead.end
    owners += [m for m in _agents(folded, mentions, excluded, clause) if m not in owners]
    recipient = _RECIPIENT.match(masked, result.object_start)
    if recipient:
        result.object_start = recipient.end()  # "informen a la ST los nombres": skip "a la ST"
    result.is_action = True
    result.verb_class = main.cls if main else None
    sentence_end = _sentence_end(masked, result.object_start)
    noun = first_key_noun(masked, result.object_start, sentence_end)
    if noun is None and main is not None:
        # A passive names its object first: "The next meeting will be held in March".
        noun = first_key_noun(masked, clause[0], main.start)
        if noun is not None:
            result.object_start = clause[0]
    codes = _dedupe([m.code for m in owners])
    if noun:
        result.noun, result.key_noun_start = noun[0], noun[1]
    result.kind = decide_kind(result.verb_class, result.noun, codes)
    result.kind_span = _kind_span(main, noun)
    result.responsible = codes
    result.responsible_spans = [(m.start, m.end) for m in owners]


def _noun_only_action(
    result: Analysis, text: str, folded: str, masked: str, mentions: list[Mention]
) -> Analysis:
    """Read "Regional workshop on X, in November" as an action: an event or meeting with a date."""
    noun = first_key_noun(masked, 0, min(len(masked), 60))
    if noun is None or noun[0] not in ("EVENT", "MEETING") or result.due is None:
        return result
    if len(masked[: noun[1]].split()) > 3:
        return result
    result.is_action = True
    result.noun, result.key_noun_start = noun[0], noun[1]
    result.kind = decide_kind(None, noun[0], [])
    result.kind_span = (noun[1], noun[2])
    result.object_start = 0
    excluded = _excluded_supporters(folded, mentions)
    owners = _agents(folded, mentions, excluded, (0, len(text)))
    result.responsible = _dedupe([m.code for m in owners])
    result.responsible_spans = [(m.start, m.end) for m in owners]
    return result


def _kind_span(main: _Verb | None, noun: tuple[str, int, int] | None) -> Span | None:
    if main and noun:
        return (main.start, noun[2]) if noun[1] - main.end < 60 else (noun[1], noun[2])
    if noun:
        return noun[1], noun[2]
    return (main.start, main.end) if main else None


def _sentence_end(masked: str, start: int) -> int:
    m = re.compile(r"\.\s|;").search(masked, start)
    return m.start() if m else len(masked)


def _dedupe(codes: list[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        if code not in out:
            out.append(code)
    return out


def noun_category(text: str) -> tuple[str, int, int] | None:
    """Return the first object noun of a noun phrase (a listed document, say)."""
    masked = mask(fold(text), [(m.start, m.end) for m in find_mentions(text)])
    return first_key_noun(masked, 0, len(masked))
