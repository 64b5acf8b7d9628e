"""Turn a report's text into the import format (the format: importer/parser/IMPORT_FORMAT.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import meeting
from .classify import Analysis, analyse, decide_kind, noun_category
from .dates import NEXT_MEETING, NO_DUE, DueWindow, find_next_meeting
from .entities import find_mentions
from .lexicon import fold, language_of
from .structure import Document, Resolution, split_document
from .textnorm import normalise_text
from .verbs import find_verbs

TITLE_MAX = 200
_LISTS_ITEMS = re.compile(
    r"\b(?:following|as\s+follows|listed\s+below|below|siguientes?|a\s+continuacion"
    r"|lo\s+siguiente|como\s+sigue)\b"
)
_INFINITIVE_TO = re.compile(
    r"^\s*(?:(?:agreed|decided|acord[o\u00f3]|decidi[o\u00f3])\s+)?(?:to|que)?\s*", re.IGNORECASE
)

_TITLE_STOP = re.compile(
    r"\s+(?:in\s+order\s+to|with\s+the\s+(?:aim|purpose|objective)|with\s+a\s+view\s+to|so\s+that"
    r"|con\s+(?:el\s+|la\s+)?(?:fin|objetivo|proposito|finalidad)|a\s+fin\s+de|para\s+que"
    r"|with\s+(?:the\s+)?(?:technical\s+)?support|con\s+(?:el\s+)?apoyo|in\s+coordination"
    r"|en\s+coordinacion|which\s+will|que\s+se\s+(?:realizara|llevara)|to\s+be\s+held"
    r"|a\s+realizarse|taking\s+advantage|tomando\s+en\s+cuenta|as\s+well\s+as\s+to"
    r"|and\s+to\s|y\s+(?:a\s+)?\w+(?:ar|er|ir)(?:le|les|se)?\s"
    r"|(?:will|shall|would|is\s+to|are\s+to|sera|seran)\s|se\s+\w+(?:ara|era|ira)n?\s)"
    r"|[;:|]|\.(?:\s|$)|,\s+(?:with|con|in\s+order|to\s+be|a\s+fin|which|que|en\s+el\s+marco"
    r"|(?:el|la|los|las)\s+cual(?:es)?|who|whose|cuy[oa]s?|as\s+well\s+as|asi\s+como)"
    r"|\s+(?:together\s+with|jointly\s+with|junto\s+(?:a|con)|in\s+collaboration\s+with"
    r"|en\s+colaboracion\s+con)\s"
)
_LEADING_WORDS = re.compile(
    r"^(?:(?:the|a|an|their|its|our|this|these|those|el|la|los|las|un|una|unos|unas|sus|su|este|of"
    r"|de|del"
    r"|esta|estos|estas|al|about|on|sobre|que|to|all|todos|todas|also|tambien|following"
    r"|siguientes?)\s+)+"
)


@dataclass(frozen=True)
class _Inherited:
    """The action a parent resolution states, which its listed sub-items share."""

    resolution: Resolution
    analysis: Analysis


class _Builder:
    """Build action items for the resolutions of one report."""

    def __init__(
        self,
        doc: Document,
        meeting_date: date | None,
        next_meeting: DueWindow | None,
        own_group: str | None,
        language: str,
    ) -> None:
        self.doc = doc
        self.language = language
        self.analyses = {
            r.number: analyse(
                r.text, meeting_date=meeting_date, next_meeting=next_meeting, own_group=own_group
            )
            for r in doc.resolutions
        }

    def items(self) -> list[dict[str, Any]]:
        """Return the action items in report order."""
        roots = [r for r in self.doc.resolutions if r.parent is None]
        return [item for root in roots for item in self._items_for(root, None)]

    def _items_for(self, res: Resolution, inherited: _Inherited | None) -> list[dict[str, Any]]:
        """Return the items of a resolution; listed sub-items replace their parent's item."""
        analysis = self.analyses[res.number]
        passed_on = _Inherited(res, analysis) if analysis.is_action else None
        child_items = [
            item
            for number in res.children
            for item in self._items_for(self.doc.resolution(number), passed_on)
        ]
        if child_items:
            return child_items
        own = self._own_item(res, analysis, inherited)
        return [own] if own else []

    def _own_item(
        self, res: Resolution, analysis: Analysis, inherited: _Inherited | None
    ) -> dict[str, Any] | None:
        if analysis.ack_only:
            return None
        if inherited and not analysis.starts_as_clause:
            if not (
                _LISTS_ITEMS.search(fold(inherited.resolution.text)) or noun_category(res.text)
            ):
                return None  # "considering: - the gender approach" details, lists no task
            return self._listed_item(res, analysis, inherited)
        if not analysis.is_action:
            return None
        return self._direct_item(res, analysis, inherited)

    def _direct_item(
        self, res: Resolution, a: Analysis, inherited: _Inherited | None
    ) -> dict[str, Any]:
        """Build the item a resolution states in its own words."""
        parent = inherited.analysis if inherited else None
        parent_no = inherited.resolution.number if inherited else ""  # read only with a parent
        responsible, resp_from = a.responsible, res.number
        if not responsible and parent and parent.responsible:
            responsible, resp_from = parent.responsible, parent_no
        due, due_from = a.due, res.number
        if (due is None or due.latest is None) and parent and parent.due:
            due, due_from = parent.due, parent_no
        kind = a.kind or "other"
        if kind == "other" and parent and parent.kind:
            kind = parent.kind
        return _item(
            res,
            kind=kind,
            title=_own_title(res.text, a),
            responsible=responsible,
            due=due,
            recurrence=a.recurrence or (parent.recurrence if parent else None),
            spans={
                "kind": _span(res.number, a.kind_span),
                "responsible": [
                    _span(resp_from, s)
                    for s in (
                        a.responsible_spans
                        if resp_from == res.number
                        else parent.responsible_spans
                        if parent
                        else []
                    )
                ],
                "due": _due_span(due_from, due),
            },
        )

    def _listed_item(self, res: Resolution, a: Analysis, inherited: _Inherited) -> dict[str, Any]:
        """Build the item of a sub-item that only names a document or task of its parent."""
        parent, parent_no = inherited.analysis, inherited.resolution.number
        child_noun = noun_category(res.text)
        noun = parent.noun or (child_noun[0] if child_noun else None)
        own_owners = _only_actors(res.text)
        responsible = own_owners or parent.responsible
        kind = decide_kind(parent.verb_class, noun, responsible)
        due, due_from = (a.due, res.number) if a.due and a.due.latest else (parent.due, parent_no)
        return _item(
            res,
            kind=kind,
            title=_listed_title(res.text, kind, self.language),
            responsible=responsible,
            due=due,
            recurrence=a.recurrence or parent.recurrence,
            spans={
                "kind": _span(parent_no, parent.kind_span),
                "responsible": [_span(parent_no, s) for s in parent.responsible_spans]
                if not own_owners
                else [],
                "due": _due_span(due_from, due),
            },
        )


def _item(
    res: Resolution,
    *,
    kind: str,
    title: str,
    responsible: list[str],
    due: DueWindow | None,
    recurrence: str | None,
    spans: dict[str, Any],
) -> dict[str, Any]:
    return {
        "resolution": res.number,
        "kind": kind,
        "title": title,
        "responsible": list(responsible),
        "due": due.as_json() if due else dict(NO_DUE),
        "due_at_next_meeting": bool(due and due.anchor == NEXT_MEETING),
        "recurrence": recurrence,
        "source": res.text,
        "spans": spans,
    }


def _span(number: str | None, span: tuple[int, int] | None) -> dict[str, Any] | None:
    if number is None or span is None:
        return None
    return {"resolution": number, "start": span[0], "end": span[1]}


def _due_span(number: str | None, due: DueWindow | None) -> dict[str, Any] | None:
    if due is None or due.start < 0:
        return None
    return _span(number, (due.start, due.end))


def _only_actors(text: str) -> list[str]:
    """Return the actors a sub-item names when it names nothing else ("b. Belize")."""
    mentions = [m for m in find_mentions(text) if m.kind != "body"]
    rest = text
    for m in reversed(mentions):
        rest = rest[: m.start] + rest[m.end :]
    if not mentions or len(re.findall(r"\w+", fold(rest))) > 3:
        return []
    return list(dict.fromkeys(m.code for m in mentions))


# Titles ---------------------------------------------------------------------------------------


def _clip(text: str, *, capitalise: bool = True) -> str:
    """Return a title: cut at the first purpose or support clause, bounded in length."""
    text = text.strip(" ,;:")
    folded = fold(text)
    stop = _TITLE_STOP.search(folded)
    if stop:
        text, folded = text[: stop.start()], folded[: stop.start()]
    second = _second_verb(folded)
    if second is not None:
        text, folded = text[:second], folded[:second]
    lead = _LEADING_WORDS.match(folded)
    if lead:
        text = text[lead.end() :]
    text = text.strip(" ,.;:-\u2013\u2014")
    if len(text) > TITLE_MAX:
        text = text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "\u2026"
    return text[:1].upper() + text[1:] if capitalise else text


_NOUN_LIKE_SUBJUNCTIVE = re.compile(r"\s(?:y|e)\s+(presenten?|informen?|reporten?|aporten?)\b")


def _second_verb(folded: str) -> int | None:
    """Return where "... and present a document" starts: a title names one object."""
    starts = [start for start, _end, _cls in find_verbs(folded)]
    # Subjunctives that double as nouns are not in the verb tables: "y presente un informe".
    starts += [m.start(1) for m in _NOUN_LIKE_SUBJUNCTIVE.finditer(folded)]
    for start in sorted(starts):
        conj = re.search(r"\s(?:y|e|and)\s+$", folded[:start])
        if start > 0 and conj:
            return conj.start()
    return None


def _own_title(text: str, a: Analysis) -> str:
    """Title an item from the object of its main verb, without its due wording."""
    if a.due and a.due.start >= 0:
        text = text[: a.due.start] + " " + text[a.due.end :]
        text = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", text))
    start = a.object_start or 0
    if a.due and a.due.start >= 0 and a.due.start < start:
        start = max(0, start - (a.due.end - a.due.start) + 1)
    title = _clip(text[start:])
    if a.verb_class == "MEET" or len(title.split()) < 2:
        title = _clip(_INFINITIVE_TO.sub("", text))  # "Reunirse de manera bimestral"
    return title


_PREFIXES = {
    ("comment_request", "en"): ("Comments on the ", "Comments on "),  # (titled, plain)
    ("comment_request", "es"): ("Comentarios sobre ", "Comentarios sobre "),
    ("information_request", "en"): ("Information on the ", "Information on "),
    ("information_request", "es"): ("Informaci\u00f3n sobre ", "Informaci\u00f3n sobre "),
}


def _listed_title(text: str, kind: str, language: str) -> str:
    """Title a listed document or task; comments and information name what they are about."""
    body = _clip(text, capitalise=False)
    prefixes = _PREFIXES.get((kind, language))
    if not prefixes or re.match(
        r"(?:(?:updated|latest|new)\s+)?(comment|observ|inform|data|dato)", fold(body)
    ):
        return body[:1].upper() + body[1:]
    # A capitalised name is a document's title and takes "the"; a plain phrase does not.
    prefix = prefixes[0] if body[:1].isupper() else prefixes[1]
    return (prefix + body)[:TITLE_MAX]


def title_in_language(
    text: str, kind: str, language: str, *, meeting_date: date | None = None
) -> str:
    """Title the item a resolution's `text` creates, by the rules the parse uses for `language`.

    A resolution that states its own task ("To ask IOM to prepare a mapping ...") is titled
    from the object of its verb; one that only names a document of its parent's list
    ("Inventario de buenas prácticas") from that name, prefixed for comments and information.
    `meeting_date` places the due words, which a title leaves out.
    """
    analysis = analyse(text, meeting_date=meeting_date)
    if analysis.starts_as_clause and analysis.is_action:
        return _own_title(text, analysis)
    return _listed_title(text, kind, language)


# The whole report -----------------------------------------------------------------------------


def parse_report(
    text: str,
    *,
    meeting_date: date | None = None,
    working_group: str | None = None,
) -> dict[str, Any]:
    """Return the import-format dict for a report's text.

    `meeting_date` and `working_group` are used where the report does not state
    them. Besides the documented keys, each action item carries `source` (its
    resolution's text) and `spans`: for kind, responsible and due, the resolution
    number and character offsets into that resolution's `text` of the words the
    field was read from (a listed sub-item's fields point into its parent), and
    `due_at_next_meeting`: whether it is due at the group's next meeting itself
    (so its date follows that meeting's). The meeting also gets `modality`,
    `place` (None when the report does not say) and `language` ("en" or "es", also at the
    top level: the language of the resolutions, else of the whole text).
    """
    clean = normalise_text(text)
    doc = split_document(clean.split("\n"))
    preamble = "\n".join(doc.preamble)
    closing = "\n".join(doc.closing)
    body = "\n".join(r.text for r in doc.resolutions)
    date_found = meeting.meeting_date(preamble, closing) or meeting_date
    group = meeting.working_group(preamble) or meeting.working_group(clean) or working_group
    next_meeting = find_next_meeting(body, date_found) or find_next_meeting(preamble, date_found)
    language = language_of(body) if doc.resolutions else language_of(clean)
    builder = _Builder(doc, date_found, next_meeting, group, language)
    return {
        "language": language,
        "meeting": {
            "date": date_found.isoformat() if date_found else None,
            "working_group": group,
            "participants": meeting.participants(f"{preamble}\n\n{closing}"),
            "observers": meeting.observers(preamble, body),
            "modality": meeting.modality(preamble),
            "place": meeting.place(preamble),
            "language": language,
        },
        "resolutions": [
            {"number": r.number, "parent": r.parent, "text": r.text} for r in doc.resolutions
        ],
        "action_items": builder.items(),
    }
