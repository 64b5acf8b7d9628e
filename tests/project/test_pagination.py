"""One pagination partial for every list: its links keep the list's filters."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

PARTIAL = Template('{% include "includes/pagination.html" with page=page param=param %}')


def _render(query: str, number: int, param: str = "") -> str:
    request = RequestFactory().get("/list/?" + query)
    page = Paginator(range(100), 10).get_page(number)
    return PARTIAL.render(Context({"request": request, "page": page, "param": param}))


def test_links_keep_the_filters_and_replace_only_the_page():
    html = _render("status=open&kind=event&page=3", 3)
    assert 'href="?status=open&amp;kind=event&amp;page=4" rel="next"' in html
    assert 'href="?status=open&amp;kind=event&amp;page=2" rel="prev"' in html
    assert 'href="?status=open&amp;kind=event&amp;page=10"' in html
    assert "Page 3 of 10" in html


def test_a_second_list_on_the_page_uses_its_own_parameter():
    html = _render("page=2&owing_page=1", 1, param="owing_page")
    assert 'href="?page=2&amp;owing_page=2" rel="next"' in html
    assert 'rel="prev"' not in html


@pytest.mark.parametrize("count", [0, 5, 10])
def test_a_single_page_shows_no_navigation(count):
    request = RequestFactory().get("/list/")
    page = Paginator(range(count), 10).get_page(1)
    assert "<nav" not in PARTIAL.render(Context({"request": request, "page": page, "param": ""}))
