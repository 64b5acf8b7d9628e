"""Per-request account rules: the user's language and the second sign-in step."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Session flag: signed in with the password, the authenticator code still owed.
SECOND_STEP_PENDING = "two_factor_pending"


class UserLanguageMiddleware:
    """Prefer the language stored on the user's profile over the browser's.

    LocaleMiddleware has already picked a language from the cookie or the
    Accept-Language header; a signed-in user's own choice wins over both.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class TwoFactorMiddleware:
    """Hold signed-in users at the second step until they have passed it.

    A user with a confirmed TOTP device must enter a code after the password;
    a user whose role is in settings.TWO_FACTOR_REQUIRED_ROLES and has no
    device yet must set one up first. Both pages, sign-out and the language
    switch stay reachable.
    """

    EXEMPT = {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:set_language",
        "logout",
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.view_name in self.EXEMPT:
            return None
        # Set at sign-in (accounts.signals), so that this check costs no query.
        if request.session.get(SECOND_STEP_PENDING):
            target = "accounts:two_factor_verify"
        elif user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
            target = "accounts:two_factor_setup"
        else:
            return None
        return redirect_to(target, request.get_full_path())


def redirect_to(view_name: str, next_url: str) -> HttpResponse:
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode

    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")
