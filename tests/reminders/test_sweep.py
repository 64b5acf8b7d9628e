"""The sweep, day by day with frozen time: which reminder goes to whom, once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from actions.models import ActionItem
from members.models import Country
from reminders.models import Digest, Reminder, Status
from tests.factories import ActionItemFactory, FocalPointFactory, SubmissionFactory

from .conftest import at, ledger_headers, sweep_and_send, sweep_only

pytestmark = pytest.mark.django_db
D = dt.date
DEADLINE = D(2021, 3, 1)


def days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def run_daily(first: dt.date, last: dt.date, events: dict | None = None, hour: int = 9) -> None:
    """Sweep and send every day at `hour`; `events[day]` runs first on that day."""
    events = events or {}
    for day in days(first, last):
        with time_machine.travel(at(day, hour), tick=False):
            if day in events:
                events[day]()
            sweep_and_send(at(day, hour))


def sent_rows(**filters) -> list[tuple[str, dt.date, str, bool]]:
    return list(
        Reminder.objects.filter(status=Status.SENT, **filters)
        .order_by("due_on", "recipient__email")
        .values_list("kind", "due_on", "recipient__email", "copied")
    )


def reminder_mails():
    return [m for m in mail.outbox if m.extra_headers["X-RCM-Ledger"].startswith("reminder-")]


ALL_KINDS = [
    ("before_14", D(2021, 2, 15)),
    ("before_7", D(2021, 2, 22)),
    ("before_1", D(2021, 2, 28)),
    ("due_today", D(2021, 3, 1)),
    ("overdue_1", D(2021, 3, 8)),
    ("overdue_2", D(2021, 3, 15)),
    ("overdue_3", D(2021, 3, 22)),
    ("overdue_4", D(2021, 3, 29)),
]


def test_each_party_is_reminded_on_each_day_of_the_policy_and_alternates_join_late(
    owed_item, focal_cr, focal_cr_alt, focal_mx, focal_iom
):
    run_daily(D(2021, 2, 10), D(2021, 4, 10))
    cr = sent_rows(obligation__country__code="CR")
    assert [(kind, day) for kind, day, email, _ in cr if email == focal_cr.email] == ALL_KINDS
    # The alternate is copied from the second overdue notice on.
    assert [(kind, day, copied) for kind, day, email, copied in cr if email != focal_cr.email] == [
        ("overdue_2", D(2021, 3, 15), True),
        ("overdue_3", D(2021, 3, 22), True),
        ("overdue_4", D(2021, 3, 29), True),
    ]
    assert [(k, d) for k, d, *_ in sent_rows(obligation__country__code="MX")] == ALL_KINDS
    # An organisation's deliverable reminds its focal points the same way.
    assert [(k, d) for k, d, *_ in sent_rows(obligation__organisation__acronym="IOM")] == ALL_KINDS
    # One e-mail per ledger row, no more, no less.
    rows = Reminder.objects.all()
    assert sorted(ledger_headers(reminder_mails())) == sorted(f"reminder-{r.pk}" for r in rows)
    assert {r.status for r in rows} == {Status.SENT}


def test_nothing_once_submitted_again_when_returned_and_nothing_for_a_removed_party(
    owed_item, costa_rica, mexico, iom, focal_cr, focal_mx, focal_iom, secretariat
):
    cr = owed_item.obligations.get(country=costa_rica)
    mx = owed_item.obligations.get(country=mexico)
    cr_answer = SubmissionFactory(obligation=cr, created_by=focal_cr)
    SubmissionFactory(obligation=owed_item.obligations.get(organisation=iom), created_by=focal_iom)
    mx_answer = SubmissionFactory(obligation=mx, created_by=focal_mx)

    def cr_submits():
        cr_answer.submit(by=focal_cr)

    def cr_is_returned():
        cr_answer.return_for_revision(by=secretariat, message="Please add the annex.")

    def iom_is_removed():
        # IOM has a draft, so its obligation is archived (kept), still pending.
        owed_item.address_to(countries=[costa_rica, mexico])

    def mx_submits_late():
        mx_answer.submit(by=focal_mx)

    run_daily(
        D(2021, 2, 10),
        D(2021, 4, 10),
        {
            D(2021, 2, 18): cr_submits,
            D(2021, 2, 20): iom_is_removed,
            D(2021, 2, 27): cr_is_returned,
            D(2021, 3, 10): mx_submits_late,
        },
    )
    assert [(k, d) for k, d, *_ in sent_rows(obligation=cr, copied=False)] == [
        ("before_14", D(2021, 2, 15)),
        # Submitted on 18 February: no 7-day reminder on the 22nd. Returned on the 27th:
        # the reminder live that day goes out at once, then the next ones.
        ("before_7", D(2021, 2, 22)),
        ("before_1", D(2021, 2, 28)),
        ("due_today", D(2021, 3, 1)),
        ("overdue_1", D(2021, 3, 8)),
        ("overdue_2", D(2021, 3, 15)),
        ("overdue_3", D(2021, 3, 22)),
        ("overdue_4", D(2021, 3, 29)),
    ]
    late = Reminder.objects.get(obligation=cr, kind="before_7")
    assert timezone.localdate(late.sent_at) == D(2021, 2, 27)
    assert [(k, d) for k, d, *_ in sent_rows(obligation=mx)] == ALL_KINDS[:5]
    assert [(k, d) for k, d, *_ in sent_rows(obligation__organisation=iom)] == ALL_KINDS[:1]
    assert owed_item.obligations.get(organisation=iom).removed_at is not None


def test_closed_items_and_items_without_reminders_get_none(costa_rica, focal_cr, secretariat):
    closed = ActionItemFactory(due_latest=DEADLINE)
    closed.address_to(countries=[costa_rica])
    silent = ActionItemFactory(due_latest=DEADLINE, reminder_offsets=[])
    silent.address_to(countries=[costa_rica])
    undated = ActionItemFactory(due_latest=None, due_precision=ActionItem.Precision.NONE)
    undated.address_to(countries=[costa_rica])
    with time_machine.travel(at(D(2021, 2, 1)), tick=False):
        closed.close(by=secretariat, note="Done at the meeting.")
    run_daily(D(2021, 2, 10), D(2021, 4, 10))
    assert Reminder.objects.count() == 0


def test_an_item_with_its_own_offsets_reminds_on_those_days_only(costa_rica, focal_cr):
    item = ActionItemFactory(due_latest=DEADLINE, reminder_offsets=[30, 2])
    item.address_to(countries=[costa_rica])
    run_daily(D(2021, 1, 25), D(2021, 3, 9))
    assert [(k, d) for k, d, *_ in sent_rows()] == [
        ("before_30", D(2021, 1, 30)),
        ("before_2", D(2021, 2, 27)),
        ("overdue_1", D(2021, 3, 8)),
    ]


def test_weekly_digest_users_have_their_reminders_held(owed_item, focal_mx):
    User.objects.filter(pk=focal_mx.pk).update(reminder_mode=User.ReminderMode.WEEKLY_DIGEST)
    # Tuesday 16 February: not the digest day.
    sweep_only(at(D(2021, 2, 16)))
    rows = Reminder.objects.filter(obligation__country__code="MX")
    assert [(r.kind, r.status) for r in rows] == [("before_14", Status.HELD)]
    assert Reminder.objects.filter(obligation__country__code="CR").get().status == Status.PLANNED


def test_a_second_sweep_plans_and_queues_nothing_new(owed_item, focal_cr, focal_mx, focal_iom):
    first = sweep_and_send(at(D(2021, 2, 15)))
    assert (first.planned, len(first.reminder_ids)) == (3, 3)
    for hour in (10, 15, 23):
        again = sweep_and_send(at(D(2021, 2, 15), hour))
        assert (again.planned, again.reminder_ids) == (0, [])
    assert Reminder.objects.count() == 3
    assert len(reminder_mails()) == 3


def test_a_lost_message_delays_a_reminder_but_never_drops_it(owed_item, focal_cr):
    # The sweep queued three rows at 09:00 and their messages were lost.
    queued = sweep_only(at(D(2021, 2, 15), 9)).reminder_ids
    assert sweep_only(at(D(2021, 2, 15), 9, 10)).reminder_ids == []
    # Once REMINDER_REQUEUE_AFTER_SECONDS (15 minutes) have passed, it queues them again.
    assert sweep_only(at(D(2021, 2, 15), 9, 16)).reminder_ids == queued
    sweep_and_send(at(D(2021, 2, 15), 10))
    assert Reminder.objects.filter(status=Status.SENT).count() == 3
    assert len(reminder_mails()) == 3


def test_after_an_outage_only_the_latest_reminder_of_each_obligation_goes_out(
    owed_item, focal_cr, focal_mx, focal_iom
):
    # Workers were down: the sweeps of the 15th and the 22nd planned, nothing was sent.
    sweep_only(at(D(2021, 2, 15)))
    sweep_only(at(D(2021, 2, 22)))
    sweep_and_send(at(D(2021, 2, 22), 11))
    assert sorted(Reminder.objects.values_list("kind", "status")) == sorted(
        [("before_14", Status.SUPERSEDED)] * 3 + [("before_7", Status.SENT)] * 3
    )
    assert len(reminder_mails()) == 3


def test_beat_down_for_weeks_sends_one_notice_not_the_ones_missed(owed_item, focal_cr):
    # Nothing ran before 17 March (overdue notice 2 was due on the 15th).
    sweep_and_send(at(D(2021, 3, 17)))
    assert {r.kind for r in Reminder.objects.all()} == {"overdue_2"}
    assert len(reminder_mails()) == Reminder.objects.count()


def test_a_moved_deadline_makes_unsent_reminders_obsolete_and_plans_the_new_ones(
    owed_item, focal_cr, focal_mx, focal_iom
):
    sweep_only(at(D(2021, 2, 22)))
    ActionItem.objects.filter(pk=owed_item.pk).update(due_latest=D(2021, 3, 8))
    result = sweep_and_send(at(D(2021, 2, 22), 10))
    assert result.obsolete == 3
    old = Reminder.objects.filter(deadline=DEADLINE)
    new = Reminder.objects.filter(deadline=D(2021, 3, 8))
    assert {(r.kind, r.status) for r in old} == {("before_7", Status.OBSOLETE)}
    # 22 February is 14 days before 8 March.
    assert {(r.kind, r.status) for r in new} == {("before_14", Status.SENT)}
    assert len(reminder_mails()) == 3


def test_a_deadline_set_back_to_undated_makes_unsent_reminders_obsolete(owed_item, focal_cr):
    sweep_only(at(D(2021, 2, 22)))
    ActionItem.objects.filter(pk=owed_item.pk).update(
        due_latest=None, due_precision=ActionItem.Precision.NONE
    )
    sweep_only(at(D(2021, 2, 22), 10))
    assert set(Reminder.objects.values_list("status", flat=True)) == {Status.OBSOLETE}


def test_a_reminder_cancelled_by_a_submission_is_planned_again_when_it_is_returned(
    owed_item, costa_rica, focal_cr, secretariat
):
    cr = owed_item.obligations.get(country=costa_rica)
    sweep_only(at(D(2021, 2, 28)))
    answer = SubmissionFactory(obligation=cr, created_by=focal_cr)
    answer.submit(by=focal_cr)
    sweep_only(at(D(2021, 2, 28), 10))
    row = Reminder.objects.get(obligation=cr)
    assert row.status == Status.OBSOLETE
    answer.return_for_revision(by=secretariat, message="Missing the annex.")
    sweep_and_send(at(D(2021, 2, 28), 11))
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert ledger_headers(reminder_mails()).count(f"reminder-{row.pk}") == 1


def test_a_former_focal_point_is_not_reminded(owed_item, costa_rica, focal_cr):
    sweep_only(at(D(2021, 2, 22)))
    focal_cr.focal_point.deactivate()
    successor = FocalPointFactory(country=costa_rica, kind="primary")
    sweep_and_send(at(D(2021, 2, 22), 10))
    rows = Reminder.objects.filter(obligation__country=costa_rica)
    assert {(r.recipient_id, r.status) for r in rows} == {
        (focal_cr.pk, Status.OBSOLETE),
        (successor.user_id, Status.SENT),
    }


def test_a_row_left_sending_past_its_lease_is_in_doubt_and_never_sent_again(owed_item, focal_cr):
    ids = sweep_only(at(D(2021, 2, 15), 9)).reminder_ids
    # A worker claimed the first row at 09:00 and died mid-send.
    assert Reminder.objects.claim(ids[0], at(D(2021, 2, 15), 9))
    assert sweep_only(at(D(2021, 2, 15), 9, 14)).in_doubt == 0
    result = sweep_and_send(at(D(2021, 2, 15), 9, 16))
    assert result.in_doubt == 1
    assert ids[0] not in result.reminder_ids
    row = Reminder.objects.get(pk=ids[0])
    assert row.status == Status.IN_DOUBT
    assert not Reminder.objects.claim(row.pk, at(D(2021, 2, 16)))
    for day in days(D(2021, 2, 16), D(2021, 2, 21)):
        assert ids[0] not in sweep_and_send(at(day)).reminder_ids
    assert f"reminder-{row.pk}" not in ledger_headers(reminder_mails())
    assert Reminder.objects.get(pk=row.pk).status == Status.IN_DOUBT


def test_reminders_follow_the_local_day_across_daylight_saving(settings, costa_rica, focal_cr):
    settings.TIME_ZONE = "America/New_York"
    item = ActionItemFactory(due_latest=D(2021, 3, 15))
    item.address_to(countries=[costa_rica])
    utc = dt.UTC
    # 07:30 EDT on Sunday 14 March (the clocks went forward at 02:00): still the 13th's turn.
    sweep_only(dt.datetime(2021, 3, 14, 11, 30, tzinfo=utc))
    assert list(Reminder.objects.values_list("kind", "due_on")) == [("before_7", D(2021, 3, 8))]
    # 08:00 EDT is 12:00 UTC: the 14th's reminder, one day before the deadline.
    sweep_only(dt.datetime(2021, 3, 14, 12, 0, tzinfo=utc))
    assert set(Reminder.objects.values_list("kind", "status")) == {
        ("before_7", Status.SUPERSEDED),
        ("before_1", Status.PLANNED),
    }


def _owed_items(count: int, countries: list) -> None:
    """`count` items due on DEADLINE owed by `countries`, reminded a week ago already."""
    for _ in range(count):
        ActionItemFactory(due_latest=DEADLINE).address_to(countries=countries)
    sweep_only(at(D(2021, 3, 8)))


def test_the_sweep_runs_a_fixed_number_of_queries_whatever_the_number_of_obligations(
    django_assert_num_queries, costa_rica, mexico, focal_cr, focal_cr_alt, focal_mx, secretariat
):
    # On Monday 15 March (the weekly digest day, overdue notice 2 with escalation)
    # every step of the sweep has work: planning, superseding, both digests.
    User.objects.filter(pk=focal_mx.pk).update(reminder_mode=User.ReminderMode.WEEKLY_DIGEST)
    monday = at(D(2021, 3, 15))
    _owed_items(2, [costa_rica, mexico])
    with CaptureQueriesContext(connection) as small_queries:
        small = sweep_only(monday)
    Reminder.objects.all().delete()
    Digest.objects.all().delete()
    others = list(Country.objects.members().exclude(code__in=["CR", "MX"])[:6])
    for country in others:
        FocalPointFactory(country=country, kind="primary")
    _owed_items(12, [costa_rica, mexico, *others])
    # 1 savepoint, mark as in doubt the 2 reminders and 3 digests left sending, 4 make unwanted
    # reminders obsolete, revive wanted ones 5 to send and 6 to hold, 7 focal points, 8 owed
    # obligations, 9 insert the reminders, 10 supersede out-of-date ones, 11 whether anything is
    # overdue, 12 secretariat addresses, 13 recipients of held reminders, 14 insert the digests,
    # 15 put the held reminders in them, queue and read 16-17 reminders and 18-19 digests,
    # 20 release the savepoint
    with django_assert_num_queries(len(small_queries.captured_queries)):
        large = sweep_only(monday)
    # The first two items are planned again, with the twelve new ones; last week's notices
    # are out of date, except Mexico's, held for its weekly digest.
    assert (small.planned, large.planned) == (2 * 3, 2 * 3 + 12 * 9)
    assert (small.superseded, large.superseded) == (2 * 1, 2 * 1 + 12 * 7)
    assert small.digests == large.digests == 2  # the secretariat's and Mexico's weekly one
