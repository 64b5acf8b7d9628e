"""The charts draw in Spanish: a localized decimal comma in an SVG attribute
(x="268,0") made Chromium drop the bars, so the page showed empty charts."""

import pytest
from django.test import override_settings
from django.utils.formats import reset_format_cache
from playwright.sync_api import expect

MANAGER = "manager@example.org"
# Bars the browser laid out with a size, per chart. A bar carries its <title>; the
# legend's swatches have none (and a fixed size that would hide the bug).
DRAWN_BARS = """svgs => svgs.map(svg => [...svg.querySelectorAll('rect.chart-bar')]
    .filter(r => r.querySelector('title'))
    .map(r => r.getBBox())
    .filter(box => box.width > 0 && box.height > 0).length)"""


@pytest.mark.parametrize("formats", ["ours", "decimal comma"])
def test_the_spanish_charts_page_draws_its_bars(open_as, formats):
    # "decimal comma": Django's own Spanish numbers (1.234,5), as before ours.
    changed = {"FORMAT_MODULE_PATH": None} if formats == "decimal comma" else {}
    tab = open_as(MANAGER)
    page = tab.page
    try:
        with override_settings(**changed):
            reset_format_cache()
            page.goto("/dashboards/charts/")
            # As the manager would: the switcher keeps the choice in their profile (a
            # write the server commits on PostgreSQL, where a test's own is not seen).
            page.get_by_role("button", name="Español").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Gráficos")
            charts = page.locator("svg.chart")
            expect(charts.first).to_be_visible()
            drawn = charts.evaluate_all(DRAWN_BARS)
    finally:
        reset_format_cache()
        # The next tests expect the manager in English.
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Charts")
    assert drawn and all(count > 0 for count in drawn), drawn
    assert tab.seen.csp_violations == []
