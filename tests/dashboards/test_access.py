"""Every dashboard page for every role: allowed, forbidden (403) or sent to sign in.

Managers read everything and change nothing: every page here is a GET; the only
writes of the app are a user's own calendar feeds (tested in test_calendar).
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
STAFF_ONLY = {
    "anonymous": 302,
    "secretariat": 200,
    "manager": 200,
    "focal_cr": 403,
    "focal_mx": 403,
    "focal_iom": 403,
}
COUNTRY_ROWS = {**STAFF_ONLY, "focal_cr": 200, "focal_mx": 200}
SIGNED_IN = {**COUNTRY_ROWS, "focal_iom": 200}
PAGES = {
    ("dashboards:overview", ()): STAFF_ONLY,
    # The list behind the numbers is actions' item list now: these old addresses send on.
    ("dashboards:item_list", ()): dict.fromkeys(SIGNED_IN, 308),
    ("dashboards:item_export", ("csv",)): dict.fromkeys(SIGNED_IN, 308),
    ("dashboards:item_export", ("xlsx",)): dict.fromkeys(SIGNED_IN, 308),
    ("actions:action_item_export", ("csv",)): STAFF_ONLY,
    ("actions:action_item_export", ("xlsx",)): STAFF_ONLY,
    ("dashboards:charts", ()): STAFF_ONLY,
    ("dashboards:report", ()): STAFF_ONLY,
    ("dashboards:report_docx", ()): STAFF_ONLY,
    ("dashboards:matrix", ()): COUNTRY_ROWS,
    ("dashboards:matrix_export", ("csv",)): COUNTRY_ROWS,
    ("dashboards:matrix_export", ("xlsx",)): COUNTRY_ROWS,
    ("dashboards:calendar", ()): SIGNED_IN,
}
CASES = [
    pytest.param(name, args, role, status, id=f"{name}{args}-{role}")
    for (name, args), statuses in PAGES.items()
    for role, status in statuses.items()
]


@pytest.mark.parametrize(("name", "args", "role", "status"), CASES)
def test_access_by_role(client_as, name, args, role, status):
    url = reverse(name, args=args)
    response = client_as(role).get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["secretariat", "manager", "focal_cr", "focal_iom"])
def test_nav_links_follow_the_role(client_as, role):
    page = client_as(role).get(reverse("dashboards:calendar")).content.decode()
    staff = role in ("secretariat", "manager")
    assert (reverse("dashboards:charts") in page) is staff
    assert (reverse("dashboards:report") in page) is staff
    assert (reverse("dashboards:matrix") in page) is (role != "focal_iom")
    assert reverse("dashboards:calendar") in page


@pytest.mark.parametrize(
    "name",
    [
        "dashboards:overview",
        "actions:action_item_list",
        "dashboards:matrix",
        "dashboards:charts",
        "dashboards:report",
        "dashboards:calendar",
    ],
)
def test_pages_need_no_inline_style_or_script(client_as, name):
    """A strict Content-Security-Policy comes later: no style="" and no inline <script>."""
    page = client_as("secretariat").get(reverse(name)).content.decode()
    assert "style=" not in page
    assert "<script>" not in page
    assert page.count("<script") == page.count("<script src=")


def test_revoking_needs_a_signed_in_user(client_as):
    response = client_as("anonymous").post(reverse("dashboards:calendar_revoke", args=[1]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
