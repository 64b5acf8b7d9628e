"""Signing in, the role-based home redirect, and the user's own settings."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import forms


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


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    subject_template_name = "emails/password-reset-subject.txt"
    email_template_name = "emails/password-reset-body.txt"
    html_email_template_name = "emails/password-reset-body.html"
    success_url = reverse_lazy("password_reset_done")


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
    return redirect("members:home")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Let users set their name, language and reminder preference."""
    form = forms.ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your settings have been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(*_language_cookie(request, user.language))
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is stored on their profile."""
    from django.conf import settings

    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
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
