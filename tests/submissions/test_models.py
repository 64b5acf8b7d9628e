"""Rules and database constraints of submissions and progress updates."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from actions.models import Obligation
from submissions.models import ProgressUpdate, Submission
from tests.factories import ObligationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")


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


class TestProgressUpdate:
    def test_progress_is_a_percentage(self, focal_iom, iom):
        obligation = ObligationFactory(country=None, organisation=iom)
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressUpdate.objects.create(
                obligation=obligation, percent=101, note="x", created_by=focal_iom
            )
