"""Resolutions: suggested numbers, nesting (2 → 2.a), reordering, guarded deletion."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions.models import (
    ActionItem,
    Document,
    Obligation,
    Resolution,
    build_outline,
    flatten_outline,
    next_segment,
)
from tests.factories import (
    ActionItemFactory,
    DocumentVersionFactory,
    MeetingFactory,
    ResolutionFactory,
    SubmissionFactory,
)
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "last", "level", "expected"),
    [
        (None, None, 0, "1"),
        (None, None, 1, "a"),
        (None, None, 2, "i"),
        ("1", "4", 0, "5"),
        ("1", "9", 0, "10"),
        ("a", "d", 1, "e"),
        ("A", "C", 1, "D"),
        ("a", "h", 1, "i"),
        ("i", "iii", 2, "iv"),
        ("I", "VIII", 0, "IX"),
        ("a", "z", 1, ""),
    ],
)
def test_next_segment_continues_the_siblings_style(first, last, level, expected):
    assert next_segment(first, last, level) == expected


def _outline(meeting, *rows):
    """Create resolutions from (number, parent number) in order; return them by number."""
    made: dict[str, Resolution] = {}
    for order, (number, parent) in enumerate(rows, start=1):
        made[number] = ResolutionFactory(
            meeting=meeting, number=number, parent=made.get(parent), order=order
        )
    return made


def _numbers_in_order(meeting) -> list[str]:
    return list(meeting.resolutions.order_by("order").values_list("number", flat=True))


class TestNextNumber:
    def test_suggests_the_next_top_level_and_sub_item_numbers(self):
        meeting = MeetingFactory()
        made = _outline(meeting, ("1", None), ("1.a", "1"), ("1.b", "1"), ("2", None))
        assert Resolution.objects.next_number(meeting) == "3"
        assert Resolution.objects.next_number(meeting, made["1"]) == "1.c"
        assert Resolution.objects.next_number(meeting, made["2"]) == "2.a"
        assert Resolution.objects.next_number(meeting, made["1.a"]) == "1.a.i"

    def test_skips_numbers_already_taken(self):
        meeting = MeetingFactory()
        _outline(meeting, ("1", None), ("3", None), ("2", None))
        assert Resolution.objects.next_number(meeting) == "4"


class TestCreate:
    def test_the_form_suggests_the_number_and_a_blank_one_takes_it(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("1", None), ("2", None))
        client = client_as("secretariat")
        url = reverse("actions:resolution_create", args=[meeting.pk])
        assert client.get(url).context["form"]["number"].value() == "3"
        child_url = f"{url}?parent={made['2'].pk}"
        assert client.get(child_url).context["form"]["number"].value() == "2.a"
        client.post(child_url, {"parent": made["2"].pk, "number": "", "text_en": "Inventory"})
        created = Resolution.objects.get(meeting=meeting, number="2.a")
        assert created.parent == made["2"]

    def test_save_and_add_another_returns_to_the_form_under_the_same_parent(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("2", None))
        url = reverse("actions:resolution_create", args=[meeting.pk])
        response = client_as("secretariat").post(
            url,
            {"parent": made["2"].pk, "number": "2.a", "text_en": "Inventory", "add_another": "1"},
        )
        assert response.url == f"{url}?parent={made['2'].pk}"

    def test_a_sub_item_is_placed_after_its_siblings_before_the_next_resolution(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("1", None), ("1.a", "1"), ("2", None), ("3", None))
        client_as("secretariat").post(
            reverse("actions:resolution_create", args=[meeting.pk]),
            {"parent": made["1"].pk, "number": "", "text_en": "New sub-item"},
        )
        assert _numbers_in_order(meeting) == ["1", "1.a", "1.b", "2", "3"]
        assert list(meeting.resolutions.order_by("order").values_list("order", flat=True)) == [
            1,
            2,
            3,
            4,
            5,
        ]

    @pytest.mark.parametrize(
        ("parent", "number", "message"),
        [
            (None, "2", "Resolution 2 already exists."),
            (None, "4.a", "A top-level number has no dot; choose a parent for a sub-item."),
            ("2", "3.a", "Under 2 the number is 2. followed by one part, e.g. 2.a."),
            ("2", "2.a.i", "Under 2 the number is 2. followed by one part, e.g. 2.a."),
            (None, "4 (bis)", "Use numbers or letters separated by dots, e.g. 3, 2.a or II.iii."),
        ],
    )
    def test_bad_numbers_are_explained_next_to_the_field(self, client_as, parent, number, message):
        meeting = MeetingFactory()
        made = _outline(meeting, ("1", None), ("2", None))
        response = client_as("secretariat").post(
            reverse("actions:resolution_create", args=[meeting.pk]),
            {"parent": made[parent].pk if parent else "", "number": number, "text_en": "Kept text"},
        )
        html = response.content.decode()
        assert field_error(html, "number") == message
        assert "Kept text" in html
        assert meeting.resolutions.count() == 2


class TestEditAndNest:
    def test_nesting_renumbers_the_sub_items_and_moves_the_branch(self, client_as):
        meeting = MeetingFactory()
        made = _outline(
            meeting, ("1", None), ("2", None), ("2.a", "2"), ("3", None), ("3.a", "3"), ("4", None)
        )
        response = client_as("secretariat").post(
            reverse("actions:resolution_edit", args=[made["3"].pk]),
            {
                "parent": made["2"].pk,
                "number": "2.b",
                "text_en": made["3"].text,
                "revision": made["3"].revision,
            },
        )
        assert response.status_code == 302
        assert _numbers_in_order(meeting) == ["1", "2", "2.a", "2.b", "2.b.a", "4"]
        assert Resolution.objects.get(meeting=meeting, number="2.b.a").parent.number == "2.b"

    def test_a_resolution_cannot_become_its_own_descendants_child(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("2", None), ("2.a", "2"))
        form = (
            client_as("secretariat")
            .get(reverse("actions:resolution_edit", args=[made["2"].pk]))
            .context["form"]
        )
        assert list(form.fields["parent"].queryset) == []

    def test_renumbering_refuses_when_a_sub_item_would_collide(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("2", None), ("2.a", "2"))
        ResolutionFactory(meeting=meeting, number="7.a", order=3)  # a stray number
        response = client_as("secretariat").post(
            reverse("actions:resolution_edit", args=[made["2"].pk]),
            {"parent": "", "number": "7", "text_en": "t", "revision": made["2"].revision},
        )
        assert field_error(response.content.decode(), "number") == (
            "Its sub-items would take numbers already in use: 7.a."
        )
        assert _numbers_in_order(meeting) == ["2", "2.a", "7.a"]

    def test_renumbering_a_parent_renumbers_its_sub_items(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("2", None), ("2.a", "2"), ("2.a.i", "2.a"))
        client_as("secretariat").post(
            reverse("actions:resolution_edit", args=[made["2"].pk]),
            {"parent": "", "number": "3", "text_en": "t", "revision": made["2"].revision},
        )
        assert _numbers_in_order(meeting) == ["3", "3.a", "3.a.i"]


class TestMove:
    def test_moving_swaps_whole_branches_and_stops_at_the_ends(self, client_as):
        meeting = MeetingFactory()
        made = _outline(meeting, ("1", None), ("1.a", "1"), ("2", None), ("2.a", "2"))
        client = client_as("secretariat")
        move = reverse("actions:resolution_move", args=[made["2"].pk])
        client.post(move, {"direction": "up"})
        assert _numbers_in_order(meeting) == ["2", "2.a", "1", "1.a"]
        response = client.post(move, {"direction": "up"}, follow=True)
        assert "cannot move further" in response.content.decode()
        assert _numbers_in_order(meeting) == ["2", "2.a", "1", "1.a"]
        # The move is recorded in the resolution's history, by the user who made it.
        assert made["2"].history.first().history_user.email == "secretariat@test.example"

    def test_an_unknown_direction_is_a_bad_request(self, client_as):
        resolution = ResolutionFactory()
        url = reverse("actions:resolution_move", args=[resolution.pk])
        response = client_as("secretariat").post(url, {"direction": "sideways"})
        assert response.status_code == 400
        assert "up or down" in response.content.decode()


class TestDelete:
    @pytest.fixture
    def branch(self, costa_rica, mexico):
        meeting = MeetingFactory()
        made = _outline(meeting, ("2", None), ("2.a", "2"), ("3", None))
        item = ActionItemFactory(resolution=made["2.a"])
        item.address_to(countries=[costa_rica, mexico])
        DocumentVersionFactory(document__action_item=item)
        return meeting, made, item

    def test_the_confirmation_says_what_goes_with_it(self, client_as, branch):
        _meeting, made, _item = branch
        response = client_as("secretariat").get(
            reverse("actions:resolution_delete", args=[made["2"].pk])
        )
        assert response.context["summary"] == {
            "resolutions": 1,
            "items": 1,
            "obligations": 2,
            "documents": 1,
            "submissions": 0,
        }
        html = response.content.decode()
        assert "1 sub-item" in html
        assert "2 obligations of countries or organisations" in html

    def test_deleting_takes_sub_items_and_action_items_and_is_recorded(self, client_as, branch):
        meeting, made, item = branch
        response = client_as("secretariat").post(
            reverse("actions:resolution_delete", args=[made["2"].pk])
        )
        assert response.url == reverse("actions:meeting_detail", args=[meeting.pk])
        assert _numbers_in_order(meeting) == ["3"]
        assert not ActionItem.objects.filter(pk=item.pk).exists()
        assert not Obligation.objects.filter(action_item_id=item.pk).exists()
        assert not Document.objects.filter(action_item_id=item.pk).exists()
        deleted = Resolution.history.filter(id=made["2"].pk, history_type="-").get()
        assert deleted.history_user.email == "secretariat@test.example"
        assert ActionItem.history.filter(id=item.pk, history_type="-").exists()
        assert Obligation.history.filter(action_item_id=item.pk, history_type="-").count() == 2

    def test_a_resolution_whose_items_were_answered_is_never_deleted(
        self, client_as, branch, focal_cr
    ):
        _meeting, made, item = branch
        SubmissionFactory(obligation=item.obligations.get(country__code="CR"), created_by=focal_cr)
        client = client_as("secretariat")
        url = reverse("actions:resolution_delete", args=[made["2"].pk])
        page = client.get(url).content.decode()
        assert "It cannot be deleted" in page
        response = client.post(url)
        assert response.status_code == 200
        assert Resolution.objects.filter(pk=made["2"].pk).exists()
        assert item.obligations.count() == 2


def test_outline_helpers_build_the_tree_in_reading_order():
    meeting = MeetingFactory()
    made = _outline(meeting, ("1", None), ("2", None), ("1.a", "1"))
    roots = build_outline(meeting.resolutions.all())
    assert [r.number for r in flatten_outline(roots)] == ["1", "1.a", "2"]
    assert [(r.number, r.level) for r in flatten_outline(roots)][1] == ("1.a", 1)
    assert made["1.a"].wording == f"{made['1'].text}\n{made['1.a'].text}"
