"""A Spanish journey of issue 15: import a Spanish report with its English version.

The secretariat, working in Spanish, pastes the Spanish report and the English one as
its other-language version, reviews both side by side, creates the meeting, and reads
it in Spanish, then in English.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from importer.parser import parse_report

FIXTURES = Path(__file__).resolve().parents[1] / "importer" / "fixtures"
ENGLISH = FIXTURES / "border-management_2020-09-28.txt"
SPANISH = FIXTURES / "pairs" / "border-management_2020-09-28_es.txt"
# Where to save screenshots of the review page, when set (to look at the layout).
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _snippet(text: str) -> str:
    """The first words of a text, as the page shows them (spaces collapsed)."""
    return " ".join(text.split())[:40]


def test_the_secretariat_imports_a_spanish_report_with_its_english_version(open_as):
    spanish, english = SPANISH.read_text(), ENGLISH.read_text()
    first_es = _snippet(parse_report(spanish)["resolutions"][0]["text"])
    first_en = _snippet(parse_report(english)["resolutions"][0]["text"])
    with translation.override("es"):
        es = {key: gettext(key) for key in ["Read the report", "Create the meeting"]}
        text_es = gettext("Text in %(language)s") % {
            "language": translation.pgettext("language in a sentence", "Spanish")
        }
        confirm = gettext("I have checked: create this meeting anyway")
    tab = open_as("secretariat@example.org")
    page = tab.page
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    try:
        page.goto(reverse("importer:report_import"))
        page.locator('textarea[name="text"]').fill(spanish)
        page.locator('textarea[name="translation_text"]').fill(english)
        page.get_by_role("button", name=es["Read the report"]).click()
        page.wait_for_load_state()
        expect(page.locator("#translation-warnings")).to_be_visible()
        expect(page.get_by_label(text_es).first).to_have_value(re.compile(r"\S"))
        expect(page.locator('textarea[name="resolutions-0-translation"]')).to_have_attribute(
            "lang", "en"
        )
        if SCREENSHOTS:
            for width, height in ((1280, 900), (390, 844)):
                page.set_viewport_size({"width": width, "height": height})
                page.locator("#outline-heading").scroll_into_view_if_needed()
                page.screenshot(path=str(Path(SCREENSHOTS) / f"review-es-{width}.png"))
            page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name=es["Create the meeting"]).click()
        page.wait_for_load_state()
        if page.get_by_label(confirm).count():  # the demo holds this meeting, typed by hand
            page.get_by_label(confirm).check()
            page.get_by_role("button", name=es["Create the meeting"]).click()
            page.wait_for_load_state()
        expect(page).to_have_url(re.compile(r"/actions/meetings/\d+/"))
        expect(page.locator("main")).to_contain_text(first_es)
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        expect(page.locator("main")).to_contain_text(first_en)
    finally:
        page.goto("/")
        if page.get_by_role("button", name="English").count():
            page.get_by_role("button", name="English").click()  # the account's language back
    assert tab.seen.problems == []
