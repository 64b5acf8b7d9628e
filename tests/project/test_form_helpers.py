"""The helpers every app's forms use to configure their fields, checked as well as typed."""

import pytest
from django import forms

from members.models import Country
from rcm_tracker.forms import field_of, formset_class, label_options


class _Form(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.none())
    note = forms.CharField()


class _Rows(forms.BaseFormSet):
    pass


def test_field_of_gives_the_field_when_it_is_of_that_kind():
    form = _Form()
    assert field_of(form, "country", forms.ModelChoiceField) is form.fields["country"]
    assert field_of(form, "country", forms.ChoiceField) is form.fields["country"]


def test_field_of_refuses_a_field_of_another_kind():
    with pytest.raises(TypeError, match=r"_Form\.note is a CharField"):
        field_of(_Form(), "note", forms.ModelChoiceField)


def test_label_options_labels_each_option_of_that_field_only():
    form, other = _Form(), _Form()
    label_options(field_of(form, "country", forms.ModelChoiceField), lambda obj: f"<{obj}>")
    assert form.fields["country"].label_from_instance("CR") == "<CR>"
    assert other.fields["country"].label_from_instance("CR") == "CR"


def test_formset_class_makes_a_subclass_of_the_given_formset():
    made = formset_class(_Form, formset=_Rows, extra=2)
    assert issubclass(made, _Rows)
    assert len(made().forms) == 2
