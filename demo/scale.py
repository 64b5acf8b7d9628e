"""Synthetic history at scale, for benchmarks and load tests.

At scale 1 the data is a decade of RCM activity: 12 working groups, 480
meetings, 5,000 resolutions, 5,000 action items, 35 countries, 50,000
obligations, 40,000 submitted versions and 200 users; scale N is N times
that (N times wider: more groups, countries and people over the same ten
years, so one meeting or one country holds as much at every scale).

Around those volumes it writes what the pages read: presidencies, meeting
participants and observers, sub-items in the reports, documents with
versions for the comment requests, comment rows and files of the answers,
drafts, answers returned for revision, organisations' deliverables with
progress updates, focal points of every country and organisation, and one
"created" history record per meeting, resolution, action item and
obligation.

Rows are built as plain tuples from a seeded random generator (the same
scale gives the same data) and written in one transaction: with PostgreSQL's
COPY (ids reserved from the sequences up front), elsewhere with bulk_create.
Nothing goes through save() or signals. `--replace` first deletes the earlier
scale data with a few set-based DELETEs that follow the foreign keys.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import string
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection, models, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone

from accounts.models import User
from actions.models import (
    ActionItem,
    Document,
    DocumentVersion,
    Meeting,
    Obligation,
    Presidency,
    Resolution,
    WorkingGroup,
)
from actions.reference import load_reference_data
from members.models import Country, FocalPoint, Organisation
from reminders import services as reminder_services
from submissions.models import ProgressUpdate, Submission, SubmissionComment, SubmissionFile

SLUG_PREFIX = "scale-"
EMAIL_PREFIX = "scale.user"
COUNTRY_PREFIX = "Scale "
PASSWORD = "scale-password"  # noqa: S105 - synthetic benchmark accounts
PER_SCALE = {
    "working_groups": 12,
    "meetings": 480,
    "resolutions": 5000,
    "action_items": 5000,
    "countries": 35,
    "obligations": 50000,
    "submissions": 40000,
    "users": 200,
}
YEARS = 10
KINDS = [
    ActionItem.Kind.COMMENT_REQUEST,
    ActionItem.Kind.INFORMATION_REQUEST,
    ActionItem.Kind.DELIVERABLE,
    ActionItem.Kind.EVENT,
    ActionItem.Kind.MEETING,
]
# Rows per COPY statement: bounds the memory of one buffer.
COPY_CHUNK = 100_000


@dataclass
class ScaleReport:
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)


class ScaleDataExists(Exception):
    """Scale data is already there; generate into a fresh database or pass replace."""


def current_scale() -> int:
    """The scale of the data generated with the default volumes (0 when there is none)."""
    groups = WorkingGroup.objects.filter(slug__startswith=SLUG_PREFIX).count()
    return groups // PER_SCALE["working_groups"]


def generate(
    scale: int = 1,
    *,
    today: dt.date | None = None,
    replace: bool = False,
    base: dict[str, int] | None = None,
) -> ScaleReport:
    """Write `scale` times the base volumes (PER_SCALE unless `base` is given)."""
    clock = _Clock()
    with transaction.atomic():
        if WorkingGroup.objects.filter(slug__startswith=SLUG_PREFIX).exists() and not replace:
            raise ScaleDataExists("Scale data exists already.")
        with _foreign_keys_checked_after(_written_models()) as checked_after:
            if replace:
                delete_scale_data()
                clock.lap("deleted the earlier scale data")
            load_reference_data()
            want = {name: count * scale for name, count in (base or PER_SCALE).items()}
            rng = random.Random(scale)  # noqa: S311 - reproducible synthetic data
            generator = _Generator(want, today or timezone.localdate(), rng)
            report = generator.run()
            clock.lap("wrote the rows")
        if checked_after:
            clock.lap("checked the foreign keys")
        report.notes.append(generator.sweep_reminders())
    clock.lap("committed")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics for the planner, and no dead rows left by --replace.
        with connection.cursor() as cursor:
            for model in _written_models():
                cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
        clock.lap("vacuumed and analysed")
    report.notes += clock.laps
    return report


@contextmanager
def _foreign_keys_checked_after(written: list[type[models.Model]]):
    """On PostgreSQL, lift the foreign keys of the tables written and put them back after.

    Adding a foreign key back checks every row with one join, where a
    deferred constraint checks each inserted row on its own at commit (the
    way PostgreSQL's manual advises to populate a database). The whole runs
    in the caller's transaction: nobody sees the tables without their
    constraints. Yields whether it did (not when rows written earlier in the
    transaction still wait for their checks: they then keep their constraints).
    """
    if connection.vendor != "postgresql":
        yield False
        return
    tables = {model._meta.db_table for model in written}
    with connection.cursor() as cursor:
        # With every table whose rows a deletion may reach (those that refer to these,
        # and so on): a row deleted there would leave a check pending on its table,
        # which then could not take its own keys back.
        while True:
            cursor.execute(
                "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
                "WHERE contype = 'f' AND confrelid = ANY(%s::regclass[])",
                [sorted(tables)],
            )
            referring = {row[0] for row in cursor.fetchall()} - tables
            if not referring:
                break
            tables |= referring
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[])) "
            "ORDER BY 1, 2",
            [sorted(tables), sorted(tables)],
        )
        constraints = cursor.fetchall()
        try:
            with transaction.atomic():
                for table, name, _definition in constraints:
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        except DatabaseError:  # pending trigger events: keep the constraints
            yield False
            return
    yield True
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: list[str] = []

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        self.laps.append(f"{what.capitalize()} in {now - self.last:.1f} s.")
        self.last = now


def _written_models() -> list[type[models.Model]]:
    written: list[type[models.Model]] = [
        WorkingGroup,
        Presidency,
        Meeting,
        Meeting.participants.through,
        Meeting.observers.through,
        Resolution,
        ActionItem,
        Document,
        DocumentVersion,
        Obligation,
        Submission,
        SubmissionComment,
        SubmissionFile,
        ProgressUpdate,
        User,
        FocalPoint,
        Country,
    ]
    return written + [m.history.model for m in (Meeting, Resolution, ActionItem, Obligation)]


# Writing rows --------------------------------------------------------------------------------


def _copy_text(value) -> str:
    """One value in the text format of PostgreSQL's COPY."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


class _Writer:
    """Insert rows given as tuples: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.postgresql = connection.vendor == "postgresql"
        self.next_ids: dict[type[models.Model], int] = {}
        self.counts: dict[str, int] = {}
        # The ids handed out last per model: (first, count).
        self.reserved: dict[type[models.Model], tuple[int, int]] = {}

    def reserve(self, model: type[models.Model], count: int) -> int:
        """The first of `count` consecutive free ids of `model`'s table."""
        first = self._reserve(model, count)
        self.reserved[model] = (first, count)
        return first

    def _reserve(self, model: type[models.Model], count: int) -> int:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgresql:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s)", [sequence])
                first = cursor.fetchone()[0]
                if count > 1:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
                return first
            if model not in self.next_ids:
                cursor.execute(f'SELECT MAX(id) FROM "{table}"')  # noqa: S608 - a table name
                self.next_ids[model] = (cursor.fetchone()[0] or 0) + 1
        first = self.next_ids[model]
        self.next_ids[model] += count
        return first

    def insert(
        self, model: type[models.Model], columns: str | Sequence[str], rows: Iterable[tuple]
    ) -> int:
        """Write `rows`, tuples of `columns` (attribute names, or one string of them
        separated by spaces); the other fields take their defaults."""
        if isinstance(columns, str):
            columns = columns.split()
        given = set(columns)
        defaults = {
            f.attname: self._default(f)
            for f in model._meta.concrete_fields
            if f.attname not in given and not isinstance(f, models.AutoField)
        }
        written = (
            self._copy(model, columns, defaults, rows)
            if self.postgresql
            else self._bulk_create(model, columns, defaults, rows)
        )
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + written
        return written

    def _default(self, field: models.Field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_default()

    def _copy(self, model, columns, defaults, rows) -> int:
        table = model._meta.db_table
        names = ", ".join(f'"{model._meta.get_field(c).column}"' for c in [*columns, *defaults])
        suffix = "".join("\t" + _copy_text(v) for v in defaults.values()) + "\n"
        written = 0
        buffer = io.StringIO()
        raw = connection.cursor().cursor  # psycopg2's cursor: copy_expert
        for written, row in enumerate(rows, start=1):
            buffer.write("\t".join(map(_copy_text, row)) + suffix)
            if written % COPY_CHUNK == 0:
                self._flush(raw, table, names, buffer)
                buffer = io.StringIO()
        self._flush(raw, table, names, buffer)
        return written

    @staticmethod
    def _flush(raw, table: str, names: str, buffer: io.StringIO) -> None:
        if buffer.tell():
            buffer.seek(0)
            raw.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer)

    @staticmethod
    def _bulk_create(model, columns, defaults, rows) -> int:
        objects = [model(**dict(zip(columns, row, strict=True)), **defaults) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=2000)
        return len(objects)


# Deleting earlier scale data -------------------------------------------------------------------


def delete_scale_data() -> None:
    """Delete the scale working groups, users and countries and everything tied to them.

    Follows the foreign keys the way Django's deletion collector does, but
    with one DELETE (or UPDATE for SET_NULL) per relation over a sub-select,
    so that half a million rows go in seconds: no signals, no history of
    the deletion. PROTECT relations are followed too: whatever refers to
    scale data is scale data.
    """
    _delete(WorkingGroup, '"slug" LIKE %s', [f"{SLUG_PREFIX}%"])
    _delete(User, '"email" LIKE %s', [f"{EMAIL_PREFIX}%"])
    _delete(Country, '"name_en" LIKE %s', [f"{COUNTRY_PREFIX}%"])


def _delete(model: type[models.Model], where: str, params: list, depth: int = 0) -> None:
    if depth > 12:
        raise RuntimeError(f"Foreign keys nested too deep at {model._meta.label}.")
    table = model._meta.db_table
    pk = model._meta.pk.column
    doomed = f'SELECT "{pk}" FROM "{table}" WHERE {where}'  # noqa: S608 - names, not input
    for relation in model._meta.get_fields(include_hidden=True):
        if not (
            isinstance(relation, ForeignObjectRel)
            and relation.auto_created
            and not relation.concrete
            and (relation.one_to_one or relation.one_to_many)
        ):
            continue
        related = relation.related_model
        fk = relation.field
        if related is model or fk.remote_field.on_delete is models.DO_NOTHING:
            continue  # a set deleted at once; history is deleted below
        condition = f'"{fk.column}" IN ({doomed})'
        if fk.remote_field.on_delete is models.SET_NULL:
            with connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{related._meta.db_table}" SET "{fk.column}" = NULL '  # noqa: S608
                    f"WHERE {condition}",
                    params,
                )
        else:
            _delete(related, condition, params, depth + 1)
    history = getattr(model, "history", None)
    if history is not None and hasattr(history, "model"):
        _delete(history.model, f'"{pk}" IN ({doomed})', params, depth + 1)
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE {where}', params)  # noqa: S608


# Generating ----------------------------------------------------------------------------------


def _country_codes(needed: int, taken: set[str]) -> list[str]:
    """Unused two-letter codes, in a stable order."""
    codes = []
    for first in string.ascii_uppercase[::-1]:
        for second in string.ascii_uppercase:
            code = first + second
            if code not in taken:
                codes.append(code)
                if len(codes) == needed:
                    return codes
    raise ValueError("Not enough two-letter codes for this scale.")


@dataclass
class _Item:
    pk: int
    kind: str
    due: dt.date
    is_open: bool
    cancelled: bool
    published: bool  # focal points see (and answer) published meetings only


class _Generator:
    def __init__(self, want: dict[str, int], today: dt.date, rng: random.Random) -> None:
        self.want = want
        self.today = today
        self.rng = rng
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.write = _Writer(self.now)
        self.notes: list[str] = []

    def run(self) -> ScaleReport:
        countries = self.countries()
        organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        presidencies = self.presidencies(countries)
        users, focal_of_country, focal_of_organisation = self.users(countries, organisations)
        self.secretariat = users["secretariat"][0]
        groups = self.working_groups()
        meetings = self.meetings(groups, presidencies, countries, organisations)
        resolutions = self.resolutions(meetings)
        items = self.action_items(resolutions, {pk: (day, on) for pk, _g, day, on in meetings})
        versions = self.documents(items, self.secretariat)
        obligations = self.obligations(items, countries, organisations)
        sent = self.submissions(
            obligations, items, versions, focal_of_country, focal_of_organisation
        )
        self.history()
        counts = {
            "working_groups": len(groups),
            "meetings": len(meetings),
            "resolutions": len(resolutions),
            "action_items": len(items),
            "countries": Country.objects.count(),
            "obligations": len(obligations),
            "submissions": sent,
            "users": sum(len(pks) for pks in users.values()),
        }
        extra = {
            "drafts": self.write.counts.get(Submission._meta.label, 0) - sent,
            "documents": self.write.counts.get(Document._meta.label, 0),
            "document_versions": self.write.counts.get(DocumentVersion._meta.label, 0),
            "comment_rows": self.write.counts.get(SubmissionComment._meta.label, 0),
            "history_records": sum(
                n for label, n in self.write.counts.items() if ".Historical" in label
            ),
        }
        return ScaleReport(counts=counts | extra, notes=self.notes)

    # Reference rows --------------------------------------------------------------------

    def countries(self) -> list[int]:
        """Member country ids: the reference ones, then synthetic ones up to the total."""
        extra = self.want["countries"] - Country.objects.count()
        if extra > 0:
            taken = set(Country.objects.values_list("code", flat=True))
            Country.objects.bulk_create(
                [
                    Country(code=code, name_en=f"{COUNTRY_PREFIX}{code}", name_es=f"Escala {code}")
                    for code in _country_codes(extra, taken)
                ]
            )
        return list(Country.objects.members().order_by("pk").values_list("pk", flat=True))

    def presidencies(self, countries: list[int]) -> list[tuple[dt.date, int]]:
        """One presidency a year over the decade (kept when there already is one that year)."""
        first_year = self.today.year - YEARS
        members = countries[:11]  # the reference member countries come first
        for year in range(first_year, self.today.year + 1):
            if not Presidency.objects.filter(year=year).exists():
                Presidency.objects.create(
                    year=year,
                    starts_on=dt.date(year, 7, 1),
                    country_id=members[year % len(members)],
                )
        return list(Presidency.objects.order_by("starts_on").values_list("starts_on", "pk"))

    def users(self, countries: list[int], organisations: list[int]):
        """Secretariat, managers and focal points (one per organisation, the rest by country)."""
        total = self.want["users"]
        staff = max(1, total // 40)
        first = self.write.reserve(User, total)
        password = make_password(PASSWORD)
        roles: dict[str, list[int]] = {"secretariat": [], "manager": [], "focal_point": []}
        rows: list[tuple] = []
        for n in range(total):
            role = "secretariat" if n < staff else "manager" if n < 2 * staff else "focal_point"
            roles[role].append(first + n)
            rows.append(
                (
                    first + n,
                    f"{EMAIL_PREFIX}{n}@example.org",
                    f"Scale user {n}",
                    role,
                    "es" if n % 3 else "en",
                    password,
                    self.now,
                )
            )
        self.write.insert(User, "id email full_name role language password date_joined", rows)
        taken_countries = set(
            FocalPoint.objects.filter(
                kind="primary", is_active=True, country__isnull=False
            ).values_list("country_id", flat=True)
        )
        taken_organisations = set(
            FocalPoint.objects.filter(
                kind="primary", is_active=True, organisation__isnull=False
            ).values_list("organisation_id", flat=True)
        )
        focal_of_country: dict[int, int] = {}
        focal_of_organisation: dict[int, int] = {}
        rows = []
        for n, user in enumerate(roles["focal_point"]):
            if n < len(organisations):
                party, taken, of = organisations[n], taken_organisations, focal_of_organisation
            else:
                party = countries[(n - len(organisations)) % len(countries)]
                taken, of = taken_countries, focal_of_country
            kind = "alternate" if party in taken else "primary"
            taken.add(party)
            of.setdefault(party, user)
            is_org = of is focal_of_organisation
            rows.append((user, None if is_org else party, party if is_org else None, kind))
        self.write.insert(FocalPoint, "user_id country_id organisation_id kind", rows)
        return roles, focal_of_country, focal_of_organisation

    # Meetings, reports and items -------------------------------------------------------

    def working_groups(self) -> list[int]:
        count = self.want["working_groups"]
        first = self.write.reserve(WorkingGroup, count)
        self.write.insert(
            WorkingGroup,
            "id slug name_en name_es",
            (
                (
                    first + n,
                    f"{SLUG_PREFIX}{n}",
                    f"Scale working group {n}",
                    f"Grupo de trabajo de escala {n}",
                )
                for n in range(count)
            ),
        )
        return list(range(first, first + count))

    def meetings(self, groups, presidencies, countries, organisations) -> list[tuple]:
        """(pk, group, date, published) over the decade; the last few are upcoming drafts."""
        count = self.want["meetings"]
        first = self.write.reserve(Meeting, count)
        start = self.today - dt.timedelta(days=365 * YEARS - 60)
        span = 365 * YEARS
        meetings, rows = [], []
        for n in range(count):
            day = start + dt.timedelta(days=n * span // count)
            published = day <= self.today
            presidency = _in_office(presidencies, day)
            pk = first + n
            group = groups[n % len(groups)]
            meetings.append((pk, group, day, published))
            rows.append(
                (
                    pk,
                    group,
                    presidency,
                    f"Scale meeting {n}",
                    day,
                    "virtual" if n % 3 else "in_person",
                    "Online" if n % 3 else "San José",
                    "published" if published else "draft",
                    self.now if published else None,
                    self.now,
                )
            )
        self.write.insert(
            Meeting,
            (
                "id working_group_id presidency_id title_en date modality place_en status "
                "published_at created_at"
            ),
            rows,
        )
        self.write.insert(
            Meeting.participants.through,
            ["meeting_id", "country_id"],
            (
                (pk, country)
                for pk, *_rest in meetings
                for country in self.rng.sample(countries, min(10, len(countries)))
            ),
        )
        self.write.insert(
            Meeting.observers.through,
            ["meeting_id", "organisation_id"],
            (
                (pk, organisation)
                for pk, *_rest in meetings
                for organisation in self.rng.sample(organisations, min(2, len(organisations)))
            ),
        )
        return meetings

    def resolutions(self, meetings) -> list[tuple]:
        """(pk, meeting) dealt evenly over the meetings; every fourth is a sub-item (`2.a`)."""
        count = self.want["resolutions"]
        first = self.write.reserve(Resolution, count)
        per_meeting, left = divmod(count, len(meetings))
        resolutions: list[tuple] = []
        rows: list[tuple] = []
        pk = first
        for index, (meeting, *_rest) in enumerate(meetings):
            number = parent = parent_number = None
            top, letter = 0, 0
            this_parent: int | None
            for position in range(per_meeting + (1 if index < left else 0)):
                if position % 4 == 3 and parent is not None:
                    number, this_parent = f"{parent_number}.{'abcdefgh'[letter]}", parent
                    letter += 1
                else:
                    top += 1
                    number, this_parent, letter = str(top), None, 0
                    parent, parent_number = pk, number
                rows.append(
                    (
                        pk,
                        meeting,
                        this_parent,
                        number,
                        f"To ask the Member Countries to act on matter {pk} by the agreed date.",
                        position + 1,
                    )
                )
                resolutions.append((pk, meeting))
                pk += 1
        self.write.insert(Resolution, "id meeting_id parent_id number text_en order", rows)
        return resolutions

    def action_items(self, resolutions, meeting_of: dict[int, tuple[dt.date, bool]]) -> list[_Item]:
        """One item per resolution, due some weeks after its meeting; old ones mostly closed."""
        count = min(self.want["action_items"], len(resolutions))
        first = self.write.reserve(ActionItem, count)
        rng, today = self.rng, self.today
        items, rows = [], []
        for n, (resolution, meeting) in enumerate(resolutions[:count]):
            pk = first + n
            kind = KINDS[n % len(KINDS)]
            day, published = meeting_of[meeting]
            due = day + dt.timedelta(days=rng.choice([14, 30, 45, 60, 90]))
            status, closed_at, late, note = "open", None, None, ""
            if due < today - dt.timedelta(days=60) and rng.random() < 0.8:
                late = rng.choice([0, 0, 0, 3, 12])
                day = due + dt.timedelta(days=late or -rng.randint(0, 10))
                closed_at = dt.datetime.combine(day, dt.time(16), tzinfo=self.tz)
                status, note = (
                    ("cancelled", "No longer needed.") if n % 50 == 0 else ("done", "Done.")
                )
                late = late if status == "done" else None
            elif n % 3 == 0:
                status = "in_progress"
            items.append(
                _Item(
                    pk,
                    kind,
                    due,
                    is_open=status in ActionItem.OPEN_STATUSES,
                    cancelled=status == "cancelled",
                    published=published,
                )
            )
            rows.append(
                (
                    pk,
                    resolution,
                    kind,
                    f"Scale action item {n}",
                    due,
                    "day",
                    f"by {due:%d %B %Y}",
                    n % 20 == 0,
                    status,
                    note,
                    closed_at,
                    late,
                    self.now,
                )
            )
        self.write.insert(
            ActionItem,
            (
                "id resolution_id kind title_en due_latest due_precision due_text_en to_ppt status "
                "status_note closed_at late_days created_at"
            ),
            rows,
        )
        return items

    def documents(self, items: list[_Item], uploader: int) -> dict[int, int]:
        """A document per comment request, one or two versions; {item pk: newest version pk}."""
        commented = [item for item in items if item.kind == ActionItem.Kind.COMMENT_REQUEST]
        first = self.write.reserve(Document, len(commented))
        self.write.insert(
            Document,
            "id action_item_id title_en created_at",
            (
                (first + n, item.pk, f"Draft document {item.pk}", self.now)
                for n, item in enumerate(commented)
            ),
        )
        counts = [1 + (n % 2) for n in range(len(commented))]
        pk = self.write.reserve(DocumentVersion, sum(counts))
        newest, rows = {}, []
        for n, item in enumerate(commented):
            for number in range(1, counts[n] + 1):
                rows.append(
                    (
                        pk,
                        first + n,
                        number,
                        f"documents/{first + n}/v{number}/draft.pdf",
                        "draft.pdf",
                        "application/pdf",
                        120_000,
                        uploader,
                        self.now,
                    )
                )
                newest[item.pk] = pk
                pk += 1
        self.write.insert(
            DocumentVersion,
            "id document_id number file original_name content_type size uploaded_by_id uploaded_at",
            rows,
        )
        return newest

    def obligations(self, items, countries, organisations) -> list[list]:
        """[pk, item, country, organisation, status, first, last, late] — statuses set later.

        Each item asks the same number of parties; a deliverable asks one
        organisation besides the countries.
        """
        count = self.want["obligations"]
        per_item = max(1, count // len(items))
        parties = []
        for item in items:
            wanted = min(per_item, len(countries))
            with_org = item.kind == ActionItem.Kind.DELIVERABLE and organisations and wanted > 1
            chosen = self.rng.sample(countries, wanted - (1 if with_org else 0))
            parties += [(item, country, None) for country in chosen]
            if with_org:
                parties.append((item, None, self.rng.choice(organisations)))
        parties = parties[:count]
        first = self.write.reserve(Obligation, len(parties))
        return [
            [first + n, item, country, organisation, "pending", None, None, None]
            for n, (item, country, organisation) in enumerate(parties)
        ]

    def submissions(
        self, obligations, items, versions, focal_of_country, focal_of_organisation
    ) -> int:
        """Sent versions over the obligations (some twice), a few drafts; then the obligations."""
        rng, now = self.rng, self.now
        wanted = self.want["submissions"]
        answerable = [n for n, obligation in enumerate(obligations) if obligation[1].published]
        answered = rng.sample(answerable, k=min(len(answerable), wanted * 9 // 10))
        twice = set(answered[: wanted - len(answered)])
        fallback = next(iter(focal_of_country.values()), None) or self.secretariat
        rows, comments, files, progress, drafts = [], [], [], [], []
        pk = self.write.reserve(Submission, wanted + len(obligations) // 50 + 1)
        for index in answered:
            obligation = obligations[index]
            item: _Item = obligation[1]
            author = (
                focal_of_country.get(obligation[2])
                or focal_of_organisation.get(obligation[3])
                or fallback
            )
            late = rng.choice([0, 0, 0, 0, 2, 9])
            day = min(
                item.due + dt.timedelta(days=late or -rng.randint(0, 10)),
                self.today - dt.timedelta(days=1),
            )
            late = max(0, (day - item.due).days)
            at = dt.datetime.combine(day, dt.time(12), tzinfo=self.tz)
            versions_sent = 2 if index in twice else 1
            outcome = rng.random()
            final = (
                "acknowledged" if outcome < 0.5 else "returned" if outcome < 0.55 else "submitted"
            )
            for number in range(1, versions_sent + 1):
                last = number == versions_sent
                status = final if last else "returned"
                rows.append(
                    (
                        pk,
                        obligation[0],
                        number,
                        status,
                        f"Answer {number} of obligation {obligation[0]}.",
                        versions.get(item.pk),
                        author,
                        at,
                        author,
                        at,
                        late,
                        at if status != "submitted" else None,
                        "Please complete section 2." if status == "returned" else "",
                    )
                )
                if item.kind == ActionItem.Kind.COMMENT_REQUEST:
                    comments += [
                        (
                            pk,
                            1,
                            "2.1",
                            "3",
                            "technical",
                            "Clarify the scope of this section.",
                            "Add the definition.",
                        ),
                        (pk, 2, "4", "7", "editorial", "Typo in the title.", ""),
                    ]
                if pk % 10 == 0:
                    files.append(
                        (
                            pk,
                            f"submissions/{obligation[0]}/answer.pdf",
                            "answer.pdf",
                            "application/pdf",
                            80_000,
                            author,
                            at,
                        )
                    )
                pk += 1
            obligation[4:8] = [
                {"acknowledged": "acknowledged", "returned": "returned"}.get(final, "submitted"),
                at,
                at,
                late,
            ]
        sent = len(rows)
        for obligation in obligations:
            item = obligation[1]
            drafting = item.is_open and item.published and obligation[0] % 50 == 0
            if obligation[4] == "pending" and drafting:
                author = (
                    focal_of_country.get(obligation[2])
                    or focal_of_organisation.get(obligation[3])
                    or fallback
                )
                drafts.append(
                    (
                        pk,
                        obligation[0],
                        1,
                        "draft",
                        "Work in progress.",
                        None,
                        author,
                        now,
                        None,
                        None,
                        None,
                        None,
                        "",
                    )
                )
                pk += 1
            if obligation[3] is not None and obligation[0] % 2 == 0:
                progress.append(
                    (obligation[0], 40 + obligation[0] % 60, "On track.", fallback, now)
                )
        self.write.insert(
            Obligation,
            (
                "id action_item_id country_id organisation_id status first_submitted_at "
                "last_submitted_at late_days created_at"
            ),
            ((o[0], o[1].pk, o[2], o[3], o[4], o[5], o[6], o[7], now) for o in obligations),
        )
        self.write.insert(
            Submission,
            (
                "id obligation_id number status text document_version_id created_by_id created_at "
                "submitted_by_id submitted_at late_days reviewed_at review_message"
            ),
            rows + drafts,
        )
        self.write.insert(
            SubmissionComment,
            "submission_id position section page comment_type comment proposed_change",
            comments,
        )
        self.write.insert(
            SubmissionFile,
            "submission_id file original_name content_type size uploaded_by_id uploaded_at",
            files,
        )
        self.write.insert(
            ProgressUpdate,
            "obligation_id percent note created_by_id created_at",
            progress,
        )
        return sent

    def history(self) -> None:
        """One "created" record per meeting, resolution, item and obligation, read back."""
        extra = ["history_date", "history_type", "history_change_reason", "history_user_id"]
        for model in (Meeting, Resolution, ActionItem, Obligation):
            first, count = self.write.reserved[model]
            # The history keeps the fields it tracks (not `revision`, for one).
            tracked = {f.attname for f in model.history.model._meta.concrete_fields}
            columns = [f.attname for f in model._meta.concrete_fields if f.attname in tracked]
            rows = (
                model.objects.filter(pk__gte=first, pk__lt=first + count)
                .order_by("pk")
                .values_list(*columns)
            )
            self.write.insert(
                model.history.model,
                columns + extra,
                ((*row, self.now, "+", None, None) for row in rows.iterator(chunk_size=20000)),
            )

    def sweep_reminders(self) -> str:
        """Plan the reminder ledger with the reminders app's own sweep."""
        result = reminder_services.sweep(self.now, dispatch=None)
        return f"The reminder sweep planned {result.planned:,} reminders."


def _in_office(presidencies: list[tuple[dt.date, int]], day: dt.date) -> int | None:
    holder = None
    for starts_on, pk in presidencies:
        if starts_on > day:
            break
        holder = pk
    return holder
