"""Filters of the meeting and action-item lists.

`ActionItemFilter` is the one filter of action items: the list page, its
exports and the dashboards' links use it, built from the request's GET
parameters over `ActionItem.objects.visible_to(user)`:

    items = ActionItemFilter(request.GET, queryset=..., request=request).qs
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedHttpRequest
from members.models import Country, Organisation
from rcm_tracker.dates import local_today
from rcm_tracker.forms import DateInput
from rcm_tracker.i18n import both_columns, localized_expression

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


class LocalizedOrderingFilter(django_filters.OrderingFilter):
    """Sort bilingual texts (`bilingual`) in the reader's language, the other one
    standing in where a row has only that."""

    bilingual = ("title",)

    def get_ordering_value(self, param: str):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        if name not in self.bilingual:
            return value
        expression = localized_expression(name)
        return expression.desc() if value.startswith("-") else expression.asc()


def _visible_meetings(request: AuthenticatedHttpRequest | None) -> QuerySet[Meeting]:
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
    def choices(
        presidency: Presidency | None,
        countries: list[Country],
        organisations: list[Organisation],
    ) -> list:
        by_country = [(f"country:{c.code}", c.name) for c in countries]
        by_organisation = [(f"organisation:{o.acronym}", o.short_name) for o in organisations]
        ppt = (
            _("Presidency Pro Tempore (%(country)s)") % {"country": presidency.country.name}
            if presidency
            else _("Presidency Pro Tempore")
        )
        return [
            (ResponsibleParty.MEMBER_COUNTRIES, _("All member countries")),
            (_("A country"), by_country),
            (_("An organisation"), by_organisation),
            (ResponsibleParty.PPT, ppt),
            (ResponsibleParty.TECHNICAL_SECRETARIAT, _("Technical Secretariat")),
            (ResponsibleParty.WORKING_GROUP, _("The working group")),
        ]


class ActionItemFilterForm(forms.Form):
    """The filter form: a period's last day may not come before its first."""

    PERIODS = (("due_from", "due_to"), ("closed_from", "closed_to"))

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        for first, last in self.PERIODS:
            start, end = cleaned.get(first), cleaned.get(last)
            if start and end and start > end:
                self.add_error(last, _("This date is before the first one."))
        return cleaned


class ActionItemFilter(django_filters.FilterSet):
    """Filter, search and sort action items: the one vocabulary of the item list.

    The list page, its exports and every link of the dashboards to "the items
    behind this number" speak it: `q`, `presidency`, `working_group`,
    `meeting` and `owed_by` (ids; `owed_by` a country that still owes an
    answer), `kind`, `status` (repeatable: open, in_progress, done,
    cancelled), `responsible`, `overdue=1`, `late=1` (done late), `due_from`
    / `due_to` and `closed_from` / `closed_to` (YYYY-MM-DD, both days
    included), `sort`. A bad value gets its message on the form and the
    other filters still apply.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    # Presidencies and countries are offered from lists read once per page (see __init__).
    presidency = django_filters.ChoiceFilter(
        label=_("Presidency (year)"),
        choices=[],
        method="filter_presidency",
        empty_label=_("All presidencies"),
    )
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.in_reader_order(),
        method="filter_group",
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), field_name="resolution__meeting", queryset=_visible_meetings
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActionItem.Kind.choices)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=ActionItem.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    responsible = django_filters.ChoiceFilter(
        label=_("Responsible"), method="filter_responsible", choices=[]
    )
    owed_by = django_filters.ChoiceFilter(
        label=_("Still owed by"),
        choices=[],
        method="filter_owed_by",
        empty_label=_("Any country"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    late = django_filters.BooleanFilter(
        label=_("Done late only"), method="filter_late", widget=forms.CheckboxInput
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_latest", lookup_expr="gte", widget=DateInput()
    )
    due_to = django_filters.DateFilter(
        label=_("Due by"), field_name="due_latest", lookup_expr="lte", widget=DateInput()
    )
    closed_from = django_filters.DateFilter(
        label=_("Closed from"), method="filter_closed_from", widget=DateInput()
    )
    closed_to = django_filters.DateFilter(
        label=_("Closed until"), method="filter_closed_to", widget=DateInput()
    )
    sort = LocalizedOrderingFilter(
        label=_("Sort by"),
        empty_label=_("Due date (the default)"),
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
            # Our own words for the reverse orders: django-filter's "%s (descending)"
            # reads badly and its catalog is not ours.
            "-due": _("Due date, latest first"),
            "-title": _("Title, Z to A"),
            "-kind": _("Kind, in reverse order"),
            "-status": _("Status, in reverse order"),
            "-meeting": _("Meeting date, latest first"),
            "-created": _("Entered, latest first"),
        },
    )

    class Meta:
        model = ActionItem
        form = ActionItemFilterForm
        fields: list[str] = []

    def __init__(self, *args, presidencies: list[Presidency] | None = None, **kwargs: Any) -> None:
        """`presidencies`: every presidency, oldest first, when the page has read them.

        The menus of parties and presidencies are read when a form shows or checks
        them, not before: an export filtered by group reads neither.
        """
        super().__init__(*args, **kwargs)
        self._presidencies = presidencies
        self.filters["responsible"].extra["choices"] = lambda: ResponsibleParty.choices(
            self.presidency_in_office, self.countries, self.organisations
        )
        self.filters["presidency"].extra["choices"] = lambda: [
            (p.pk, str(p)) for p in reversed(self.presidencies)
        ]
        self.filters["owed_by"].extra["choices"] = lambda: [(c.pk, c.name) for c in self.countries]

    @cached_property
    def presidencies(self) -> list[Presidency]:
        if self._presidencies is not None:
            return self._presidencies
        return list(Presidency.objects.select_related("country").order_by("starts_on"))

    @property
    def presidency_in_office(self) -> Presidency | None:
        today = local_today()
        return next((p for p in reversed(self.presidencies) if p.starts_on <= today), None)

    @cached_property
    def countries(self) -> list[Country]:
        return list(Country.objects.in_reader_order())

    @cached_property
    def organisations(self) -> list[Organisation]:
        return list(Organisation.objects.in_reader_order())

    @property
    def form(self):
        if not hasattr(self, "_form"):
            offer_recent_meetings(super().form.fields["meeting"], self.data)
        return self._form

    def search(self, queryset, name, value):
        return search_words(
            queryset,
            value,
            both_columns("title", "description", "due_text", "source_text"),
            exact=["resolution__number"],
        )

    def filter_presidency(self, queryset, name, value):
        return queryset.decided_during(int(value))

    def filter_group(self, queryset, name, value):
        return queryset.for_working_group(value)

    def filter_owed_by(self, queryset, name, value):
        return queryset.owed_by(int(value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(local_today()) if value else queryset

    def filter_late(self, queryset, name, value):
        return queryset.done_late() if value else queryset

    def filter_closed_from(self, queryset, name, value):
        return queryset.closed_between(first=value)

    def filter_closed_to(self, queryset, name, value):
        return queryset.closed_between(last=value)

    def filter_responsible(self, queryset, name, value):
        kind, _sep, key = value.partition(":")
        # The value is one of the choices, so the party is in the lists they were made of.
        if kind == "country":
            return queryset.addressed_to(next(c for c in self.countries if c.code == key))
        if kind == "organisation":
            return queryset.addressed_to(next(o for o in self.organisations if o.acronym == key))
        field = {
            ResponsibleParty.MEMBER_COUNTRIES: "to_member_countries",
            ResponsibleParty.PPT: "to_ppt",
            ResponsibleParty.TECHNICAL_SECRETARIAT: "to_technical_secretariat",
            ResponsibleParty.WORKING_GROUP: "to_working_group",
        }[kind]
        return queryset.filter(**{field: True})


# The parameters of the list as the dashboards' item list and the action-item list took
# them before they became one; old links are sent on with these translated.
LEGACY_PARAMETERS = {
    "due_after": "due_from",
    "due_before": "due_to",
    "closed_after": "closed_from",
    "closed_before": "closed_to",
}
LEGACY_STATUS = {"open_any": list(ActionItem.OPEN_STATUSES)}


def current_parameters(query) -> tuple[dict[str, list[str]], bool]:
    """`query` (a QueryDict) in today's vocabulary, and whether anything had to change."""
    translated: dict[str, list[str]] = {}
    changed = False
    for name, values in query.lists():
        new_name = LEGACY_PARAMETERS.get(name, name)
        if name == "status":
            new_values = [v for value in values for v in LEGACY_STATUS.get(value, [value])]
        else:
            new_values = list(values)
        changed = changed or new_name != name or new_values != values
        translated.setdefault(new_name, []).extend(new_values)
    return translated, changed


class MeetingFilter(django_filters.FilterSet):
    """Filter and search meetings."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"), queryset=WorkingGroup.objects.in_reader_order()
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
        fields = [*both_columns("title", "place", "notes"), "working_group__name_en"]
        fields += ["working_group__name_es", *both_columns("resolutions__text")]
        # Resolution texts match through a join: one meeting per match.
        return search_words(queryset, value, fields).distinct()
