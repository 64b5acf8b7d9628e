"""Signing in, the role-based home redirect, and the user's own settings."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from rcm_tracker.links import safe_next
from rcm_tracker.mail import sender
from rcm_tracker.security import by_ip, by_ip_and_email, rate_limited

from . import forms
from .middleware import SECOND_STEP_PENDING


@method_decorator(rate_limited("login", by_ip, "LOGIN_RATE_LIMIT"), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = forms.EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The user's stored language wins from now on, also on signed-out pages.
        response.set_cookie(
            *_language_cookie(self.request, form.get_user().language),
        )
        return response


@method_decorator(
    rate_limited("password-reset", by_ip_and_email, "PASSWORD_RESET_RATE_LIMIT"), name="dispatch"
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    subject_template_name = "emails/password-reset-subject.txt"
    email_template_name = "emails/password-reset-body.txt"
    html_email_template_name = "emails/password-reset-body.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        """Send with the sender's name in the language of the page the reset was asked from."""
        self.from_email = sender()
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the home page of their role."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.can_read_all:
        return redirect("dashboards:overview")
    return redirect("submissions:home")


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Let users set their name, language and reminder preference."""
    form = forms.ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your settings have been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(*_language_cookie(request, user.language))
        return response
    from django.conf import settings
    from django_otp import user_has_device

    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "two_factor_on": user_has_device(request.user),
            "two_factor_required": request.user.role in settings.TWO_FACTOR_REQUIRED_ROLES,
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is stored on their profile."""
    from django.conf import settings

    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, reverse("home")))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(*_language_cookie(request, language))
    return response


def _language_cookie(request: HttpRequest, language: str) -> tuple:
    from django.conf import settings

    return (
        settings.LANGUAGE_COOKIE_NAME,
        language,
        settings.LANGUAGE_COOKIE_AGE,
        None,
        settings.LANGUAGE_COOKIE_PATH,
        settings.LANGUAGE_COOKIE_DOMAIN,
        settings.LANGUAGE_COOKIE_SECURE,
        settings.LANGUAGE_COOKIE_HTTPONLY,
        settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pair an authenticator app: show its QR code, confirm with a first code."""
    import base64

    import segno
    from django_otp import login as otp_login
    from django_otp import user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    if user_has_device(user):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:profile")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = forms.TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session.pop(SECOND_STEP_PENDING, None)
        messages.success(request, _("Two-factor authentication is on."))
        return redirect(safe_next(request, reverse("accounts:profile")))
    context = {
        "form": form,
        "qr_data_uri": segno.make(device.config_url, micro=False).svg_data_uri(scale=5),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": safe_next(request, ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@rate_limited("two-factor", by_ip, "LOGIN_RATE_LIMIT")
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second sign-in step: a code from the user's authenticator app."""
    from django_otp import login as otp_login

    if request.user.is_verified():
        return redirect(safe_next(request, reverse("home")))
    form = forms.TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.verified_device)
        request.session.pop(SECOND_STEP_PENDING, None)
        return redirect(safe_next(request, reverse("home")))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": safe_next(request, "")},
    )


@login_required
@require_POST
def two_factor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn two-factor authentication off, unless the user's role requires it."""
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if request.user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
        messages.error(request, _("Your role requires two-factor authentication."))
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:profile")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows while an address is locked out (HTTP 429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
