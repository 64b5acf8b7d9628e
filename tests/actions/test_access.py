"""Who may open which page: staff read everything, focal points what concerns them,
only the secretariat writes (403 for others), anonymous users sign in first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions.models import ActionItem, Meeting, Resolution
from tests.conftest import ROLES
from tests.helpers import pdf_file

pytestmark = pytest.mark.django_db

ALL = dict.fromkeys(ROLES[1:], 200)
STAFF_ONLY = {
    "secretariat": 200,
    "manager": 200,
    "focal_cr": 403,
    "focal_mx": 403,
    "focal_iom": 403,
}
SECRETARIAT_ONLY = {
    "secretariat": 200,
    "manager": 403,
    "focal_cr": 403,
    "focal_mx": 403,
    "focal_iom": 403,
}
MEMBER_COUNTRIES = {
    "secretariat": 200,
    "manager": 200,
    "focal_cr": 200,
    "focal_mx": 200,
    "focal_iom": 404,
}
IOM_ONLY = {"secretariat": 200, "manager": 200, "focal_cr": 404, "focal_mx": 404, "focal_iom": 200}
STAFF_NOT_FOCAL = {
    "secretariat": 200,
    "manager": 200,
    "focal_cr": 404,
    "focal_mx": 404,
    "focal_iom": 404,
}


@pytest.fixture
def objects(published_meeting, draft_meeting, members_item, iom_item, secretariat):
    published_meeting.report_file.save("report.pdf", pdf_file(), save=True)
    draft_meeting.report_file.save("draft.pdf", pdf_file(), save=True)
    return {
        "meeting": published_meeting.pk,
        "draft": draft_meeting.pk,
        "resolution": members_item.resolution_id,
        "item": members_item.pk,
        "iom_item": iom_item.pk,
        "draft_item": ActionItem.objects.get(resolution__meeting=draft_meeting).pk,
        "document": members_item.documents.get().pk,
        "version": members_item.documents.get().versions.get().pk,
    }


# (url name, key of the object in `objects` or None, expected status by role)
READ_PAGES = [
    ("actions:meeting_list", None, ALL),
    ("actions:action_item_list", None, ALL),
    ("actions:meeting_detail", "meeting", {**ALL, "focal_iom": 200}),
    ("actions:meeting_detail", "draft", STAFF_NOT_FOCAL),
    ("actions:meeting_report", "meeting", ALL),
    ("actions:meeting_report", "draft", STAFF_NOT_FOCAL),
    ("actions:meeting_history", "meeting", STAFF_ONLY),
    ("actions:action_item_detail", "item", MEMBER_COUNTRIES),
    ("actions:action_item_detail", "iom_item", IOM_ONLY),
    ("actions:action_item_detail", "draft_item", STAFF_NOT_FOCAL),
    ("actions:action_item_history", "item", MEMBER_COUNTRIES),
    ("actions:action_item_history", "iom_item", IOM_ONLY),
    ("actions:document_version_download", "version", MEMBER_COUNTRIES),
    ("actions:presidency_list", None, STAFF_ONLY),
]
WRITE_PAGES = [
    ("actions:meeting_create", None),
    ("actions:meeting_edit", "meeting"),
    ("actions:meeting_copy", "meeting"),
    ("actions:resolution_create", "meeting"),
    ("actions:resolution_edit", "resolution"),
    ("actions:resolution_delete", "resolution"),
    ("actions:action_item_create", "resolution"),
    ("actions:action_item_edit", "item"),
    ("actions:action_item_status", "item"),
    ("actions:action_item_delete", "item"),
    ("actions:document_create", "item"),
    ("actions:document_version_create", "document"),
    ("actions:presidency_create", None),
]
POST_ONLY = [
    ("actions:meeting_publish", "draft"),
    ("actions:resolution_move", "resolution"),
    ("actions:action_item_bulk_status", None),
]


def _url(name: str, key: str | None, objects: dict) -> str:
    return reverse(name, args=[objects[key]] if key else [])


def _status_by_role(client_as, roles, request) -> dict[str, int]:
    """Each role's status code; anonymous users must be sent to the login page."""
    statuses = {}
    for role in roles:
        response = request(client_as(role))
        if role == "anonymous":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        statuses[role] = response.status_code
    return statuses


@pytest.mark.parametrize(("name", "key", "expected"), READ_PAGES)
def test_read_pages(client_as, objects, name, key, expected):
    url = _url(name, key, objects)
    statuses = _status_by_role(client_as, ROLES, lambda client: client.get(url))
    assert statuses == {"anonymous": 302, **expected}


@pytest.mark.parametrize(("name", "key"), WRITE_PAGES)
def test_write_pages_are_for_the_secretariat(client_as, objects, name, key):
    url = _url(name, key, objects)
    statuses = _status_by_role(client_as, ROLES, lambda client: client.get(url))
    assert statuses == {"anonymous": 302, **SECRETARIAT_ONLY}


def _state() -> tuple:
    return (
        Meeting.objects.count(),
        list(Meeting.objects.order_by("pk").values_list("status", "title_en", "title_es")),
        list(
            Resolution.objects.order_by("pk").values_list("number", "order", "text_en", "text_es")
        ),
        list(ActionItem.objects.order_by("pk").values_list("status", "title_en", "title_es")),
    )


@pytest.mark.parametrize(("name", "key"), WRITE_PAGES + POST_ONLY)
def test_others_cannot_write(client_as, objects, name, key):
    """A forbidden POST changes nothing, whatever it carries."""
    before = _state()
    data = {
        "items": [objects["item"]],
        "status": "cancelled",
        "note": "Not needed.",
        "direction": "down",
        "text_en": "Changed",
        "number": "9",
        "title_en": "Changed",
    }
    others = ["anonymous", "manager", "focal_cr", "focal_mx", "focal_iom"]
    url = _url(name, key, objects)
    statuses = _status_by_role(client_as, others, lambda client: client.post(url, data))
    assert statuses == {"anonymous": 302, **dict.fromkeys(others[1:], 403)}
    assert _state() == before


def test_focal_points_see_only_what_concerns_them_in_lists(
    client_as, published_meeting, draft_meeting, members_item, iom_item
):
    cr = client_as("focal_cr")
    assert list(cr.get(reverse("actions:meeting_list")).context["page_obj"]) == [published_meeting]
    assert list(cr.get(reverse("actions:action_item_list")).context["page_obj"]) == [members_item]
    iom = client_as("focal_iom")
    assert list(iom.get(reverse("actions:action_item_list")).context["page_obj"]) == [iom_item]
    staff = client_as("manager")
    assert set(staff.get(reverse("actions:meeting_list")).context["page_obj"]) == {
        published_meeting,
        draft_meeting,
    }


def test_a_focal_point_reads_only_its_own_obligation_on_an_item(client_as, members_item):
    response = client_as("focal_cr").get(
        reverse("actions:action_item_detail", args=[members_item.pk])
    )
    assert [o.country.code for o in response.context["obligations"]] == ["CR"]
    staff = client_as("manager").get(reverse("actions:action_item_detail", args=[members_item.pk]))
    assert len(staff.context["obligations"]) == 11


def test_the_meeting_outline_shows_a_focal_point_only_its_items(
    client_as, published_meeting, members_item
):
    response = client_as("focal_cr").get(
        reverse("actions:meeting_detail", args=[published_meeting.pk])
    )
    items = [item for r in response.context["outline"] for item in r.items]
    assert items == [members_item]
    assert "Procedures manual" not in response.content.decode()
    assert response.context["history"] == []
