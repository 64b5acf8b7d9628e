"""The ledger in the admin: searchable, filterable, read-only, with the page's two actions."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from reminders.models import Digest, Reminder, Status
from tests.factories import UserFactory

from .conftest import at, sweep_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(email="root@test.example", is_superuser=True, is_staff=True))
    return client


def test_the_ledger_is_listed_searched_and_filtered(admin_client_, owed_item, focal_cr):
    sweep_only(at(dt.date(2021, 2, 22)))
    sweep_only(at(dt.date(2021, 3, 2)))
    for model in (Reminder, Digest):
        url = reverse(f"admin:reminders_{model._meta.model_name}_changelist")
        status = model.objects.values_list("status", flat=True).first()
        response = admin_client_.get(url, {"q": "test.example", "status__exact": status})
        assert response.status_code == 200
        assert response.context["cl"].result_count == model.objects.count() > 0
        assert (
            admin_client_.get(reverse(f"admin:reminders_{model._meta.model_name}_add")).status_code
            == 403
        )


def test_rows_cannot_be_edited(admin_client_, owed_item, focal_cr):
    sweep_only(at(dt.date(2021, 2, 22)))
    row = Reminder.objects.first()
    url = reverse("admin:reminders_reminder_change", args=[row.pk])
    admin_client_.post(url, {"status": "sent", "kind": "due_today"})
    assert Reminder.objects.get(pk=row.pk).status == Status.PLANNED


def test_the_resend_action(admin_client_, owed_item, focal_cr, django_capture_on_commit_callbacks):
    sweep_only(at(dt.date(2021, 2, 22)))
    row = Reminder.objects.first()
    Reminder.objects.filter(pk=row.pk).update(
        status=Status.FAILED, claimed_at=at(dt.date(2021, 2, 22))
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(
            reverse("admin:reminders_reminder_changelist"),
            {"action": "resend", ACTION_CHECKBOX_NAME: [row.pk]},
        )
    assert Reminder.objects.get(pk=row.pk).status == Status.SENT
    assert len(mail.outbox) == 1
