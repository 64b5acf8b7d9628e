"""The hourly sweep is registered with django-celery-beat's database scheduler."""

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from rcm_tracker.celery import app
from reminders import tasks

pytestmark = pytest.mark.django_db


def test_the_sweep_runs_hourly_from_the_database_schedule():
    entry = PeriodicTask.objects.get(task=tasks.sweep_reminders.name)
    assert entry.enabled
    assert (entry.interval.every, entry.interval.period) == (1, "hours")
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    assert settings.CELERY_TIMEZONE == "UTC"
    schedule = DatabaseScheduler(app=app, lazy=True).all_as_schedule()
    assert schedule[entry.name].task == "reminders.sweep"
    assert "reminders.sweep" in app.tasks
