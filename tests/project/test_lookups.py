"""Forged ids too large for an integer column match nothing instead of failing."""

import pytest

from actions.models import Meeting, Obligation
from members.models import Country
from tests.factories import ObligationFactory

pytestmark = pytest.mark.django_db
HUGE = 10**22


def test_in_lookups_drop_values_the_column_cannot_hold(costa_rica):
    obligation = ObligationFactory(country=costa_rica)
    assert list(Country.objects.filter(pk__in=[HUGE, str(HUGE), costa_rica.pk])) == [costa_rica]
    assert list(Obligation.objects.filter(country__in=[HUGE, costa_rica.pk])) == [obligation]
    assert list(Obligation.objects.filter(action_item_id__in=[-HUGE])) == []
    assert list(Meeting.objects.filter(participants__in=[HUGE])) == []
    assert not Country.objects.filter(pk__in=[HUGE]).exists()
