"""Importing a meeting report: from the importer's parse to a meeting of the tracker.

`start_import` reads and parses a pasted or uploaded report into a
`ReportImport`; `data_from_parse` matches the parse to the database's rows
(working group, countries, organisations) as the review page first shows it;
`save_import` creates the meeting, its resolutions, action items and
obligations and attaches the report, all in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from actions.models import ActionItem, Meeting, Presidency, Resolution, WorkingGroup
from actions.outline import NUMBER_RE, number_problem
from members.models import Country, Organisation
from rcm_tracker.uploads import TEXT, clean_filename

from .models import ReportImport
from .parser import pair_reports, parse_report
from .parser.lexicon import fold, words
from .parser.pairing import pair_resolutions

# Responsible codes of the import format that are flags of an action item, not parties.
FLAG_CODES = {
    "member_countries": "to_member_countries",
    "ppt": "to_ppt",
    "technical_secretariat": "to_technical_secretariat",
    "working_group": "to_working_group",
}
TITLE_MAX = ActionItem._meta.get_field("title_en").max_length
DUE_TEXT_MAX = ActionItem._meta.get_field("due_text_en").max_length
PLACE_MAX = Meeting._meta.get_field("place_en").max_length


class DuplicateMeeting(Exception):
    """Saving would create a meeting that seems to exist already; confirm to go on."""

    def __init__(self, meetings: list[Meeting]) -> None:
        super().__init__("A meeting of this group on this day, or from this file, exists.")
        self.meetings = meetings


class AlreadySaved(Exception):
    """The import was saved already (by someone else, or in another tab)."""

    def __init__(self, report_import: ReportImport) -> None:
        super().__init__("This report has already been imported.")
        self.report_import = report_import


# What the review page edits and save_import writes ---------------------------------------


@dataclasses.dataclass
class MeetingData:
    """The meeting; its texts in both languages (the report fills its own language's).

    `language` is the report's ("en"/"es"): the resolutions' and items' texts
    are saved in it.
    """

    working_group: WorkingGroup | None
    date: dt.date | None
    title_en: str = ""
    title_es: str = ""
    end_date: dt.date | None = None
    modality: str = Meeting.Modality.VIRTUAL
    place_en: str = ""
    place_es: str = ""
    presidency: Presidency | None = None
    participants: list[Country] = dataclasses.field(default_factory=list)
    observers: list[Organisation] = dataclasses.field(default_factory=list)
    notes_en: str = ""
    notes_es: str = ""
    language: str = "en"

    @property
    def other_language(self) -> str:
        return "es" if self.language == "en" else "en"


@dataclasses.dataclass
class ResolutionData:
    """A resolution; `text` is in the report's language (MeetingData.language)."""

    number: str
    parent: str | None
    text: str
    translation: str = ""  # the same resolution in the other language, when given


@dataclasses.dataclass
class ItemData:
    """An action item; `title` and `due_text` are in the report's language."""

    resolution: str
    kind: str
    title: str
    due_precision: str = ActionItem.Precision.NONE
    due_earliest: dt.date | None = None
    due_latest: dt.date | None = None
    due_text: str = ""
    due_at_next_meeting: bool = False
    recurrence: str = ""
    to_member_countries: bool = False
    countries: list[Country] = dataclasses.field(default_factory=list)
    organisations: list[Organisation] = dataclasses.field(default_factory=list)
    to_ppt: bool = False
    to_technical_secretariat: bool = False
    to_working_group: bool = False
    origin: int | None = None  # index of the parsed action item it comes from
    # The title and the deadline's wording in the other language, when given.
    title_translation: str = ""
    due_text_translation: str = ""


@dataclasses.dataclass
class ImportData:
    meeting: MeetingData
    resolutions: list[ResolutionData]
    items: list[ItemData]
    unmatched: list[str] = dataclasses.field(default_factory=list)


# Reading a report ------------------------------------------------------------------------


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pasted_bytes(text: str) -> bytes:
    """The bytes a pasted report is kept as: UTF-8, one kind of line break, no edge blanks,
    so that pasting the same text twice gives the same hash."""
    return (re.sub(r"\r\n?", "\n", text).strip() + "\n").encode("utf-8")


def start_import(
    *,
    text: str,
    data: bytes,
    name: str,
    content_type: str,
    by: User,
    meeting_date: dt.date | None = None,
    working_group: WorkingGroup | None = None,
    translation_text: str = "",
    translation_name: str = "",
) -> ReportImport:
    """Parse a report's text and keep it, its file and the parse for review.

    `data` is the uploaded file (or the pasted text as `pasted_bytes`), `name`
    its cleaned name. `meeting_date` and `working_group` are used only where
    the report does not give them. `translation_text`, the same report in the
    other language, is paired with it (`pair_reports`): the parse then holds
    each resolution's and item's other version and the warnings.
    """
    hints: dict[str, Any] = {
        "meeting_date": meeting_date,
        "working_group": working_group.name_en if working_group else None,
    }
    parsed = parse_report(text, **hints)
    if translation_text:
        parsed = pair_parses(parsed, parse_report(translation_text, **hints))
    report_import = ReportImport(
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=sha256_of(data),
        text=text,
        translation_text=translation_text,
        translation_name=translation_name,
        parsed=parsed,
        meeting_date=meeting_date,
        working_group=working_group,
        created_by=by,
    )
    report_import.file.save(name, ContentFile(data), save=False)
    report_import.save()
    return report_import


def pair_parses(original: dict[str, Any], translation: dict[str, Any]) -> dict[str, Any]:
    """`pair_reports`, plus each item's deadline as the other version words it."""
    paired = pair_reports(original, translation)
    pairs = pair_resolutions(
        original.get("resolutions") or [], translation.get("resolutions") or []
    )
    their_due: dict[str, str] = {}
    for item in translation.get("action_items") or []:
        their_due.setdefault(str(item.get("resolution")), (item.get("due") or {}).get("text") or "")
    for item in paired.get("action_items") or []:
        other = pairs.get(str(item.get("resolution")))
        item["due_text_translation"] = their_due.get(other, "") if other else ""
    return paired


# Matching the parse to the database ------------------------------------------------------

_GROUP_NOISE = words(
    "working group grupo trabajo network red ad hoc on of for in the and to de del la las los "
    "el y e para sobre en a al officers funcionarios liaison enlace rcm crm"
)


def _name_words(name: str) -> set[str]:
    out = set()
    for word in re.findall(r"[a-z]+", fold(name)):
        if word in _GROUP_NOISE:
            continue
        out.add(re.sub(r"(?:es|s)$", "", word) if len(word) > 4 else word)
    return out


def match_working_group(name: str | None, groups: Iterable[WorkingGroup]) -> WorkingGroup | None:
    """The group whose English or Spanish name best matches `name`, as a report writes it.

    Names are compared by their telling words, without accents, case, plural
    endings or words every group name has ("Working Group on", "Red de");
    a match needs more than half of the words of both names in common.
    """
    if not name:
        return None
    wanted = _name_words(name)
    if not wanted:
        return None
    best, best_score = None, 0.0
    for group in groups:
        for candidate in (group.name_en, group.name_es):
            have = _name_words(candidate or "")
            if not have:
                continue
            common = len(wanted & have)
            score = min(common / len(wanted), common / len(have))
            if score > best_score or (score == best_score and best and not best.is_active):
                best, best_score = group, score
    return best if best_score > 0.5 else None


def meeting_title(group: WorkingGroup | None, language: str) -> str:
    """A title in the report's language: "Meeting of the Working Group on Protection"."""
    if group is None:
        return ""
    if language == "es" and group.name_es:
        article = "del" if group.name_es.split()[0].lower() in {"grupo"} else "de la"
        return f"Reunión {article} {group.name_es}"
    return f"Meeting of the {group.name_en}"


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_language(parsed: dict[str, Any]) -> str:
    """The language the report is written in, as the parse says ("en" when it does not)."""
    language = parsed.get("language") or (parsed.get("meeting") or {}).get("language") or "en"
    return language if language in ("en", "es") else "en"


def data_from_parse(parsed: dict[str, Any]) -> ImportData:
    """The parse matched to the database: what the review page shows before any correction.

    Countries are matched by code, organisations by acronym and the working
    group by name in either language; what cannot be matched is listed in
    `unmatched`. An item whose report names no one to act is the working
    group's own ("To hold a webinar...").
    """
    meeting = parsed.get("meeting") or {}
    items = parsed.get("action_items") or []
    codes = set(meeting.get("participants") or [])
    acronyms = set(meeting.get("observers") or [])
    for item in items:
        for code in item.get("responsible") or []:
            if code.lower() in FLAG_CODES:
                continue
            (codes if len(code) == 2 and code.isupper() else acronyms).add(code)
    countries = {c.code: c for c in Country.objects.filter(code__in=codes)}
    organisations = {
        o.acronym: o
        for o in Organisation.objects.filter(Q(acronym__in=acronyms) | Q(acronym_es__in=acronyms))
    }
    organisations |= {o.acronym_es: o for o in organisations.values() if o.acronym_es}
    unmatched: list[str] = []

    def known(found: dict, code: str):
        if code in found:
            return found[code]
        if code not in unmatched:
            unmatched.append(code)
        return None

    group_name = meeting.get("working_group")
    group = match_working_group(group_name, WorkingGroup.objects.all())
    if group_name and group is None:
        unmatched.append(group_name)
    modality = meeting.get("modality")
    language = report_language(parsed)
    data = MeetingData(
        working_group=group,
        date=_date(meeting.get("date")),
        modality=modality if modality in Meeting.Modality.values else Meeting.Modality.VIRTUAL,
        language=language,
        participants=[
            c for c in (known(countries, code) for code in meeting.get("participants") or []) if c
        ],
        observers=[
            o for o in (known(organisations, code) for code in meeting.get("observers") or []) if o
        ],
    )
    setattr(data, f"title_{language}", meeting_title(group, language))
    setattr(data, f"place_{language}", (meeting.get("place") or "")[:PLACE_MAX])
    if parsed.get("translation_language"):
        other = data.other_language
        setattr(data, f"title_{other}", meeting_title(group, other))
    resolutions = [
        ResolutionData(
            number=str(r["number"]),
            parent=r.get("parent"),
            text=r.get("text") or "",
            translation=r.get("translation") or "",
        )
        for r in parsed.get("resolutions") or []
    ]
    return ImportData(
        meeting=data,
        resolutions=resolutions,
        items=[
            _item_from_parse(index, item, countries, organisations, known)
            for index, item in enumerate(items)
        ],
        unmatched=unmatched,
    )


def _item_from_parse(index: int, item: dict, countries, organisations, known) -> ItemData:
    due = item.get("due") or {}
    precision = due.get("precision") or ActionItem.Precision.NONE
    if precision not in ActionItem.Precision.values:
        precision = ActionItem.Precision.NONE
    recurrence = item.get("recurrence") or ""
    data = ItemData(
        origin=index,
        resolution=str(item.get("resolution") or ""),
        kind=item["kind"] if item.get("kind") in ActionItem.Kind.values else "other",
        title=(item.get("title") or "")[:TITLE_MAX],
        due_precision=precision,
        due_earliest=_date(due.get("earliest")),
        due_latest=_date(due.get("latest")),
        due_text=(due.get("text") or "")[:DUE_TEXT_MAX],
        due_at_next_meeting=bool(item.get("due_at_next_meeting")),
        recurrence=recurrence if recurrence in ActionItem.Recurrence.values else "",
        title_translation=(item.get("title_translation") or "")[:TITLE_MAX],
        due_text_translation=(item.get("due_text_translation") or "")[:DUE_TEXT_MAX],
    )
    responsible = item.get("responsible") or []
    for code in responsible:
        flag = FLAG_CODES.get(code.lower())
        if flag:
            setattr(data, flag, True)
        elif len(code) == 2 and code.isupper():
            country = known(countries, code)
            if country:
                data.countries.append(country)
        else:
            organisation = known(organisations, code)
            if organisation and organisation not in data.organisations:
                data.organisations.append(organisation)
    if not responsible:
        data.to_working_group = True  # "To hold quarterly meetings": the group's own task
    return data


# Checking and saving ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something wrong in the outline: which row (of `resolutions` or `items`), which field."""

    rows: str
    index: int
    field: str
    message: str


def outline_problems(resolutions: list[ResolutionData], items: list[ItemData]) -> list[Problem]:
    """What keeps the outline from being saved: numbers, parents, items' resolutions.

    A sub-item's number is its parent's number, a dot and one more part
    (`2.a` under `2`), as on the resolution pages; numbers are unique.
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for row in resolutions:
        counts[row.number] = counts.get(row.number, 0) + 1
    for index, row in enumerate(resolutions):
        if not NUMBER_RE.match(row.number):
            # The format's message, whatever the parent.
            problems.append(
                Problem("resolutions", index, "number", number_problem(row.number, None) or "")
            )
            continue
        if counts[row.number] > 1:  # every copy, so that the one renumbered by mistake shows
            problems.append(
                Problem(
                    "resolutions",
                    index,
                    "number",
                    _("Resolution %(number)s appears twice.") % {"number": row.number},
                )
            )
        seen.setdefault(row.number, index)
    for index, row in enumerate(resolutions):
        if not NUMBER_RE.match(row.number):
            continue
        if row.parent is None:
            if "." in row.number:
                # On the review page a sub-item is placed by choosing its parent.
                problems.append(
                    Problem(
                        "resolutions",
                        index,
                        "parent",
                        _("Resolution %(number)s needs its parent, e.g. %(parent)s.")
                        % {"number": row.number, "parent": row.number.rsplit(".", 1)[0]},
                    )
                )
        elif row.parent not in seen:
            problems.append(
                Problem(
                    "resolutions",
                    index,
                    "parent",
                    _("There is no resolution %(number)s in the outline.") % {"number": row.parent},
                )
            )
        elif problem := number_problem(row.number, row.parent):
            problems.append(Problem("resolutions", index, "number", problem))
    for index, item in enumerate(items):
        if item.resolution not in seen:
            problems.append(
                Problem(
                    "items",
                    index,
                    "resolution",
                    _("There is no resolution %(number)s in the outline.")
                    % {"number": item.resolution},
                )
            )
    return problems


def find_duplicates(
    *, working_group: WorkingGroup | None, date: dt.date | None, sha256: str
) -> list[Meeting]:
    """Meetings the import might repeat: the same group on the same day, or from the same file."""
    same = Q(report_import__sha256=sha256)
    if working_group is not None and date is not None:
        same |= Q(working_group=working_group, date=date)
    return list(
        Meeting.objects.filter(same).select_related("working_group").order_by("-date", "-pk")
    )


def _outline_order(resolutions: list[ResolutionData]) -> list[ResolutionData]:
    """Parents before their sub-items, each level in the order given."""
    children: dict[str | None, list[ResolutionData]] = {}
    for row in resolutions:
        children.setdefault(row.parent, []).append(row)
    ordered: list[ResolutionData] = []

    def walk(parent: str | None) -> None:
        for row in children.get(parent, []):
            ordered.append(row)
            walk(row.number)

    walk(None)
    return ordered


def save_import(
    report_import: ReportImport,
    data: ImportData,
    *,
    by: User,
    allow_duplicate: bool = False,
) -> Meeting:
    """Create the meeting the reviewed report describes, in one transaction.

    The meeting is a draft, in the presidency in office on its date unless
    one is given; resolutions keep their outline; each action item addresses
    every member country when asked of them, plus the chosen countries and
    organisations (one obligation each); items due at the group's next
    meeting follow it, and so do the group's earlier ones; the report file is
    attached. Raises ValidationError for an inconsistent outline,
    DuplicateMeeting unless `allow_duplicate`, AlreadySaved when the import
    was saved meanwhile; any error saves nothing.
    """
    problems = outline_problems(data.resolutions, data.items)
    if problems:
        raise ValidationError([p.message for p in problems])
    info = data.meeting
    if info.working_group is None or info.date is None:
        raise ValidationError(_("A meeting needs its working group and date."))
    stored_name = None
    try:
        with transaction.atomic():
            locked = ReportImport.objects.select_for_update().get(pk=report_import.pk)
            if locked.is_saved:
                raise AlreadySaved(locked)
            if not allow_duplicate:
                duplicates = find_duplicates(
                    working_group=info.working_group, date=info.date, sha256=locked.sha256
                )
                if duplicates:
                    raise DuplicateMeeting(duplicates)
            meeting = _create_meeting(info, by)
            resolutions = _create_resolutions(meeting, data.resolutions, info)
            _create_items(resolutions, data.items, by, info)
            ActionItem.objects.follow_next_meetings(meeting.working_group_id)
            stored_name = _attach_report(meeting, locked)
            locked.meeting = meeting
            locked.saved_at = timezone.now()
            locked.saved_by = by
            locked.draft = None
            locked.save(update_fields=["meeting", "saved_at", "saved_by", "draft", "updated_at"])
    except BaseException:
        if stored_name:  # the rolled-back meeting's copy of the report
            Meeting._meta.get_field("report_file").storage.delete(stored_name)
        raise
    report_import.refresh_from_db()
    return meeting


def _create_meeting(info: MeetingData, by: User) -> Meeting:
    assert info.working_group is not None and info.date is not None  # save_import checked
    meeting = Meeting.objects.create(
        working_group=info.working_group,
        presidency=info.presidency or Presidency.objects.for_date(info.date),
        title_en=info.title_en,
        title_es=info.title_es,
        date=info.date,
        end_date=info.end_date,
        modality=info.modality,
        place_en=info.place_en,
        place_es=info.place_es,
        notes_en=info.notes_en,
        notes_es=info.notes_es,
        status=Meeting.Status.DRAFT,
        created_by=by,
    )
    meeting.participants.set(info.participants)
    meeting.observers.set(info.observers)
    return meeting


def _create_resolutions(
    meeting: Meeting, rows: list[ResolutionData], info: MeetingData
) -> dict[str, Resolution]:
    created: dict[str, Resolution] = {}
    for order, row in enumerate(_outline_order(rows), start=1):
        created[row.number] = Resolution.objects.create(
            meeting=meeting,
            parent=created[row.parent] if row.parent else None,
            number=row.number,
            order=order,
            **{f"text_{info.language}": row.text, f"text_{info.other_language}": row.translation},
        )
    return created


def _create_items(
    resolutions: dict[str, Resolution], items: list[ItemData], by: User, info: MeetingData
) -> None:
    language, other = info.language, info.other_language
    members = list(Country.objects.members()) if any(i.to_member_countries for i in items) else []
    for spec in items:
        resolution = resolutions[spec.resolution]
        item = ActionItem.objects.create(
            resolution=resolution,
            kind=spec.kind,
            **resolution.wordings(),
            due_precision=spec.due_precision,
            due_earliest=spec.due_earliest,
            due_latest=spec.due_latest,
            due_at_next_meeting=spec.due_at_next_meeting,
            recurrence=spec.recurrence,
            to_member_countries=spec.to_member_countries,
            to_ppt=spec.to_ppt,
            to_technical_secretariat=spec.to_technical_secretariat,
            to_working_group=spec.to_working_group,
            created_by=by,
            **{
                f"title_{language}": spec.title,
                f"due_text_{language}": spec.due_text,
                f"title_{other}": spec.title_translation,
                f"due_text_{other}": spec.due_text_translation,
            },
        )
        countries = set(spec.countries) | (set(members) if spec.to_member_countries else set())
        item.address_to(countries=countries, organisations=spec.organisations)


def _attach_report(meeting: Meeting, report_import: ReportImport) -> str | None:
    """Copy the imported file to the meeting's report; return the stored name."""
    name = report_import.original_name or clean_filename("report", TEXT)
    meeting.report_file.save(name, ContentFile(report_import.read_bytes()), save=False)
    meeting.save(update_fields=["report_file", "updated_at"])
    return meeting.report_file.name


# The other language, later: a saved meeting's report in the language it lacks ----------


def meeting_language(meeting: Meeting, resolutions: list[Resolution]) -> str:
    """The language a meeting's resolutions were entered in: the one most of them have."""
    english = sum(1 for r in resolutions if r.text_en)
    spanish = sum(1 for r in resolutions if r.text_es)
    return "es" if spanish > english else "en"


def meeting_as_parse(meeting: Meeting) -> tuple[dict[str, Any], list[ActionItem]]:
    """The meeting as `parse_report` would have read it, in the language it was entered in.

    Numbers, texts, items' kinds, titles, deadlines and parties, for
    `pair_reports` to pair a report in the other language against; with the
    meeting's action items in the order of the dict's `action_items`.
    """
    resolutions = list(meeting.resolutions.select_related("parent").order_by("order", "pk"))
    language = meeting_language(meeting, resolutions)
    items = list(
        ActionItem.objects.filter(resolution__meeting=meeting)
        .select_related("resolution")
        .prefetch_related("obligations__country", "obligations__organisation")
        .order_by("resolution__order", "pk")
    )

    def responsible(item: ActionItem) -> list[str]:
        codes = [code for code, flag in FLAG_CODES.items() if getattr(item, flag)]
        for obligation in item.obligations.all():
            if obligation.country is not None:
                if not (item.to_member_countries and obligation.country.is_member):
                    codes.append(obligation.country.code)
            elif obligation.organisation is not None:
                codes.append(obligation.organisation.acronym)
        return codes

    parsed = {
        "language": language,
        "meeting": {
            "date": meeting.date.isoformat(),
            "participants": [c.code for c in meeting.participants.all()],
            "observers": [o.acronym for o in meeting.observers.all()],
            "language": language,
        },
        "resolutions": [
            {
                "number": r.number,
                "parent": r.parent.number if r.parent else None,
                "text": getattr(r, f"text_{language}") or "",
            }
            for r in resolutions
        ],
        "action_items": [
            {
                "resolution": item.resolution.number,
                "kind": item.kind,
                "title": getattr(item, f"title_{language}") or "",
                "responsible": responsible(item),
                "due": {
                    "earliest": item.due_earliest.isoformat() if item.due_earliest else None,
                    "latest": item.due_latest.isoformat() if item.due_latest else None,
                    "text": getattr(item, f"due_text_{language}") or "",
                },
                "recurrence": item.recurrence or None,
            }
            for item in items
        ],
    }
    return parsed, items


def pair_with_meeting(meeting: Meeting, text: str) -> tuple[dict[str, Any], list[ActionItem]]:
    """A report in the meeting's other language, paired against what the meeting holds."""
    original, items = meeting_as_parse(meeting)
    translation = parse_report(text, meeting_date=meeting.date)
    return pair_parses(original, translation), items


@dataclasses.dataclass
class Filled:
    """What adding the other language did: texts written, texts left as they were."""

    filled: int = 0
    kept: int = 0


def add_other_language(meeting: Meeting, text: str) -> Filled:
    """Write a report's other-language texts into the meeting's empty fields, in one transaction.

    Only empty fields are filled (the meeting's title, resolutions' texts,
    items' titles, worded deadlines and the report's wording); a text already there is never
    overwritten, and is counted in `kept`.
    """
    outcome = Filled()

    def fill(row: Any, field: str, value: str | None) -> bool:
        if not value:
            return False
        if getattr(row, field):
            outcome.kept += 1
            return False
        setattr(row, field, value)
        outcome.filled += 1
        return True

    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
        )
        paired, items = pair_with_meeting(meeting, text)
        other = paired.get("translation_language") or "es"
        if fill(meeting, f"title_{other}", meeting_title(meeting.working_group, other)):
            meeting.save()  # a whole save: the revision moves on, the history records it
        texts = {str(r["number"]): r.get("translation") for r in paired.get("resolutions") or []}
        for resolution in meeting.resolutions.all():
            if fill(resolution, f"text_{other}", texts.get(resolution.number)):
                resolution.save()
        # Read again with their parents: an item's wording joins its parent's new text.
        saved = {r.pk: r for r in meeting.resolutions.select_related("parent")}
        for item, read in zip(items, paired.get("action_items") or [], strict=True):
            changed = [
                field
                for field, value in (
                    (f"title_{other}", (read.get("title_translation") or "")[:TITLE_MAX]),
                    (f"due_text_{other}", (read.get("due_text_translation") or "")[:DUE_TEXT_MAX]),
                    (f"source_text_{other}", saved[item.resolution_id].wording_in(other)),
                )
                if fill(item, field, value)
            ]
            if changed:
                item.save()
    return outcome
