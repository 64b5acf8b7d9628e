"""The secretariat's pages about focal points and their invitations, and the invitation link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from rcm_tracker.collation import reader_order
from rcm_tracker.links import safe_next
from rcm_tracker.permissions import secretariat_required, staff_required

from . import services
from .forms import FocalPointFilter, InvitationAcceptForm, InvitationForm
from .models import FocalPoint, Invitation

LIST_PAGE_SIZE = 50


# Focal points and invitations (secretariat) ---------------------------------------------


@staff_required
@require_safe
def focal_point_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every focal point, by party; the secretariat can deactivate them."""
    focal_points = FocalPoint.objects.select_related("user", "country", "organisation").order_by(
        reader_order("country__name_en", "country__name_es", nulls_last=True),
        reader_order("organisation__acronym", "organisation__acronym_es"),
        "kind",
        "user__email",
    )
    filtered = FocalPointFilter(request.GET, queryset=focal_points)
    page = Paginator(filtered.qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/focalpoint_list.html",
        {
            "filter": filtered,
            "page": page,
            "query": query.urlencode(),
            "pending_count": Invitation.objects.pending().count(),
        },
    )


@secretariat_required
@require_POST
def focal_point_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Stop a focal point from signing in; what they submitted stays."""
    focal_point = get_object_or_404(
        FocalPoint.objects.select_related("user"), pk=pk, is_active=True
    )
    focal_point.deactivate()
    messages.success(
        request,
        _("%(name)s can no longer sign in; their submissions are kept.")
        % {"name": focal_point.user},
    )
    return redirect(safe_next(request, reverse("members:focal_point_list")))


@staff_required
@require_safe
def invitation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pending invitations (or all of them), newest first."""
    show_all = request.GET.get("show") == "all"
    invitations = Invitation.objects.select_related("country", "organisation", "invited_by")
    if not show_all:
        invitations = invitations.pending()
    page = Paginator(invitations.order_by("-created_at", "-pk"), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "members/invitation_list.html", {"page": page, "show_all": show_all})


@secretariat_required
def invitation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(form.save(commit=False), by=request.user)
        messages.success(
            request,
            _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
        )
        return redirect("members:invitation_list")
    return render(
        request,
        "members/invitation_form.html",
        {"form": form, "max_age_days": settings.INVITATION_MAX_AGE_DAYS},
    )


@secretariat_required
@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send a fresh link; the links sent before stop working."""
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk)
    services.resend_invitation(invitation)
    messages.success(
        request,
        _("A new link is on its way to %(email)s; earlier links no longer work.")
        % {"email": invitation.email},
    )
    return redirect("members:invitation_list")


@secretariat_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk)
    invitation.revoke()
    messages.success(
        request,
        _("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
    )
    return redirect("members:invitation_list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Follow an invitation link: choose a password, get signed in, land on the home page."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationUnusable as unusable:
        return _invitation_unusable(request, unusable.reason)
    if not services.email_can_be_invited(invitation.email):
        return _invitation_unusable(request, "taken")
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = services.accept_invitation(
                    token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="accounts.backends.EmailBackend")
        except services.InvitationUnusable as unusable:
            return _invitation_unusable(request, unusable.reason)
        messages.success(
            request,
            _("Welcome! You are now a focal point of %(party)s.") % {"party": invitation.party},
        )
        return redirect("home")
    return render(
        request, "members/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_unusable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "members/invitation_unusable.html",
        {"reason": reason},
        status=404 if reason == "invalid" else 410,
    )
