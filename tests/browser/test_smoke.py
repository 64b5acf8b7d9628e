"""Chromium can sign in and the page runs with our CSP without violations."""

import re

from playwright.sync_api import expect


def test_focal_point_signs_in_and_switches_language(demo, page, live_server, sign_in):
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security" in m.text else None,
    )
    sign_in("focal.us@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("United States")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Pendiente de entregar")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/members/$"))
    assert violations == []
