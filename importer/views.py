"""Importing a meeting report: read it, review the parse, save it as a draft meeting.

Secretariat only. The parse and every correction are kept on a ReportImport,
so an error, a break or a closed tab loses nothing; saving goes through
`actions.services.save_import`, in one transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from actions.models import ActionItem, Meeting
from rcm_tracker.permissions import secretariat_required

from .forms import ImportReview, OtherLanguageForm, ReportUploadForm
from .models import ReportImport
from .services import (
    AlreadySaved,
    DuplicateMeeting,
    Filled,
    add_other_language,
    data_from_parse,
    find_duplicates,
    meeting_language,
    pair_with_meeting,
    report_language,
    save_import,
    sha256_of,
    start_import,
)
from .warnings import language_in_sentence, warning_messages

logger = logging.getLogger(__name__)
PENDING_PAGE_SIZE = 10

# What each highlighted span says the words were read as.
SPAN_FIELDS = [
    ("kind", pgettext_lazy("highlight tag", "kind")),
    ("responsible", pgettext_lazy("highlight tag", "who")),
    ("due", pgettext_lazy("highlight tag", "due")),
]


def _get_pending_import(pk: int) -> ReportImport:
    return get_object_or_404(
        ReportImport.objects.select_related("created_by", "working_group"), pk=pk
    )


def review_url(report_import: ReportImport) -> str:
    return reverse("importer:report_import_review", args=[report_import.pk])


# Reading the report -------------------------------------------------------------------------


@secretariat_required
def report_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Paste or upload a report; list the imports still under review."""
    posted = request.method == "POST"
    form = ReportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        report = form.report
        assert report is not None  # the form's clean read it
        hints = {
            "meeting_date": form.cleaned_data["meeting_date"],
            "working_group": form.cleaned_data["working_group"],
        }
        translation = form.translation
        same = _pending_same_file(report["data"], hints) if translation is None else None
        if same is not None:
            messages.info(
                request,
                _("This report is already being reviewed: here it is with the corrections made "
                  "so far. Discard it to read the report again."),
            )  # fmt: skip
            return redirect(review_url(same))
        imported = start_import(
            text=report["text"],
            data=report["data"],
            name=report["name"],
            content_type=report["content_type"],
            by=request.user,
            translation_text=translation["text"] if translation else "",
            translation_name=translation["name"] if translation else "",
            **hints,
        )
        return redirect(review_url(imported))
    pending = ReportImport.objects.pending().select_related("created_by").order_by("-created_at")
    page = Paginator(pending, PENDING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "importer/reportimport_form.html", {"form": form, "page_obj": page})


def _pending_same_file(data: bytes, hints: dict[str, Any]) -> ReportImport | None:
    return (
        ReportImport.objects.pending()
        .filter(sha256=sha256_of(data), **hints)
        .order_by("-created_at")
        .first()
    )


@secretariat_required
@require_POST
def report_import_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Drop an import under review, its file and its corrections; saved ones stay."""
    report_import = _get_pending_import(pk)
    if report_import.is_saved:
        messages.info(request, _("This report was saved as a meeting: it is kept."))
    else:
        report_import.discard()
        messages.success(
            request,
            _("The import of “%(name)s” has been discarded.")
            % {"name": report_import.original_name},
        )
    return redirect("importer:report_import")


# Reviewing and saving -----------------------------------------------------------------------


@secretariat_required
def report_import_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The parse as an editable preview; "Create the meeting" saves it, "Keep" keeps it."""
    report_import = _get_pending_import(pk)
    if report_import.is_saved:
        return _already_saved(request, report_import)
    parsed = data_from_parse(report_import.parsed)
    languages = review_languages(report_import)
    status = 200
    if (
        request.method == "POST"
        and not ImportReview(request.POST, languages=languages).is_complete()
    ):
        review = _as_kept(report_import, parsed)
        review.errors.append(
            _("The page arrived incomplete, so nothing was saved or kept. Here is the import "
              "as it was last kept.")
        )  # fmt: skip
        status = 400
    elif request.method == "POST":
        review = ImportReview(request.POST, languages=languages)
        draft = ImportReview.draft_of(request.POST)
        if "keep" in request.POST:
            _keep(report_import, draft)
            messages.success(
                request,
                _("Your corrections are kept. Continue any time from “Import a report”."),
            )
            return redirect("importer:report_import")
        if review.is_valid():
            try:
                meeting = save_import(
                    report_import,
                    review.import_data(),
                    by=request.user,
                    allow_duplicate=review.allow_duplicate,
                )
            except AlreadySaved:
                return _already_saved(request, report_import)
            except DuplicateMeeting:
                review.confirm.add_error(
                    "confirm_duplicate",
                    _("A meeting like this one exists already (see above). Tick this box to "
                      "create another one anyway."),
                )  # fmt: skip
            except ValidationError as error:
                review.errors.extend(error.messages)
            except (DatabaseError, OSError):
                # The database's or the file system's words stay in the log.
                logger.exception("Saving report import %s failed", report_import.pk)
                review.errors.append(
                    _("The meeting could not be saved, so nothing of it was. Your "
                      "corrections are still here: try again in a moment, and tell the "
                      "administrator if it fails again."),
                )  # fmt: skip
            else:
                messages.success(request, _saved_message(meeting))
                return redirect("actions:meeting_detail", pk=meeting.pk)
        _keep(report_import, draft)  # the corrections survive the error, even a closed tab
    else:
        review = _as_kept(report_import, parsed)
    group, date = review.group_and_date()
    duplicates = find_duplicates(working_group=group, date=date, sha256=report_import.sha256)
    _attach_sources(review, report_import.parsed)
    _mark_unpaired(review, report_import.parsed)
    return render(
        request,
        "importer/reportimport_review.html",
        {
            "report_import": report_import,
            "review": review,
            "duplicates": duplicates,
            "unmatched": parsed.unmatched,
            "read": report_import.parsed.get("meeting") or {},
            "found_resolutions": len(report_import.parsed.get("resolutions") or []),
            "languages": languages,
            "translation_warnings": warning_messages(report_import.parsed),
            "only_in_translation": only_in_translation(report_import.parsed),
        },
        status=status,
    )


def review_languages(report_import: ReportImport) -> tuple[str, str] | None:
    """(first version's language, second's) when the import has both versions, else None."""
    parsed = report_import.parsed
    if not report_import.has_translation or not parsed.get("translation_language"):
        return None
    return report_language(parsed), "es" if report_language(parsed) == "en" else "en"


def only_in_translation(parsed: dict) -> list[dict[str, Any]]:
    """The second version's resolutions that pair with none of the first's."""
    return [
        {"number": w.get("translation_number"), "text": w.get("translation") or ""}
        for w in parsed.get("translation_warnings") or []
        if w.get("message") == "unpaired_in_original"
    ]


def _mark_unpaired(review: ImportReview, parsed: dict) -> None:
    """Flag the resolution rows the second version has no text for (as read)."""
    if review.languages is None:
        return
    unpaired = {
        str(w.get("number"))
        for w in parsed.get("translation_warnings") or []
        if w.get("message") == "unpaired_in_translation"
    }
    badge = _("No %(language)s version in the second report") % {
        "language": language_in_sentence(review.languages[1])
    }
    for form in review.resolutions.forms:
        form.unpaired = badge if str(form["number"].value() or "") in unpaired else ""


def _as_kept(report_import: ReportImport, parsed) -> ImportReview:
    """The review as last kept: the corrections if any, else the parse."""
    languages = review_languages(report_import)
    if report_import.draft:
        return ImportReview.from_draft(report_import.draft, languages=languages)
    return ImportReview(initial=parsed, languages=languages)


def _keep(report_import: ReportImport, draft: dict) -> None:
    report_import.draft = draft
    report_import.save(update_fields=["draft", "updated_at"])


def _already_saved(request: HttpRequest, report_import: ReportImport) -> HttpResponse:
    if report_import.meeting_id:
        messages.info(request, _("This report has already been saved as this meeting."))
        return redirect("actions:meeting_detail", pk=report_import.meeting_id)
    messages.info(request, _("This report was saved as a meeting that has since been deleted."))
    return redirect("importer:report_import")


def _saved_message(meeting: Meeting) -> str:
    resolutions = meeting.resolutions.count()
    items = ActionItem.objects.filter(resolution__meeting=meeting).count()
    return _(
        "The meeting has been created as a draft with %(resolutions)s and %(items)s. "
        "Check it, then publish it."
    ) % {
        "resolutions": ngettext("%(count)d resolution", "%(count)d resolutions", resolutions)
        % {"count": resolutions},
        "items": ngettext("%(count)d action item", "%(count)d action items", items)
        % {"count": items},
    }


# The words each field was read from ---------------------------------------------------------


def highlight(text: str, marks: list[tuple[int, int, str, str]]) -> SafeString:
    """`text` escaped, with each (start, end, css name, label) span in a <mark>.

    Spans outside the text are ignored; an overlapping span starts where the
    previous one ended. Each mark ends with its label, so the highlight does
    not rely on colour.
    """
    out: list[str] = []
    position = 0
    for start, end, name, label in sorted(marks, key=lambda m: (m[0], -m[1])):
        start = max(start, position)
        if not 0 <= start < end <= len(text):
            continue
        out.append(conditional_escape(text[position:start]))
        out.append(
            format_html(
                '<mark class="import-mark import-mark-{}">{}<small class="import-mark-tag">{}'
                "</small></mark>",
                name,
                text[start:end],
                label,
            )
        )
        position = end
    out.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(part) for part in out))  # every part was escaped above


def source_blocks(parsed: dict, origin: int | None) -> list[dict[str, Any]]:
    """The report's words behind one parsed action item, with what was read marked.

    One block per resolution involved, in report order: a listed sub-item's
    kind, responsible and due come from its parent, whose text comes first.
    """
    items = parsed.get("action_items") or []
    if origin is None or not 0 <= origin < len(items):
        return []
    item = items[origin]
    texts = {r["number"]: r.get("text") or "" for r in parsed.get("resolutions") or []}
    marks: dict[str, list[tuple[int, int, str, str]]] = {item.get("resolution"): []}
    spans = item.get("spans") or {}
    for field, label in SPAN_FIELDS:
        found = spans.get(field)
        for span in found if isinstance(found, list) else [found]:
            if span and span.get("resolution") in texts:
                marks.setdefault(span["resolution"], []).append(
                    (span.get("start", -1), span.get("end", -1), field, str(label))
                )
    return [
        {"number": number, "html": highlight(texts[number], marks[number])}
        for number in texts
        if number in marks
    ]


def _attach_sources(review: ImportReview, parsed: dict) -> None:
    for form in review.items.forms:
        origin = form["origin"].value()
        try:
            origin = int(origin) if origin not in (None, "") else None
        except (TypeError, ValueError):
            origin = None
        form.source_blocks = source_blocks(parsed, origin)


# The other language, later ------------------------------------------------------------------


@secretariat_required
def meeting_other_language(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a saved meeting's other language from its report: read, compare, then fill."""
    meeting = get_object_or_404(Meeting.objects.select_related("working_group"), pk=pk)
    language = meeting_language(meeting, list(meeting.resolutions.all()))
    posted = request.method == "POST"
    form = OtherLanguageForm(
        request.POST if posted else None, request.FILES if posted else None, language=language
    )
    context: dict[str, Any] = {"meeting": meeting, "form": form, "language": language}
    if posted and form.is_valid():
        assert form.report is not None  # the form's clean read it
        text = form.report["text"]
        if "save" in request.POST:
            outcome = add_other_language(meeting, text)
            messages.success(request, _filled_message(outcome))
            return redirect("actions:meeting_detail", pk=meeting.pk)
        paired, _items = pair_with_meeting(meeting, text)
        context.update(
            paired=paired,
            other=paired.get("translation_language"),
            text=text,
            translation_warnings=warning_messages(paired),
            only_in_translation=only_in_translation(paired),
            unpaired_badge=_("No %(language)s version in the second report")
            % {"language": language_in_sentence(paired.get("translation_language"))},
        )
    return render(request, "importer/meeting_other_language.html", context)


def _filled_message(outcome: Filled) -> str:
    filled = ngettext(
        "%(count)d text was filled in the other language",
        "%(count)d texts were filled in the other language",
        outcome.filled,
    ) % {"count": outcome.filled}
    kept = ngettext(
        "%(count)d was left as it was because it already had text",
        "%(count)d were left as they were because they already had text",
        outcome.kept,
    ) % {"count": outcome.kept}
    return _("%(filled)s; %(kept)s.") % {"filled": filled, "kept": kept}
