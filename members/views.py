"""Pages for country and organisation focal points."""

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from actions.models import Obligation
from members.models import Submission
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


def _get_obligation_for_user(user, pk: int) -> Obligation:
    """The obligation if the user may see it, else 404 (another country's is not confirmed)."""
    return get_object_or_404(
        Obligation.objects.visible_to(user).select_related(
            "action_item__resolution__meeting__working_group", "country", "organisation"
        ),
        pk=pk,
    )


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One party's obligation for one action item, with every version it submitted."""
    obligation = _get_obligation_for_user(request.user, pk)
    submissions = obligation.submissions.select_related(
        "submitted_by", "reviewed_by", "document_version"
    ).prefetch_related("files")
    if request.user.can_read_all:
        # The secretariat and managers never see a country's unsent drafts.
        submissions = submissions.exclude(status=Submission.Status.DRAFT)
    return render(
        request,
        "members/obligation_detail.html",
        {"obligation": obligation, "item": obligation.action_item, "submissions": submissions},
    )
