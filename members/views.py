"""Pages for country and organisation focal points."""

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from actions.models import Obligation
from rcm_tracker.dates import local_today
from rcm_tracker.permissions import focal_point_required


@focal_point_required
def home(request: HttpRequest) -> HttpResponse:
    """What the focal point's country (or organisation) still owes, then what it handed in."""
    focal_point = request.user.active_focal_point
    obligations = (
        Obligation.objects.visible_to(request.user)
        .active()
        .select_related("action_item__resolution__meeting__working_group")
        .with_state(local_today())
    )
    owing = obligations.filter(status__in=Obligation.OWING_STATUSES).order_by(
        F("action_item__due_latest").asc(nulls_last=True), "pk"
    )
    handed_in = obligations.exclude(status__in=Obligation.OWING_STATUSES).order_by(
        "-last_submitted_at", "-pk"
    )[:50]
    return render(
        request,
        "members/home.html",
        {"focal_point": focal_point, "owing": owing, "handed_in": handed_in},
    )
