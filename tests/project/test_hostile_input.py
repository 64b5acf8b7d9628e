"""Malformed and hostile input to every form and endpoint, as the roles that may use them.

For each route the allowed role posts values drawn (by hypothesis) from a set
of hostile inputs into every field the page's form offers: over-long strings,
control characters, HTML and script, wrong types, impossible dates, huge and
negative numbers, missing fields, and forged ids of Mexico's objects. Then:
no server error, no script stored and shown back unescaped, and nothing of
Mexico's reached through Costa Rica's forms.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import DocumentVersion
from members.models import Country
from submissions.models import Submission
from tests.factories import ActionItemFactory, DocumentFactory, DocumentVersionFactory
from tests.project.test_access_matrix import ROUTES, url_for
from tests.project.world import build_world

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("rcm-xss")</script>'
IMG = '"><img src=x onerror=alert("rcm-xss")>'
HOSTILE = [
    "",
    " ",
    SCRIPT,
    IMG,
    "x" * 20000,
    "\x00nul",
    "\x01\x1b[31mcontrol\x7f",
    "‮right-to-left override",
    "🙂 emoji and ñ",
    "' OR 1=1 --",
    "-1",
    "0",
    "99999999999999999999999",
    "3.5",
    "2020-13-45",
    "0000-00-00",
    "../../etc/passwd",
    "on",
    "null",
]

# (route, role that may post, extra fields for endpoints that show no form)
FORMS = [
    ("login", "anonymous", []),
    ("password_reset", "anonymous", []),
    ("password_change", "focal_cr", []),
    ("accounts:profile", "focal_cr", []),
    ("accounts:set_language", "focal_cr", ["language", "next"]),
    ("accounts:two_factor_verify", "focal_cr", []),
    ("actions:meeting_create", "secretariat", []),
    ("actions:meeting_edit", "secretariat", []),
    ("actions:meeting_copy", "secretariat", []),
    ("actions:resolution_create", "secretariat", []),
    ("actions:resolution_edit", "secretariat", []),
    ("actions:resolution_move", "secretariat", ["direction"]),
    ("actions:resolution_delete", "secretariat", []),
    ("actions:action_item_bulk_status", "secretariat", ["items", "status", "note"]),
    ("actions:action_item_create", "secretariat", []),
    ("actions:action_item_edit", "secretariat", []),
    ("actions:action_item_status", "secretariat", []),
    ("actions:document_create", "secretariat", []),
    ("actions:document_version_create", "secretariat", []),
    ("actions:presidency_create", "secretariat", []),
    ("importer:report_import", "secretariat", []),
    ("importer:report_import_review", "secretariat", []),
    ("submissions:submission_edit", "focal_cr", []),
    ("submissions:submission_confirm", "focal_cr", []),
    ("submissions:submission_discard", "focal_cr", ["draft", "revision"]),
    ("submissions:submission_revise", "focal_cr", []),
    ("submissions:progress_create", "focal_iom", ["percent", "note"]),
    ("submissions:submission_review", "secretariat", ["action", "message", "decision"]),
    ("actions:comment_round", "secretariat", []),
    ("submissions:compilation", "secretariat", []),
    ("members:invitation_create", "secretariat", []),
    ("members:invitation_accept", "anonymous", []),
    ("dashboards:calendar", "focal_cr", []),
]
# GET pages whose query string is a form (filters).
FILTERS = [
    ("actions:meeting_list", "secretariat"),
    ("actions:action_item_list", "focal_cr"),
    ("actions:action_item_list", "manager"),
    ("actions:action_item_export", "manager"),
    ("dashboards:matrix", "focal_cr"),
    ("dashboards:charts", "manager"),
    ("dashboards:report", "manager"),
    ("submissions:review_queue", "secretariat"),
    ("submissions:home", "focal_cr"),
    ("reminders:reminder_list", "manager"),
    ("submissions:compilation", "focal_cr"),
]
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)


def _fields(html: str) -> list[str]:
    names = {n for n in FIELD.findall(html) if n not in {"csrfmiddlewaretoken", "next"}}
    return sorted(names)


@pytest.fixture
def world():
    world = build_world()
    # Mexico's own item, document and draft: the ids a forger would try.
    mexico = Country.objects.get(code="MX")
    item = ActionItemFactory(title="Mexico only")
    item.address_to(countries=[mexico])
    version = DocumentVersionFactory(document=DocumentFactory(action_item=item))
    world.ids["mx_version"] = version.pk
    world.ids["mx_obligation"] = item.obligations.get().pk
    return world


def _forged(world) -> list[str]:
    return [str(world["mx_version"]), str(world["mx_obligation"])]


def _assert_sane(response, where: str) -> None:
    assert response.status_code < 500, where
    body = response.content.decode(errors="replace")
    assert SCRIPT not in body and "<img src=x onerror" not in body, f"unescaped input: {where}"


@pytest.mark.parametrize(("name", "role", "extra"), FORMS, ids=[f[0] for f in FORMS])
def test_forms_survive_hostile_input(name, role, extra, world, client_as):
    client = client_as(role)
    url = url_for(name, ROUTES[name], world)
    page = client.get(url)
    fields = sorted(
        set(_fields(page.content.decode()) if page.status_code == 200 else []) | set(extra)
    )
    values = st.sampled_from(HOSTILE + _forged(world))

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values)))
    def post(data):
        cache.clear()
        _assert_sane(client.post(url, data), f"POST {name} {sorted(data)}")

    post()
    # What was stored comes back escaped on the pages that show it.
    for shown in (
        reverse("actions:meeting_list"),
        reverse("actions:action_item_list"),
        url_for("actions:meeting_detail", ROUTES["actions:meeting_detail"], world),
    ):
        _assert_sane(client_as("secretariat").get(shown), f"GET {shown} after {name}")


@pytest.mark.parametrize(("name", "role"), FILTERS, ids=[f"{f[0]}-{f[1]}" for f in FILTERS])
def test_filters_survive_hostile_query_strings(name, role, world, client_as):
    client = client_as(role)
    url = url_for(name, ROUTES[name], world)
    page = client.get(url)
    fields = _fields(page.content.decode()) or ["q", "page", "status", "working_group"]
    fields += ["page", "sort", "q"]

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(fields), st.sampled_from(HOSTILE), max_size=4))
    def get(params):
        params = {k: v.replace("\x00", "") for k, v in params.items()}
        _assert_sane(client.get(url, params), f"GET {name} {params}")

    get()


def test_a_costa_rica_answer_cannot_point_at_mexicos_document(world, client_as):
    """A forged document-version id in Costa Rica's draft is refused, not stored."""
    client = client_as("focal_cr")
    url = url_for("submissions:submission_edit", ROUTES["submissions:submission_edit"], world)
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update({"document_version": world["mx_version"], "text": "Forged"})
    client.post(url, data)
    forged = DocumentVersion.objects.get(pk=world["mx_version"])
    assert not Submission.objects.filter(document_version=forged).exists()
