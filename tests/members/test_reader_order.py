"""Lists of countries, organisations and working groups follow the reader's language
and its alphabet: República Dominicana under R and Estados Unidos under E in Spanish."""

import pytest
from django.utils import translation

from actions.filters import ActionItemFilter
from actions.models import WorkingGroup
from members.forms import InvitationForm
from members.models import Country, Organisation
from rcm_tracker.collation import sort_key
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def _names(queryset, attribute="name"):
    return [str(getattr(obj, attribute)) for obj in queryset]


def test_countries_in_spanish_sort_by_their_spanish_names():
    with translation.override("es"):
        names = _names(Country.objects.members().in_reader_order())
    assert names == [
        "Belice",
        "Canadá",
        "Costa Rica",
        "El Salvador",
        "Estados Unidos",
        "Guatemala",
        "Honduras",
        "México",
        "Nicaragua",
        "Panamá",
        "República Dominicana",
    ]


def test_countries_in_english_sort_by_their_english_names():
    with translation.override("en"):
        names = _names(Country.objects.members().in_reader_order())
    assert names.index("Dominican Republic") < names.index("El Salvador")
    assert names[-1] == "United States"


def test_accents_and_case_do_not_move_a_name_and_n_tilde_follows_n():
    CountryFactory(code="QA", name_en="Zeta", name_es="Ñandutí")
    CountryFactory(code="QB", name_en="Zeta 2", name_es="Nueva Zelandia")
    CountryFactory(code="QC", name_en="Zeta 3", name_es="árbol")
    with translation.override("es"):
        names = _names(Country.objects.in_reader_order())
    assert names.index("árbol") < names.index("Belice")  # not after Z, as by code point
    assert names.index("Nueva Zelandia") < names.index("Ñandutí") < names.index("Panamá")
    assert sort_key("Canadá", spanish=True) == sort_key("canada", spanish=True)


def test_members_first_then_observers_each_in_reader_order():
    with translation.override("es"):
        countries = list(Country.objects.in_reader_order("-is_member"))
    members = [c for c in countries if c.is_member]
    assert countries[: len(members)] == members
    assert _names(countries[len(members) :]) == sorted(
        _names(countries[len(members) :]), key=lambda n: sort_key(n, spanish=True)
    )


def test_organisations_and_working_groups_in_reader_order():
    with translation.override("es"):
        acronyms = _names(Organisation.objects.in_reader_order(), "short_name")
        groups = _names(WorkingGroup.objects.in_reader_order())
    assert acronyms == sorted(acronyms, key=lambda n: sort_key(n, spanish=True))
    assert "UNODC" in acronyms and "ONUDD" not in acronyms
    assert groups == sorted(groups, key=lambda n: sort_key(n, spanish=True))
    assert groups[0].startswith("Grupo de Trabajo")


def test_form_and_filter_choices_follow_the_language_of_the_request_not_of_the_import():
    """Querysets built at import time still sort in the language active when read."""
    with translation.override("es"):
        form_countries = [label for _value, label in InvitationForm().fields["country"].choices]
        filter_groups = [
            label for _value, label in ActionItemFilter().form.fields["working_group"].choices
        ]
    pair = ("Estados Unidos", "República Dominicana")
    assert [name for name in form_countries if name in pair] == list(pair)
    assert filter_groups[1].startswith("Grupo de Trabajo")


def test_matrix_rows_in_spanish_order(client_as):
    from accounts.models import User

    client = client_as("manager")
    User.objects.update(language="es")
    rows = [row.country.name for row in client.get("/dashboards/matrix/").context["matrix"].rows]
    assert rows.index("Estados Unidos") < rows.index("México") < rows.index("República Dominicana")


def test_a_meetings_participants_in_spanish_order(client_as, published_meeting):
    from accounts.models import User

    published_meeting.participants.set(Country.objects.members())
    client = client_as("secretariat")
    User.objects.update(language="es")
    page = client.get(f"/actions/meetings/{published_meeting.pk}/")
    names = [country.name for country in page.context["participants"]]
    assert (
        names.index("Estados Unidos") < names.index("México") < names.index("República Dominicana")
    )
