"""Downloads run a fixed number of queries too, whatever the number of rows."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.dashboards.conftest import TODAY, add_requests

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "role", "queries"),
    [
        ("actions:action_item_export", ["csv"], "manager", 4),
        ("actions:action_item_export", ["xlsx"], "manager", 4),
        ("dashboards:matrix_export", ["csv"], "manager", 8),
        ("dashboards:matrix_export", ["xlsx"], "focal_cr", 7),
        ("dashboards:report_docx", [], "secretariat", 9),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client_as, members, today, django_assert_num_queries, name, args, role, queries
):
    client = client_as(role)
    url = reverse(name, args=args)
    add_requests(2, members, due=TODAY - dt.timedelta(days=3), answered_by="CR")
    # 1 session, 2 user, then item export: 3 the items, 4 their obligations; matrix, manager:
    # 3 member countries, 4 the requests, 5 their answers, 6 totals per country, 7 on-time rate per
    # country, 8 totals per request; matrix, focal point: 3 focal point, 4 the requests, 5 its
    # answers, 6 its totals, 7 its on-time rate; report: 3 member countries, 4 outcomes by country,
    # 5 meetings of the period, 6 items done in it (none here), 7 counts by group, 8 overdue items,
    # 9 their obligations
    with django_assert_num_queries(queries) as small:
        assert client.get(url).status_code == 200
    add_requests(30, members, due=TODAY + dt.timedelta(days=3), answered_by="MX")
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
