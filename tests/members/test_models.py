"""Rules and database constraints of countries, focal points and submissions."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import DataError, IntegrityError, transaction

from accounts.models import User
from actions.models import Obligation
from members.models import Country, FocalPoint, Submission
from tests.factories import (
    FocalPointFactory,
    ObligationFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")


class TestCountry:
    @pytest.mark.parametrize("code", ["cr", "CRI", "C"])
    def test_code_is_two_upper_case_letters(self, code):
        # PostgreSQL refuses "CRI" for its length (DataError), SQLite by the check.
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            Country.objects.create(code=code, name_en=f"N{code}", name_es=f"E{code}")

    def test_reference_data_has_the_eleven_members(self):
        assert sorted(Country.objects.members().values_list("code", flat=True)) == sorted(
            ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
        )

    def test_name_follows_the_active_language(self):
        from django.utils import translation

        mexico = Country.objects.get(code="MX")
        with translation.override("es"):
            assert mexico.name == "México"
        with translation.override("en"):
            assert mexico.name == "Mexico"


class TestFocalPoint:
    def test_speaks_for_exactly_one_party(self, costa_rica, iom):
        with pytest.raises(IntegrityError), transaction.atomic():
            FocalPointFactory(country=costa_rica, organisation=iom)
        with pytest.raises(IntegrityError), transaction.atomic():
            FocalPointFactory(country=None, organisation=None)

    def test_one_active_primary_per_country(self, costa_rica):
        # The shared data already has Costa Rica's primary focal point.
        with pytest.raises(IntegrityError), transaction.atomic():
            FocalPointFactory(country=costa_rica, kind=FocalPoint.Kind.PRIMARY)

    def test_a_deactivated_primary_can_be_replaced(self, costa_rica, focal_cr):
        focal_cr.focal_point.deactivate()
        assert FocalPointFactory(country=costa_rica, kind=FocalPoint.Kind.PRIMARY).pk

    def test_deactivation_stops_sign_in_and_keeps_submissions(self, focal_cr, client):
        submission = SubmissionFactory(created_by=focal_cr)
        focal_cr.focal_point.deactivate()
        focal_cr.refresh_from_db()
        assert not focal_cr.is_active
        response = client.post(
            "/accounts/login/", {"username": focal_cr.email, "password": "correct-horse-battery"}
        )
        assert not response.wsgi_request.user.is_authenticated
        assert Submission.objects.filter(pk=submission.pk).exists()
        assert focal_cr.active_focal_point is None


class TestSubmission:
    def test_one_draft_per_obligation(self, focal_cr, focal_cr_alt):
        draft = SubmissionFactory(created_by=focal_cr)
        with pytest.raises(IntegrityError), transaction.atomic():
            SubmissionFactory(obligation=draft.obligation, number=2, created_by=focal_cr_alt)

    def test_version_numbers_are_unique(self, focal_cr):
        first = SubmissionFactory(created_by=focal_cr)
        first.submit(by=focal_cr)
        with pytest.raises(IntegrityError), transaction.atomic():
            SubmissionFactory(obligation=first.obligation, number=1, created_by=focal_cr)

    def test_submitted_version_records_who_and_when(self, focal_cr):
        with pytest.raises(IntegrityError), transaction.atomic():
            SubmissionFactory(created_by=focal_cr, status=Submission.Status.SUBMITTED)

    def test_reviewed_version_records_when(self, focal_cr):
        with pytest.raises(IntegrityError), transaction.atomic():
            SubmissionFactory(
                created_by=focal_cr,
                status=Submission.Status.ACKNOWLEDGED,
                submitted_by=focal_cr,
                submitted_at=dt.datetime(2020, 10, 1, tzinfo=COSTA_RICA),
            )

    def test_submit_on_the_last_day_is_on_time(self, focal_cr):
        draft = SubmissionFactory(
            created_by=focal_cr, obligation__action_item__due_latest=dt.date(2020, 10, 28)
        )
        with time_machine.travel(dt.datetime(2020, 10, 28, 23, 30, tzinfo=COSTA_RICA), tick=False):
            draft.submit(by=focal_cr)
        obligation = Obligation.objects.get(pk=draft.obligation_id)
        assert (draft.status, draft.late_days) == (Submission.Status.SUBMITTED, 0)
        assert obligation.status == Obligation.Status.SUBMITTED
        assert obligation.late_days == 0

    def test_submit_after_the_deadline_is_accepted_and_marked_late(self, focal_cr):
        draft = SubmissionFactory(
            created_by=focal_cr, obligation__action_item__due_latest=dt.date(2020, 10, 28)
        )
        with time_machine.travel(dt.datetime(2020, 10, 30, 8, tzinfo=COSTA_RICA), tick=False):
            draft.submit(by=focal_cr)
        assert draft.is_late
        assert Obligation.objects.get(pk=draft.obligation_id).late_days == 2

    def test_lateness_of_the_first_submission_survives_a_revision(self, focal_cr, secretariat):
        first = SubmissionFactory(
            created_by=focal_cr, obligation__action_item__due_latest=dt.date(2020, 10, 28)
        )
        with time_machine.travel(dt.datetime(2020, 10, 20, tzinfo=COSTA_RICA), tick=False):
            first.submit(by=focal_cr)
        first.return_for_revision(by=secretariat, message="Please add the annex.")
        assert Obligation.objects.get(pk=first.obligation_id).status == "returned"
        second = SubmissionFactory(obligation=first.obligation, number=2, created_by=focal_cr)
        with time_machine.travel(dt.datetime(2020, 11, 5, tzinfo=COSTA_RICA), tick=False):
            second.submit(by=focal_cr)
        obligation = Obligation.objects.get(pk=first.obligation_id)
        assert (obligation.status, obligation.late_days) == ("submitted", 0)
        assert second.late_days == 8

    def test_acknowledge_fulfils_the_obligation(self, focal_cr, secretariat):
        submission = SubmissionFactory(created_by=focal_cr)
        submission.submit(by=focal_cr)
        submission.acknowledge(by=secretariat)
        assert Obligation.objects.get(pk=submission.obligation_id).status == "acknowledged"

    def test_return_needs_a_message(self, focal_cr, secretariat):
        submission = SubmissionFactory(created_by=focal_cr)
        submission.submit(by=focal_cr)
        with pytest.raises(ValueError):
            submission.return_for_revision(by=secretariat, message="")

    def test_only_drafts_can_be_submitted(self, focal_cr):
        submission = SubmissionFactory(created_by=focal_cr)
        submission.submit(by=focal_cr)
        with pytest.raises(ValueError):
            submission.submit(by=focal_cr)


class TestUser:
    def test_email_is_unique_whatever_its_case(self):
        UserFactory(email="someone@example.org")
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.bulk_create([User(email="SomeOne@example.org", role="manager")])

    def test_role_is_checked_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.bulk_create([User(email="x@example.org", role="king")])

    def test_manager_lowercases_the_address(self):
        user = User.objects.create_user("Mixed.Case@Example.ORG", "pw", role="manager")
        assert user.email == "mixed.case@example.org"


class TestProgressAndInvitations:
    def test_progress_is_a_percentage(self, focal_iom, iom):
        from members.models import ProgressUpdate

        obligation = ObligationFactory(country=None, organisation=iom)
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressUpdate.objects.create(
                obligation=obligation, percent=101, note="x", created_by=focal_iom
            )

    def test_invitation_names_exactly_one_party(self, secretariat, costa_rica, iom):
        from members.models import Invitation

        with pytest.raises(IntegrityError), transaction.atomic():
            Invitation.objects.create(
                email="a@example.org",
                key="k1",
                invited_by=secretariat,
                country=costa_rica,
                organisation=iom,
            )
