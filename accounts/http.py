"""The request type of views that only signed-in users reach."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required` or a role guard: its user is signed in.

    Annotate such a view's `request` with it instead of `HttpRequest`, so that
    `request.user` is a `User` rather than `User | AnonymousUser`. Only a type:
    Django still builds plain `HttpRequest`s; the guard is what makes it true.
    """

    user: User
