"""Links: absolute addresses for e-mails and feeds, and the `next` a form may go back to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(name: str, *args: Any) -> str:
    """The address of URL `name` on the public site (settings.SITE_URL), e.g. for e-mails."""
    return site_url(reverse(name, args=args))


def site_url(path: str) -> str:
    """`path` (beginning with /) on the public site."""
    return settings.SITE_URL + path


def is_safe_target(request: HttpRequest, target: str) -> bool:
    """Whether `target` stays on this site (and on HTTPS when the request came by HTTPS)."""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, fallback: str = "") -> str:
    """The `next` the request carries (POST, then GET) when it stays on this site, else `fallback`.

    Links and forms pass `next` to come back where the user was; a `next`
    pointing elsewhere would make the site an open redirect.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_target(request, target) else fallback


class HttpResponsePermanentRedirectKeepingMethod(HttpResponseRedirect):
    """308: moved for good, and the browser repeats the request as it was (a POST stays one)."""

    status_code = 308


def moved_to(pattern_name: str) -> Callable[..., HttpResponse]:
    """A view for an old path that now lives at URL `pattern_name` (same arguments).

    The query string comes along, and a form posted to the old path is
    posted again to the new one; what the user may do there is checked there.
    """

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        target = reverse(pattern_name, kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirectKeepingMethod(f"{target}?{query}" if query else target)

    view.__doc__ = f"Send requests to the old path on to {pattern_name}."
    return view
