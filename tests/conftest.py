"""Shared fixtures: reference data and one user per role, built once per session."""

from __future__ import annotations

import datetime as dt
import os
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from accounts.models import User
from actions.models import ActionItem, Meeting, WorkingGroup
from actions.reference import load_reference_data
from members.models import Country, FocalPoint, Organisation
from tests.factories import (
    ActionItemFactory,
    DocumentVersionFactory,
    MeetingFactory,
    PresidencyFactory,
    ResolutionFactory,
)

# Services (PostgreSQL, Redis, a Celery worker, Chromium) must be there in CI:
# with REQUIRE_SERVICES=1 a test that needs a missing one fails instead of skipping.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# email -> (role, country code, organisation acronym, focal point kind)
SHARED_USERS = {
    "secretariat": ("secretariat@test.example", "secretariat", None, None, None),
    "manager": ("manager@test.example", "manager", None, None, None),
    "focal_cr": ("focal.cr@test.example", "focal_point", "CR", None, "primary"),
    "focal_cr_alt": ("alternate.cr@test.example", "focal_point", "CR", None, "alternate"),
    "focal_mx": ("focal.mx@test.example", "focal_point", "MX", None, "primary"),
    "focal_iom": ("focal.iom@test.example", "focal_point", None, "IOM", "primary"),
}
ROLES = ["anonymous", "secretariat", "manager", "focal_cr", "focal_mx", "focal_iom"]


def need_service(reason: str) -> None:
    """Skip (locally) or fail (in CI) a test whose service is missing."""
    if REQUIRE_SERVICES:
        pytest.fail(f"Required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # Hashing is deliberately slow; tests do not need it to be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request activates its user's language for the thread; start each test in English.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Run Celery tasks in this process, as without a broker, even when CELERY_BROKER_URL is set.

    Tests check what the tasks do; only those marked `services` talk to the real
    broker and worker (tests/reminders/test_worker.py).
    """
    if request.node.get_closest_marker("services"):
        yield
        return
    from rcm_tracker.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load reference data and the shared users once; each test rolls back to this."""
    with django_db_blocker.unblock():
        build_shared_data()


@pytest.fixture
def shared_data_rebuilt(django_db_blocker):
    """A transactional test empties the database: put the session's shared data back.

    Request it before `transactional_db`, so that this teardown runs after the flush.
    It also builds the data first: transactional tests run last, after another one
    (a browser test) may already have flushed it.
    """
    with django_db_blocker.unblock():
        build_shared_data()
    yield
    with django_db_blocker.unblock():
        build_shared_data()


def build_shared_data() -> None:
    load_reference_data()
    # What the data migrations write, lost when a transactional test flushes the database.
    from django.apps import apps

    import_module("reminders.migrations.0002_register_hourly_sweep").register(apps, None)
    for _name, (email, role, code, acronym, kind) in SHARED_USERS.items():
        user, _ = User.objects.get_or_create(
            email=email, defaults={"role": role, "full_name": email.split("@")[0]}
        )
        user.set_password("correct-horse-battery")
        user.save()
        if code or acronym:
            FocalPoint.objects.get_or_create(
                user=user,
                defaults={
                    "country": Country.objects.get(code=code) if code else None,
                    "organisation": Organisation.objects.get(acronym=acronym) if acronym else None,
                    "kind": kind,
                },
            )


def _user(name: str) -> User:
    return User.objects.get(email=SHARED_USERS[name][0])


@pytest.fixture
def secretariat(db) -> User:
    return _user("secretariat")


@pytest.fixture
def manager(db) -> User:
    return _user("manager")


@pytest.fixture
def focal_cr(db) -> User:
    return _user("focal_cr")


@pytest.fixture
def focal_cr_alt(db) -> User:
    return _user("focal_cr_alt")


@pytest.fixture
def focal_mx(db) -> User:
    return _user("focal_mx")


@pytest.fixture
def focal_iom(db) -> User:
    return _user("focal_iom")


@pytest.fixture
def costa_rica(db) -> Country:
    return Country.objects.get(code="CR")


@pytest.fixture
def mexico(db) -> Country:
    return Country.objects.get(code="MX")


@pytest.fixture
def iom(db) -> Organisation:
    return Organisation.objects.get(acronym="IOM")


@pytest.fixture
def client_as(db):
    """Return a test client signed in as one of ROLES ("anonymous" signs in nobody)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(_user(role))
        return client

    return make


# Meetings most tests start from ------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path_factory):
    # Each test stores its uploads in its own folder (beside its tmp_path, not in it).
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def border_management(db) -> WorkingGroup:
    return WorkingGroup.objects.get(slug="border-management")


@pytest.fixture
def presidency(db):
    return PresidencyFactory(year=2020, starts_on=dt.date(2020, 1, 1))


@pytest.fixture
def published_meeting(border_management, presidency, iom) -> Meeting:
    """A published meeting: one item to every member country (with a document), one to IOM."""
    meeting = MeetingFactory(
        working_group=border_management,
        presidency=presidency,
        title="Border Management, September",
        date=dt.date(2020, 9, 28),
    )
    members = ResolutionFactory(meeting=meeting, number="2", text="Comments by 28 October.")
    item = ActionItemFactory(resolution=members, title="Comments on the inventory")
    item.address_to(countries=Country.objects.members())
    DocumentVersionFactory(document__action_item=item, document__title="Inventory")
    organisations = ResolutionFactory(meeting=meeting, number="3", text="To ask IOM.")
    for_iom = ActionItemFactory(
        resolution=organisations,
        title="Procedures manual",
        kind=ActionItem.Kind.DELIVERABLE,
        to_member_countries=False,
    )
    for_iom.address_to(organisations=[iom])
    return meeting


@pytest.fixture
def members_item(published_meeting) -> ActionItem:
    return ActionItem.objects.get(resolution__meeting=published_meeting, resolution__number="2")


@pytest.fixture
def iom_item(published_meeting) -> ActionItem:
    return ActionItem.objects.get(resolution__meeting=published_meeting, resolution__number="3")


@pytest.fixture
def draft_meeting(border_management) -> Meeting:
    """A draft meeting whose only item asks every member country."""
    meeting = MeetingFactory(
        working_group=border_management,
        title="Border Management, December (draft)",
        date=dt.date(2020, 12, 3),
        status=Meeting.Status.DRAFT,
        published_at=None,
    )
    item = ActionItemFactory(resolution__meeting=meeting, title="Draft request")
    item.address_to(countries=Country.objects.members())
    return meeting
