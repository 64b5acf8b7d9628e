"""Which obligations and submissions each user may read: one rule, `visible_to(user)`."""

import pytest

from accounts.models import User
from actions.models import Obligation
from members.models import FocalPoint
from submissions.models import Submission
from tests.factories import ActionItemFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(costa_rica, mexico, iom, focal_cr, focal_mx):
    """Items of a published and a draft meeting, each addressed to CR, MX and IOM."""
    published = ActionItemFactory(title="Published item")
    drafted = ActionItemFactory(
        title="Draft item",
        resolution__meeting__status="draft",
        resolution__meeting__published_at=None,
    )
    for item in (published, drafted):
        item.address_to(countries=[costa_rica, mexico], organisations=[iom])
    for country, author in ((costa_rica, focal_cr), (mexico, focal_mx)):
        obligation = published.obligations.get(country=country)
        SubmissionFactory(obligation=obligation, created_by=author).submit(by=author)
        SubmissionFactory(obligation=obligation, number=2, created_by=author)  # a draft
    return published, drafted


def _titles(queryset):
    return sorted(
        (o.action_item.title, o.party.code if o.country_id else o.party.acronym) for o in queryset
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("focal_cr", [("Published item", "CR")]),
        ("focal_mx", [("Published item", "MX")]),
        ("focal_iom", [("Published item", "IOM")]),
    ],
)
def test_a_focal_point_reads_its_own_party_s_obligations_of_published_meetings(
    world, request, role, expected
):
    user = request.getfixturevalue(role)
    visible = Obligation.objects.visible_to(user)
    assert _titles(visible.select_related("action_item")) == expected


def test_staff_read_every_obligation(world, secretariat, manager):
    everything = _titles(Obligation.objects.all())
    assert len(everything) == 6
    for user in (secretariat, manager):
        visible = Obligation.objects.visible_to(user)
        assert _titles(visible) == everything


def test_a_deactivated_focal_point_reads_nothing(world, focal_cr):
    FocalPoint.objects.filter(user=focal_cr).update(is_active=False)
    user = User.objects.get(pk=focal_cr.pk)  # a new request: nothing cached
    assert not Obligation.objects.visible_to(user).exists()


def test_submissions_follow_the_same_rule(world, focal_cr, secretariat):
    own = Submission.objects.visible_to(focal_cr)
    # Its own submitted version and its own draft; nothing of Mexico's.
    assert sorted((s.obligation.country.code, s.status) for s in own) == [
        ("CR", "draft"),
        ("CR", "submitted"),
    ]
    staff = Submission.objects.visible_to(secretariat)
    # Staff never read a country's unsent draft.
    assert sorted((s.obligation.country.code, s.status) for s in staff) == [
        ("CR", "submitted"),
        ("MX", "submitted"),
    ]


def test_a_published_meeting_s_obligations_become_visible(world, focal_cr):
    _, drafted = world
    drafted.resolution.meeting.publish()
    visible = Obligation.objects.visible_to(focal_cr)
    assert _titles(visible.select_related("action_item")) == [
        ("Draft item", "CR"),
        ("Published item", "CR"),
    ]
