"""The scale generator writes the volumes asked for, consistently, and replaces its data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from accounts.models import User
from actions.models import ActionItem, Document, Meeting, Obligation, Resolution, WorkingGroup
from demo.scale import current_scale, generate
from members.models import Country, FocalPoint
from submissions.models import Submission

pytestmark = pytest.mark.django_db
SMALL = {
    "working_groups": 3,
    "meetings": 24,
    "resolutions": 100,
    "action_items": 100,
    "countries": 20,
    "obligations": 1000,
    "submissions": 800,
    "users": 30,
}


def test_volumes_scale_linearly():
    report = generate(2, base=SMALL)

    assert {name: report.counts[name] for name in SMALL} == {
        "working_groups": 6,
        "meetings": 48,
        "resolutions": 200,
        "action_items": 200,
        "countries": 40,
        "obligations": 2000,
        "submissions": 1600,
        "users": 60,
    }
    assert WorkingGroup.objects.filter(slug__startswith="scale-").count() == 6
    assert Meeting.objects.count() == 48
    assert Resolution.objects.count() == 200
    assert ActionItem.objects.count() == 200
    assert Country.objects.count() == 40
    assert Obligation.objects.count() == 2000
    assert Submission.objects.sent().count() == 1600
    assert Submission.objects.drafts().count() == report.counts["drafts"]
    assert Meeting.history.count() == 48
    assert Obligation.history.count() == 2000


def test_answers_match_the_obligations():
    generate(1, base=SMALL)

    answered = Obligation.objects.annotate(
        n=Count("submissions", filter=~Q(submissions__status="draft"))
    )
    assert not answered.filter(n=0).exclude(status="pending").exists()
    assert not answered.filter(n__gt=0, status="pending").exists()
    assert not Obligation.objects.filter(
        ~Q(status="pending"), first_submitted_at__isnull=True
    ).exists()
    # Focal points answer only what they can see: requests of published meetings.
    assert not Submission.objects.filter(
        obligation__action_item__resolution__meeting__status=Meeting.Status.DRAFT
    ).exists()
    # Returned answers are owed again; acknowledged ones are done.
    assert Obligation.objects.filter(status="returned").exists()
    assert Obligation.objects.filter(status="acknowledged").exists()


def test_every_party_has_focal_points_and_every_comment_request_a_document():
    generate(1, base=SMALL)

    scale_users = User.objects.filter(email__startswith="scale.user")
    assert scale_users.filter(role="secretariat").exists()
    assert scale_users.filter(role="manager").exists()
    focal = FocalPoint.objects.filter(user__in=scale_users)
    assert focal.count() == scale_users.filter(role="focal_point").count()
    assert not Country.objects.members().exclude(focal_points__in=focal).exists()
    assert focal.filter(organisation__isnull=False).exists()
    # Every member country has its primary focal point (one at most: a constraint).
    primaries = FocalPoint.objects.filter(kind="primary", is_active=True, country__isnull=False)
    assert primaries.values("country").distinct().count() == Country.objects.members().count()
    requests = ActionItem.objects.filter(kind=ActionItem.Kind.COMMENT_REQUEST)
    assert Document.objects.filter(action_item__in=requests).count() == requests.count()


def test_replace_leaves_only_the_new_data():
    generate(1, base=SMALL)
    report = generate(2, base=SMALL, replace=True)

    assert WorkingGroup.objects.filter(slug__startswith="scale-").count() == 6
    assert Obligation.objects.count() == report.counts["obligations"] == 2000
    assert Country.objects.count() == 40
    assert User.objects.filter(email__startswith="scale.user").count() == 60
    assert Meeting.history.count() == 48


def test_the_same_scale_gives_the_same_data():
    first = generate(1, base=SMALL)
    titles = list(ActionItem.objects.order_by("pk").values_list("due_latest", "status"))
    again = generate(1, base=SMALL, replace=True)

    assert again.counts == first.counts
    assert list(ActionItem.objects.order_by("pk").values_list("due_latest", "status")) == titles


def test_the_command_refuses_to_generate_twice():
    generate(1, base=SMALL)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_scale_data", "--scale", "1")


def test_current_scale_counts_the_default_volumes():
    assert current_scale() == 0
    generate(1, base={**SMALL, "working_groups": 12})
    assert current_scale() == 1
