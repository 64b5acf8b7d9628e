"""Dashboards for the secretariat, the PPT and managers, and everybody's calendar feeds.

Managers read everything here and change nothing: every page is a GET; the
only writes are a user's own calendar feeds. Focal points see the compliance
matrix restricted to their own country's row, and their own calendar feeds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from actions.models import ActionItem, ActionItemQuerySet, Obligation
from members.models import Country
from rcm_tracker.dates import local_today
from rcm_tracker.i18n import chosen_language
from rcm_tracker.links import moved_to
from rcm_tracker.permissions import staff_required

from . import exports
from .charts import Series, horizontal_bars, vertical_bars
from .feeds import build_calendar
from .forms import (
    CalendarFeedForm,
    MatrixFilterForm,
    OverviewFilterForm,
    PeriodFilterForm,
    ReportForm,
)
from .models import CalendarFeed
from .periods import quarter_bounds
from .stats import (
    DUE_SOON_DAYS,
    REPORTED_OUTCOMES,
    advances_report,
    build_matrix,
    on_time_by_quarter,
    opened_and_done_by_month,
    outcome_count_headers,
    overdue_by_country,
    overview_by_group,
    shared_filter,
    total_counts,
)

OVERVIEW_LIST_LENGTH = 10
MATRIX_COLUMNS_PER_PAGE = 20
EXPORT_FORMATS = ("csv", "xlsx")
NEW_FEED_SESSION_KEY = "dashboards.new_calendar_feed"
# The filters the overview, matrix and charts share, carried into every link.
SHARED_FILTERS = ("presidency", "working_group", "kind")


# Links -----------------------------------------------------------------------


def url_with(name: str, params: dict[str, Any]) -> str:
    """`name` reversed, with the non-empty params as a query string (lists repeat)."""
    query = urlencode(
        {k: v for k, v in params.items() if v not in (None, "", [], False)}, doseq=True
    )
    return reverse(name) + (f"?{query}" if query else "")


def item_list_url(**params: Any) -> str:
    """The action-item list behind a number (parameters: see actions.filters.ActionItemFilter)."""
    return url_with("actions:action_item_list", params)


def shared_params(filters: dict[str, Any]) -> dict[str, Any]:
    """The shared filters as query parameters: ids for presidency and group."""
    params = {name: filters.get(name) for name in SHARED_FILTERS}
    for name in ("presidency", "working_group"):
        params[name] = getattr(params[name], "pk", params[name])
    return params


def count_links(params: dict[str, Any], today: dt.date) -> dict[str, str]:
    """The list behind each headline number, with the filters in `params`."""
    open_statuses = list(ActionItem.OPEN_STATUSES)
    first, last = quarter_bounds(today)
    done = {"status": ["done"], "closed_from": first, "closed_to": last, **params}
    return {
        "open": item_list_url(status=open_statuses, **params),
        "due_soon": item_list_url(
            status=open_statuses,
            due_from=today,
            due_to=today + dt.timedelta(days=DUE_SOON_DAYS),
            **params,
        ),
        "overdue": item_list_url(overdue=1, **params),
        "done": item_list_url(**done),
        "done_late": item_list_url(late=1, **done),
    }


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Overview and the list behind its numbers ------------------------------------


@staff_required
@require_safe
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open, due soon, overdue and done this quarter; the overdue and due-soon lists; groups."""
    today = local_today()
    form = OverviewFilterForm(request.GET)
    filters = form.filters()
    items = shared_filter(ActionItem.objects.all(), filters)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    params = shared_params(filters)
    groups = overview_by_group(items, today)
    for row in groups:
        row["links"] = count_links({**params, "working_group": row["group_id"]}, today)
    quarter = quarter_bounds(today)
    return render(
        request,
        "dashboards/overview.html",
        {
            "form": form,
            "counts": total_counts(groups),
            "links": count_links(params, today),
            "overdue": items.overdue(today)
            .for_list()
            .order_by("due_latest", "pk")[:OVERVIEW_LIST_LENGTH],
            "due_soon": items.open()
            .due_between(today, soon)
            .for_list()
            .order_by("due_latest", "pk")[:OVERVIEW_LIST_LENGTH],
            "groups": groups,
            "due_soon_days": DUE_SOON_DAYS,
            "quarter": quarter,
            "matrix_params": urlencode({k: v for k, v in params.items() if v}),
        },
    )


# The list behind the numbers moved to actions:action_item_list (one list, one filter);
# the old addresses answer with a redirect that translates their parameters.
item_list = moved_to("actions:action_item_list")
item_export = moved_to("actions:action_item_export")


# The compliance matrix -------------------------------------------------------


def _matrix_scope(user: User) -> tuple[ActionItemQuerySet, list[Country], bool]:
    """Requests the user may see, the countries of the rows, and whether all rows show.

    Secretariat and managers see every member country; a country's focal
    point sees its own row only (and no column totals, which would tell of
    other countries); an organisation's focal point has no row: 403.
    """
    if user.can_read_all:
        return ActionItem.objects.all(), list(Country.objects.members().in_reader_order()), True
    focal_point = user.active_focal_point
    if focal_point is None or focal_point.country_id is None:
        raise PermissionDenied
    return ActionItem.objects.visible_to(user), [focal_point.country], False


def _matrix(request: AuthenticatedHttpRequest, *, paginate: bool):
    today = local_today()
    visible, countries, sees_all = _matrix_scope(request.user)
    form = MatrixFilterForm(request.GET, today=today, user=request.user)
    filters = form.filters()
    base = shared_filter(visible, filters)
    # The rows' countries in SQL: a join for every member country, not a list of ids.
    country_ids = (
        Country.objects.members().values_list("pk", flat=True) if sees_all else [countries[0].pk]
    )
    # Requests: items that ask something of at least one of the row countries.
    columns = base.filter(
        Exists(Obligation.objects.filter(action_item=OuterRef("pk"), country__in=country_ids))
    )
    if filters.get("item"):
        columns = columns.filter(pk=filters["item"])
    else:
        if filters["scope"] == MatrixFilterForm.Scope.OPEN:
            columns = columns.open()
        if filters.get("meeting"):
            columns = columns.filter(resolution__meeting=filters["meeting"])
    columns = columns.select_related("resolution__meeting__working_group").ordered_by_due()
    if paginate:
        page = Paginator(columns, MATRIX_COLUMNS_PER_PAGE).get_page(request.GET.get("page"))
        shown, count = list(page), page.paginator.count
    else:
        page = None
        shown = list(columns)
        count = len(shown)
    matrix = build_matrix(
        columns=shown,
        all_columns=columns,
        column_count=count,
        countries=countries,
        rate_items=base,
        rate_first=filters["rate_from"],
        rate_last=filters["rate_to"],
        today=today,
        with_column_totals=sees_all,
        country_ids=country_ids,
    )
    return form, filters, matrix, page


@login_required
@require_safe
def matrix(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Countries by requests: on time, late, pending, overdue or not applicable."""
    form, filters, data, page = _matrix(request, paginate=True)
    return render(
        request,
        "dashboards/matrix.html",
        {
            "form": form,
            "matrix": data,
            "page": page,
            "query": _query_without_page(request),
            "one_item": filters.get("item"),
        },
    )


@login_required
@require_safe
def matrix_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """The whole matrix (every chosen request, no pages) as CSV or XLSX, in the language
    asked (`?language=en|es`; the reader's by default)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    language = chosen_language(request.GET.get("language"))
    with translation.override(language):
        _form, _filters, data, _page = _matrix(request, paginate=False)
        response = exports.matrix_csv(data) if fmt == "csv" else exports.matrix_xlsx(data)
    response["Content-Language"] = language
    return response


# Charts ----------------------------------------------------------------------


@staff_required
@require_safe
def charts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Items opened and done per month, on-time rates per quarter, overdue by country."""
    today = local_today()
    form = PeriodFilterForm(request.GET, today=today)
    filters = form.filters()
    first, last = filters["start"], filters["end"]
    items = shared_filter(ActionItem.objects.all(), filters)
    months = opened_and_done_by_month(items, first, last)
    quarters = on_time_by_quarter(items, first, last, today)
    overdue = overdue_by_country(items, Country.objects.members().in_reader_order(), today)
    month_labels = [date_format(m.month, "M Y") for m in months]
    params = shared_params(filters)
    context = {
        "form": form,
        "first": first,
        "last": last,
        "months": months,
        "quarters": quarters,
        "overdue": [
            (country, count, item_list_url(owed_by=country.pk, overdue=1, **params))
            for country, count in overdue
        ],
        "month_chart": vertical_bars(
            key="chart-months",
            title=_("Action items opened and completed per month"),
            description=_(
                "Bars per month: items opened (decided at a meeting that month) and items "
                "completed that month. The numbers are in the table below."
            ),
            categories=month_labels,
            series=[
                Series(_("Opened"), [m.opened for m in months]),
                Series(_("Completed"), [m.done for m in months]),
            ],
        ),
        "quarter_chart": vertical_bars(
            key="chart-quarters",
            title=_("On-time rate per quarter"),
            description=_(
                "Per quarter of the deadline, in percent: answers of the countries handed in "
                "on time, and action items completed on time, out of those whose outcome is "
                "known. The numbers are in the table below."
            ),
            categories=[q.label for q in quarters],
            series=[
                Series(
                    _("Answers on time"),
                    [q.answers.percent or 0 for q in quarters],
                    [_percent_label(q.answers) for q in quarters],
                ),
                Series(
                    _("Items on time"),
                    [q.items.percent or 0 for q in quarters],
                    [_percent_label(q.items) for q in quarters],
                ),
            ],
            unit="%",
            maximum=100,
        ),
        "country_chart": horizontal_bars(
            key="chart-countries",
            title=_("Overdue answers by country"),
            description=_(
                "Per member country, the answers it still owes past their deadline today. "
                "The numbers are in the table below."
            ),
            categories=[country.name for country, _count in overdue],
            values=[count for _country, count in overdue],
        ),
    }
    return render(request, "dashboards/charts.html", context)


def _percent_label(rate) -> str:
    return "—" if rate.percent is None else f"{rate.percent}%"


# The report on advances ------------------------------------------------------


def _report(request: HttpRequest):
    today = local_today()
    form = ReportForm(request.GET, today=today, language=(get_language() or "en")[:2])
    filters = form.filters()
    return form, filters, today


def _advances(filters: dict[str, Any], today: dt.date):
    return advances_report(
        first=filters["start"],
        last=filters["end"],
        today=today,
        working_group=filters.get("working_group"),
        countries=list(Country.objects.members().in_reader_order()),
    )


@staff_required
@require_safe
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The report on advances for a period, as a printable page, in English or Spanish."""
    form, filters, today = _report(request)
    language = filters["language"]
    with translation.override(language):
        data = _advances(filters, today)
        response = render(
            request,
            "dashboards/report.html",
            {
                "form": form,
                "report": data,
                "title": exports.report_title(data),
                "introduction": exports.report_introduction(data),
                "group_header": exports.group_header(),
                "query": _query_without_page(request),
                "language": language,
                "outcomes": outcome_count_headers(REPORTED_OUTCOMES),
            },
        )
    response["Content-Language"] = language
    return response


@staff_required
@require_safe
def report_docx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same report as a Word document."""
    _form, filters, today = _report(request)
    with translation.override(filters["language"]):
        return exports.advances_docx(_advances(filters, today))


# Calendar feeds --------------------------------------------------------------


def _may_have_feeds(user: User) -> bool:
    return user.can_read_all or user.active_focal_point is not None


@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A user's secret calendar addresses: create one, see them, revoke them."""
    user = request.user
    if not _may_have_feeds(user):
        raise PermissionDenied
    form = CalendarFeedForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        feed, token = CalendarFeed.create_for(
            user,
            name=form.cleaned_data["name"],
            country=form.cleaned_data.get("country"),
            working_group=form.cleaned_data["working_group"],
        )
        # Shown once, on the next page: only the token's hash is stored.
        request.session[NEW_FEED_SESSION_KEY] = {"pk": feed.pk, "token": token}
        messages.success(request, _("Your calendar feed has been created."))
        return redirect("dashboards:calendar")
    new_feed = request.session.pop(NEW_FEED_SESSION_KEY, None)
    feeds = list(user.calendar_feeds.active().select_related("country", "working_group"))
    return render(
        request,
        "dashboards/calendar.html",
        {
            "form": form,
            "feeds": feeds,
            "new_feed_pk": new_feed and new_feed["pk"],
            "new_feed_url": new_feed and CalendarFeed.url_for(new_feed["token"]),
        },
    )


@require_POST
@login_required
def calendar_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """End one of the user's own feeds; anybody else's is 404."""
    feed = get_object_or_404(CalendarFeed.objects.active(), pk=pk, user=request.user)
    feed.revoke()
    messages.success(
        request,
        _("The feed “%(name)s” has been revoked: its address no longer works.") % {"name": feed},
    )
    return redirect("dashboards:calendar")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed behind a secret address; 404 once revoked or no longer allowed."""
    feed = CalendarFeed.objects.for_token(token)
    if feed is None or not feed.is_allowed():
        raise Http404
    feed.record_use()
    response = HttpResponse(build_calendar(feed), content_type="text/calendar; charset=utf-8")
    name = slugify(pgettext("file name", "rcm-tracker"))
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
