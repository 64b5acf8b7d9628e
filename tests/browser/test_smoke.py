"""Chromium can sign in and the page runs with our CSP without violations."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in_through_form


def test_focal_point_signs_in_and_switches_language(open_as, demo_site):
    tab = open_as(None)
    sign_in_through_form(tab.page, demo_site.url, "focal.us@example.org")
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("United States")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Pendiente de entregar")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/members/$"))
    assert tab.seen.csp_violations == []
