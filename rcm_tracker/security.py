"""Sign-in protection: client addresses, login lockout keys and rate limits."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind our proxy, the one it reports (the last hop it added)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """Count failures per address whatever case it is typed in."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


def over_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on `key`; True once more than `limit` hits fall in the window."""
    # Keys carry what visitors typed: hash them to a safe, bounded cache key.
    key = "rl:" + hashlib.sha256(key.encode()).hexdigest()
    cache.add(key, 0, timeout=window_seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        hits = 1
    return hits > limit


def rate_limited(
    scope: str, keys: Callable[[HttpRequest], list[str]], limit_setting: str
) -> Callable:
    """Refuse POSTs over the limit `settings.<limit_setting>` = (hits, seconds) with 429."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                limit, window = getattr(settings, limit_setting)
                hit = [over_limit(f"rl:{scope}:{key}", limit, window) for key in keys(request)]
                if any(hit):
                    response = render(
                        request,
                        "registration/rate_limited.html",
                        {"minutes": max(1, window // 60)},
                        status=429,
                    )
                    response["Retry-After"] = str(window)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def by_ip(request: HttpRequest) -> list[str]:
    return [f"ip:{client_ip(request)}"]


def by_ip_and_email(request: HttpRequest) -> list[str]:
    email = request.POST.get("email", "").strip().lower()
    return [f"ip:{client_ip(request)}"] + ([f"email:{email}"] if email else [])
