"""Browser tests: Debian's Chromium driven by Playwright against a live server.

`playwright install` cannot download browsers here, so Playwright launches
/usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import modify_settings
from playwright.sync_api import Page, expect

from tests.browser.helpers import PageWatch, sign_in_through_form, watch
from tests.conftest import build_shared_data, need_service

# Playwright's sync API runs an event loop in the test thread; the live server's
# ORM calls happen in other threads, but Django's check would still trip.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A loaded CI machine can take more than Playwright's default 5 s to render a page.
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        need_service(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


# One demo load per module ---------------------------------------------------------------
# Not `live_server`: it makes every test transactional, so the database is flushed after
# each test (seconds on PostgreSQL) and the demo must be loaded again. Worse, the browser
# tests run together (they share the session's browser), so a flush among them would
# leave the tests that follow without the session's shared data. `demo_site` commits the
# demo once per module, runs its own live server, and at the end of the module empties
# the database and puts the session's shared data back.


@dataclass
class DemoSite:
    url: str


@pytest.fixture(scope="session")
def _connections_closed_before_playwright_stops(playwright) -> Iterator[None]:
    """Close the test thread's database connections while Playwright still runs.

    Playwright's sync API keeps an event loop running in the test thread, so Django
    (through asgiref) keeps that thread's connections apart while it runs. Connections
    opened then must be closed then: after Playwright stops, pytest-django no longer
    sees them and cannot drop the PostgreSQL test database.
    """
    yield
    connections.close_all()


@pytest.fixture(scope="module")
def demo_site(django_db_blocker, _connections_closed_before_playwright_stops) -> Iterator[DemoSite]:
    """The demo data (dated around today) behind a live server, for every test of a module.

    The tests take `db` as usual (through `open_as` or `tab_of`): that creates the test
    database first, since session fixtures are set up before module ones; without it
    this fixture refuses to start. The demo is committed before their transactions, so
    the server's threads see it; what the server writes during a test is rolled back
    with the test on SQLite (the server shares the test's in-memory connection) and
    committed on PostgreSQL. Either way each test works on objects the others leave alone.
    """
    from pytest_django.live_server_helper import LiveServer

    from demo.demo import load_demo

    with django_db_blocker.unblock():
        _refuse_a_real_database()
        build_shared_data()
        load_demo(shift_to_today=True)
    server = LiveServer("localhost")
    hosts = modify_settings(ALLOWED_HOSTS={"append": "localhost"})
    hosts.enable()
    try:
        yield DemoSite(url=server.url)
    finally:
        hosts.disable()
        server.stop()
        with django_db_blocker.unblock():
            for alias in connections:
                call_command("flush", database=alias, interactive=False, verbosity=0)
            build_shared_data()


def _refuse_a_real_database() -> None:
    """Never load (and later flush) the demo anywhere but in a test database."""
    for connection in connections.all():
        name = connection.settings_dict["NAME"]
        test_name = connection.settings_dict["TEST"]["NAME"]
        if connection.vendor == "sqlite":
            is_test = connection.is_in_memory_db() or name == test_name
        else:
            is_test = name == test_name or str(name).startswith("test_")
        if not is_test:
            pytest.fail(
                f"{connection.alias} is not a test database ({name}): "
                "request `db` in the tests that use `demo_site`."
            )


# Demo accounts signed in once per module, before the tests' transactions begin (a session
# saved inside a test would be rolled back with it on SQLite).
DEMO_ACCOUNTS = [
    "secretariat@example.org",
    "manager@example.org",
    "focal.cr@example.org",
    "focal.us@example.org",
    "focal.iom@example.org",
]


@pytest.fixture(scope="module")
def signed_in_state(browser, demo_site, django_db_blocker) -> dict[str, dict]:
    """The cookies of each demo account in DEMO_ACCOUNTS, signed in through the login form."""
    states: dict[str, dict] = {}
    with django_db_blocker.unblock():  # for the server's threads
        for email in DEMO_ACCOUNTS:
            context = browser.new_context()
            try:
                sign_in_through_form(context.new_page(), demo_site.url, email)
                states[email] = context.storage_state()
            finally:
                context.close()
    return states


@dataclass
class WatchedPage:
    page: Page
    seen: PageWatch


@pytest.fixture
def open_as(db, new_context, demo_site, signed_in_state) -> Callable[[str | None], WatchedPage]:
    """A fresh browser tab on the shared demo site, signed in as `email` (None: anonymous)."""

    def open_(email: str | None) -> WatchedPage:
        state = signed_in_state[email] if email else None
        context = new_context(base_url=demo_site.url, storage_state=state, locale="en-US")
        page = context.new_page()
        return WatchedPage(page=page, seen=watch(page))

    return open_


@pytest.fixture(scope="module")
def _kept_tabs(
    browser, demo_site, signed_in_state
) -> Iterator[Callable[[str | None], WatchedPage]]:
    tabs: dict[str | None, WatchedPage] = {}

    def tab(email: str | None) -> WatchedPage:
        if email not in tabs:
            state = signed_in_state[email] if email else None
            context = browser.new_context(
                base_url=demo_site.url, storage_state=state, locale="en-US"
            )
            page = context.new_page()
            tabs[email] = WatchedPage(page=page, seen=watch(page))
        return tabs[email]

    yield tab
    for kept in tabs.values():
        kept.page.context.close()


@pytest.fixture
def tab_of(db, _kept_tabs) -> Callable[[str | None], WatchedPage]:
    """One browser tab per account (None: anonymous), kept for the whole module.

    For tests that only read pages: reusing the tab keeps its cache warm, which makes
    a scan of many pages much faster than a new browser context for each.
    """

    def tab(email: str | None) -> WatchedPage:
        kept = _kept_tabs(email)
        kept.seen.clear()
        return kept

    return tab
