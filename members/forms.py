"""Forms of focal points and of the secretariat's pages about them."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from rcm_tracker.forms import CrispyFormMixin, field_of

from .models import Country, FocalPoint, Invitation, Organisation
from .services import email_can_be_invited

# Invitations ---------------------------------------------------------------------------


class InvitationForm(CrispyFormMixin, forms.ModelForm):
    """The secretariat invites a focal point of one country or one organisation."""

    submit_label = _("Send the invitation")

    class Meta:
        model = Invitation
        fields = ["email", "full_name", "country", "organisation", "kind", "language"]
        help_texts = {
            "country": _("Choose a country or an organisation."),
            "language": _("Of the invitation e-mail and of the new account."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        country = field_of(self, "country", forms.ModelChoiceField)
        country.queryset = Country.objects.in_reader_order("-is_member")
        organisation = field_of(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(is_active=True).in_reader_order()

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if not email_can_be_invited(email):
            raise ValidationError(
                _("%(email)s already has an account; it cannot be invited again."),
                code="taken",
                params={"email": email},
            )
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An invitation to %(email)s is still pending: resend it from the list "
                    "of invitations instead."
                ),
                code="pending",
                params={"email": email},
            )
        return email

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        country, organisation = cleaned.get("country"), cleaned.get("organisation")
        if bool(country) == bool(organisation):
            self.add_error(
                "country", _("Choose either a country or an organisation (exactly one of them).")
            )
            return cleaned
        party = country or organisation
        assert party is not None  # exactly one of them, checked above
        if (
            cleaned.get("kind") == FocalPoint.Kind.PRIMARY
            and FocalPoint.objects.active()
            .for_party(party)
            .filter(kind=FocalPoint.Kind.PRIMARY)
            .exists()
        ):
            self.add_error(
                "kind",
                _(
                    "%(party)s already has an active primary focal point: invite an "
                    "alternate, or deactivate the primary first."
                )
                % {"party": party},
            )
        return cleaned


class InvitationAcceptForm(CrispyFormMixin, SetPasswordMixin, forms.Form):
    """The invited person names themselves and chooses a password."""

    submit_label = _("Set my password and sign in")

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        self.invitation = invitation
        kwargs.setdefault("initial", {"full_name": invitation.full_name})
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean(self) -> dict:
        self.validate_passwords()
        # The validators compare the password with the person's name and address.
        self.validate_password_for_user(
            User(email=self.invitation.email, full_name=self.cleaned_data.get("full_name", ""))
        )
        super().clean()
        return self.cleaned_data


class FocalPointFilter(django_filters.FilterSet):
    """Narrow the list of focal points to one party, or to the active ones."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.in_reader_order(),
        empty_label=_("All countries"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.in_reader_order(),
        empty_label=_("All organisations"),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = FocalPoint
        fields: list[str] = []
