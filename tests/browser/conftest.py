"""Browser tests: Debian's Chromium driven by Playwright against a live server.

`playwright install` cannot download browsers here, so Playwright launches
/usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import need_service

# Playwright's sync API runs an event loop in the test thread; the live server's
# ORM calls happen in other threads, but Django's check would still trip.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


@pytest.fixture
def demo(transactional_db):
    """The demo data, committed so that the live server's threads see it."""
    from actions.demo import load_demo
    from tests.conftest import build_shared_data

    build_shared_data()
    return load_demo(shift_to_today=True)


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the login form as `email` (demo password by default)."""

    def go(email: str, password: str = "demo-password"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return go
