"""Every URL, for every role, by GET and by POST, gives the expected answer.

Roles: anonymous, a focal point of another country (Mexico), the focal point
of the country that owns the data (Costa Rica), an organisation's focal point
(IOM), a manager and the secretariat. The data (tests/project/world.py) is
Costa Rica's, so Mexico's focal point must get 404 wherever Costa Rica's gets
in. The test fails when a URL is added without a row here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.project.world import build_world

pytestmark = pytest.mark.django_db

ROLES_ORDER = ["anonymous", "focal_mx", "focal_cr", "focal_iom", "manager", "secretariat"]

# Each route: the world keys of its arguments, and the expected answers per role
# in ROLES_ORDER ("L": sent to the login page). The rules they follow:
# - pages for signed-in users send anonymous visitors to the login page;
# - secretariat-only pages answer 403 to every other role, managers included;
# - staff pages (secretariat and managers) answer 403 to focal points;
# - a page about Costa Rica's data answers 404 to Mexico's and IOM's focal points
#   (the data is not even confirmed to exist), and 403 to Costa Rica's focal
#   point where its role may not act;
# - read-only pages answer 405 to POST; action endpoints answer 405 to GET.
ROUTES: dict[str, dict] = {
    "home": {"GET": "L 302 302 302 302 302", "POST": "L 302 302 302 302 302"},
    "login": {"GET": "200 302 302 302 302 302", "POST": "200 302 302 302 302 302"},
    "logout": {"GET": "405 405 405 405 405 405", "POST": "L L L L L L"},
    "password_change": {"GET": "L 200 200 200 200 200", "POST": "L 200 200 200 200 200"},
    "password_reset": {"GET": "200 200 200 200 200 200", "POST": "200 200 200 200 200 200"},
    "password_reset_done": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "password_reset_confirm": {
        "args": ["uidb64", "reset_token"],
        "GET": "302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302",
    },
    "password_reset_complete": {
        "GET": "200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405",
    },
    "accounts:profile": {"GET": "L 200 200 200 200 200", "POST": "L 200 200 200 200 200"},
    "accounts:set_language": {"GET": "405 405 405 405 405 405", "POST": "302 302 302 302 302 302"},
    "accounts:two_factor_setup": {"GET": "L 200 200 200 200 200", "POST": "L 200 200 200 200 200"},
    "accounts:two_factor_verify": {"GET": "L 200 200 200 200 200", "POST": "L 200 200 200 200 200"},
    "accounts:two_factor_disable": {
        "GET": "L 405 405 405 405 405",
        "POST": "L 302 302 302 302 302",
    },
    "actions:meeting_list": {"GET": "L 200 200 200 200 200", "POST": "L 405 405 405 405 405"},
    "actions:meeting_create": {"GET": "L 403 403 403 403 200", "POST": "L 403 403 403 403 200"},
    "actions:meeting_detail": {
        "args": ["meeting"],
        "GET": "L 404 200 200 200 200",
        "POST": "L 405 405 405 405 405",
    },
    "actions:meeting_edit": {
        "args": ["meeting"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:meeting_copy": {
        "args": ["meeting"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:meeting_publish": {
        "args": ["meeting"],
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 302",
    },
    "actions:meeting_report": {
        "args": ["meeting"],
        "GET": "L 404 200 200 200 200",
        "POST": "L 405 405 405 405 405",
    },
    "actions:meeting_history": {
        "args": ["meeting"],
        "GET": "L 403 403 403 200 200",
        "POST": "L 403 403 403 405 405",
    },
    "actions:resolution_create": {
        "args": ["meeting"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:resolution_edit": {
        "args": ["resolution"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:resolution_move": {
        "args": ["resolution"],
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 400",
    },
    "actions:resolution_delete": {
        "args": ["resolution"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:action_item_list": {"GET": "L 200 200 200 200 200", "POST": "L 405 405 405 405 405"},
    "actions:action_item_export": {
        "kwargs": {"fmt": "csv"},
        "GET": "L 403 403 403 200 200",
        "POST": "L 403 403 403 405 405",
    },
    "actions:action_item_bulk_status": {
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 400",
    },
    "actions:action_item_create": {
        "args": ["resolution"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:action_item_detail": {
        "args": ["item"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 405 405 405 405 405",
    },
    "actions:action_item_edit": {
        "args": ["item"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:action_item_status": {
        "args": ["item"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:action_item_delete": {
        "args": ["item"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:action_item_history": {
        "args": ["item"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 405 405 405 405 405",
    },
    "actions:document_create": {
        "args": ["item"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:document_version_create": {
        "args": ["document"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "actions:document_version_download": {
        "args": ["version"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 405 405 405 405 405",
    },
    "importer:report_import": {"GET": "L 403 403 403 403 200", "POST": "L 403 403 403 403 200"},
    "importer:report_import_review": {
        "args": ["report_import"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 400",
    },
    "importer:meeting_other_language": {
        "args": ["meeting"],
        "GET": "L 403 403 403 403 200",
        "POST": "L 403 403 403 403 200",
    },
    "importer:report_import_discard": {
        "args": ["report_import"],
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 302",
    },
    "actions:presidency_list": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "actions:presidency_create": {"GET": "L 403 403 403 403 200", "POST": "L 403 403 403 403 200"},
    "submissions:home": {"GET": "L 200 200 200 403 403", "POST": "L 405 405 405 403 403"},
    "submissions:obligation_detail": {
        "args": ["obligation"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 404 405 404 405 405",
    },
    "submissions:submission_edit": {
        "args": ["obligation"],
        "GET": "L 404 200 404 403 403",
        "POST": "L 404 200 404 403 403",
    },
    "submissions:submission_confirm": {
        "args": ["obligation"],
        "GET": "L 404 200 404 403 403",
        "POST": "L 404 302 404 403 403",
    },
    "submissions:submission_discard": {
        "args": ["obligation"],
        "GET": "L 404 405 404 403 403",
        "POST": "L 404 404 404 403 403",
    },
    "submissions:submission_revise": {
        "args": ["obligation"],
        "GET": "L 404 405 404 403 403",
        "POST": "L 404 302 404 403 403",
    },
    "submissions:progress_create": {
        "args": ["org_obligation"],
        "GET": "L 404 404 405 403 403",
        "POST": "L 404 404 200 403 403",
    },
    "submissions:submission_detail": {
        "args": ["submission"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 404 405 404 405 405",
    },
    "submissions:submission_review": {
        "args": ["submission"],
        "GET": "L 404 403 404 403 405",
        "POST": "L 404 403 404 403 200",
    },
    "submissions:submission_file": {
        "args": ["file"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 404 405 404 405 405",
    },
    "actions:comment_round": {
        "args": ["version"],
        "GET": "L 404 403 404 403 200",
        "POST": "L 404 403 404 403 200",
    },
    # An old path: sent on, method kept, to the page that checks who asks.
    "comment_round_moved": {
        "args": ["version"],
        "GET": "308 308 308 308 308 308",
        "POST": "308 308 308 308 308 308",
    },
    "submissions:comment_template": {
        "args": ["obligation", "=xlsx"],
        "GET": "L 404 200 404 403 403",
        "POST": "L 404 405 404 403 403",
    },
    "submissions:compilation": {
        "args": ["version"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 404 403 404 403 200",
    },
    "submissions:compilation_publish": {
        "args": ["version"],
        "GET": "L 404 403 404 403 405",
        "POST": "L 404 403 404 403 302",
    },
    "submissions:compilation_export": {
        "args": ["version", "=xlsx"],
        "GET": "L 404 200 404 200 200",
        "POST": "L 404 405 404 405 405",
    },
    "submissions:review_queue": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "members:focal_point_list": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "members:focal_point_deactivate": {
        "args": ["focal_point"],
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 302",
    },
    "members:invitation_list": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "members:invitation_create": {"GET": "L 403 403 403 403 200", "POST": "L 403 403 403 403 200"},
    "members:invitation_resend": {
        "args": ["invitation"],
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 302",
    },
    "members:invitation_revoke": {
        "args": ["invitation"],
        "GET": "L 403 403 403 403 405",
        "POST": "L 403 403 403 403 302",
    },
    "members:invitation_accept": {
        "args": ["invitation_token"],
        "GET": "200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200",
    },
    "dashboards:overview": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    # Old addresses of the list behind the numbers, now actions' item list and its export.
    "dashboards:item_list": {"GET": "308 308 308 308 308 308", "POST": "308 308 308 308 308 308"},
    "dashboards:item_export": {
        "kwargs": {"fmt": "csv"},
        "GET": "308 308 308 308 308 308",
        "POST": "308 308 308 308 308 308",
    },
    "dashboards:matrix": {"GET": "L 200 200 403 200 200", "POST": "L 405 405 405 405 405"},
    "dashboards:matrix_export": {
        "kwargs": {"fmt": "xlsx"},
        "GET": "L 200 200 403 200 200",
        "POST": "L 405 405 405 405 405",
    },
    "dashboards:charts": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "dashboards:report": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "dashboards:report_docx": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "dashboards:calendar": {"GET": "L 200 200 200 200 200", "POST": "L 200 200 200 200 200"},
    "dashboards:calendar_revoke": {
        "args": ["feed"],
        "GET": "405 405 405 405 405 405",
        "POST": "L 404 404 404 302 404",
    },
    "reminders:reminder_list": {"GET": "L 403 403 403 200 200", "POST": "L 403 403 403 405 405"},
    "reminders:reminder_resend": {
        "args": ["reminder"],
        "GET": "405 405 405 405 405 405",
        "POST": "L 403 403 403 403 302",
    },
    "reminders:reminder_confirm_sent": {
        "args": ["reminder"],
        "GET": "405 405 405 405 405 405",
        "POST": "L 403 403 403 403 302",
    },
    "reminders:digest_resend": {
        "args": ["digest"],
        "GET": "405 405 405 405 405 405",
        "POST": "L 403 403 403 403 302",
    },
    "reminders:digest_confirm_sent": {
        "args": ["digest"],
        "GET": "405 405 405 405 405 405",
        "POST": "L 403 403 403 403 302",
    },
    "dashboards:calendar_feed": {
        "args": ["feed_token"],
        "GET": "200 200 200 200 200 200",
        "POST": "405 405 405 405 405 405",
    },
}


def url_for(name: str, route: dict, world) -> str:
    """The route's URL; an argument "=xlsx" is a literal, any other names a world object."""
    args = [key[1:] if key.startswith("=") else world[key] for key in route.get("args", [])]
    return reverse(name, args=args, kwargs=route.get("kwargs"))


def project_url_names() -> set[str]:
    """Every named URL of the project, admin excluded (Django's own, superusers only)."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner == "admin":
                    continue
                prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def _fingerprint() -> str:
    """A digest of every row a request could change (not sessions or sign-in records)."""
    import hashlib

    from accounts.models import User
    from actions.models import (
        ActionItem,
        Document,
        DocumentVersion,
        Meeting,
        Obligation,
        Presidency,
        Resolution,
    )
    from dashboards.models import CalendarFeed
    from importer.models import ReportImport
    from members.models import FocalPoint, Invitation
    from reminders.models import Digest, Reminder
    from submissions.models import Submission, SubmissionComment

    digest = hashlib.sha256()
    for model in (
        Meeting, Resolution, ActionItem, Obligation, ReportImport, Document, DocumentVersion,
        Presidency, Submission, SubmissionComment, Invitation, FocalPoint, CalendarFeed,
        Reminder, Digest,
    ):  # fmt: skip
        digest.update(repr(list(model.objects.order_by("pk").values())).encode())
    digest.update(
        repr(list(User.objects.order_by("pk").values("pk", "is_active", "role"))).encode()
    )
    return digest.hexdigest()


UNCHANGED = {"L", "308", "403", "404", "405"}


def test_every_url_has_a_row():
    assert project_url_names() - set(ROUTES) == set(), "add the new URLs to ROUTES"
    assert set(ROUTES) - project_url_names() == set(), "remove URLs that no longer exist"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_answer_for_every_role(name, method, client_as, django_db_blocker):
    from django.core.cache import cache

    world = build_world()
    route = ROUTES[name]
    expected = route[method].split()
    seen = []
    for role in ROLES_ORDER:
        client = client_as(role)
        cache.clear()  # rate limits would otherwise mix the roles up
        url = url_for(name, route, world)
        before = _fingerprint()
        response = client.get(url) if method == "GET" else client.post(url, {})
        status = str(response.status_code)
        if status == "302" and response["Location"].startswith(reverse("login")):
            status = "L"
        seen.append(status)
        if status in UNCHANGED:
            assert _fingerprint() == before, f"{method} {name} as {role} changed data"
    assert seen == expected, f"{method} {name}: {' '.join(seen)}"
