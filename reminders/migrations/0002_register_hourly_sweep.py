"""Register the hourly reminder sweep with django-celery-beat's database scheduler.

Beat reads its schedule from the database, so the interval can be changed (or
the sweep switched off) in the admin under "Periodic tasks". An existing task
of the same name is left as it is.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Deadline reminders: sweep"
TASK = "reminders.sweep"


def register(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task=TASK,
        interval=every_hour,
        enabled=True,
        description=(
            "Plans and queues the deadline reminders and digests that are due. "
            "Safe to run at any interval: nothing is ever sent twice."
        ),
    )
    # Tell a running beat that its schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
