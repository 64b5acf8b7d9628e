"""Charts drawn by the server: opened and completed per month, on-time rate per
quarter, overdue answers by country; each readable without colour, with a table."""

import datetime as dt

import pytest
from django.urls import reverse

from dashboards.charts import Series, horizontal_bars, nice_maximum, vertical_bars
from tests.dashboards.conftest import TODAY, add_requests

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:charts")


def test_opened_and_completed_per_month(client_as, scenario):
    response = client_as("manager").get(URL, {"start": "2020-08-01", "end": "2020-11-30"})
    months = {row.month: row for row in response.context["months"]}

    assert list(months) == [dt.date(2020, m, 1) for m in (8, 9, 10, 11)]
    # Items open on the day of their meeting: Protection's in August, Border's in September.
    assert [months[d].opened for d in months] == [1, 8, 0, 0]
    assert [months[d].done for d in months] == [0, 1, 2, 0]
    assert [months[d].done_late for d in months] == [0, 1, 1, 0]
    chart = response.context["month_chart"]
    assert [bar.label for bar in chart.bars if bar.series == 0] == ["1", "8", "0", "0"]


def test_on_time_rate_per_quarter(client_as, scenario):
    response = client_as("manager").get(URL, {"start": "2020-07-01", "end": "2020-12-31"})
    q3, q4 = response.context["quarters"]

    assert (q3.label, q4.label) == ("2020 Q3", "2020 Q4")
    # Items: September's directory was done a day late; in Q4 the webinar late, the
    # guidelines on time, two requests overdue; the map and directory are not decided.
    assert (q3.items.on_time, q3.items.decided) == (0, 1)
    assert (q4.items.on_time, q4.items.decided) == (1, 4)
    # Answers of Costa Rica and Mexico: to the two overdue requests (CR answered one on
    # time) and to the webinar, done but never answered (past the deadline: late), and
    # Mexico's early answer to the map; the cancelled workshop does not count.
    assert (q4.answers.on_time, q4.answers.decided) == (2, 7)
    assert str(q4.answers) == "29% (2 of 7)"
    assert (q3.answers.on_time, q3.answers.decided) == (0, 2)  # the directory's, unanswered
    # Bars: Q3 answers, Q3 items, Q4 answers, Q4 items.
    assert [bar.label for bar in response.context["quarter_chart"].bars] == [
        "0%",
        "0%",
        "29%",
        "25%",
    ]


def test_overdue_answers_by_country(client_as, scenario, members):
    response = client_as("manager").get(URL)
    overdue = {country.code: (count, url) for country, count, url in response.context["overdue"]}

    assert len(overdue) == len(members)
    assert overdue["MX"][0] == 2
    assert overdue["CR"][0] == 1
    assert overdue["US"][0] == 0
    assert [c.code for c, _n, _u in response.context["overdue"][:2]] == ["MX", "CR"]
    mexico = next(c for c in members if c.code == "MX")
    listed = client_as("manager").get(overdue["MX"][1]).context["page"]
    assert listed.paginator.count == 2
    assert f"owed_by={mexico.pk}" in overdue["MX"][1]


def test_charts_are_svg_readable_without_colour_with_tables(client_as, scenario):
    page = client_as("manager").get(URL).content.decode()

    assert page.count('<svg class="chart"') == 3
    assert 'role="img"' in page
    assert '<title id="chart-months-title">' in page
    assert 'fill="url(#chart-months-hatched)"' in page  # the second series is hatched
    assert page.count("<table") == 3
    assert "<script>" not in page.split("</footer>")[0]
    assert "style=" not in page


def test_empty_period_says_so(client_as, today):
    page = client_as("manager").get(URL).content.decode()
    assert "No item was opened or completed in this period." in page
    assert "No country owes an answer past its deadline." in page


def test_bad_period_is_refused_next_to_the_field(client_as, today):
    response = client_as("manager").get(URL, {"start": "2010-01-01", "end": "2020-01-01"})
    assert response.context["form"].errors == {"end": ["Choose a period of at most five years."]}
    assert len(response.context["months"]) == 12  # the default period still shows


def test_filters_apply(client_as, scenario, groups):
    response = client_as("manager").get(
        URL, {"start": "2020-08-01", "end": "2020-11-30", "working_group": groups[1].pk}
    )
    assert [row.opened for row in response.context["months"]] == [1, 0, 0, 0]


def test_query_count_does_not_grow_with_rows(client_as, members, today, django_assert_num_queries):
    client = client_as("manager")
    add_requests(2, members, due=TODAY - dt.timedelta(days=40), answered_by="CR")
    # 1 session, 2 user, items 3 opened and 4 done per month, on-time rates per quarter of
    # 5 answers and 6 items, 7 overdue answers per country, 8 member countries, 9 presidencies,
    # 10 working groups (the filter's choices)
    with django_assert_num_queries(10) as small:
        client.get(URL)
    add_requests(30, members, due=TODAY - dt.timedelta(days=5), answered_by="MX")
    # the same queries as above
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert {c.code: n for c, n, _url in response.context["overdue"]}["CR"] == 30


def test_nice_maximum():
    assert [nice_maximum(v) for v in (0, 3, 5, 9, 11, 37, 120)] == [4, 4, 5, 10, 20, 50, 200]


def test_bar_heights_are_proportional_and_labelled():
    chart = vertical_bars(
        key="c",
        title="t",
        description="d",
        categories=["a", "b"],
        series=[Series("one", [5, 10]), Series("two", [0, 2])],
    )
    one_a, two_a, one_b, _two_b = chart.bars
    assert one_b.height == 2 * one_a.height
    assert two_a.height == 0
    assert [bar.label for bar in chart.bars] == ["5", "0", "10", "2"]
    assert [entry.name for entry in chart.legend] == ["one", "two"]
    assert not chart.empty


def test_many_categories_label_only_some_but_keep_every_bar():
    chart = vertical_bars(
        key="c",
        title="t",
        description="d",
        categories=[str(n) for n in range(48)],
        series=[Series("one", [1] * 48), Series("two", [2] * 48)],
    )
    assert len(chart.bars) == 96
    assert len(chart.categories) == 12
    assert chart.value_labels is False  # too narrow for numbers: the table has them


def test_horizontal_bars():
    chart = horizontal_bars(
        key="h", title="t", description="d", categories=["x", "y"], values=[4, 0]
    )
    assert chart.bars[0].width > 0 and chart.bars[1].width == 0
    assert [text.text for text in chart.categories] == ["x", "y"]


NUMERIC_SVG_ATTRIBUTES = ("x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r")


@pytest.fixture
def decimal_comma():
    """Django's own Spanish formats (1.234,5), as before ours: the chart must not care."""
    from django.test import override_settings
    from django.utils.formats import reset_format_cache

    with override_settings(FORMAT_MODULE_PATH=None):
        reset_format_cache()
        yield
    reset_format_cache()


@pytest.mark.parametrize(
    ("language", "formats"), [("es", "ours"), ("es", "decimal comma"), ("en", "ours")]
)
def test_every_number_of_every_chart_reads_as_svg_in_every_language(
    client_as, scenario, language, formats, request
):
    """A localized decimal comma (x="268,0") makes the browser draw nothing."""
    import xml.etree.ElementTree as ET

    from accounts.models import User

    if formats == "decimal comma":
        request.getfixturevalue("decimal_comma")
    client = client_as("manager")
    User.objects.update(language=language)
    response = client.get(URL, {"start": "2020-07-01", "end": "2020-12-31"})
    assert response.headers["Content-Language"] == language
    page = response.content.decode()
    svgs = ["<svg" + part.split("</svg>")[0] + "</svg>" for part in page.split("<svg")[1:]]
    assert len(svgs) == 3
    bars = 0
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - our own page, rendered by the test
        viewbox = [float(n) for n in root.get("viewBox").split(" ")]
        assert len(viewbox) == 4 and viewbox[2] > 0
        for element in root.iter():
            for name in NUMERIC_SVG_ATTRIBUTES:
                if name in element.attrib:
                    float(element.attrib[name])  # raises on "268,0" or "1.000,5"
            if element.tag.endswith("rect") and "chart-bar" in element.get("class", ""):
                bars += float(element.get("width")) > 0 and float(element.get("height")) > 0
    assert bars > 0


def test_count_axes_tick_at_whole_numbers():
    for top in (3, 7, 9, 11, 37, 120, 999):
        chart = vertical_bars(
            key="c", title="t", description="d", categories=["a"], series=[Series("s", [top])]
        )
        across = horizontal_bars(
            key="h", title="t", description="d", categories=["a"], values=[top]
        )
        for tick in chart.ticks + across.ticks:
            assert float(tick.text) == int(float(tick.text)), (top, tick.text)
