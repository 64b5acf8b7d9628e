"""The benchmark runs end to end on tiny data; its pages cost as many queries at any size.

Timings are not asserted here (they belong to bench/run.py on PostgreSQL);
what is asserted is that every page and its floor answer, that the report
has its closing lines, and that no page's query count grows with the data.
"""

import re

import pytest

from bench.run import SMOKE_VOLUMES, main, measure_pages, pick_pages, report
from demo.scale import generate

pytestmark = pytest.mark.django_db
PAGES = ["overview", "matrix", "action_items", "meeting", "focal_home", "submission"]
LINE = re.compile(r"^(\w+) p50_ms=\d+\.\d floor_ratio=\d+\.\d\d queries=(\d+)$")


def _quiet(_message: str) -> None:
    pass


def test_the_command_prints_one_closing_line_per_page(capsys):
    assert main(["--smoke", "--scale", "1"]) == 0

    lines = capsys.readouterr().out.strip().splitlines()
    closing = [LINE.match(line) for line in lines[-len(PAGES) :]]
    assert all(closing), lines[-len(PAGES) :]
    assert [match.group(1) for match in closing] == PAGES
    assert "reminder sweep" in "\n".join(lines)


def test_query_counts_do_not_grow_with_the_data():
    generate(1, base=SMOKE_VOLUMES)
    small = measure_pages(pick_pages(), repeat=1, warmup=1, log=_quiet)
    generate(3, base=SMOKE_VOLUMES, replace=True)
    large = measure_pages(pick_pages(), repeat=1, warmup=1, log=_quiet)

    assert [r.name for r in small] == PAGES
    # Equal, or fewer when a prefetch finds nothing to fetch (Django then skips it).
    for before, after in zip(small, large, strict=True):
        assert after.queries <= before.queries, after.name
    # The floor is one query beyond the session, the user and the navigation's focal point.
    assert all(r.floor_queries <= 4 for r in small + large)
    assert all(r.times and r.floor_times for r in small + large)


def test_the_report_flags_pages_over_three_times_their_floor():
    generate(1, base=SMOKE_VOLUMES)
    results = measure_pages(pick_pages(), repeat=1, warmup=0, log=_quiet)
    slow = results[0]
    slow.times, slow.floor_times = [0.4], [0.1]

    lines = report(results, None)

    assert "over 3x" in lines[1]
    assert "not measurable yet" in "\n".join(lines)
    assert lines[-len(PAGES)] == f"{slow.name} p50_ms=400.0 floor_ratio=4.00 queries={slow.queries}"
