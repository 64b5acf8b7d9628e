"""The secretariat's page of reminders: upcoming, waiting, sent, and those needing attention."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from actions.models import Obligation
from rcm_tracker.permissions import secretariat_required, staff_required

from . import policy, services, tasks
from .models import PROBLEMS, WAITING, Delivery, Digest, Reminder, Status

PAGE_SIZE = 50
UPCOMING_DAYS = 14
TABS = {
    "upcoming": gettext_lazy("Upcoming"),
    "waiting": gettext_lazy("Waiting to go out"),
    "sent": pgettext_lazy("e-mail status", "Sent"),
    "attention": gettext_lazy("Needs attention"),
    "digests": gettext_lazy("Digests"),
}
OBLIGATION_RELATED = (
    "country",
    "organisation",
    "action_item__resolution__meeting__working_group",
)


@staff_required
@require_safe
def reminder_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One tab of the ledger; managers read it, the secretariat also acts on problems."""
    tab = request.GET.get("show", "upcoming")
    if tab not in TABS:
        tab = "upcoming"
    counts = Reminder.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=WAITING)),
        sent=Count("pk", filter=Q(status=Status.SENT)),
        attention=Count("pk", filter=Q(status__in=PROBLEMS)),
    )
    digest_counts = Digest.objects.aggregate(
        all=Count("pk"), attention=Count("pk", filter=Q(status__in=PROBLEMS))
    )
    counts["attention"] += digest_counts["attention"]
    counts["digests"] = digest_counts["all"]
    context = {
        "tab": tab,
        "tabs": [(key, label, counts.get(key)) for key, label in TABS.items()],
        "can_act": request.user.is_secretariat,
        "upcoming_days": UPCOMING_DAYS,
    }
    page_number = request.GET.get("page")
    if tab == "upcoming":
        context["page"] = _upcoming_page(page_number)
    elif tab == "digests":
        digests = Digest.objects.select_related("recipient").order_by("-period", "-pk")
        context["page"] = Paginator(digests, PAGE_SIZE).get_page(page_number)
    else:
        statuses = {"waiting": WAITING, "sent": (Status.SENT,), "attention": PROBLEMS}[tab]
        order = ("-sent_at", "-pk") if tab == "sent" else ("-due_on", "-pk")
        reminders = (
            Reminder.objects.filter(status__in=statuses)
            .select_related("recipient", *(f"obligation__{name}" for name in OBLIGATION_RELATED))
            .order_by(*order)
        )
        context["page"] = Paginator(reminders, PAGE_SIZE).get_page(page_number)
        if tab == "attention":
            context["problem_digests"] = list(
                Digest.objects.filter(status__in=PROBLEMS)
                .select_related("recipient")
                .order_by("-period", "-pk")[:PAGE_SIZE]
            )
    return render(request, "reminders/reminder_list.html", context)


def _upcoming_page(page_number: str | None):
    """The reminders the policy will send in the coming days, computed, not stored."""
    today = policy.reminder_day(timezone.now())
    first, last = today + dt.timedelta(days=1), today + dt.timedelta(days=UPCOMING_DAYS)
    page = Paginator(services.upcoming(first, last), PAGE_SIZE).get_page(page_number)
    obligations = Obligation.objects.select_related(*OBLIGATION_RELATED).in_bulk(
        [entry.obligation_id for entry in page]
    )
    users = User.objects.in_bulk(
        [user_id for entry in page for user_id, _copied in entry.recipients]
    )
    for entry in page:
        entry.obligation = obligations.get(entry.obligation_id)
        entry.people = [(users[user_id], copied) for user_id, copied in entry.recipients]
    return page


def _get_delivery(model: type[Delivery], pk: int) -> Delivery:
    """The ledger row; the secretariat sees every one of them."""
    return get_object_or_404(model, pk=pk)


def _back() -> HttpResponse:
    return redirect(f"{reverse('reminders:reminder_list')}?show=attention")


def _resend(
    request: AuthenticatedHttpRequest, model: type[Delivery], pk: int, task
) -> HttpResponse:
    row = _get_delivery(model, pk)
    if row.resend(by=request.user):
        transaction.on_commit(lambda: task.delay(row.pk))
        messages.success(request, _("It will be sent again in a moment."))
    else:
        messages.error(request, _("Only a failed or in-doubt e-mail can be sent again."))
    return _back()


def _confirm(request: AuthenticatedHttpRequest, model: type[Delivery], pk: int) -> HttpResponse:
    row = _get_delivery(model, pk)
    if row.confirm_sent(by=request.user):
        messages.success(request, _("Recorded as sent; it will not be sent again."))
    else:
        messages.error(request, _("Only an e-mail in doubt can be recorded as sent."))
    return _back()


@require_POST
@secretariat_required
def reminder_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send a failed or in-doubt reminder again, after a person checked it."""
    return _resend(request, Reminder, pk, tasks.send_reminder)


@require_POST
@secretariat_required
def reminder_confirm_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record that an in-doubt reminder did arrive."""
    return _confirm(request, Reminder, pk)


@require_POST
@secretariat_required
def digest_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _resend(request, Digest, pk, tasks.send_digest)


@require_POST
@secretariat_required
def digest_confirm_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, Digest, pk)
