"""Dashboards for the secretariat, the PPT and managers."""

import datetime as dt

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from actions.models import ActionItem, Obligation
from rcm_tracker.dates import local_today
from rcm_tracker.permissions import staff_required

DUE_SOON_DAYS = 14


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    """Counts of open, due-soon and overdue items, and the overdue list."""
    today = local_today()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    is_open = Q(status__in=ActionItem.OPEN_STATUSES)
    counts = ActionItem.objects.aggregate(
        open=Count("pk", filter=is_open),
        due_soon=Count("pk", filter=is_open & Q(due_latest__gte=today, due_latest__lte=soon)),
        overdue=Count("pk", filter=is_open & Q(due_latest__lt=today)),
    )
    owing = Q(
        obligations__removed_at__isnull=True,
        obligations__status__in=Obligation.OWING_STATUSES,
    )
    overdue = (
        ActionItem.objects.overdue(today)
        .select_related("resolution__meeting__working_group")
        .annotate(owing_count=Count("obligations", filter=owing))
        .order_by("due_latest", "pk")[:20]
    )
    return render(
        request,
        "dashboards/overview.html",
        {"counts": counts, "overdue": overdue, "due_soon_days": DUE_SOON_DAYS},
    )
