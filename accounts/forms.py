"""Forms for signing in and managing accounts."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User


class AdminUserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role"]


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class CrispyFormMixin:
    """Give a form a crispy FormHelper with one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class EmailAuthenticationForm(CrispyFormMixin, auth_forms.AuthenticationForm):
    """Sign in with an e-mail address and a password."""

    submit_label = _("Sign in")
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match an active account. "
            "Both are checked exactly; the e-mail address in any case."
        ),
        "inactive": _("This account is inactive."),
    }


class PasswordResetForm(CrispyFormMixin, auth_forms.PasswordResetForm):
    submit_label = _("Send the reset link")


class SetPasswordForm(CrispyFormMixin, auth_forms.SetPasswordForm):
    submit_label = _("Set my password")


class PasswordChangeForm(CrispyFormMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Change my password")


class ProfileForm(CrispyFormMixin, forms.ModelForm):
    """What users may change about themselves."""

    class Meta:
        model = User
        fields = ["full_name", "language", "reminder_mode"]
