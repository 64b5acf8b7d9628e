"""One obligation's page: visible to its own country and to staff, 404 for others."""

import pytest
from django.urls import reverse

from submissions.models import Submission
from tests.factories import ActionItemFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def costa_rica_obligation(costa_rica, mexico, focal_cr):
    item = ActionItemFactory(title="Comments on the inventory")
    item.address_to(countries=[costa_rica, mexico])
    obligation = item.obligations.get(country=costa_rica)
    sent = SubmissionFactory(obligation=obligation, text="Sent text", created_by=focal_cr)
    sent.submit(by=focal_cr)
    SubmissionFactory(obligation=obligation, number=2, text="Unsent draft", created_by=focal_cr)
    return obligation


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("manager", 200),
        ("focal_cr", 200),
        ("focal_mx", 404),
        ("focal_iom", 404),
    ],
)
def test_access_by_role(client_as, costa_rica_obligation, role, status):
    url = reverse("submissions:obligation_detail", args=[costa_rica_obligation.pk])
    assert client_as(role).get(url).status_code == status


def test_staff_never_see_a_countrys_unsent_draft(client_as, costa_rica_obligation):
    url = reverse("submissions:obligation_detail", args=[costa_rica_obligation.pk])
    staff_view = client_as("manager").get(url)
    own_view = client_as("focal_cr").get(url)
    assert [s.status for s in staff_view.context["submissions"]] == [Submission.Status.SUBMITTED]
    assert {s.status for s in own_view.context["submissions"]} == {"draft", "submitted"}


def test_query_count_is_bounded(
    client_as, costa_rica_obligation, focal_cr, django_assert_num_queries
):
    url = reverse("submissions:obligation_detail", args=[costa_rica_obligation.pk])
    client = client_as("focal_cr")
    client.get(url)
    # 1 session, 2 user, 3 focal point, 4 the obligation, 5 its versions, 6 their files, 7 the
    # item's document versions
    with django_assert_num_queries(7) as few:
        client.get(url)
    draft = costa_rica_obligation.submissions.get(status="draft")
    draft.submit(by=focal_cr)
    for number in range(3, 13):
        extra = SubmissionFactory(
            obligation=costa_rica_obligation, number=number, created_by=focal_cr
        )
        extra.submit(by=focal_cr)
    # the same queries as above
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
