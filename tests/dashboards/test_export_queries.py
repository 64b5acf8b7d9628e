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
    with django_assert_num_queries(queries) as small:
        assert client.get(url).status_code == 200
    add_requests(30, members, due=TODAY + dt.timedelta(days=3), answered_by="MX")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
