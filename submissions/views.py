"""Pages of the parties' answers: the focal point's home, drafts, versions and files, the
secretariat's review queue, and the compilation of comments.

Every object is fetched through one access helper per type, which answers 404
for what the user may not see: another country's obligations, drafts,
versions and files are not even confirmed to exist.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from actions.models import ActionItem, CommentRound, DocumentVersion, Obligation
from members.models import Country
from rcm_tracker.dates import late_days
from rcm_tracker.exports import download
from rcm_tracker.i18n import both_columns, localized_expression
from rcm_tracker.links import safe_next
from rcm_tracker.permissions import focal_point_required, staff_required
from rcm_tracker.uploads import file_response

from . import comment_sheets, exports, services
from .compilation import compile_comments
from .forms import (
    CommentTemplateUploadForm,
    CompilationFilter,
    ConfirmSubmissionForm,
    ProgressUpdateForm,
    ReviewForm,
    ReviewQueueFilter,
    SubmissionForm,
    comment_formset,
    response_formset,
)
from .models import ProgressUpdate, Submission, SubmissionComment, SubmissionFile

OWING_PAGE_SIZE = 25
HANDED_IN_PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 25
PROGRESS_SHOWN = 50
COMPILATION_PAGE_SIZE = 100


# Access helpers: one per object type, 404 for what the user may not see ----------------------
# Views that take an object look it up before checking the method or the role,
# so that another party's ids answer 404 whatever is asked of them.


READ, WRITE = ("GET", "HEAD"), ("POST",)


def _refuse_method(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    """405 for any other method; called after the lookup so foreign ids still answer 404."""
    return None if request.method in allowed else HttpResponseNotAllowed(allowed)


def _get_obligation_for_user(user: User, pk: int) -> Obligation:
    """The obligation if the user may see it, else 404 (another country's is not confirmed)."""
    return get_object_or_404(
        Obligation.objects.visible_to(user).select_related(
            "action_item__resolution__meeting__working_group", "country", "organisation"
        ),
        pk=pk,
    )


def _get_answerable_obligation(user: User, pk: int) -> Obligation:
    """The focal point's own obligation that can still be answered, else 404."""
    obligation = _get_obligation_for_user(user, pk)
    if not _is_answerable(obligation):
        raise Http404
    return obligation


def _is_answerable(obligation: Obligation) -> bool:
    return (
        obligation.removed_at is None
        and obligation.action_item.status != ActionItem.Status.CANCELLED
    )


def _get_submission_for_user(user: User, pk: int) -> Submission:
    """A version the user may read (staff never read drafts), else 404."""
    return get_object_or_404(
        Submission.objects.visible_to(user).select_related(
            "obligation__action_item__resolution__meeting__working_group",
            "obligation__country",
            "obligation__organisation",
            "document_version__document",
            "submitted_by",
            "reviewed_by",
        ),
        pk=pk,
    )


def _get_submission_file_for_user(user: User, pk: int) -> SubmissionFile:
    return get_object_or_404(
        SubmissionFile.objects.filter(submission__in=Submission.objects.visible_to(user)), pk=pk
    )


def _get_document_version_for_user(user: User, pk: int) -> DocumentVersion:
    """A document version whose action item concerns the user's party (staff: any), else 404."""
    return get_object_or_404(
        DocumentVersion.objects.filter(
            document__action_item__in=ActionItem.objects.visible_to(user)
        ).select_related("document__action_item__resolution__meeting__working_group"),
        pk=pk,
    )


# The focal point's home --------------------------------------------------------------------


HOME_TABLE_FIELDS = (
    "status",
    "late_days",
    "last_submitted_at",
    *both_columns("action_item__title"),
    "action_item__kind",
    "action_item__status",
    "action_item__due_earliest",
    "action_item__due_latest",
    "action_item__resolution__number",
    "action_item__resolution__meeting__date",
    "action_item__resolution__meeting__working_group__name_en",
    "action_item__resolution__meeting__working_group__name_es",
)

HOME_DOCUMENT_FIELDS = (
    "number",
    "original_name",
    "size",
    "comments_due",
    *both_columns("document__title", "document__action_item__title"),
    "document__action_item__due_earliest",
    "document__action_item__due_latest",
)


@focal_point_required
@require_safe
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the party still owes (most urgent first), what it handed in, documents to read."""
    focal_point = request.user.active_focal_point
    user = request.user
    obligations = (
        Obligation.objects.visible_to(user)
        .select_related("action_item__resolution__meeting__working_group")
        # Only what the tables show: an item's description and its resolution's text
        # can run to pages, and every column fetched is a column turned into Python.
        .only(*HOME_TABLE_FIELDS)
        .annotate(has_draft=Exists(Submission.objects.drafts().filter(obligation=OuterRef("pk"))))
    )
    if focal_point.organisation_id:
        # Only organisations report progress on what they deliver.
        latest_progress = ProgressUpdate.objects.filter(obligation=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        obligations = obligations.annotate(progress=Subquery(latest_progress.values("percent")[:1]))
    owing = obligations.owed().order_by(F("action_item__due_latest").asc(nulls_last=True), "pk")
    # Handed in means submitted at least once: last_submitted_at is never empty here.
    handed_in = obligations.handed_in().order_by("-last_submitted_at", "-pk")
    # Both lengths in one query over the obligations alone, not one per paginator over
    # the joins of its list (Paginator.count is a cached property: set, it is kept).
    lengths = Obligation.objects.visible_to(user).owed_and_handed_in_counts()
    owing_pages = Paginator(owing, OWING_PAGE_SIZE)
    owing_pages.count = lengths["owed"]
    handed_in_pages = Paginator(handed_in, HANDED_IN_PAGE_SIZE)
    handed_in_pages.count = lengths["handed_in"]
    owing_page = owing_pages.get_page(request.GET.get("owing_page"))
    # The documents of the requests on this page (all owed on open items, so all take
    # comments): bounded by the page size, however much the party owes.
    documents = (
        DocumentVersion.objects.filter(
            document__action_item__in=[obligation.action_item_id for obligation in owing_page]
        )
        .select_related("document__action_item")
        .only(*HOME_DOCUMENT_FIELDS)
        .order_by(
            F("document__action_item__due_latest").asc(nulls_last=True),
            localized_expression("document__title"),
            "document_id",
            "-number",
        )
    )
    return render(
        request,
        "submissions/home.html",
        {
            "focal_point": focal_point,
            "owing": owing_page,
            "handed_in": handed_in_pages.get_page(request.GET.get("page")),
            "documents": documents,
        },
    )


# One obligation: its versions, documents and progress ----------------------------------------


@login_required
def obligation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One party's obligation for one action item, with every version it submitted."""
    obligation = _get_obligation_for_user(request.user, pk)
    if refused := _refuse_method(request, READ):
        return refused
    return _render_obligation(request, obligation)


def _render_obligation(
    request: AuthenticatedHttpRequest, obligation: Obligation, progress_form=None
) -> HttpResponse:
    user = request.user
    pk = obligation.pk
    versions_read = obligation.submissions.select_related(
        "submitted_by", "reviewed_by", "document_version__document"
    ).prefetch_related("files")
    if user.can_read_all:
        # The secretariat and managers never see a country's unsent drafts.
        versions_read = versions_read.exclude(status=Submission.Status.DRAFT)
    submissions = list(versions_read)
    item = obligation.action_item
    versions = list(
        DocumentVersion.objects.filter(document__action_item=item)
        .select_related("document")
        .order_by(localized_expression("document__title"), "document_id", "-number")
    )
    newest_ids = set()
    seen_documents = set()
    for version in versions:
        if version.document_id not in seen_documents:
            seen_documents.add(version.document_id)
            newest_ids.add(version.pk)
    is_own = not user.can_read_all
    progress = None
    if obligation.organisation_id:
        progress = list(obligation.progress_updates.select_related("created_by")[:PROGRESS_SHOWN])
        if is_own and progress_form is None and _is_answerable(obligation):
            progress_form = ProgressUpdateForm()
        if progress_form is not None:
            progress_form.helper.form_action = reverse("submissions:progress_create", args=[pk])
    return render(
        request,
        "submissions/obligation_detail.html",
        {
            "obligation": obligation,
            "item": item,
            "submissions": submissions,
            "draft": next((s for s in submissions if s.is_draft), None),
            "has_sent": any(not s.is_draft for s in submissions),
            "last_reviewed": next((s for s in submissions if s.reviewed_at), None),
            "can_answer": is_own and _is_answerable(obligation),
            "versions": versions,
            "newest_version_ids": newest_ids,
            "progress": progress,
            "progress_form": progress_form,
        },
    )


@focal_point_required
def progress_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An organisation's focal point reports progress on a deliverable."""
    obligation = _get_answerable_obligation(request.user, pk)
    if not obligation.organisation_id:
        raise Http404
    if refused := _refuse_method(request, WRITE):
        return refused
    form = ProgressUpdateForm(request.POST)
    if not form.is_valid():
        return _render_obligation(request, obligation, progress_form=form)
    update = form.save(commit=False)
    update.obligation = obligation
    update.created_by = request.user
    update.save()
    messages.success(request, _("Your progress update has been posted."))
    return redirect("submissions:obligation_detail", obligation.pk)


# Drafts, confirmation and submission ---------------------------------------------------------


@focal_point_required
def submission_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write or change the draft of the next version: text, comment rows, files."""
    obligation = _get_answerable_obligation(request.user, pk)
    draft = (
        obligation.submissions.drafts()
        .select_related("document_version")
        .prefetch_related("files")
        .first()
    )
    if draft is None and request.method != "POST" and obligation.submissions.exists():
        # A changed answer starts as a copy of the last version (submission_revise).
        messages.info(request, _("To change the answer, start a new version below."))
        return redirect("submissions:obligation_detail", obligation.pk)
    with_rows = _takes_comment_rows(obligation, draft)
    options = _draft_form_options(obligation, draft)
    if request.method != "POST":
        form = SubmissionForm(**options)
        formset = comment_formset(draft=draft) if with_rows else None
        upload = CommentTemplateUploadForm() if with_rows else None
        return _render_edit(request, obligation, draft, form, formset, upload=upload)

    form = SubmissionForm(request.POST, request.FILES, **options)
    formset = comment_formset(request.POST, draft=None) if with_rows else None
    upload = CommentTemplateUploadForm(request.POST, request.FILES) if with_rows else None
    forms_valid = (
        form.is_valid()
        & (formset is None or formset.is_valid())
        & (upload is None or upload.is_valid())
    )
    if forms_valid:
        rows = formset.rows() if formset else []
        uploaded = len(upload.cleaned_data["file"]) if upload else 0
        if upload:
            rows = upload.combine(rows)
        if form.rows_fit(rows, upload):
            try:
                saved = services.save_draft(
                    obligation,
                    by=request.user,
                    draft_id=form.cleaned_data["draft"],
                    revision=form.cleaned_data["revision"],
                    changes=form.changes(rows),
                )
            except services.DraftConflict as conflict:
                return _render_conflict(request, obligation, conflict)
            if uploaded:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d comment row was read from the template.",
                        "%(count)d comment rows were read from the template.",
                        uploaded,
                    )
                    % {"count": uploaded},
                )
            if request.POST.get("action") == "review":
                return redirect("submissions:submission_confirm", obligation.pk)
            messages.success(
                request,
                _("Draft saved (version %(number)d). It stays here until you submit it.")
                % {"number": saved.number},
            )
            return redirect("submissions:submission_edit", obligation.pk)
    files_lost = bool(request.FILES)
    return _render_edit(
        request, obligation, draft, form, formset, upload=upload, files_lost=files_lost
    )


def _draft_form_options(obligation: Obligation, draft: Submission | None) -> dict:
    return {
        "obligation": obligation,
        "draft": draft,
        "files": list(draft.files.all()) if draft else [],
        "newest_version": services.newest_document_version(obligation.action_item),
    }


def _takes_comment_rows(obligation: Obligation, draft: Submission | None) -> bool:
    """Comment rows belong to comment requests (and to any draft that already has some)."""
    if obligation.action_item.kind == ActionItem.Kind.COMMENT_REQUEST:
        return True
    return draft is not None and draft.comments.exists()


def _render_conflict(
    request: HttpRequest, obligation: Obligation, conflict: services.DraftConflict
) -> HttpResponse:
    """Refuse a stale save: keep what the person typed, show what is saved now.

    The form now names the current revision, so saving again knowingly
    replaces the other person's draft with the text on the page.
    """
    current = conflict.current
    data = request.POST.copy()
    data["draft"] = str(current.pk) if current else ""
    data["revision"] = str(current.revision) if current else "0"
    form = SubmissionForm(data, **_draft_form_options(obligation, current))
    formset = comment_formset(data, draft=None) if "comments-TOTAL_FORMS" in data else None
    form.is_valid()
    if formset is not None:
        formset.is_valid()
    return _render_edit(
        request,
        obligation,
        current,
        form,
        formset,
        upload=CommentTemplateUploadForm() if formset is not None else None,
        conflict=conflict,
        files_lost=bool(request.FILES),
        status=409,
    )


def _render_edit(
    request: HttpRequest,
    obligation: Obligation,
    draft: Submission | None,
    form: SubmissionForm,
    formset,
    *,
    upload: CommentTemplateUploadForm | None = None,
    conflict: services.DraftConflict | None = None,
    files_lost: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "submissions/submission_form.html",
        {
            "obligation": obligation,
            "item": obligation.action_item,
            "draft": draft,
            "files": form.files_on_draft,
            "form": form,
            "formset": formset,
            "upload": upload,
            "conflict": conflict,
            "files_lost": files_lost,
            "newest_version": form.newest_version,
            "late_by": late_days(timezone.now(), obligation.action_item.due_latest),
        },
        status=status,
    )


@focal_point_required
def submission_revise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a new draft version as a copy of the last one (or open the existing draft)."""
    obligation = _get_answerable_obligation(request.user, pk)
    if refused := _refuse_method(request, WRITE):
        return refused
    draft = services.start_new_version(obligation, by=request.user)
    messages.info(
        request,
        _("Version %(number)d is a draft: change what you need, then submit it.")
        % {"number": draft.number},
    )
    return redirect("submissions:submission_edit", obligation.pk)


@focal_point_required
def submission_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete the draft (versions handed in are never deleted)."""
    obligation = _get_answerable_obligation(request.user, pk)
    if refused := _refuse_method(request, WRITE):
        return refused
    form = ConfirmSubmissionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.discard_draft(
            obligation,
            draft_id=form.cleaned_data["draft"],
            revision=form.cleaned_data["revision"],
        )
    except services.DraftConflict:
        messages.error(
            request,
            _("The draft was changed by someone else meanwhile, so it was not discarded."),
        )
        return redirect("submissions:submission_edit", obligation.pk)
    messages.success(request, _("The draft has been discarded."))
    return redirect("submissions:obligation_detail", obligation.pk)


@focal_point_required
def submission_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Show the draft exactly as it will be handed in, and hand it in on confirmation."""
    obligation = _get_answerable_obligation(request.user, pk)
    if request.method == "POST":
        form = ConfirmSubmissionForm(request.POST)
        if not form.is_valid():
            return redirect("submissions:submission_confirm", obligation.pk)
        try:
            submission = services.submit_draft(
                obligation,
                by=request.user,
                draft_id=form.cleaned_data["draft"],
                revision=form.cleaned_data["revision"],
            )
        except services.DraftConflict:
            messages.error(
                request,
                _(
                    "The draft changed since you opened this page (someone else saved or "
                    "submitted it). Nothing was submitted: check it again below."
                ),
            )
            return redirect("submissions:submission_confirm", obligation.pk)
        except services.NothingToSubmit:
            messages.error(request, _("The draft is empty: write something or attach a file."))
            return redirect("submissions:submission_edit", obligation.pk)
        if submission.late_days:
            text = ngettext(
                "Version %(number)d submitted, %(days)d day after the deadline: it is "
                "accepted and marked late. A receipt has been e-mailed to you.",
                "Version %(number)d submitted, %(days)d days after the deadline: it is "
                "accepted and marked late. A receipt has been e-mailed to you.",
                submission.late_days,
            ) % {"number": submission.number, "days": submission.late_days}
            messages.warning(request, text)
        else:
            messages.success(
                request,
                _("Version %(number)d submitted. A receipt has been e-mailed to you.")
                % {"number": submission.number},
            )
        return redirect("submissions:submission_detail", submission.pk)

    draft = (
        obligation.submissions.drafts()
        .select_related("document_version__document")
        .prefetch_related("files", "comments")
        .first()
    )
    if draft is None:
        if obligation.submissions.exists():
            messages.info(request, _("There is no draft to submit."))
            return redirect("submissions:obligation_detail", obligation.pk)
        return redirect("submissions:submission_edit", obligation.pk)
    if not draft.has_content():
        messages.error(request, _("The draft is empty: write something or attach a file."))
        return redirect("submissions:submission_edit", obligation.pk)
    return render(
        request,
        "submissions/submission_confirm.html",
        {
            "obligation": obligation,
            "item": obligation.action_item,
            "submission": draft,
            "form": ConfirmSubmissionForm(initial={"draft": draft.pk, "revision": draft.revision}),
            "late_by": late_days(timezone.now(), obligation.action_item.due_latest),
        },
    )


# Versions and files ------------------------------------------------------------------------


@login_required
def submission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One version, as handed in (or the draft, for its own party)."""
    submission = _get_submission_for_user(request.user, pk)
    if refused := _refuse_method(request, READ):
        return refused
    return _render_submission(request, submission)


def _render_submission(
    request: AuthenticatedHttpRequest, submission: Submission, review_form=None
) -> HttpResponse:
    can_review = request.user.is_secretariat and submission.status == Submission.Status.SUBMITTED
    if can_review and review_form is None:
        review_form = ReviewForm()
    obligation = submission.obligation
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "submission": submission,
            "obligation": obligation,
            "item": obligation.action_item,
            # By position: the default ordering would join three tables to sort one version's rows.
            "comments": list(submission.comments.order_by("position", "pk")),
            "files": list(submission.files.all()),
            "review_form": review_form if can_review else None,
            "next": safe_next(request),
            "newer": Submission.objects.sent()
            .filter(obligation=obligation, number__gt=submission.number)
            .order_by("number")
            .first()
            if not submission.is_draft
            else None,
        },
    )


@login_required
def submission_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    """Download a file of a version the user may read."""
    stored = _get_submission_file_for_user(request.user, pk)
    if refused := _refuse_method(request, READ):
        return refused
    return file_response(stored.file, stored.original_name, stored.content_type)


# Review ---------------------------------------------------------------------------------------


@staff_required
@require_safe
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Versions handed in and not yet reviewed, oldest first."""
    queue = (
        Submission.objects.awaiting_review()
        .select_related(
            "obligation__action_item__resolution__meeting__working_group",
            "obligation__country",
            "obligation__organisation",
            "submitted_by",
            "document_version__document",
        )
        .with_newer_version()
        .annotate(file_count=Count("files"))
    )
    filtered = ReviewQueueFilter(request.GET, queryset=queue)
    page = Paginator(filtered.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "submissions/review_queue.html",
        {"filter": filtered, "page": page, "query": query.urlencode()},
    )


@login_required
def submission_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Acknowledge a submitted version, or return it for revision with a message."""
    submission = _get_submission_for_user(request.user, pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    if refused := _refuse_method(request, WRITE):
        return refused
    form = ReviewForm(request.POST)
    if submission.status != Submission.Status.SUBMITTED:
        messages.warning(request, _("This version has already been reviewed."))
        return redirect("submissions:submission_detail", submission.pk)
    if not form.is_valid():
        return _render_submission(request, submission, review_form=form)
    try:
        reviewed = services.review_submission(
            submission,
            by=request.user,
            decision=form.cleaned_data["decision"],
            message=form.cleaned_data["message"],
        )
    except services.AlreadyReviewed:
        messages.warning(request, _("Someone else reviewed this version first."))
        return redirect("submissions:submission_detail", submission.pk)
    party = submission.obligation.party
    if reviewed.status == Submission.Status.ACKNOWLEDGED:
        text = _("Version %(number)d of %(party)s acknowledged; the focal points are told.")
    else:
        text = _(
            "Version %(number)d of %(party)s returned for revision; the focal points are told."
        )
    messages.success(request, text % {"number": reviewed.number, "party": party})
    return redirect(safe_next(request, reverse("submissions:review_queue")))


# The comments template (focal points) ------------------------------------------------------


@focal_point_required
def comment_template(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The comments template as XLSX or DOCX, in the user's language, with the draft's rows."""
    obligation = _get_answerable_obligation(request.user, pk)
    if fmt not in ("xlsx", "docx"):
        raise Http404
    if refused := _refuse_method(request, READ):
        return refused
    draft = obligation.submissions.drafts().select_related("document_version__document").first()
    version = draft.document_version if draft and draft.document_version_id else None
    version = version or services.newest_document_version(obligation.action_item)
    if version is not None:
        about = _("“%(document)s”, version %(number)d — %(item)s") % {
            "document": version.document.title.plain(),
            "number": version.number,
            "item": obligation.action_item.title.plain(),
        }
    else:
        about = obligation.action_item.title.plain()
    context = comment_sheets.SheetContext(
        title=_("Comments of %(party)s") % {"party": obligation.party},
        party=_("Sent by: %(party)s") % {"party": obligation.party.name},
        document=about,
    )
    rows = list(draft.comments.all()) if draft else []
    writer = comment_sheets.template_xlsx if fmt == "xlsx" else comment_sheets.template_docx
    party = obligation.party
    party_code = party.code if isinstance(party, Country) else party.acronym
    stem = slugify(pgettext("file name", "comments-template"))
    return download(
        writer(context, rows),
        comment_sheets.template_content_type(fmt),
        f"{stem}-{slugify(party_code)}-{obligation.pk}.{fmt}",
    )


# Compilations -----------------------------------------------------------------------------


def _get_compilation_for_user(user: User, pk: int) -> tuple[DocumentVersion, object | None]:
    """The version whose compilation the user may read, and the party it is narrowed to.

    Staff read the whole compilation (party None). A focal point of a party
    the request is addressed to reads its own rows (its party), and the whole
    compilation once the secretariat published it; so do the focal points
    of the meeting's other participating countries. Anyone else gets 404.
    `version.item_is_visible` says whether the user may open the action item.
    """
    version = get_object_or_404(
        DocumentVersion.objects.select_related(
            "document__action_item__resolution__meeting__working_group",
            "comment_round__superseded_by",
        ),
        pk=pk,
    )
    version.item_is_visible = user.can_read_all
    if user.can_read_all:
        return version, None
    focal_point = user.active_focal_point
    if focal_point is None:
        raise Http404
    item = version.document.action_item
    addressed = ActionItem.objects.visible_to(user).filter(pk=item.pk).exists()
    version.item_is_visible = addressed
    meeting = item.resolution.meeting
    published = CommentRound.of(version).is_published and meeting.is_published
    if published and (
        addressed
        or (
            focal_point.country_id
            and meeting.participants.filter(pk=focal_point.country_id).exists()
        )
    ):
        return version, None
    if addressed:
        return version, focal_point.party
    raise Http404


def _compile_for_request(request: AuthenticatedHttpRequest, version: DocumentVersion, own_party):
    """The compilation the request asks for, its filter, and its rows as filtered.

    A choice of country or organisation in the filter narrows the whole
    compilation (general comments and parties without comments included)
    to that party, which is also how a country's own rows are exported.
    """
    comment_round = CommentRound.of(version)
    show_responses = request.user.can_read_all or comment_round.is_published
    visible = SubmissionComment.objects.compiled_for(version, until=comment_round.closed_at)
    if own_party is not None:
        visible = visible.for_party(own_party)
    sections = [
        section
        for _key, section in visible.order_by("section_key")
        .values_list("section_key", "section")
        .distinct()
    ]
    filterset = CompilationFilter(
        request.GET or None,
        SubmissionComment.objects.none(),
        item=version.document.action_item,
        sections=sections,
        narrowed=own_party is not None,
        show_responses=show_responses,
    )
    chosen = None
    if filterset.is_bound and filterset.is_valid():
        chosen = filterset.form.cleaned_data.get("country") or filterset.form.cleaned_data.get(
            "organisation"
        )
    data = compile_comments(
        version,
        party=own_party or chosen,
        show_responses=show_responses,
        include_after_close=request.user.can_read_all and chosen is None,
    )
    rows = filterset.filter_queryset(data.rows) if filterset.is_bound else data.rows
    return data, filterset, rows


@login_required
def compilation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every comment on one document version in one table; the secretariat answers each row."""
    version, own_party = _get_compilation_for_user(request.user, pk)
    if refused := _refuse_method(request, READ + WRITE):
        return refused
    if request.method == "POST" and not request.user.is_secretariat:
        raise PermissionDenied
    data, filterset, rows = _compile_for_request(request, version, own_party)
    page = Paginator(rows, COMPILATION_PAGE_SIZE).get_page(request.GET.get("page"))
    can_respond = request.user.is_secretariat and not data.round.is_closed
    if request.method == "POST":
        if not can_respond:
            messages.error(request, _("The round is closed: its responses no longer change."))
            return redirect(request.get_full_path())
        return _save_responses(request, data, filterset, page)
    shown = data.with_lateness(page.object_list)
    formset = response_formset(shown) if can_respond else None
    return _render_compilation(request, data, filterset, page, shown, formset)


def _save_responses(request: AuthenticatedHttpRequest, data, filterset, page) -> HttpResponse:
    """Save the responses typed on the page, all or nothing; keep them when refused.

    The page shows again exactly the rows that were posted (by id), so that
    what was typed stays next to the comment it answers.
    """
    posted = response_formset([], data=request.POST)
    ids = [_as_int(form["id"].value()) for form in posted.forms]
    current = {row.pk: row for row in data.rows.filter(pk__in=[i for i in ids if i])}
    kept = [index for index, pk in enumerate(ids) if pk in current]
    shown = data.with_lateness(current[ids[index]] for index in kept)
    if len(kept) != len(ids):
        # A country handed in a newer version meanwhile: its old rows left the compilation.
        messages.warning(
            request,
            _(
                "Some rows are no longer in the compilation: their country handed in a newer "
                "version meanwhile. Nothing was saved; check the rows below and save again."
            ),
        )
        formset = response_formset([], data=_reindexed(request.POST, kept))
        formset.is_valid()
        return _render_compilation(request, data, filterset, page, shown, formset, status=409)
    if not posted.is_valid():
        return _render_compilation(request, data, filterset, page, shown, posted)
    changes = [
        services.ResponseChange(
            comment_id=form.cleaned_data["id"],
            revision=form.cleaned_data["revision"],
            response=form.cleaned_data["response"],
            rationale=form.cleaned_data["rationale"],
        )
        for form in posted.forms
        if form.has_changed_from(current[form.cleaned_data["id"]])
    ]
    try:
        count = services.record_responses(data.version, changes, by=request.user)
    except services.RoundClosed:
        messages.error(request, _("The round is closed: its responses no longer change."))
        return redirect(request.get_full_path())
    except services.ResponseConflict as conflict:
        return _render_response_conflict(request, data, filterset, page, shown, conflict)
    if count:
        messages.success(
            request,
            ngettext("%(count)d response saved.", "%(count)d responses saved.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("No response changed."))
    return redirect(request.get_full_path())


def _as_int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _reindexed(post, kept: list[int]):
    """The posted response forms at the indexes `kept`, renumbered from 0."""
    values = post.copy()
    for new, old in enumerate(kept):
        for name in ("id", "revision", "response", "rationale"):
            values[f"responses-{new}-{name}"] = post.get(f"responses-{old}-{name}", "")
    values["responses-TOTAL_FORMS"] = str(len(kept))
    return values


def _render_response_conflict(
    request: AuthenticatedHttpRequest, data, filterset, page, shown, conflict
) -> HttpResponse:
    """Say who answered meanwhile. The typed responses stay, now at the current revision,
    so that saving again knowingly replaces the other answer."""
    values = request.POST.copy()
    for index, row in enumerate(shown):
        now = conflict.changed.get(row.pk)
        if now is not None:
            values[f"responses-{index}-revision"] = str(now.response_revision)
    formset = response_formset([], data=values)
    formset.is_valid()
    for form, row in zip(formset.forms, shown, strict=True):
        if row.pk in conflict.changed:
            now = conflict.changed[row.pk] or row
            form.add_error(
                None,
                _(
                    "%(who)s changed this response meanwhile (now: %(response)s). What you "
                    "typed is kept; saving again replaces it."
                )
                % {
                    "who": now.responded_by or _("Someone"),
                    "response": now.get_response_display() or _("not answered yet"),
                },
            )
    messages.error(
        request, _("Nothing was saved: some responses were changed by someone else meanwhile.")
    )
    return _render_compilation(request, data, filterset, page, shown, formset, status=409)


def _render_compilation(
    request: HttpRequest, data, filterset, page, shown, formset, *, status: int = 200
) -> HttpResponse:
    forms = list(formset.forms) if formset is not None else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "submissions/compilation.html",
        {
            "compilation": data,
            "version": data.version,
            "document": data.document,
            "item": data.item,
            "round": data.round,
            "filter": filterset,
            "page": page,
            "entries": list(zip(shown, forms or [None] * len(shown), strict=True)),
            "formset": formset,
            "query": query.urlencode(),
            "total_rows": sum(s.row_count for s in data.submissions),
            "export_formats": [("xlsx", _("Excel")), ("docx", _("Word"))],
            "export_languages": settings.LANGUAGES,
            "versions": list(
                data.document.versions.select_related("comment_round").order_by("-number")
            ),
        },
        status=status,
    )


@login_required
def compilation_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish the compilation, responses included, to every country of the group."""
    version, _own_party = _get_compilation_for_user(request.user, pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    if refused := _refuse_method(request, WRITE):
        return refused
    services.publish_compilation(version, by=request.user)
    messages.success(
        request,
        _(
            "The compilation is published: the focal points of every country of the group "
            "now see it, with the secretariat's responses."
        ),
    )
    return redirect("submissions:compilation", version.pk)


@login_required
def compilation_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The compilation (as filtered, or one party's rows) as XLSX or DOCX, in English or Spanish."""
    version, own_party = _get_compilation_for_user(request.user, pk)
    if fmt not in ("xlsx", "docx"):
        raise Http404
    if refused := _refuse_method(request, READ):
        return refused
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        data, _filterset, rows = _compile_for_request(request, version, own_party)
        data = dataclasses.replace(data, rows=rows)
        writer = exports.compilation_xlsx if fmt == "xlsx" else exports.compilation_docx
        response = writer(data)
    response["Content-Language"] = language
    return response
