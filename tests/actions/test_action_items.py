"""Action items: entering them from their resolution, due windows, parties and
obligations, status changes one by one and in bulk."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from actions.models import ActionItem, Obligation
from members.models import Country, Organisation
from tests.factories import ActionItemFactory, ResolutionFactory, SubmissionFactory
from tests.helpers import field_error

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")
BULK = reverse("actions:action_item_bulk_status")


def _create_url(resolution) -> str:
    return reverse("actions:action_item_create", args=[resolution.pk])


def _data(**extra) -> dict:
    return {
        "kind": ActionItem.Kind.COMMENT_REQUEST,
        "title_en": "Comments on the inventory",
        "source_text_en": "To ask the RCM Member Countries ...",
        "due_precision": ActionItem.Precision.DAY,
        "due_latest": "2020-10-28",
        "to_member_countries": "on",
        **extra,
    }


class TestCreate:
    def test_the_wording_of_the_resolution_is_prefilled(self, client_as):
        parent = ResolutionFactory(number="2", text="To ask for comments by 28 October:")
        child = ResolutionFactory(meeting=parent.meeting, parent=parent, number="2.a", text="Map")
        form = client_as("secretariat").get(_create_url(child)).context["form"]
        assert form["source_text_en"].value() == "To ask for comments by 28 October:\nMap"
        assert form["source_text_es"].value() == ""

    def test_the_wording_is_prefilled_in_each_language_the_report_has(self, client_as):
        parent = ResolutionFactory(
            number="2",
            text_en="To ask for comments by 28 October:",
            text_es="Solicitar comentarios a más tardar el 28 de octubre:",
        )
        child = ResolutionFactory(
            meeting=parent.meeting, parent=parent, number="2.a", text_en="Map", text_es="Mapa"
        )
        form = client_as("secretariat").get(_create_url(child)).context["form"]
        assert form["source_text_en"].value() == "To ask for comments by 28 October:\nMap"
        assert form["source_text_es"].value() == (
            "Solicitar comentarios a más tardar el 28 de octubre:\nMapa"
        )

    def test_member_countries_get_one_obligation_each(self, client_as, secretariat):
        resolution = ResolutionFactory()
        response = client_as("secretariat").post(_create_url(resolution), _data())
        assert response.url.endswith(f"#resolution-{resolution.pk}")
        item = ActionItem.objects.get()
        assert item.created_by == secretariat
        assert item.resolution == resolution
        codes = set(item.obligations.values_list("country__code", flat=True))
        assert codes == set(Country.objects.members().values_list("code", flat=True))
        assert len(codes) == 11

    def test_chosen_countries_and_organisations(self, client_as):
        resolution = ResolutionFactory()
        observer = Country.objects.filter(is_member=False).first()
        client_as("secretariat").post(
            _create_url(resolution),
            _data(
                to_member_countries="",
                countries=[Country.objects.get(code="CR").pk, observer.pk],
                organisations=[Organisation.objects.get(acronym="IOM").pk],
                to_ppt="on",
            ),
        )
        item = ActionItem.objects.get()
        parties = {str(o.party.pk) + type(o.party).__name__ for o in item.obligations.all()}
        assert len(parties) == 3
        assert item.to_ppt and not item.to_member_countries

    @pytest.mark.parametrize(
        ("precision", "first", "last", "expected"),
        [
            ("day", "", "2020-10-28", (None, dt.date(2020, 10, 28))),
            ("week", "2020-12-01", "", (dt.date(2020, 12, 1), dt.date(2020, 12, 7))),
            ("week", "", "2020-12-07", (dt.date(2020, 12, 1), dt.date(2020, 12, 7))),
            ("fortnight", "2020-09-16", "2020-09-30", (dt.date(2020, 9, 16), dt.date(2020, 9, 30))),
            ("month", "", "2020-11-15", (dt.date(2020, 11, 1), dt.date(2020, 11, 30))),
            ("quarter", "2021-02-10", "", (dt.date(2021, 1, 1), dt.date(2021, 3, 31))),
            ("half_year", "", "2021-08-01", (dt.date(2021, 7, 1), dt.date(2021, 12, 31))),
            ("year", "", "2021-08-01", (dt.date(2021, 1, 1), dt.date(2021, 12, 31))),
            ("none", "", "", (None, None)),
        ],
    )
    def test_due_windows(self, client_as, precision, first, last, expected):
        resolution = ResolutionFactory()
        response = client_as("secretariat").post(
            _create_url(resolution),
            _data(due_precision=precision, due_earliest=first, due_latest=last),
        )
        assert response.status_code == 302, response.context["form"].errors
        item = ActionItem.objects.get()
        assert (item.due_earliest, item.due_latest) == expected

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            (
                {"due_precision": "none", "due_latest": "2020-10-28"},
                "due_latest",
                "Leave empty when the date is to be defined, or choose a due window.",
            ),
            ({"due_precision": "day", "due_latest": ""}, "due_latest", "Enter the day it is due."),
            (
                {"due_precision": "day", "due_earliest": "2020-10-01"},
                "due_earliest",
                "An exact day has no first day; leave this empty.",
            ),
            (
                {"due_precision": "week", "due_earliest": "2020-12-07", "due_latest": "2020-12-01"},
                "due_latest",
                "The last day cannot be before the first day.",
            ),
            (
                {"due_precision": "month", "due_latest": ""},
                "due_latest",
                "Enter a day of the window, or its first and last day.",
            ),
            (
                {"to_member_countries": ""},
                "to_member_countries",
                "Say who must act: countries, organisations, the PPT, the Technical "
                "Secretariat or the working group.",
            ),
            ({"due_latest": "28/10/2020"}, "due_latest", "Enter a valid date."),
        ],
    )
    def test_bad_input_is_explained_next_to_its_field_and_kept(
        self, client_as, changes, field, message
    ):
        resolution = ResolutionFactory()
        response = client_as("secretariat").post(
            _create_url(resolution), _data(title_en="A title I typed", **changes)
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert field_error(html, field) == message
        assert 'value="A title I typed"' in html
        assert not ActionItem.objects.exists()


class TestEdit:
    def test_adding_a_country_later_adds_its_obligation(self, client_as, costa_rica, mexico):
        item = ActionItemFactory(to_member_countries=False)
        item.address_to(countries=[costa_rica])
        client_as("secretariat").post(
            reverse("actions:action_item_edit", args=[item.pk]),
            _data(
                to_member_countries="",
                countries=[costa_rica.pk, mexico.pk],
                revision=item.revision,
            ),
        )
        assert set(item.obligations.values_list("country__code", flat=True)) == {"CR", "MX"}

    def test_removing_a_country_that_answered_keeps_its_submission(
        self, client_as, costa_rica, mexico, focal_cr
    ):
        item = ActionItemFactory(to_member_countries=False)
        item.address_to(countries=[costa_rica, mexico])
        answered = item.obligations.get(country=costa_rica)
        submission = SubmissionFactory(obligation=answered, created_by=focal_cr)
        submission.submit(by=focal_cr)
        response = client_as("secretariat").post(
            reverse("actions:action_item_edit", args=[item.pk]),
            _data(
                to_member_countries="",
                countries=[],
                to_working_group="on",
                revision=item.revision,
            ),
            follow=True,
        )
        assert "Costa Rica is no longer asked" in response.content.decode()
        answered.refresh_from_db()
        assert answered.removed_at is not None
        assert answered.submissions.get() == submission
        assert not Obligation.objects.filter(action_item=item, country=mexico).exists()
        # Still listed on the item, marked, and its removal is in the history.
        detail = client_as("secretariat").get(reverse("actions:action_item_detail", args=[item.pk]))
        assert "No longer requested" in detail.content.decode()
        removal = next(
            e for e in detail.context["history"] if e.subject == "Obligation of Costa Rica"
        )
        assert [c.field for c in removal.changes] == ["removed"]

    def test_the_form_shows_the_chosen_parties(self, client_as, costa_rica, iom):
        item = ActionItemFactory(to_member_countries=False)
        item.address_to(countries=[costa_rica], organisations=[iom])
        form = (
            client_as("secretariat")
            .get(reverse("actions:action_item_edit", args=[item.pk]))
            .context["form"]
        )
        assert form.initial["countries"] == [costa_rica.pk]
        assert form.initial["organisations"] == [iom.pk]


class TestStatus:
    def test_done_needs_a_note_next_to_the_note_field(self, client_as):
        item = ActionItemFactory()
        response = client_as("secretariat").post(
            reverse("actions:action_item_status", args=[item.pk]), {"status": "done", "note": ""}
        )
        assert field_error(response.content.decode(), "note") == (
            "Say what was done, or why the item is cancelled."
        )
        item.refresh_from_db()
        assert item.status == ActionItem.Status.OPEN

    def test_closing_a_recurring_item_creates_its_next_occurrence(
        self, client_as, secretariat, costa_rica
    ):
        item = ActionItemFactory(
            kind=ActionItem.Kind.MEETING,
            recurrence=ActionItem.Recurrence.QUARTERLY,
            due_latest=dt.date(2020, 12, 7),
        )
        item.address_to(countries=[costa_rica])
        response = client_as("secretariat").post(
            reverse("actions:action_item_status", args=[item.pk]),
            {"status": "done", "note": "Held on 3 December."},
            follow=True,
        )
        assert "Its next occurrence has been created." in response.content.decode()
        item.refresh_from_db()
        assert (item.status, item.status_note, item.closed_by) == (
            "done",
            "Held on 3 December.",
            secretariat,
        )
        following = item.next_occurrence
        assert following.due_latest == dt.date(2021, 3, 7)
        assert following.obligations.get().country == costa_rica

    def test_only_allowed_transitions_are_offered(self, client_as, secretariat):
        item = ActionItemFactory()
        item.cancel(by=secretariat, note="Superseded.")
        url = reverse("actions:action_item_status", args=[item.pk])
        form = client_as("secretariat").get(url).context["form"]
        assert [value for value, _label in form.fields["status"].choices] == ["open"]
        response = client_as("secretariat").post(url, {"status": "done", "note": "x"})
        assert "Select a valid choice" in field_error(response.content.decode(), "status")


class TestBulkStatus:
    def test_changes_every_selected_item_with_the_note(self, client_as, secretariat):
        items = ActionItemFactory.create_batch(3)
        untouched = ActionItemFactory()
        response = client_as("secretariat").post(
            BULK,
            {
                "items": [i.pk for i in items],
                "status": "done",
                "note": "Compiled.",
                "next": reverse("actions:action_item_list") + "?kind=comment_request",
            },
        )
        assert response.url == reverse("actions:action_item_list") + "?kind=comment_request"
        assert set(ActionItem.objects.filter(status="done").values_list("pk", flat=True)) == {
            i.pk for i in items
        }
        assert ActionItem.objects.get(pk=untouched.pk).status == "open"
        assert {i.status_note for i in ActionItem.objects.filter(status="done")} == {"Compiled."}

    def test_one_invalid_transition_changes_nothing_and_is_reported_on_its_row(
        self, client_as, secretariat
    ):
        fine = ActionItemFactory(title="Fine item")
        cancelled = ActionItemFactory(title="Cancelled item")
        cancelled.cancel(by=secretariat, note="No longer needed.")
        response = client_as("secretariat").post(
            BULK, {"items": [fine.pk, cancelled.pk], "status": "done", "note": "All done."}
        )
        assert response.status_code == 400
        rows = dict(response.context["rows"])
        assert rows[fine] == ""
        assert rows[cancelled] == "A “Cancelled” item cannot become “Done”."
        html = response.content.decode()
        assert "Nothing has been changed" in html
        assert "All done." in html  # the note typed is kept
        assert html.count("checked>") >= 2  # the selection is kept
        assert ActionItem.objects.get(pk=fine.pk).status == "open"

    def test_missing_note_and_empty_selection_are_reported(self, client_as, secretariat):
        item = ActionItemFactory()
        cancelled = ActionItemFactory()
        cancelled.cancel(by=secretariat, note="Superseded.")
        response = client_as("secretariat").post(
            BULK, {"items": [item.pk, cancelled.pk], "status": "cancelled"}
        )
        assert response.context["form"].errors["note"]
        assert 'id="bulk-note-error"' in response.content.decode()
        # The rows that cannot change are reported in the same round.
        assert dict(response.context["rows"]) == {
            item: "",
            cancelled: "A “Cancelled” item cannot become “Cancelled”.",
        }
        response = client_as("secretariat").post(BULK, {"status": "in_progress"})
        assert response.context["form"].errors["items"] == ["Select at least one item."]
        assert ActionItem.objects.get(pk=item.pk).status == "open"

    def test_recurring_items_spawn_and_foreign_next_urls_are_ignored(self, client_as):
        recurring = ActionItemFactory(recurrence=ActionItem.Recurrence.MONTHLY)
        response = client_as("secretariat").post(
            BULK,
            {
                "items": [recurring.pk],
                "status": "done",
                "note": "Held.",
                "next": "https://evil.example/",
            },
        )
        assert response.url == reverse("actions:action_item_list")
        assert ActionItem.objects.filter(previous_occurrence=recurring).exists()


class TestDelete:
    def test_an_unanswered_item_can_be_deleted(self, client_as, costa_rica):
        item = ActionItemFactory()
        item.address_to(countries=[costa_rica])
        url = reverse("actions:action_item_delete", args=[item.pk])
        assert client_as("secretariat").get(url).context["summary"]["obligations"] == 1
        client_as("secretariat").post(url)
        assert not ActionItem.objects.filter(pk=item.pk).exists()

    def test_an_answered_item_is_never_deleted(self, client_as, costa_rica, focal_cr):
        item = ActionItemFactory()
        item.address_to(countries=[costa_rica])
        SubmissionFactory(obligation=item.obligations.get(), created_by=focal_cr)
        response = client_as("secretariat").post(
            reverse("actions:action_item_delete", args=[item.pk])
        )
        assert "It cannot be deleted" in response.content.decode()
        assert ActionItem.objects.filter(pk=item.pk).exists()


@time_machine.travel(dt.datetime(2020, 11, 5, 12, tzinfo=COSTA_RICA), tick=False)
def test_detail_shows_each_party_its_state_lateness_and_link(
    client_as, costa_rica, mexico, focal_cr
):
    item = ActionItemFactory(due_latest=dt.date(2020, 10, 28))
    item.address_to(countries=[costa_rica, mexico])
    obligation = item.obligations.get(country=costa_rica)
    with time_machine.travel(dt.datetime(2020, 10, 30, 9, tzinfo=COSTA_RICA), tick=False):
        submission = SubmissionFactory(obligation=obligation, created_by=focal_cr)
        submission.submit(by=focal_cr)
    response = client_as("manager").get(reverse("actions:action_item_detail", args=[item.pk]))
    states = {o.country.code: o.state for o in response.context["obligations"]}
    assert states == {"CR": "submitted", "MX": "overdue"}
    html = response.content.decode()
    assert reverse("submissions:obligation_detail", args=[obligation.pk]) in html
    assert "2 days late" in html
    assert "Overdue by 8 days" in html
