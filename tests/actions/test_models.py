"""Rules and database constraints of meetings, resolutions, action items and obligations."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from actions.models import ActionItem, Meeting, Obligation, Resolution, StatusRefused
from members.models import Country, Organisation
from rcm_tracker.months import add_months
from tests.factories import (
    ActionItemFactory,
    DocumentVersionFactory,
    MeetingFactory,
    ObligationFactory,
    ResolutionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")


class TestMeeting:
    def test_end_date_cannot_precede_start(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            MeetingFactory(date=dt.date(2020, 9, 28), end_date=dt.date(2020, 9, 27))

    def test_published_meeting_records_when(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            MeetingFactory(status=Meeting.Status.PUBLISHED, published_at=None)

    def test_publish_sets_status_and_time(self):
        meeting = MeetingFactory(status=Meeting.Status.DRAFT, published_at=None)
        meeting.publish()
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PUBLISHED
        assert meeting.published_at is not None


class TestResolution:
    def test_number_is_unique_within_a_meeting(self):
        resolution = ResolutionFactory(number="2.a")
        with pytest.raises(IntegrityError), transaction.atomic():
            ResolutionFactory(meeting=resolution.meeting, number="2.a")

    def test_same_number_allowed_in_another_meeting(self):
        ResolutionFactory(number="2.a")
        assert ResolutionFactory(number="2.a").pk

    def test_number_cannot_be_empty(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ResolutionFactory(number="")

    def test_depth_follows_number_path(self):
        assert Resolution(number="2").depth == 0
        assert Resolution(number="II.iii").depth == 1


class TestActionItemConstraints:
    def test_dated_item_needs_a_last_day(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItemFactory(due_precision=ActionItem.Precision.MONTH, due_latest=None)

    def test_undated_item_has_no_dates(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItemFactory(
                due_precision=ActionItem.Precision.NONE, due_latest=dt.date(2020, 1, 1)
            )

    def test_window_must_be_ordered(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItemFactory(
                due_precision=ActionItem.Precision.WEEK,
                due_earliest=dt.date(2020, 12, 8),
                due_latest=dt.date(2020, 12, 1),
            )

    def test_exact_day_has_no_window(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItemFactory(
                due_precision=ActionItem.Precision.DAY,
                due_earliest=dt.date(2020, 10, 1),
                due_latest=dt.date(2020, 10, 28),
            )

    def test_done_item_must_say_when(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItemFactory(status=ActionItem.Status.DONE, closed_at=None)

    def test_unknown_kind_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItemFactory(kind="party")


class TestStatusTransitions:
    def test_open_to_in_progress_to_done_records_note_and_closer(self, secretariat):
        item = ActionItemFactory()
        item.change_status(ActionItem.Status.IN_PROGRESS, by=secretariat)
        with time_machine.travel(dt.datetime(2020, 10, 20, 12, tzinfo=COSTA_RICA), tick=False):
            item.close(by=secretariat, note="Compiled and circulated.")
        item.refresh_from_db()
        assert item.status == ActionItem.Status.DONE
        assert item.status_note == "Compiled and circulated."
        assert item.closed_by == secretariat
        assert item.late_days == 0

    def test_done_after_the_deadline_stays_late(self, secretariat):
        item = ActionItemFactory(due_latest=dt.date(2020, 10, 28))
        with time_machine.travel(dt.datetime(2020, 11, 2, 9, tzinfo=COSTA_RICA), tick=False):
            item.close(by=secretariat, note="Done late.")
        assert ActionItem.objects.get(pk=item.pk).late_days == 5

    def test_closing_needs_a_note(self, secretariat):
        item = ActionItemFactory()
        with pytest.raises(ValueError, match="note"):
            item.cancel(by=secretariat, note="  ")
        item.refresh_from_db()
        assert item.status == ActionItem.Status.OPEN

    def test_cancelled_cannot_become_done(self, secretariat):
        item = ActionItemFactory()
        item.cancel(by=secretariat, note="Superseded by resolution 4.")
        with pytest.raises(ValueError):
            item.close(by=secretariat, note="x")

    def test_reopening_clears_the_closure(self, secretariat):
        item = ActionItemFactory()
        item.close(by=secretariat, note="Done.")
        item.change_status(ActionItem.Status.OPEN, by=secretariat)
        item.refresh_from_db()
        assert (item.closed_at, item.closed_by, item.late_days) == (None, None, None)

    def test_a_queryset_changes_all_its_items_or_none(self, secretariat):
        cancelled, open_ = ActionItemFactory(), ActionItemFactory()
        cancelled.cancel(by=secretariat, note="Superseded.")
        both = ActionItem.objects.filter(pk__in=[cancelled.pk, open_.pk])
        with pytest.raises(StatusRefused) as refused:
            both.change_status(ActionItem.Status.DONE, by=secretariat, note="Done.")
        assert [item.pk for item in refused.value.items] == [cancelled.pk]
        open_.refresh_from_db()
        assert open_.status == ActionItem.Status.OPEN

        both.filter(pk=open_.pk).change_status(ActionItem.Status.DONE, by=secretariat, note="x")
        open_.refresh_from_db()
        assert (open_.status, open_.closed_by) == (ActionItem.Status.DONE, secretariat)


class TestRecurrence:
    def test_done_recurring_item_spawns_next_occurrence_for_same_parties(
        self, secretariat, costa_rica, mexico, iom
    ):
        item = ActionItemFactory(
            kind=ActionItem.Kind.MEETING,
            recurrence=ActionItem.Recurrence.QUARTERLY,
            due_precision=ActionItem.Precision.WEEK,
            due_earliest=dt.date(2020, 12, 1),
            due_latest=dt.date(2020, 12, 7),
        )
        item.address_to(countries=[costa_rica, mexico], organisations=[iom])
        following = item.close(by=secretariat, note="Held on 3 December.")
        assert following.previous_occurrence == item
        assert (following.due_earliest, following.due_latest) == (
            dt.date(2021, 3, 1),
            dt.date(2021, 3, 7),
        )
        assert following.status == ActionItem.Status.OPEN
        assert {o.party for o in following.obligations.all()} == {costa_rica, mexico, iom}

    def test_reclosing_does_not_spawn_twice(self, secretariat):
        item = ActionItemFactory(recurrence=ActionItem.Recurrence.MONTHLY)
        first = item.close(by=secretariat, note="Done.")
        item.change_status(ActionItem.Status.OPEN, by=secretariat)
        again = item.close(by=secretariat, note="Done again.")
        assert first == again
        assert ActionItem.objects.filter(previous_occurrence=item).count() == 1

    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (dt.date(2021, 1, 31), 1, dt.date(2021, 2, 28)),
            (dt.date(2020, 11, 30), 3, dt.date(2021, 2, 28)),
            (dt.date(2020, 8, 31), 6, dt.date(2021, 2, 28)),
            (dt.date(2019, 2, 28), 12, dt.date(2020, 2, 28)),
            (dt.date(2020, 10, 28), 3, dt.date(2021, 1, 28)),
        ],
    )
    def test_add_months_clamps_to_month_end(self, day, months, expected):
        assert add_months(day, months) == expected


class TestAddressing:
    def test_one_obligation_per_country(self, costa_rica):
        item = ActionItemFactory()
        item.address_to(countries=Country.objects.members())
        assert item.obligations.count() == 11
        with pytest.raises(IntegrityError), transaction.atomic():
            Obligation.objects.create(action_item=item, country=costa_rica)

    def test_obligation_names_exactly_one_party(self, costa_rica, iom):
        item = ActionItemFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Obligation.objects.create(action_item=item, country=costa_rica, organisation=iom)
        with pytest.raises(IntegrityError), transaction.atomic():
            Obligation.objects.create(action_item=item)

    def test_adding_a_country_later_adds_its_obligation(self, costa_rica, mexico):
        item = ActionItemFactory()
        item.address_to(countries=[costa_rica])
        item.address_to(countries=[costa_rica, mexico])
        assert set(item.obligations.values_list("country__code", flat=True)) == {"CR", "MX"}

    def test_removing_a_country_that_submitted_archives_its_obligation(
        self, costa_rica, mexico, focal_cr
    ):
        item = ActionItemFactory()
        item.address_to(countries=[costa_rica, mexico])
        submission = SubmissionFactory(
            obligation=item.obligations.get(country=costa_rica), created_by=focal_cr
        )
        item.address_to(countries=[])
        kept = Obligation.objects.get(action_item=item, country=costa_rica)
        assert kept.removed_at is not None
        assert kept.submissions.get() == submission
        assert not Obligation.objects.filter(action_item=item, country=mexico).exists()
        assert item.obligations.active().count() == 0

    def test_adding_back_a_removed_country_restores_its_obligation(self, costa_rica, focal_cr):
        item = ActionItemFactory()
        item.address_to(countries=[costa_rica])
        SubmissionFactory(obligation=item.obligations.get(), created_by=focal_cr)
        item.address_to(countries=[])
        item.address_to(countries=[costa_rica])
        assert item.obligations.active().get().country == costa_rica


class TestOverdue:
    """A deadline is a day in the configured time zone (America/Costa_Rica)."""

    def test_not_overdue_until_the_end_of_the_last_day(self):
        obligation = ObligationFactory(action_item__due_latest=dt.date(2020, 10, 28))
        # 23:59 in Costa Rica is already 05:59 of the next day in UTC.
        with time_machine.travel(dt.datetime(2020, 10, 28, 23, 59, tzinfo=COSTA_RICA), tick=False):
            assert obligation.state == Obligation.State.PENDING
            assert not Obligation.objects.overdue().exists()
        with time_machine.travel(dt.datetime(2020, 10, 29, 0, 0, tzinfo=COSTA_RICA), tick=False):
            fresh = Obligation.objects.select_related("action_item").get(pk=obligation.pk)
            assert fresh.state == Obligation.State.OVERDUE
            assert list(Obligation.objects.overdue()) == [obligation]
            assert Obligation.objects.with_state().get().computed_state == "overdue"

    def test_submitted_or_cancelled_is_never_overdue(self, secretariat):
        submitted = ObligationFactory(
            status=Obligation.Status.SUBMITTED,
            first_submitted_at=dt.datetime(2020, 10, 1, tzinfo=COSTA_RICA),
            action_item__due_latest=dt.date(2020, 10, 1),
        )
        cancelled = ObligationFactory(action_item__due_latest=dt.date(2020, 10, 1))
        cancelled.action_item.cancel(by=secretariat, note="No longer needed.")
        with time_machine.travel(dt.datetime(2020, 12, 1, tzinfo=COSTA_RICA), tick=False):
            states = dict(Obligation.objects.with_state().values_list("pk", "computed_state"))
        assert states == {submitted.pk: "submitted", cancelled.pk: "pending"}

    def test_answered_obligation_records_when(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ObligationFactory(status=Obligation.Status.SUBMITTED, first_submitted_at=None)

    def test_querysets_chain(self, costa_rica, mexico):
        old = ActionItemFactory(due_latest=dt.date(2020, 10, 1))
        old.address_to(countries=[costa_rica])
        other = ActionItemFactory(due_latest=dt.date(2020, 10, 1))
        other.address_to(countries=[mexico])
        ActionItemFactory(due_latest=dt.date(2020, 12, 1)).address_to(countries=[costa_rica])
        found = ActionItem.objects.open().due_before(dt.date(2020, 11, 1)).for_country(costa_rica)
        assert list(found) == [old]


class TestDocumentVersion:
    def test_version_numbers_are_unique_per_document(self):
        version = DocumentVersionFactory(number=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            DocumentVersionFactory(document=version.document, number=1)


def test_organisation_kind_is_checked_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(acronym="XYZ", name_en="X", kind="club")


class TestPresidency:
    def test_the_presidency_in_office_is_the_last_to_take_office(self, costa_rica):
        from actions.models import Presidency

        guatemala = Country.objects.get(code="GT")
        Presidency.objects.create(country=costa_rica, year=2020, starts_on=dt.date(2020, 1, 1))
        Presidency.objects.create(country=guatemala, year=2021, starts_on=dt.date(2021, 6, 30))
        assert Presidency.objects.for_date(dt.date(2021, 6, 29)).country == costa_rica
        assert Presidency.objects.for_date(dt.date(2021, 6, 30)).country == guatemala
        assert Presidency.objects.for_date(dt.date(2019, 12, 31)) is None
