"""The rows of the focal point's obligation tables, built in Python for speed."""

import pytest
from django.urls import reverse

from submissions.templatetags.obligation_rows import url_for_each


@pytest.mark.parametrize("name", ["submissions:obligation_detail", "submissions:submission_edit"])
@pytest.mark.parametrize("pk", [1, 7, 42, 2_147_483_646])
def test_urls_built_once_per_table_are_the_reversed_ones(name, pk):
    assert url_for_each(name)(pk) == reverse(name, args=[pk])
