"""The secretariat's reminder page: who may see it, what it lists, and its two actions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Country
from reminders.models import Digest, Reminder, Status
from tests.conftest import ROLES
from tests.factories import ActionItemFactory, FocalPointFactory

from .conftest import at, sweep_only

pytestmark = pytest.mark.django_db
D = dt.date
TABS = ["upcoming", "waiting", "sent", "attention", "digests"]
LIST = reverse("reminders:reminder_list")
EXPECTED = {
    "anonymous": 302,
    "secretariat": 200,
    "manager": 200,
    "focal_cr": 403,
    "focal_mx": 403,
    "focal_iom": 403,
}


def _ledger(items: int, countries: list) -> None:
    """Rows in every state: planned, sent, failed, in doubt, and digests, one failed."""
    for _ in range(items):
        ActionItemFactory(due_latest=D(2021, 3, 1)).address_to(countries=countries)
    overdue = ActionItemFactory(due_latest=D(2021, 2, 1))
    overdue.address_to(countries=countries)
    sweep_only(at(D(2021, 2, 22)))
    rows = list(Reminder.objects.order_by("pk"))
    claimed = at(D(2021, 2, 22), 9, 1)
    for index, row in enumerate(rows):
        state = ("planned", "sent", "failed", "in_doubt")[index % 4]
        if state == "sent":
            Reminder.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=claimed)
        elif state == "failed":
            Reminder.objects.filter(pk=row.pk).update(
                status=Status.FAILED, claimed_at=claimed, last_error="SMTPRecipientsRefused: 550"
            )
        elif state == "in_doubt":
            Reminder.objects.filter(pk=row.pk).update(status=Status.IN_DOUBT, claimed_at=claimed)
    Digest.objects.filter(pk=Digest.objects.order_by("pk").values("pk")[:1]).update(
        status=Status.FAILED, claimed_at=claimed, last_error="SMTPDataError: 554"
    )


@pytest.fixture
def ledger(costa_rica, mexico, focal_cr, focal_mx, secretariat):
    _ledger(1, [costa_rica, mexico])


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("role", ROLES)
def test_access_by_role(client_as, ledger, role, tab):
    response = client_as(role).get(LIST, {"show": tab})
    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_may_resend_or_confirm(client_as, ledger, role):
    failed = Reminder.objects.filter(status=Status.FAILED).first()
    doubtful = Reminder.objects.filter(status=Status.IN_DOUBT).first()
    digest = Digest.objects.get(status=Status.FAILED)
    urls = [
        reverse("reminders:reminder_resend", args=[failed.pk]),
        reverse("reminders:reminder_confirm_sent", args=[doubtful.pk]),
        reverse("reminders:digest_resend", args=[digest.pk]),
    ]
    client = client_as(role)
    for url in urls:
        response = client.post(url)
        expected = {"anonymous": 302, "secretariat": 302}.get(role, 403)
        assert response.status_code == expected
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))
    changed = {failed.status, doubtful.status, digest.status} != {
        Reminder.objects.get(pk=failed.pk).status,
        Reminder.objects.get(pk=doubtful.pk).status,
        Digest.objects.get(pk=digest.pk).status,
    }
    assert changed == (role == "secretariat")


def test_actions_need_post(client_as, ledger):
    failed = Reminder.objects.filter(status=Status.FAILED).first()
    url = reverse("reminders:reminder_resend", args=[failed.pk])
    assert client_as("secretariat").get(url).status_code == 405
    assert Reminder.objects.get(pk=failed.pk).status == Status.FAILED


def test_tabs_list_their_rows_with_counts(client_as, ledger):
    client = client_as("secretariat")
    counts = {
        "waiting": Reminder.objects.filter(status=Status.PLANNED).count(),
        "sent": Reminder.objects.filter(status=Status.SENT).count(),
        "attention": Reminder.objects.filter(status__in=["failed", "in_doubt"]).count(),
    }
    for tab, count in counts.items():
        response = client.get(LIST, {"show": tab})
        assert len(response.context["page"].object_list) == count
        assert {key: n for key, _label, n in response.context["tabs"]}[tab] == (
            count + (1 if tab == "attention" else 0)
        )
    attention = client.get(LIST, {"show": "attention"})
    assert [d.status for d in attention.context["problem_digests"]] == [Status.FAILED]
    assert b"SMTPRecipientsRefused: 550" in attention.content
    assert b"It arrived" in attention.content
    # Managers read the same page without the buttons.
    assert b"Send again" not in client_as("manager").get(LIST, {"show": "attention"}).content


def test_an_unknown_tab_shows_the_upcoming_one(client_as, ledger):
    assert client_as("secretariat").get(LIST, {"show": "nope"}).context["tab"] == "upcoming"


def test_upcoming_lists_what_the_policy_will_send_in_the_next_two_weeks(
    client_as, owed_item, focal_cr, focal_mx, focal_iom
):
    with time_machine.travel(at(D(2021, 2, 20)), tick=False):
        response = client_as("secretariat").get(LIST)
    entries = [
        (e.due_on, e.kind, str(e.obligation.party), [p.email for p, _copied in e.people])
        for e in response.context["page"]
    ]
    assert [(day, kind) for day, kind, *_ in entries] == (
        [(D(2021, 2, 22), "before_7")] * 3
        + [(D(2021, 2, 28), "before_1")] * 3
        + [(D(2021, 3, 1), "due_today")] * 3
    )
    assert (D(2021, 2, 22), "before_7", "Costa Rica", [focal_cr.email]) in entries
    assert b"7 days before" in response.content


def test_upcoming_shows_a_party_without_focal_point(client_as, secretariat):
    belize = Country.objects.get(code="BZ")
    ActionItemFactory(due_latest=D(2021, 3, 1)).address_to(countries=[belize])
    with time_machine.travel(at(D(2021, 2, 27)), tick=False):
        response = client_as("secretariat").get(LIST)
    assert b"No active focal point" in response.content


def test_empty_states(client_as):
    client = client_as("secretariat")
    assert b"No reminder falls due in that time." in client.get(LIST).content
    assert b"Nothing needs attention." in client.get(LIST, {"show": "attention"}).content
    assert b"No digest has been planned yet." in client.get(LIST, {"show": "digests"}).content


def test_sending_a_failed_reminder_again(client_as, ledger, django_capture_on_commit_callbacks):
    failed = Reminder.objects.filter(status=Status.FAILED).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("secretariat").post(
            reverse("reminders:reminder_resend", args=[failed.pk]), follow=True
        )
    assert b"It will be sent again in a moment." in response.content
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    assert failed.handled_by.email == "secretariat@test.example"
    assert [m.extra_headers["X-RCM-Ledger"] for m in mail.outbox] == [f"reminder-{failed.pk}"]


def test_recording_an_in_doubt_reminder_as_sent(client_as, ledger):
    doubtful = Reminder.objects.filter(status=Status.IN_DOUBT).first()
    client = client_as("secretariat")
    client.post(reverse("reminders:reminder_confirm_sent", args=[doubtful.pk]))
    doubtful.refresh_from_db()
    assert (doubtful.status, doubtful.handled_by.email) == (Status.SENT, "secretariat@test.example")
    assert mail.outbox == []


def test_a_sent_reminder_cannot_be_sent_again_or_confirmed(client_as, ledger):
    sent = Reminder.objects.filter(status=Status.SENT).first()
    client = client_as("secretariat")
    response = client.post(reverse("reminders:reminder_resend", args=[sent.pk]), follow=True)
    assert b"Only a failed or in-doubt e-mail can be sent again." in response.content
    response = client.post(reverse("reminders:reminder_confirm_sent", args=[sent.pk]), follow=True)
    assert b"Only an e-mail in doubt can be recorded as sent." in response.content
    assert Reminder.objects.get(pk=sent.pk).sent_at == sent.sent_at
    assert client.post(reverse("reminders:reminder_resend", args=[10**9])).status_code == 404


def test_the_page_runs_the_same_queries_at_two_sizes(
    client_as,
    costa_rica,
    mexico,
    focal_cr,
    focal_mx,
    secretariat,
    settings,
    django_assert_num_queries,
):
    client = client_as("secretariat")
    _ledger(1, [costa_rica, mexico])
    counts = {}
    with time_machine.travel(at(D(2021, 2, 20)), tick=False):
        for tab in TABS:
            client.get(LIST, {"show": tab})  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = client.get(LIST, {"show": tab})
            assert response.context["page"].object_list, tab
            counts[tab] = len(queries.captured_queries)
    Reminder.objects.all().delete()
    Digest.objects.all().delete()
    others = list(Country.objects.members().exclude(code__in=["CR", "MX"])[:6])
    for country in others:
        FocalPointFactory(country=country, kind="primary")
    settings.SECRETARIAT_EMAILS = [f"ppt{n}@example.org" for n in range(5)]
    _ledger(10, [costa_rica, mexico, *others])
    with time_machine.travel(at(D(2021, 2, 20)), tick=False):
        for tab in TABS:
            # 1 session, 2 user, 3 reminder and 4 digest counts (the tabs), then upcoming: 5 focal
            # points, 6 owed obligations, 7 the page's obligations, 8 their recipients; waiting and
            # sent: 5 count, 6 the page of reminders; attention: 5 count, 6 digests in trouble,
            # 7 the page of reminders; digests: 5 count, 6 the page of digests
            with django_assert_num_queries(counts[tab]):
                response = client.get(LIST, {"show": tab})
            assert response.context["page"].paginator.count > 1
    assert max(counts.values()) <= 9
