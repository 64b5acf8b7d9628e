"""Synthetic history at scale, for benchmarks and load tests.

At scale 1 the data is a decade of RCM activity: 12 working groups, 480
meetings, 5,000 resolutions, 5,000 action items, 35 countries, 50,000
obligations, 40,000 submission versions and 200 users; scale N is N times
that. Rows are written with bulk inserts (no per-row signals, so no history
rows), in one transaction, from a seeded random generator: the same scale
gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from members.models import Country, FocalPoint, Submission

from .models import ActionItem, Meeting, Obligation, Resolution, WorkingGroup
from .reference import load_reference_data

SLUG_PREFIX = "scale-"
BATCH = 5000
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
KINDS = [
    ActionItem.Kind.COMMENT_REQUEST,
    ActionItem.Kind.INFORMATION_REQUEST,
    ActionItem.Kind.DELIVERABLE,
    ActionItem.Kind.EVENT,
    ActionItem.Kind.MEETING,
]


@dataclass
class ScaleReport:
    counts: dict[str, int]


class ScaleDataExists(Exception):
    """Scale data is already there; generate into a fresh database or pass replace."""


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


@transaction.atomic
def generate(
    scale: int = 1,
    *,
    today: dt.date | None = None,
    replace: bool = False,
    base: dict[str, int] | None = None,
) -> ScaleReport:
    """Write `scale` times the base volumes (PER_SCALE unless `base` is given)."""
    rng = random.Random(scale)  # noqa: S311 - reproducible synthetic data
    today = today or timezone.localdate()
    if WorkingGroup.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        if not replace:
            raise ScaleDataExists("Scale data exists already.")
        _delete_scale_data()
    load_reference_data()
    want = {name: count * scale for name, count in (base or PER_SCALE).items()}

    # Countries: the reference ones first, then synthetic members up to the total.
    countries = list(Country.objects.members())
    extra = want["countries"] - len(Country.objects.all())
    if extra > 0:
        taken = set(Country.objects.values_list("code", flat=True))
        Country.objects.bulk_create(
            [
                Country(code=code, name_en=f"Scale {code}", name_es=f"Escala {code}")
                for code in _country_codes(extra, taken)
            ]
        )
        countries = list(Country.objects.members())

    groups = WorkingGroup.objects.bulk_create(
        [
            WorkingGroup(
                slug=f"{SLUG_PREFIX}{n}",
                name_en=f"Scale working group {n}",
                name_es=f"Grupo de trabajo de escala {n}",
            )
            for n in range(want["working_groups"])
        ]
    )

    # Meetings spread over the last ten years, oldest first.
    first_day = today - dt.timedelta(days=3650)
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                working_group=groups[n % len(groups)],
                title=f"Scale meeting {n}",
                date=first_day + dt.timedelta(days=n * 3650 // want["meetings"]),
                status=Meeting.Status.PUBLISHED,
                published_at=now,
                place="Online",
            )
            for n in range(want["meetings"])
        ],
        batch_size=BATCH,
    )
    participants = Meeting.participants.through
    participants.objects.bulk_create(
        [
            participants(meeting_id=meeting.pk, country_id=country.pk)
            for meeting in meetings
            for country in rng.sample(countries, min(10, len(countries)))
        ],
        batch_size=BATCH,
    )

    # Resolutions dealt round-robin over the meetings: 1, 2, 3 ... within each.
    resolutions = Resolution.objects.bulk_create(
        [
            Resolution(
                meeting=meetings[n % len(meetings)],
                number=str(n // len(meetings) + 1),
                text=f"To ask the Member Countries to act on matter {n}.",
                order=n // len(meetings) + 1,
            )
            for n in range(want["resolutions"])
        ],
        batch_size=BATCH,
    )

    items = []
    for n, resolution in enumerate(resolutions[: want["action_items"]]):
        latest = resolution.meeting.date + dt.timedelta(days=rng.choice([14, 30, 45, 60, 90]))
        closed = latest < today - dt.timedelta(days=60) and rng.random() < 0.8
        items.append(
            ActionItem(
                resolution=resolution,
                kind=KINDS[n % len(KINDS)],
                title=f"Scale action item {n}",
                due_latest=latest,
                due_precision=ActionItem.Precision.DAY,
                due_text=f"by {latest:%d %B}",
                to_member_countries=False,
                status=ActionItem.Status.DONE if closed else ActionItem.Status.OPEN,
                status_note="Done." if closed else "",
                closed_at=now if closed else None,
                late_days=rng.choice([0, 0, 0, 3, 12]) if closed else None,
            )
        )
    items = ActionItem.objects.bulk_create(items, batch_size=BATCH)

    per_item = want["obligations"] // len(items)
    obligations = []
    for item in items:
        for country in rng.sample(countries, min(per_item, len(countries))):
            obligations.append(Obligation(action_item=item, country=country))
    obligations = obligations[: want["obligations"]]

    # Users: a few secretariat and managers, the rest focal points of countries.
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                email=f"scale.user{n}@example.org",
                full_name=f"Scale user {n}",
                role=(
                    User.Role.SECRETARIAT
                    if n < 5
                    else User.Role.MANAGER
                    if n < 10
                    else User.Role.FOCAL_POINT
                ),
                password=password,
            )
            for n in range(want["users"])
        ],
        batch_size=BATCH,
    )
    focal_users = [u for u in users if u.role == User.Role.FOCAL_POINT]
    has_primary = set(
        FocalPoint.objects.filter(
            kind="primary", is_active=True, country__isnull=False
        ).values_list("country_id", flat=True)
    )
    focal_points = []
    for n, user in enumerate(focal_users):
        country = countries[n % len(countries)]
        primary = country.pk not in has_primary
        has_primary.add(country.pk)
        focal_points.append(
            FocalPoint(
                user=user,
                country=country,
                kind=FocalPoint.Kind.PRIMARY if primary else FocalPoint.Kind.ALTERNATE,
            )
        )
    FocalPoint.objects.bulk_create(focal_points, batch_size=BATCH)
    author_of = {fp.country_id: fp.user for fp in focal_points}

    # Answers: 40,000 versions over the obligations, some with a second version.
    answered = rng.sample(
        range(len(obligations)), k=min(len(obligations), want["submissions"] * 9 // 10)
    )
    twice = set(answered[: want["submissions"] - len(answered)])
    submissions = []
    for index in answered:
        obligation = obligations[index]
        due = obligation.action_item.due_latest
        late = rng.choice([0, 0, 0, 0, 2, 9])
        day = due + dt.timedelta(days=late if late else -rng.randint(0, 10))
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        author = author_of.get(obligation.country_id) or focal_users[0]
        versions = 2 if index in twice else 1
        reviewed = rng.random() < 0.5
        for number in range(1, versions + 1):
            last = number == versions
            status = (
                Submission.Status.ACKNOWLEDGED
                if last and reviewed
                else Submission.Status.SUBMITTED
                if last
                else Submission.Status.RETURNED
            )
            submissions.append(
                Submission(
                    obligation=obligation,
                    number=number,
                    status=status,
                    text=f"Answer {number} of {obligation.country_id}.",
                    created_by=author,
                    created_at=at,
                    submitted_by=author,
                    submitted_at=at,
                    late_days=late,
                    reviewed_at=at if status != Submission.Status.SUBMITTED else None,
                )
            )
        obligation.status = (
            Obligation.Status.ACKNOWLEDGED if reviewed else Obligation.Status.SUBMITTED
        )
        obligation.first_submitted_at = at
        obligation.last_submitted_at = at
        obligation.late_days = late
    Obligation.objects.bulk_create(obligations, batch_size=BATCH)
    Submission.objects.bulk_create(submissions, batch_size=BATCH)
    return ScaleReport(
        counts={
            "working_groups": len(groups),
            "meetings": len(meetings),
            "resolutions": len(resolutions),
            "action_items": len(items),
            "countries": Country.objects.count(),
            "obligations": len(obligations),
            "submissions": len(submissions),
            "users": len(users),
        }
    )


def _delete_scale_data() -> None:
    groups = WorkingGroup.objects.filter(slug__startswith=SLUG_PREFIX)
    Submission.objects.filter(
        obligation__action_item__resolution__meeting__working_group__in=groups
    ).delete()
    Meeting.objects.filter(working_group__in=groups).delete()
    groups.delete()
    FocalPoint.objects.filter(user__email__startswith="scale.user").delete()
    User.objects.filter(email__startswith="scale.user").delete()
