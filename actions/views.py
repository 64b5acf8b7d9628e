"""The secretariat's pages: meetings, their resolutions and action items, documents,
history and the presidency handover. Everyone signed in reads what concerns
them; only the secretariat writes."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import F, ProtectedError, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from rcm_tracker.collation import reader_order
from rcm_tracker.dates import local_today
from rcm_tracker.i18n import chosen_language
from rcm_tracker.links import safe_next
from rcm_tracker.permissions import secretariat_required, staff_required
from rcm_tracker.uploads import file_response

from . import exports
from .filters import ActionItemFilter, MeetingFilter, current_parameters
from .forms import (
    ActionItemForm,
    BulkStatusForm,
    CommentRoundForm,
    DocumentForm,
    DocumentVersionForm,
    MeetingForm,
    PresidencyForm,
    ResolutionForm,
    StatusForm,
)
from .history import action_item_history, meeting_history
from .models import (
    ActionItem,
    Addressing,
    Document,
    DocumentVersion,
    Meeting,
    Obligation,
    Presidency,
    Resolution,
    StatusRefused,
)

PAGE_SIZE = 25
HISTORY_ON_DETAIL = 15
HISTORY_PAGE_SIZE = 50


def _page(request: HttpRequest, rows, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def _all_presidencies() -> list[Presidency]:
    """Every presidency, oldest first: a handful of rows, read once per page."""
    return list(Presidency.objects.select_related("country").order_by("starts_on"))


# Access helpers: 404 for what the user may not see ----------------------------


def _get_meeting_for_user(user: User, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(user).select_related(
            "working_group", "presidency__country", "created_by"
        ),
        pk=pk,
    )


def _get_document_version_for_user(user: User, pk: int) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.visible_to(user).select_related(
            "document__action_item__resolution__meeting__working_group"
        ),
        pk=pk,
    )


def _get_action_item_for_user(user: User, pk: int) -> ActionItem:
    return get_object_or_404(
        ActionItem.objects.visible_to(user).select_related(
            "resolution__meeting__working_group",
            "resolution__parent",
            "due_meeting",
            "closed_by",
            "created_by",
            "previous_occurrence",
            "next_occurrence",
        ),
        pk=pk,
    )


# Meetings -----------------------------------------------------------------


@login_required
@require_safe
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Meetings the user may read, newest first: filter, search, paginate."""
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("working_group", "presidency__country")
        .with_counts()
        .order_by("-date", "-pk")
    )
    meeting_filter = MeetingFilter(request.GET or None, queryset=meetings, request=request)
    return render(
        request,
        "actions/meeting_list.html",
        {"filter": meeting_filter, "page_obj": _page(request, meeting_filter.qs)},
    )


@login_required
@require_safe
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report as an outline, each resolution with its action items; the draft agenda."""
    user = request.user
    meeting = _get_meeting_for_user(user, pk)
    resolutions = list(meeting.resolutions.all())
    items = (
        ActionItem.objects.visible_to(user)
        .filter(resolution__meeting=meeting)
        .with_progress()
        .prefetch_related("obligations__country", "obligations__organisation")
        .order_by("pk")
    )
    by_resolution: dict[int, list[ActionItem]] = {}
    for item in items:
        by_resolution.setdefault(item.resolution_id, []).append(item)
    for resolution in resolutions:
        resolution.meeting = meeting
        resolution.items = by_resolution.get(resolution.pk, [])
        for item in resolution.items:
            item.resolution = resolution
    agenda = (
        ActionItem.objects.visible_to(user)
        .agenda_for(meeting)
        .select_related("resolution__meeting")
        .order_by(F("due_here").desc(), F("due_latest").asc(nulls_last=True), "pk")
    )
    return render(
        request,
        "actions/meeting_detail.html",
        {
            "meeting": meeting,
            "outline": meeting.outline(resolutions),
            "resolution_count": len(resolutions),
            "participants": list(meeting.participants.in_reader_order()),
            "observers": list(meeting.observers.in_reader_order()),
            "agenda": list(agenda),
            "presidencies": _all_presidencies(),
            **_recent_history(meeting_history(meeting) if user.can_read_all else []),
        },
    )


@staff_required
@require_safe
def meeting_history_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every change of the meeting, its resolutions and its action items."""
    meeting = _get_meeting_for_user(request.user, pk)
    return _history_page(request, meeting, meeting_url(meeting), meeting_history(meeting))


def _history_page(request: HttpRequest, obj, back_url: str, entries: list) -> HttpResponse:
    return render(
        request,
        "actions/history.html",
        {
            "object": obj,
            "back_url": back_url,
            "page_obj": _page(request, entries, HISTORY_PAGE_SIZE),
        },
    )


def _recent_history(entries: list) -> dict:
    """The newest entries for a detail page, and whether the full history has more."""
    return {
        "history": entries[:HISTORY_ON_DETAIL],
        "history_more": len(entries) > HISTORY_ON_DETAIL,
    }


def edit_status(form) -> int:
    """409 Conflict for a form refused as stale, else 200."""
    return 409 if form.is_bound and form.has_error(NON_FIELD_ERRORS, "stale") else 200


def meeting_url(meeting: Meeting) -> str:
    return reverse("actions:meeting_detail", args=[meeting.pk])


def _save_meeting(request: AuthenticatedHttpRequest, form: MeetingForm) -> Meeting:
    """Save through the form and say how many "next meeting" items now follow its date."""
    meeting, moved = form.save_meeting(by=request.user)
    if moved:
        messages.info(
            request,
            ngettext(
                "%(count)d item due at the next meeting now follows its date.",
                "%(count)d items due at the next meeting now follow its date.",
                len(moved),
            )
            % {"count": len(moved)},
        )
    return meeting


@secretariat_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        meeting = _save_meeting(request, form)
        messages.success(request, _("The meeting has been created as a draft."))
        return redirect(meeting_url(meeting))
    return render(request, "actions/meeting_form.html", {"form": form})


@secretariat_required
def meeting_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new meeting of the same group, prefilled with the participants, place and title."""
    source = get_object_or_404(Meeting, pk=pk)
    if request.method == "POST":
        form = MeetingForm(request.POST, request.FILES)
        if form.is_valid():
            meeting = _save_meeting(request, form)
            messages.success(request, _("The next meeting has been created as a draft."))
            return redirect(meeting_url(meeting))
    else:
        copy = source.copy_as_next()
        form = MeetingForm(
            instance=copy,
            initial={
                "participants": copy.initial_participants,
                "observers": copy.initial_observers,
            },
        )
    return render(request, "actions/meeting_form.html", {"form": form, "source": source})


@secretariat_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        meeting = get_object_or_404(Meeting, pk=pk)
        form = MeetingForm(instance=meeting)
    else:
        # One transaction from the form's revision check (it locks the row) to the save.
        with transaction.atomic():
            meeting = get_object_or_404(Meeting, pk=pk)
            form = MeetingForm(request.POST, request.FILES, instance=meeting)
            if form.is_valid():
                meeting = _save_meeting(request, form)
                messages.success(request, _("The meeting has been saved."))
                return redirect(meeting_url(meeting))
    return render(
        request,
        "actions/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=edit_status(form),
    )


@secretariat_required
@require_POST
def meeting_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish a draft: the focal points it concerns can now read it."""
    meeting = get_object_or_404(Meeting, pk=pk)
    if meeting.is_published:
        messages.info(request, _("The meeting was already published."))
    else:
        meeting.publish()
        messages.success(
            request, _("The meeting is published: the focal points it concerns can read it.")
        )
    return redirect(meeting_url(meeting))


@login_required
@require_safe
def meeting_report(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Download the meeting's report file, for those who may read the meeting."""
    meeting = _get_meeting_for_user(request.user, pk)
    if not meeting.report_file.name:
        raise Http404("This meeting has no report file.")
    name = PurePath(meeting.report_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return file_response(meeting.report_file, name, content_type)


# Resolutions --------------------------------------------------------------


def _resolution_url(resolution: Resolution) -> str:
    return f"{meeting_url(resolution.meeting)}#resolution-{resolution.pk}"


@secretariat_required
def resolution_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a resolution to a meeting; `?parent=` makes it a sub-item."""
    meeting = get_object_or_404(Meeting.objects.select_related("working_group"), pk=pk)
    parent = None
    if request.GET.get("parent"):
        parent = Resolution.objects.filter(meeting=meeting, pk=request.GET["parent"]).first()
    form = ResolutionForm(
        request.POST or None,
        meeting=meeting,
        initial={
            "parent": parent,
            "number": Resolution.objects.next_number(meeting, parent),
        },
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            resolution = form.save(commit=False)
            meeting.position_resolution(resolution)
            resolution.save()
        messages.success(
            request, _("Resolution %(number)s has been added.") % {"number": resolution.number}
        )
        if "add_another" in request.POST:
            url = reverse("actions:resolution_create", args=[meeting.pk])
            if resolution.parent_id:
                url += f"?parent={resolution.parent_id}"
            return redirect(url)
        return redirect(_resolution_url(resolution))
    return render(request, "actions/resolution_form.html", {"form": form, "meeting": meeting})


@secretariat_required
def resolution_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a resolution's text, number or parent; sub-items follow a new number."""
    resolutions = Resolution.objects.select_related("meeting")
    if request.method != "POST":
        resolution = get_object_or_404(resolutions, pk=pk)
        form = ResolutionForm(instance=resolution, meeting=resolution.meeting)
    else:
        # One transaction from the form's revision check (it locks the row) to the save.
        with transaction.atomic():
            resolution = get_object_or_404(resolutions, pk=pk)
            old_number = resolution.number
            form = ResolutionForm(request.POST, instance=resolution, meeting=resolution.meeting)
            if form.is_valid():
                resolution = form.save(commit=False)
                resolution.meeting.position_resolution(resolution)
                resolution.save()
                resolution.renumber_descendants(old_number)
                messages.success(
                    request,
                    _("Resolution %(number)s has been saved.") % {"number": resolution.number},
                )
                return redirect(_resolution_url(resolution))
    return render(
        request,
        "actions/resolution_form.html",
        {"form": form, "meeting": resolution.meeting, "resolution": resolution},
        status=edit_status(form),
    )


@secretariat_required
@require_POST
def resolution_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move a resolution up or down among its siblings (its sub-items move with it)."""
    resolution = get_object_or_404(Resolution.objects.select_related("meeting"), pk=pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        return HttpResponseBadRequest(_("Say whether to move it up or down."))
    with transaction.atomic():
        moved = resolution.meeting.position_resolution(resolution, move=step)
        if moved:
            resolution.save(update_fields=["order"])
    if not moved:
        messages.info(request, _("Resolution %(number)s cannot move further.") % {
            "number": resolution.number
        })  # fmt: skip
    return redirect(_resolution_url(resolution))


@secretariat_required
def resolution_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a resolution after saying what goes with it; never delete countries' answers."""
    resolution = get_object_or_404(Resolution.objects.select_related("meeting"), pk=pk)
    meeting = resolution.meeting
    summary = resolution.deletion_summary()
    if request.method == "POST" and not summary["submissions"]:
        try:
            with transaction.atomic():
                resolution.delete()
        except ProtectedError:
            summary = resolution.deletion_summary()
        else:
            messages.success(
                request,
                _("Resolution %(number)s has been deleted.") % {"number": resolution.number},
            )
            return redirect(meeting_url(meeting))
    return render(
        request,
        "actions/resolution_confirm_delete.html",
        {"resolution": resolution, "meeting": meeting, "summary": summary},
    )


# Action items -------------------------------------------------------------


def _action_item_url(item: ActionItem) -> str:
    return reverse("actions:action_item_detail", args=[item.pk])


def _report_addressing(request: HttpRequest, addressing: Addressing) -> None:
    for obligation in addressing.archived:
        messages.warning(
            request,
            _(
                "%(party)s is no longer asked; its obligation is archived with its "
                "submissions, which are kept."
            )
            % {"party": obligation.party},
        )
    if addressing.added:
        messages.info(
            request,
            ngettext(
                "%(count)d obligation created.",
                "%(count)d obligations created.",
                len(addressing.added),
            )
            % {"count": len(addressing.added)},
        )


@secretariat_required
def action_item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add an action item to the resolution it comes from."""
    resolution = get_object_or_404(
        Resolution.objects.select_related("meeting__working_group", "parent"), pk=pk
    )
    form = ActionItemForm(
        request.POST or None, resolution=resolution, initial=resolution.wordings()
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            item.created_by = request.user
            item.save()
            addressing = form.save_parties(item)
        messages.success(request, _("The action item has been added."))
        _report_addressing(request, addressing)
        return redirect(_resolution_url(resolution))
    return render(request, "actions/actionitem_form.html", {"form": form, "resolution": resolution})


@secretariat_required
def action_item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    items = ActionItem.objects.select_related("resolution__meeting__working_group")
    if request.method != "POST":
        item = get_object_or_404(items, pk=pk)
        form = ActionItemForm(instance=item, resolution=item.resolution)
    else:
        # One transaction from the form's revision check (it locks the row) to the save.
        with transaction.atomic():
            item = get_object_or_404(items, pk=pk)
            form = ActionItemForm(request.POST, instance=item, resolution=item.resolution)
            if form.is_valid():
                item = form.save()
                addressing = form.save_parties(item)
                messages.success(request, _("The action item has been saved."))
                _report_addressing(request, addressing)
                return redirect(_action_item_url(item))
    return render(
        request,
        "actions/actionitem_form.html",
        {"form": form, "resolution": item.resolution, "item": item},
        status=edit_status(form),
    )


@secretariat_required
def action_item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete an item entered by mistake; never when a country has answered it."""
    item = get_object_or_404(ActionItem.objects.select_related("resolution__meeting"), pk=pk)
    summary = ActionItem.objects.filter(pk=item.pk).deletion_summary()
    if request.method == "POST" and not summary["submissions"]:
        try:
            with transaction.atomic():
                item.delete()
        except ProtectedError:
            summary = ActionItem.objects.filter(pk=item.pk).deletion_summary()
        else:
            messages.success(request, _("The action item has been deleted."))
            return redirect(_resolution_url(item.resolution))
    return render(
        request, "actions/actionitem_confirm_delete.html", {"item": item, "summary": summary}
    )


@secretariat_required
def action_item_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the item to another status, with a note for done or cancelled."""
    item = get_object_or_404(ActionItem.objects.select_related("resolution__meeting"), pk=pk)
    form = StatusForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        status, note = form.cleaned_data["status"], form.cleaned_data["note"]
        try:
            following = item.change_status(status, by=request.user, note=note)
        except ValueError:
            form.add_error("status", _("The item changed meanwhile; choose again."))
        else:
            messages.success(
                request,
                _("The item is now “%(status)s”.") % {"status": item.get_status_display()},
            )
            if following is not None:
                messages.info(request, _("Its next occurrence has been created."))
            return redirect(_action_item_url(item))
    return render(request, "actions/actionitem_status_form.html", {"form": form, "item": item})


def _status_error(item: ActionItem, status: str) -> str:
    return _("A “%(current)s” item cannot become “%(wanted)s”.") % {
        "current": item.get_status_display(),
        "wanted": ActionItem.Status(status).label,
    }


@secretariat_required
@require_POST
def action_item_bulk_status(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Change the status of the selected items all at once, or of none of them."""
    back = safe_next(request, reverse("actions:action_item_list"))
    form = BulkStatusForm(request.POST, items=ActionItem.objects.all())
    selected: QuerySet[ActionItem] | list = ActionItem.objects.none()
    row_errors: dict[int, str] = {}
    if form.is_valid():
        status, note = form.cleaned_data["status"], form.cleaned_data["note"]
        pks = [item.pk for item in form.cleaned_data["items"]]
        try:
            spawned = ActionItem.objects.filter(pk__in=pks).change_status(
                status, by=request.user, note=note
            )
        except StatusRefused as refused:
            row_errors = {item.pk: _status_error(item, status) for item in refused.items}
        if not row_errors:
            messages.success(
                request,
                ngettext(
                    "%(count)d item is now “%(status)s”.",
                    "%(count)d items are now “%(status)s”.",
                    len(spawned),
                )
                % {"count": len(spawned), "status": ActionItem.Status(status).label},
            )
            created = sum(1 for s in spawned if s is not None)
            if created:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d next occurrence created.",
                        "%(count)d next occurrences created.",
                        created,
                    )
                    % {"count": created},
                )
            return HttpResponseRedirect(back)
    pks = request.POST.getlist("items")
    selected = (
        ActionItem.objects.filter(pk__in=[pk for pk in pks if pk.isdigit()])
        .select_related("resolution__meeting__working_group")
        .order_by("pk")
    )
    status = form.cleaned_data.get("status") if hasattr(form, "cleaned_data") else None
    if status and not row_errors:
        # Report the rows that could not change either, so that one round fixes all.
        row_errors = {
            i.pk: _status_error(i, status) for i in selected if not i.can_change_to(status)
        }
    rows = [(item, row_errors.get(item.pk, "")) for item in selected]
    return render(
        request,
        "actions/actionitem_bulk_status.html",
        {"form": form, "rows": rows, "next": back},
        status=400,
    )


def _item_filter(
    request: AuthenticatedHttpRequest, presidencies: list[Presidency] | None = None
) -> ActionItemFilter:
    """The list's filter over the items the user may read."""
    items = ActionItem.objects.visible_to(request.user).ordered_by_due()
    return ActionItemFilter(
        request.GET or None, queryset=items, request=request, presidencies=presidencies
    )


def _moved_parameters(request: HttpRequest, name: str, **kwargs) -> HttpResponse | None:
    """A redirect to the same page in today's vocabulary, when the query used an old one."""
    query, changed = current_parameters(request.GET)
    if not changed:
        return None
    return redirect(f"{reverse(name, kwargs=kwargs)}?{urlencode(query, doseq=True)}")


@login_required
@require_safe
def action_item_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Action items the user may read: filter, search, sort, paginate; bulk status changes;
    the same list as CSV and Excel for the secretariat and managers."""
    if moved := _moved_parameters(request, "actions:action_item_list"):
        return moved
    presidencies = _all_presidencies()
    item_filter = _item_filter(request, presidencies)
    context = {
        "filter": item_filter,
        "page_obj": _page(request, item_filter.qs.for_list()),
        "presidencies": presidencies,
        "query": _query_without_page(request),
    }
    if request.user.is_secretariat:
        context["bulk_form"] = BulkStatusForm(items=ActionItem.objects.none())
    return render(request, "actions/actionitem_list.html", context)


@staff_required
@require_safe
def action_item_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """The filtered list (same parameters as the list, no pages) as CSV or XLSX, in the
    language asked (`?language=en|es`; the reader's by default)."""
    if fmt not in exports.EXPORT_FORMATS:
        raise Http404
    if moved := _moved_parameters(request, "actions:action_item_export", fmt=fmt):
        return moved
    item_filter = _item_filter(request)
    # The texts (and headings) in the chosen language: ?language=en|es, else the reader's.
    language = chosen_language(request.GET.get("language"))
    with translation.override(language):
        writer = exports.action_items_csv if fmt == "csv" else exports.action_items_xlsx
        response = writer(item_filter.qs)
    response["Content-Language"] = language
    return response


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_safe
def action_item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything about one item: parties and their answers, documents, history."""
    user = request.user
    item = _get_action_item_for_user(user, pk)
    obligations = list(
        Obligation.objects.visible_to(user)
        .filter(action_item=item)
        .select_related("country", "organisation")
        .with_state(local_today())
        .order_by(
            F("removed_at").asc(nulls_first=True),
            reader_order("country__name_en", "country__name_es", nulls_last=True),
            reader_order("organisation__acronym", "organisation__acronym_es"),
        )
    )
    for obligation in obligations:
        obligation.action_item = item  # the badges read the item's deadline
    documents = item.documents.prefetch_related("versions__uploaded_by")
    context = {
        "item": item,
        "meeting": item.resolution.meeting,
        "obligations": obligations,
        "documents": list(documents),
        "ppt_holders": item.ppt_holders(),
        **_recent_history(action_item_history(item, user)),
    }
    if user.is_secretariat and item.allowed_statuses():
        context["status_form"] = StatusForm(item=item)
    return render(request, "actions/actionitem_detail.html", context)


@login_required
@require_safe
def action_item_history_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every change of the item, its documents and the obligations the user may see."""
    item = _get_action_item_for_user(request.user, pk)
    entries = action_item_history(item, request.user)
    return _history_page(request, item, _action_item_url(item), entries)


# Documents ----------------------------------------------------------------


@secretariat_required
def document_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Attach a new document to an action item, with its first version."""
    item = get_object_or_404(ActionItem.objects.select_related("resolution__meeting"), pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save(commit=False)
            document.action_item = item
            document.save()
            document.add_version(
                form.cleaned_data["file"],
                form.checked,
                by=request.user,
                note_en=form.cleaned_data.get("note_en", ""),
                note_es=form.cleaned_data.get("note_es", ""),
            )
        messages.success(
            request, _("“%(title)s” has been added (version 1).") % {"title": document.title}
        )
        return redirect(f"{_action_item_url(item)}#documents")
    return render(request, "actions/document_form.html", {"form": form, "item": item})


@secretariat_required
def document_version_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload the next version of a document; earlier versions stay downloadable."""
    document = get_object_or_404(
        Document.objects.select_related("action_item__resolution__meeting"), pk=pk
    )
    item = document.action_item
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = document.add_version(
            form.cleaned_data["file"],
            form.checked,
            by=request.user,
            note_en=form.cleaned_data.get("note_en", ""),
            note_es=form.cleaned_data.get("note_es", ""),
        )
        messages.success(
            request,
            _("Version %(number)s of “%(title)s” has been uploaded.")
            % {"number": version.number, "title": document.title},
        )
        return redirect(f"{_action_item_url(item)}#documents")
    return render(
        request,
        "actions/documentversion_form.html",
        {"form": form, "item": item, "document": document},
    )


@login_required
@require_safe
def document_version_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Download one version, for those who may read its action item."""
    version = _get_document_version_for_user(request.user, pk)
    return file_response(version.file, version.original_name, version.content_type)


@login_required
def comment_round(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Circulate a document version for a new round of comments (secretariat).

    The version is looked up first: a focal point of a party the item does not
    concern gets 404, one it concerns 403.
    """
    version = _get_document_version_for_user(request.user, pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    versions = list(version.document.versions.select_related("uploaded_by"))
    form = CommentRoundForm(request.POST or None, version=version, newest=versions[0])
    if request.method == "POST" and form.is_valid():
        count = version.open_comment_round(due=form.cleaned_data["due"], by=request.user)
        messages.success(
            request,
            ngettext(
                "Comment round opened on v%(number)d: %(count)d party owes comments again.",
                "Comment round opened on v%(number)d: %(count)d parties owe comments again.",
                count,
            )
            % {"number": version.number, "count": count},
        )
        return redirect("actions:comment_round", version.pk)
    return render(
        request,
        "actions/commentround_form.html",
        {
            "version": version,
            "document": version.document,
            "item": version.document.action_item,
            "versions": versions,
            "form": form,
        },
    )


# Presidency ---------------------------------------------------------------


@staff_required
@require_safe
def presidency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who held the Presidency Pro Tempore when, and the open items the PPT holds now."""
    presidencies = list(Presidency.objects.select_related("country").order_by("-starts_on"))
    current = Presidency.objects.for_date(local_today())
    return render(
        request,
        "actions/presidency_list.html",
        {
            "presidencies": presidencies,
            "current": current,
            "open_ppt_items": ActionItem.objects.for_ppt().open().count(),
            "form": PresidencyForm() if request.user.is_secretariat else None,
        },
    )


@secretariat_required
def presidency_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record the yearly handover: from that day the PPT's items belong to the new country."""
    form = PresidencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        presidency = form.save()
        messages.success(
            request,
            _("From %(day)s the Presidency Pro Tempore and its items belong to %(country)s.")
            % {
                "day": date_format(presidency.starts_on, "DATE_FORMAT"),
                "country": presidency.country.name,
            },
        )
        return redirect("actions:presidency_list")
    return render(request, "actions/presidency_form.html", {"form": form})
