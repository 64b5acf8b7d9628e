"""The scale generator writes the volumes asked for, consistently."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from actions.models import ActionItem, Meeting, Obligation, Resolution, WorkingGroup
from actions.scale import generate
from members.models import Country, FocalPoint, Submission

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
    assert report.counts == {
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
    assert Submission.objects.count() == 1600


def test_answers_match_the_obligations():
    generate(1, base=SMALL)
    answered = Obligation.objects.annotate(n=Count("submissions"))
    assert not answered.filter(n=0).exclude(status="pending").exists()
    assert not answered.filter(n__gt=0, status="pending").exists()
    assert not Obligation.objects.filter(
        ~Q(status="pending"), first_submitted_at__isnull=True
    ).exists()
    assert FocalPoint.objects.filter(user__email__startswith="scale.user").count() == 30 - 10


def test_the_command_refuses_to_generate_twice(capsys):
    generate(1, base=SMALL)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_scale_data", "--scale", "1")
