"""Filters of the meeting and action-item lists.

`ActionItemFilter` is meant for reuse: any page or export that shows "a
filtered action-item list" builds it from the request's GET parameters over
`ActionItem.objects.visible_to(user)` and reads `.qs`:

    items = ActionItemFilter(request.GET, queryset=..., request=request).qs
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Country, Organisation
from rcm_tracker.dates import local_today
from rcm_tracker.forms import DateInput

from .forms import offer_recent_meetings
from .models import ActionItem, Meeting, Presidency, WorkingGroup


def search_words(queryset, value: str, fields: list[str], exact: tuple | list = ()):
    """Keep the rows in which every word of `value` appears in one of `fields`."""
    for word in value.split():
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        for field in exact:
            match |= Q(**{f"{field}__iexact": word})
        queryset = queryset.filter(match)
    return queryset


def _visible_meetings(request):
    if request is None:
        return Meeting.objects.none()
    return Meeting.objects.visible_to(request.user).select_related("working_group")


class ResponsibleParty:
    """Values of the responsible-party filter: `member_countries`, `country:CR`,
    `organisation:IOM`, `ppt`, `technical_secretariat`, `working_group`."""

    MEMBER_COUNTRIES = "member_countries"
    PPT = "ppt"
    TECHNICAL_SECRETARIAT = "technical_secretariat"
    WORKING_GROUP = "working_group"

    @staticmethod
    def choices(presidency: Presidency | None) -> list:
        countries = [(f"country:{c.code}", c.name) for c in Country.objects.order_by("name_en")]
        organisations = [
            (f"organisation:{o.acronym}", o.short_name)
            for o in Organisation.objects.order_by("acronym")
        ]
        ppt = (
            _("Presidency Pro Tempore (%(country)s)") % {"country": presidency.country.name}
            if presidency
            else _("Presidency Pro Tempore")
        )
        return [
            (ResponsibleParty.MEMBER_COUNTRIES, _("All member countries")),
            (_("A country"), countries),
            (_("An organisation"), organisations),
            (ResponsibleParty.PPT, ppt),
            (ResponsibleParty.TECHNICAL_SECRETARIAT, _("Technical Secretariat")),
            (ResponsibleParty.WORKING_GROUP, _("The working group")),
        ]


class ActionItemFilter(django_filters.FilterSet):
    """Filter, search and sort action items."""

    OPEN_ANY = "open_any"

    q = django_filters.CharFilter(label=_("Search"), method="search")
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        field_name="resolution__meeting__working_group",
        queryset=WorkingGroup.objects.all(),
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), field_name="resolution__meeting", queryset=_visible_meetings
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActionItem.Kind.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN_ANY, _("Open or in progress")), *ActionItem.Status.choices],
        method="filter_status",
    )
    responsible = django_filters.ChoiceFilter(
        label=_("Responsible"), method="filter_responsible", choices=[]
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_latest", lookup_expr="gte", widget=DateInput()
    )
    due_to = django_filters.DateFilter(
        label=_("Due by"), field_name="due_latest", lookup_expr="lte", widget=DateInput()
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("due_latest", "due"),
            ("title", "title"),
            ("kind", "kind"),
            ("status", "status"),
            ("resolution__meeting__date", "meeting"),
            ("created_at", "created"),
        ),
        field_labels={
            "due_latest": _("Due date"),
            "title": _("Title"),
            "kind": _("Kind"),
            "status": _("Status"),
            "resolution__meeting__date": _("Meeting date"),
            "created_at": _("Entered"),
        },
    )

    class Meta:
        model = ActionItem
        fields = ["q", "working_group", "meeting", "kind", "status", "responsible"]

    def __init__(self, *args, presidency: Presidency | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.presidency = presidency
        self.filters["responsible"].extra["choices"] = ResponsibleParty.choices(presidency)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            offer_recent_meetings(super().form.fields["meeting"], self.data)
        return self._form

    def search(self, queryset, name, value):
        return search_words(
            queryset,
            value,
            ["title", "description", "source_text", "due_text"],
            exact=["resolution__number"],
        )

    def filter_status(self, queryset, name, value):
        if value == self.OPEN_ANY:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(local_today()) if value else queryset

    def filter_responsible(self, queryset, name, value):
        kind, _sep, key = value.partition(":")
        if kind == "country":
            return queryset.addressed_to(Country(pk=Country.objects.get(code=key).pk))
        if kind == "organisation":
            return queryset.addressed_to(Organisation.objects.get(acronym=key))
        field = {
            ResponsibleParty.MEMBER_COUNTRIES: "to_member_countries",
            ResponsibleParty.PPT: "to_ppt",
            ResponsibleParty.TECHNICAL_SECRETARIAT: "to_technical_secretariat",
            ResponsibleParty.WORKING_GROUP: "to_working_group",
        }[kind]
        return queryset.filter(**{field: True})


class MeetingFilter(django_filters.FilterSet):
    """Filter and search meetings."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"), queryset=WorkingGroup.objects.all()
    )
    presidency = django_filters.ModelChoiceFilter(
        label=_("Presidency"), queryset=Presidency.objects.select_related("country")
    )
    # Bounded: a year lookup on an impossible year fails in the database layer.
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=1900,
        max_value=2999,
        decimal_places=0,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["q", "working_group", "presidency", "year", "status"]

    def search(self, queryset, name, value):
        fields = ["title", "place", "notes", "working_group__name_en", "working_group__name_es"]
        # Resolution texts match through a join: one meeting per match.
        return search_words(queryset, value, [*fields, "resolutions__text"]).distinct()
