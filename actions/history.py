"""Who changed what, and when: readable entries built from django-simple-history records.

Detail pages show the history of an object together with that of the
objects that belong to it (an action item with its obligations and
documents, a meeting with its resolutions). `history_entries` reads each
source with one query, diffs consecutive records of the same object with
`diff_against`, and names every foreign key with one query per related
model, so a page's query count does not grow with its history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, Protocol

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import User
from members.models import Country, Organisation
from rcm_tracker.i18n import localize

from .models import ActionItem, Document, DocumentVersion, Meeting, Obligation, Resolution

ACTIONS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}
# The verb agrees with its subject in Spanish ("Obligación de México creada",
# "Acuerdo 2 creado"): one context per kind of record.
ACTIONS_OF = {
    Obligation: {
        "+": pgettext_lazy("history of an obligation", "created"),
        "~": pgettext_lazy("history of an obligation", "changed"),
        "-": pgettext_lazy("history of an obligation", "deleted"),
    },
    Resolution: {
        "+": pgettext_lazy("history of a resolution", "created"),
        "~": pgettext_lazy("history of a resolution", "changed"),
        "-": pgettext_lazy("history of a resolution", "deleted"),
    },
    ActionItem: {
        "+": pgettext_lazy("history of an action item", "created"),
        "~": pgettext_lazy("history of an action item", "changed"),
        "-": pgettext_lazy("history of an action item", "deleted"),
    },
    Document: {
        "+": pgettext_lazy("history of a document", "created"),
        "~": pgettext_lazy("history of a document", "changed"),
        "-": pgettext_lazy("history of a document", "deleted"),
    },
    DocumentVersion: {
        "+": pgettext_lazy("history of a document version", "created"),
        "~": pgettext_lazy("history of a document version", "changed"),
        "-": pgettext_lazy("history of a document version", "deleted"),
    },
    Meeting: {
        "+": pgettext_lazy("history of a meeting", "created"),
        "~": pgettext_lazy("history of a meeting", "changed"),
        "-": pgettext_lazy("history of a meeting", "deleted"),
    },
}
# Records of one object by one person this close together are one change:
# saving a meeting form writes the meeting, then its participants, then its observers.
MERGE_WITHIN = dt.timedelta(seconds=5)


@dataclasses.dataclass
class Change:
    """One field's change: its label and the values before and after, as text."""

    field: str
    old: str
    new: str


@dataclasses.dataclass
class Entry:
    """One create, change or delete of one object."""

    when: dt.datetime
    user: object | None
    action: str
    subject: str
    changes: list[Change]
    model: type[models.Model]
    object_id: int

    @property
    def action_label(self) -> str:
        return str(ACTIONS_OF.get(self.model, ACTIONS)[self.action])


class HistoricalRecord(Protocol):
    """A row of a django-simple-history `history` table (the package ships no types)."""

    id: int
    history_id: int
    history_date: dt.datetime
    history_type: str
    history_user: User | None
    history_user_id: int | None
    instance_type: type[models.Model]


@dataclasses.dataclass
class _Pending:
    """An entry whose foreign-key values and subject are named once all ids are known."""

    record: HistoricalRecord
    action: str
    raw: list[tuple[models.Field, Any, Any]]  # a field's old and new value, of its type
    last_date: dt.datetime


class _Names:
    """Names of related objects, fetched with one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model] | None, pk) -> None:
        if pk is not None and model is not None:  # a relation's model, never None
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            queryset = model._default_manager.all()
            if model is Obligation:
                queryset = queryset.select_related("country", "organisation")
            elif model is DocumentVersion:
                queryset = queryset.select_related("document")
            self.found[model] = queryset.in_bulk(pks)

    def name(self, model: type[models.Model] | None, pk) -> str:
        if pk is None or model is None:
            return "—"
        obj = self.found.get(model, {}).get(pk)
        if obj is None:
            return _("#%(id)s (deleted)") % {"id": pk}
        if model is Country:
            return obj.name
        if model is Organisation:
            return obj.short_name
        return str(obj)


def _title(record) -> str:
    """A historical record's title in the reader's language (the records have no Bilingual)."""
    return localize(record.title_en, record.title_es).plain()


def _subject(record, names: _Names) -> str:
    model = record.instance_type
    if model is Obligation:
        party = (
            names.name(Country, record.country_id)
            if record.country_id
            else names.name(Organisation, record.organisation_id)
        )
        return _("Obligation of %(party)s") % {"party": party}
    if model is Resolution:
        return _("Resolution %(number)s") % {"number": record.number}
    if model is ActionItem:
        return _("Action item “%(title)s”") % {"title": _title(record)}
    if model is Document:
        return _("Document “%(title)s”") % {"title": _title(record)}
    if model is DocumentVersion:
        return _("Version %(number)s of “%(document)s”") % {
            "number": record.number,
            "document": names.name(Document, record.document_id),
        }
    if model is Meeting:
        return _("Meeting")
    return str(model._meta.verbose_name)


def _subject_keys(record) -> list[tuple[type[models.Model], object]]:
    model = record.instance_type
    if model is Obligation:
        return [(Country, record.country_id), (Organisation, record.organisation_id)]
    if model is DocumentVersion:
        return [(Document, record.document_id)]
    return []


def _display(field: models.Field, value, names: _Names) -> str:
    if isinstance(value, list | set | frozenset) and field.many_to_many:
        shown = sorted(names.name(field.related_model, pk) for pk in value)
        return ", ".join(shown) or "—"
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.ForeignKey):
        return names.name(field.related_model, value)
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(field, models.FileField):
        return PurePath(str(value)).name or "—"
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return str(value)


def _m2m_sets(records: list, m2m_fields: list[models.ManyToManyField]) -> dict:
    """{(field name, history_id): set of related pks}, one query per many-to-many field."""
    sets: dict[tuple[str, int], set] = defaultdict(set)
    if not records or not m2m_fields:
        return sets
    ids = [r.history_id for r in records]
    for m2m in m2m_fields:
        through = getattr(records[0], m2m.name).model
        target = next(
            f.attname
            for f in through._meta.fields
            if isinstance(f, models.ForeignKey) and f.related_model is m2m.related_model
        )
        for history_id, pk in through.objects.filter(history_id__in=ids).values_list(
            "history_id", target
        ):
            sets[(m2m.name, history_id)].add(pk)
    return sets


def _pending_entries(records: list, names: _Names) -> list[_Pending]:
    """Diff consecutive records of each object and merge the ones that belong together."""
    if not records:
        return []
    model = records[0].instance_type
    m2m_fields = list(getattr(type(records[0]), "_history_m2m_fields", []))
    m2m_names = [f.name for f in m2m_fields]
    sets = _m2m_sets(records, m2m_fields)
    by_object: dict[int, list] = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    pending: list[_Pending] = []
    for history in by_object.values():
        history.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in history:
            raw: list[tuple[models.Field, object, object]] = []
            if previous is not None and record.history_type != "-":
                delta = record.diff_against(previous, excluded_fields=m2m_names)
                for change in delta.changes:
                    raw.append((model._meta.get_field(change.field), change.old, change.new))
                for m2m in m2m_fields:
                    old = sets[(m2m.name, previous.history_id)]
                    new = sets[(m2m.name, record.history_id)]
                    if old != new:
                        raw.append((m2m, old, new))
            elif previous is None and record.history_type != "-":
                # A first record that is not a creation (data loaded before history).
                for m2m in m2m_fields:
                    if sets[(m2m.name, record.history_id)]:
                        raw.append((m2m, set(), sets[(m2m.name, record.history_id)]))
            last = pending[-1] if pending else None
            if (
                last is not None
                and last.record.id == record.id
                and record.history_type == "~"
                and last.action != "-"
                and last.record.history_user_id == record.history_user_id
                and record.history_date - last.last_date <= MERGE_WITHIN
            ):
                _merge(last, raw)
                last.last_date = record.history_date
            elif record.history_type != "~" or raw:
                pending.append(_Pending(record, record.history_type, raw, record.history_date))
            previous = record
    for entry in pending:
        for key in _subject_keys(entry.record):
            names.want(*key)
        for field, old, new in entry.raw:
            if isinstance(field, models.ForeignKey):
                names.want(field.related_model, old)
                names.want(field.related_model, new)
            elif field.many_to_many:
                for pk in {*old, *new}:
                    names.want(field.related_model, pk)
    return pending


def _merge(entry: _Pending, raw: list) -> None:
    """Fold later changes into an entry: keep each field's first old and last new value."""
    position = {field.name: i for i, (field, _old, _new) in enumerate(entry.raw)}
    for field, old, new in raw:
        if field.name in position:
            first_old = entry.raw[position[field.name]][1]
            entry.raw[position[field.name]] = (field, first_old, new)
        else:
            position[field.name] = len(entry.raw)
            entry.raw.append((field, old, new))
    entry.raw = [(f, o, n) for f, o, n in entry.raw if o != n]


def history_entries(sources: Iterable[models.QuerySet]) -> list[Entry]:
    """Readable entries of the given historical querysets, newest first.

    Each source is a `Model.history` queryset (e.g.
    `Obligation.history.filter(action_item_id=pk)`); it is read once.
    """
    names = _Names()
    pending: list[_Pending] = []
    for source in sources:
        records = list(source.select_related("history_user").order_by("history_date"))
        pending += _pending_entries(records, names)
    names.fetch()
    entries = [
        Entry(
            when=p.record.history_date,
            user=p.record.history_user,
            action=p.action,
            subject=_subject(p.record, names),
            changes=[
                Change(
                    str(field.verbose_name),
                    _display(field, old, names),
                    _display(field, new, names),
                )
                for field, old, new in p.raw
            ],
            model=p.record.instance_type,
            object_id=p.record.id,
        )
        for p in pending
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def action_item_history(item: ActionItem, user: User) -> list[Entry]:
    """The item, its documents and versions, and the obligations `user` may see."""
    obligations = Obligation.history.filter(action_item_id=item.pk)
    if not user.can_read_all:
        focal_point = user.active_focal_point
        obligations = obligations.filter(
            country_id=focal_point.country_id, organisation_id=focal_point.organisation_id
        )
    documents = Document.history.filter(action_item_id=item.pk)
    return history_entries(
        [
            ActionItem.history.filter(id=item.pk),
            obligations,
            documents,
            DocumentVersion.history.filter(document_id__in=documents.values("id")),
        ]
    )


def meeting_history(meeting: Meeting) -> list[Entry]:
    """The meeting, its resolutions and the action items they created (also deleted ones)."""
    resolutions = Resolution.history.filter(meeting_id=meeting.pk)
    return history_entries(
        [
            Meeting.history.filter(id=meeting.pk),
            resolutions,
            ActionItem.history.filter(resolution_id__in=resolutions.values("id")),
        ]
    )
