"""Meeting menus of the filter forms offer the newest meetings, not a decade of them.

The action-item list and the compliance matrix filter by meeting. The menu
lists the newest MEETINGS_OFFERED meetings (of the chosen working group when
one is chosen) and the meeting already chosen; any meeting the user may see
still filters.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from actions.forms import MEETINGS_OFFERED
from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    ResolutionFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("actions:action_item_list")
MATRIX = reverse("dashboards:matrix")


@pytest.fixture
def decade():
    """Two groups: 60 meetings of one, the oldest of them with an item; 3 of the other."""
    busy, quiet = WorkingGroupFactory(), WorkingGroupFactory()
    meetings = [
        MeetingFactory(working_group=busy, date=dt.date(2010, 1, 1) + dt.timedelta(days=60 * n))
        for n in range(60)
    ]
    others = [
        MeetingFactory(working_group=quiet, date=dt.date(2005, 1, 1) + dt.timedelta(days=n))
        for n in range(3)
    ]
    oldest = meetings[0]
    item = ActionItemFactory(resolution=ResolutionFactory(meeting=oldest), title="From 2010")
    return {"busy": busy, "quiet": quiet, "meetings": meetings, "others": others, "item": item}


def _offered(page: str) -> set[int]:
    select = re.search(r'<select name="meeting"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def test_the_item_list_offers_the_newest_meetings(client_as, decade):
    page = client_as("secretariat").get(LIST).content.decode()

    offered = _offered(page)
    newest = sorted(decade["meetings"], key=lambda m: m.date, reverse=True)[:MEETINGS_OFFERED]
    assert offered == {m.pk for m in newest}


def test_a_chosen_group_offers_its_own_meetings(client_as, decade):
    response = client_as("secretariat").get(LIST, {"working_group": decade["quiet"].pk})

    assert _offered(response.content.decode()) == {m.pk for m in decade["others"]}


def test_an_old_meeting_still_filters_and_stays_chosen(client_as, decade):
    oldest = decade["meetings"][0]
    response = client_as("secretariat").get(LIST, {"meeting": oldest.pk})

    assert [item.title for item in response.context["page_obj"]] == ["From 2010"]
    assert oldest.pk in _offered(response.content.decode())
    assert f'<option value="{oldest.pk}" selected>' in response.content.decode()


def test_the_matrix_menu_is_bounded_too(client_as, decade):
    page = client_as("manager").get(MATRIX, {"meeting": decade["others"][0].pk})

    offered = _offered(page.content.decode())
    assert len(offered) == MEETINGS_OFFERED + 1
    assert decade["others"][0].pk in offered
