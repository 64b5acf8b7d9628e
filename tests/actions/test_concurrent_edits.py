"""Two people editing one record: the stale save is refused, nothing is lost."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import ActionItem, Meeting, Resolution
from tests.factories import ActionItemFactory, MeetingFactory, ResolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _item_data(item: ActionItem, title: str, version: str) -> dict:
    return {
        "kind": item.kind,
        "title_en": title,
        "due_precision": "day",
        "due_latest": "2020-10-28",
        "to_member_countries": "on",
        "revision": version,
    }


def _edit_url(obj) -> str:
    names = {
        ActionItem: "actions:action_item_edit",
        Meeting: "actions:meeting_edit",
        Resolution: "actions:resolution_edit",
    }
    return reverse(names[type(obj)], args=[obj.pk])


def _data(obj, label: str, version: str) -> dict:
    if isinstance(obj, ActionItem):
        return _item_data(obj, label, version)
    if isinstance(obj, Meeting):
        return {
            "working_group": obj.working_group_id,
            "title_en": label,
            "date": "2020-09-28",
            "modality": "virtual",
            "revision": version,
        }
    return {"number": obj.number, "text_en": label, "parent": "", "revision": version}


def _label(obj) -> str:
    obj.refresh_from_db()
    return obj.text if isinstance(obj, Resolution) else obj.title


@pytest.fixture(params=["item", "meeting", "resolution"])
def record(request):
    return {
        "item": lambda: ActionItemFactory(title="Original"),
        "meeting": lambda: MeetingFactory(title="Original"),
        "resolution": lambda: ResolutionFactory(number="4", text="Original"),
    }[request.param]()


def test_a_stale_save_is_refused_and_the_typed_text_kept(client_as, secretariat, record):
    first, second = client_as("secretariat"), Client()
    second.force_login(UserFactory(email="second@test.example", role="secretariat"))
    opened = first.get(_edit_url(record)).context["form"]["revision"].value()
    assert second.get(_edit_url(record)).context["form"]["revision"].value() == opened

    assert (
        second.post(_edit_url(record), _data(record, "Saved by the second", opened)).status_code
        == 302
    )
    stale = first.post(_edit_url(record), _data(record, "Typed by the first", opened))

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else saved this record after you opened it" in page
    assert "Typed by the first" in page
    assert _label(record) == "Saved by the second"
    # The refused form now carries the current version: saving again, knowingly, wins.
    renewed = stale.context["form"]["revision"].value()
    assert renewed == type(record).objects.get(pk=record.pk).revision
    again = first.post(_edit_url(record), _data(record, "Typed by the first", renewed))
    assert again.status_code == 302
    assert _label(record) == "Typed by the first"


def test_a_save_without_a_version_is_refused(client_as, record):
    response = client_as("secretariat").post(_edit_url(record), _data(record, "No version", ""))
    assert response.status_code == 409
    assert _label(record) == "Original"
