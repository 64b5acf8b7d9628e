"""Forms for signing in and managing accounts."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from rcm_tracker.forms import CrispyFormMixin

from .models import User


class AdminUserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role"]


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


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

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code != "invalid_login":
                raise
            # The message concerns both fields: show it under the password and point the
            # address at it too, so that a screen reader announces it on either field.
            self.add_error("password", error)
            self.fields["username"].widget.attrs.update(
                {
                    "aria-invalid": "true",
                    "aria-describedby": f"{self['password'].auto_id}_error",
                    "class": "is-invalid",
                }
            )
            return self.cleaned_data


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


class TokenForm(CrispyFormMixin, forms.Form):
    """A six-digit code from an authenticator app."""

    submit_label = _("Verify")
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, user: User | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The page wraps the form to carry `next`.
        self.helper.form_tag = False
        self.device = device
        self.user = user

    def clean_token(self) -> str:
        from django_otp import match_token

        token = self.cleaned_data["token"].replace(" ", "")
        if self.device is not None:
            verified = self.device if self.device.verify_token(token) else None
        else:
            verified = match_token(self.user, token)
        if verified is None:
            raise forms.ValidationError(
                _("That code is not valid. Check the time on your phone and try the newest code.")
            )
        self.verified_device = verified
        return token
