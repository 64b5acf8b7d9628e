"""Filter forms of the dashboards (GET) and the calendar feed form (POST).

A filter form is bound to request.GET: whatever is typed stays in the form,
a bad value gets its message next to its field, and the valid filters still
apply (`filters()` returns only those).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from actions.forms import offer_recent_meetings
from actions.models import ActionItem, Meeting, Presidency, WorkingGroup
from members.models import Country
from rcm_tracker.forms import CrispyFormMixin, DateInput, field_of
from rcm_tracker.months import add_months

from .models import CalendarFeed
from .periods import quarter_bounds

# Longest period a chart or report covers: it keeps the number of bars readable.
MAX_PERIOD_DAYS = 5 * 366


class FilterForm(forms.Form):
    """Base of the GET filter forms, rendered by dashboards/includes/filter_form.html."""

    submit_label = _("Apply")

    def __init__(self, data=None, **kwargs: Any) -> None:
        # An empty query string is an unbound form: defaults apply, no errors show.
        super().__init__(data or None, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.wrapper_class = "col-sm-6 col-lg-3"

    def filters(self) -> dict[str, Any]:
        """The valid filters typed, with each field's initial value for the rest."""
        values = {name: field.initial for name, field in self.fields.items()}
        if self.is_bound:
            self.is_valid()
            values.update({k: v for k, v in self.cleaned_data.items() if k not in self.errors})
        return values

    def _check_order(self, first: str, last: str) -> None:
        start, end = self.cleaned_data.get(first), self.cleaned_data.get(last)
        if start and end and start > end:
            self.add_error(last, _("This date is before the first one."))

    def _check_period(self, first: str, last: str) -> None:
        self._check_order(first, last)
        start, end = self.cleaned_data.get(first), self.cleaned_data.get(last)
        if start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error(last, _("Choose a period of at most five years."))

    def _period(self, values: dict[str, Any], first: str, last: str) -> None:
        """Fill in the default period where none was typed; a wrong one falls back whole."""
        if self.errors.get(first) or self.errors.get(last):
            values[first], values[last] = None, None
        values[first] = values.get(first) or self.fields[first].initial
        values[last] = values.get(last) or self.fields[last].initial
        if values[first] > values[last] or (values[last] - values[first]).days > MAX_PERIOD_DAYS:
            values[first], values[last] = self.fields[first].initial, self.fields[last].initial


def _presidency_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Presidency.objects.select_related("country"),
        required=False,
        label=_("Presidency (year)"),
        empty_label=_("All presidencies"),
    )


def _working_group_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        WorkingGroup.objects.in_reader_order(),
        required=False,
        label=_("Working group"),
        empty_label=_("All working groups"),
    )


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", _("All kinds")), *ActionItem.Kind.choices], required=False, label=_("Kind")
    )


def _date_field(label) -> forms.DateField:
    return forms.DateField(required=False, label=label, widget=DateInput())


class OverviewFilterForm(FilterForm):
    """Presidency (year), working group and kind: the filters of the overview."""

    presidency = _presidency_field()
    working_group = _working_group_field()
    kind = _kind_field()


class MatrixFilterForm(OverviewFilterForm):
    """Which requests are the columns, and the period of the on-time rate."""

    class Scope(models.TextChoices):
        OPEN = "open", _("Open requests")
        ALL = "all", _("All requests")

    scope = forms.ChoiceField(
        choices=Scope.choices, required=False, initial=Scope.OPEN, label=_("Requests")
    )
    meeting = forms.ModelChoiceField(
        Meeting.objects.select_related("working_group"),
        required=False,
        label=_("Meeting"),
        empty_label=_("All meetings"),
    )
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    rate_from = _date_field(_("On-time rate from"))
    rate_to = _date_field(_("On-time rate until"))

    def __init__(self, data=None, *, today: dt.date, user: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        # A focal point chooses among the meetings it may see only.
        meeting = field_of(self, "meeting", forms.ModelChoiceField)
        meeting.queryset = Meeting.objects.visible_to(user).select_related("working_group")
        offer_recent_meetings(meeting, data)
        self.fields["rate_from"].initial = add_months(today.replace(day=1), -11)
        self.fields["rate_to"].initial = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._check_period("rate_from", "rate_to")
        return cleaned

    def filters(self) -> dict[str, Any]:
        values = super().filters()
        values["scope"] = values.get("scope") or self.Scope.OPEN
        self._period(values, "rate_from", "rate_to")
        return values


class PeriodFilterForm(OverviewFilterForm):
    """A period (default: the last twelve months) on top of the overview filters."""

    start = _date_field(pgettext_lazy("start of a period", "From"))
    end = _date_field(_("Until"))

    def __init__(self, data=None, *, today: dt.date, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["start"].initial, self.fields["end"].initial = self.default_period(today)

    @staticmethod
    def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
        return add_months(today.replace(day=1), -11), today

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._check_period("start", "end")
        return cleaned

    def filters(self) -> dict[str, Any]:
        values = super().filters()
        self._period(values, "start", "end")
        return values


class ReportForm(PeriodFilterForm):
    """The report on advances: a period, a group, a language.

    The period is the one typed; else the chosen presidency's year in office
    (from its handover to the day before the next one); else this quarter.
    """

    submit_label = _("Show the report")

    language = forms.ChoiceField(
        choices=settings.LANGUAGES, required=False, label=_("Language of the report")
    )

    def __init__(self, data=None, *, today: dt.date, language: str = "en", **kwargs) -> None:
        super().__init__(data, today=today, **kwargs)
        self.fields["language"].initial = language
        self.fields["presidency"].help_text = _("Its year in office, unless you type dates.")
        # The report covers meetings and deadlines, not the kind of each item.
        del self.fields["kind"]

    @staticmethod
    def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
        return quarter_bounds(today)

    def filters(self) -> dict[str, Any]:
        values = super().filters()
        values["language"] = values.get("language") or self.fields["language"].initial
        presidency = values.get("presidency")
        typed = self.is_bound and (self.data.get("start") or self.data.get("end"))
        if presidency is not None and not typed:
            values["start"], values["end"] = presidency_term(presidency)
        return values


def presidency_term(presidency: Presidency) -> tuple[dt.date, dt.date]:
    """From the handover to the day before the next presidency's (or a year)."""
    following = (
        Presidency.objects.filter(starts_on__gt=presidency.starts_on).order_by("starts_on").first()
    )
    end = following.starts_on if following else add_months(presidency.starts_on, 12)
    return presidency.starts_on, end - dt.timedelta(days=1)


class CalendarFeedForm(CrispyFormMixin, forms.ModelForm):
    """Create a feed; focal points' feeds always cover their own party only."""

    submit_label = _("Create the feed")

    class Meta:
        model = CalendarFeed
        fields = ["name", "country", "working_group"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        country = field_of(self, "country", forms.ModelChoiceField)
        country.empty_label = _("All countries")
        country.queryset = Country.objects.in_reader_order()
        working_group = field_of(self, "working_group", forms.ModelChoiceField)
        working_group.empty_label = _("All working groups")
        working_group.queryset = WorkingGroup.objects.in_reader_order()
        if not user.can_read_all:
            # A focal point's feed is its own country's (or organisation's) anyway.
            del self.fields["country"]
