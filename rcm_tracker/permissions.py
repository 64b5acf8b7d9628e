"""Role checks shared by every app's views.

Anonymous users are sent to the login page; signed-in users without the role
get 403. Objects a user may not see at all are answered with 404 by each
app's access helpers (e.g. `_get_action_item_for_user`), so that another
country's data is not even confirmed to exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


class RoleHolder(Protocol):
    """What the guards ask of a signed-in user: accounts.User, which this layer cannot import."""

    @property
    def is_secretariat(self) -> bool: ...

    @property
    def can_read_all(self) -> bool: ...

    @property
    def active_focal_point(self) -> object | None: ...


def _role_required(check: Callable[[RoleHolder], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # login_required has sent anonymous users away; the test narrows the type.
            if not request.user.is_authenticated or not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


secretariat_required = _role_required(lambda user: user.is_secretariat)
"""Only secretariat users (and superusers) may create or change."""

staff_required = _role_required(lambda user: user.can_read_all)
"""Secretariat and managers: pages that show every country's data."""

focal_point_required = _role_required(lambda user: user.active_focal_point is not None)
"""Active focal points of a country or organisation."""
