"""Accessibility in Chromium: axe-core finds no serious or critical violation on any main
page, for any role; the main forms work with the keyboard alone and tie errors to fields.

Every page is loaded signed in as the demo account of the role, with the demo data
dated around today; the focal point of Costa Rica works in Spanish, so the Spanish
pages are scanned too. Each scan also checks that the page ran under the
Content-Security-Policy without a violation and without a script error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from accounts.models import User
from actions.models import ActionItem, Meeting, Obligation
from demo.demo import PROTECTION_TITLE, SAMPLE_TITLE
from importer.services import start_import
from members.models import Country, FocalPoint, Invitation
from submissions.models import Submission
from tests.browser.helpers import (
    axe_violations,
    choose_file_by_keyboard,
    describe,
    error_of,
    press,
    tab_to,
)
from tests.importer.builders import simple_pdf

EMAILS = {
    "secretariat": "secretariat@example.org",
    "manager": "manager@example.org",
    "focal_cr": "focal.cr@example.org",  # Spanish interface
    "focal_iom": "focal.iom@example.org",
    "anonymous": None,
}


# The demo objects the pages are about ------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_site, django_db_blocker) -> SimpleNamespace:
    """The demo's objects behind the scanned pages, and links only an e-mail would carry."""
    with django_db_blocker.unblock():
        return _demo_objects()


def _demo_objects() -> SimpleNamespace:
    border = Meeting.objects.get(title_en=SAMPLE_TITLE)
    protection = Meeting.objects.get(title_en=PROTECTION_TITLE)

    def obligation(meeting: Meeting, number: str, **party) -> Obligation:
        return Obligation.objects.get(
            action_item__resolution__meeting=meeting,
            action_item__resolution__number=number,
            **party,
        )

    comments_2a = ActionItem.objects.get(resolution__meeting=border, resolution__number="2.a")
    mexico_2b = obligation(border, "2.b", country__code="MX")
    iom = Obligation.objects.filter(organisation__acronym="IOM").order_by("pk").first()
    secretariat = User.objects.get(email=EMAILS["secretariat"])
    invitation = Invitation.objects.create(
        email="new.focal.cr@example.org",
        full_name="Ana Mora",
        country=Country.objects.get(code="CR"),
        kind=FocalPoint.Kind.ALTERNATE,
        language="en",
        invited_by=secretariat,
    )
    reset_user = User.objects.get(email="focal.gt@example.org")  # never signs in here
    report_text = SAMPLE_REPORT.read_text()
    report_import = start_import(
        text=report_text,
        data=report_text.encode(),
        name="report.txt",
        content_type="text/plain",
        by=secretariat,
    )
    return SimpleNamespace(
        border=border,
        comments_2a=comments_2a,
        document_version=comments_2a.documents.get().versions.get(),
        mexico_2b=mexico_2b,
        mexico_2b_version=mexico_2b.submissions.get(),
        costa_rica_draft=obligation(border, "2.a", country__code="CR"),
        costa_rica_acknowledged=obligation(protection, "1", country__code="CR")
        .submissions.filter(status=Submission.Status.ACKNOWLEDGED)
        .get(),
        iom=iom,
        invitation_token=invitation.token(),
        reset_uid=urlsafe_base64_encode(force_bytes(reset_user.pk)),
        reset_token=default_token_generator.make_token(reset_user),
        report_import=report_import,
    )


SAMPLE_REPORT = (
    Path(__file__).resolve().parents[1]
    / "importer"
    / "fixtures"
    / "border-management_2020-09-28.txt"
)


# Page name -> its path, given the demo objects.
PAGES: dict[str, Callable[[SimpleNamespace], str]] = {
    # Signed out
    "login": lambda d: reverse("login"),
    "password_reset": lambda d: reverse("password_reset"),
    "password_reset_done": lambda d: reverse("password_reset_done"),
    "password_reset_confirm": lambda d: reverse(
        "password_reset_confirm", args=[d.reset_uid, d.reset_token]
    ),
    "password_reset_complete": lambda d: reverse("password_reset_complete"),
    "invitation_accept": lambda d: reverse("members:invitation_accept", args=[d.invitation_token]),
    # Everyone signed in
    "profile": lambda d: reverse("accounts:profile"),
    "password_change": lambda d: reverse("password_change"),
    "two_factor_setup": lambda d: reverse("accounts:two_factor_setup"),
    "calendar": lambda d: reverse("dashboards:calendar"),
    # Dashboards
    "overview": lambda d: reverse("dashboards:overview"),
    "matrix": lambda d: reverse("dashboards:matrix"),
    "charts": lambda d: reverse("dashboards:charts"),
    "report": lambda d: reverse("dashboards:report"),
    # Meetings, resolutions, action items, documents
    "meeting_list": lambda d: reverse("actions:meeting_list"),
    "meeting_detail": lambda d: reverse("actions:meeting_detail", args=[d.border.pk]),
    "meeting_history": lambda d: reverse("actions:meeting_history", args=[d.border.pk]),
    "meeting_create": lambda d: reverse("actions:meeting_create"),
    "meeting_edit": lambda d: reverse("actions:meeting_edit", args=[d.border.pk]),
    "meeting_copy": lambda d: reverse("actions:meeting_copy", args=[d.border.pk]),
    "resolution_create": lambda d: reverse("actions:resolution_create", args=[d.border.pk]),
    "resolution_edit": lambda d: reverse(
        "actions:resolution_edit", args=[d.comments_2a.resolution_id]
    ),
    "resolution_delete": lambda d: reverse(
        "actions:resolution_delete", args=[d.comments_2a.resolution_id]
    ),
    "action_item_list": lambda d: reverse("actions:action_item_list"),
    "action_item_detail": lambda d: reverse("actions:action_item_detail", args=[d.comments_2a.pk]),
    "action_item_history": lambda d: reverse(
        "actions:action_item_history", args=[d.comments_2a.pk]
    ),
    "action_item_create": lambda d: reverse(
        "actions:action_item_create", args=[d.comments_2a.resolution_id]
    ),
    "action_item_edit": lambda d: reverse("actions:action_item_edit", args=[d.comments_2a.pk]),
    "action_item_status": lambda d: reverse("actions:action_item_status", args=[d.comments_2a.pk]),
    "action_item_delete": lambda d: reverse("actions:action_item_delete", args=[d.comments_2a.pk]),
    "document_create": lambda d: reverse("actions:document_create", args=[d.comments_2a.pk]),
    "document_version_create": lambda d: reverse(
        "actions:document_version_create", args=[d.document_version.document_id]
    ),
    "presidency_list": lambda d: reverse("actions:presidency_list"),
    "report_import": lambda d: reverse("importer:report_import"),
    "report_import_review": lambda d: reverse(
        "importer:report_import_review", args=[d.report_import.pk]
    ),
    "meeting_other_language": lambda d: reverse(
        "importer:meeting_other_language", args=[d.border.pk]
    ),
    "compilation": lambda d: reverse("submissions:compilation", args=[d.document_version.pk]),
    "reminder_list": lambda d: reverse("reminders:reminder_list"),
    "presidency_create": lambda d: reverse("actions:presidency_create"),
    # Focal points, submissions, review
    "home": lambda d: reverse("submissions:home"),
    "review_queue": lambda d: reverse("submissions:review_queue"),
    "obligation_detail": lambda d: reverse("submissions:obligation_detail", args=[d.mexico_2b.pk]),
    "submission_detail": lambda d: reverse(
        "submissions:submission_detail", args=[d.mexico_2b_version.pk]
    ),
    "comment_round": lambda d: reverse("actions:comment_round", args=[d.document_version.pk]),
    "focal_point_list": lambda d: reverse("members:focal_point_list"),
    "invitation_list": lambda d: reverse("members:invitation_list"),
    "invitation_create": lambda d: reverse("members:invitation_create"),
    # The focal points' own obligations
    "own_obligation_detail": lambda d: reverse(
        "submissions:obligation_detail", args=[d.costa_rica_draft.pk]
    ),
    "own_submission_form": lambda d: reverse(
        "submissions:submission_edit", args=[d.costa_rica_draft.pk]
    ),
    "own_submission_confirm": lambda d: reverse(
        "submissions:submission_confirm", args=[d.costa_rica_draft.pk]
    ),
    "own_submission_detail": lambda d: reverse(
        "submissions:submission_detail", args=[d.costa_rica_acknowledged.pk]
    ),
    "organisation_obligation_detail": lambda d: reverse(
        "submissions:obligation_detail", args=[d.iom.pk]
    ),
    "organisation_submission_form": lambda d: reverse(
        "submissions:submission_edit", args=[d.iom.pk]
    ),
}

READ_ALL = [
    "overview",
    "matrix",
    "charts",
    "report",
    "calendar",
    "meeting_list",
    "meeting_detail",
    "meeting_history",
    "action_item_list",
    "action_item_detail",
    "action_item_history",
    "presidency_list",
    "review_queue",
    "obligation_detail",
    "submission_detail",
    "focal_point_list",
    "invitation_list",
    "profile",
    "two_factor_setup",
    "compilation",
    "reminder_list",
]
ROLE_PAGES: dict[str, list[str]] = {
    "anonymous": [
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "invitation_accept",
    ],
    "secretariat": [
        *READ_ALL,
        "password_change",
        "meeting_create",
        "meeting_edit",
        "meeting_copy",
        "resolution_create",
        "resolution_edit",
        "resolution_delete",
        "action_item_create",
        "action_item_edit",
        "action_item_status",
        "action_item_delete",
        "document_create",
        "document_version_create",
        "comment_round",
        "presidency_create",
        "invitation_create",
        "report_import",
        "report_import_review",
        "meeting_other_language",
    ],
    "manager": READ_ALL,
    "focal_cr": [
        "home",
        "own_obligation_detail",
        "own_submission_form",
        "own_submission_confirm",
        "own_submission_detail",
        "compilation",
        "matrix",
        "calendar",
        "meeting_list",
        "meeting_detail",
        "action_item_list",
        "action_item_detail",
        "action_item_history",
        "profile",
        "two_factor_setup",
    ],
    "focal_iom": [
        "home",
        "organisation_obligation_detail",
        "organisation_submission_form",
        "calendar",
        "meeting_list",
        "profile",
    ],
}
SCANS = [(role, name) for role, names in ROLE_PAGES.items() for name in names]


# Pages reached through a one-time link: the link must have worked (a spent or wrong link
# shows another page at the same address).
SHOWS_FIELD = {"password_reset_confirm": "New password", "invitation_accept": "Full name"}


@pytest.mark.parametrize(("role", "name"), SCANS, ids=[f"{r}-{n}" for r, n in SCANS])
def test_page_has_no_serious_accessibility_violation(role, name, demo, tab_of):
    tab = tab_of(EMAILS[role])
    path = PAGES[name](demo)
    response = tab.page.goto(path)
    assert response.status == 200, f"{name} answered {response.status} to {role}"
    if name in SHOWS_FIELD:
        expect(tab.page.get_by_label(SHOWS_FIELD[name]).first).to_be_visible()
    else:
        # Not sent elsewhere: to sign in, to the second sign-in step, to another page.
        assert urlparse(tab.page.url).path == path, f"{role} was sent from {path} to {tab.page.url}"
    if role == "focal_cr":
        # Screen readers choose their voice by <html lang>.
        expect(tab.page.locator("html")).to_have_attribute("lang", "es")
    violations = axe_violations(tab.page)
    assert not violations, f"{role} on {tab.page.url}:\n{describe(violations)}"
    assert not tab.seen.problems


# Every page of the project is scanned, or excluded for a stated reason --------------------

NOT_SCANNED = {
    # Downloads, feeds and redirects: no HTML page to scan.
    "home": "redirects to the role's home page",
    "logout": "POST only",
    "accounts:set_language": "POST only",
    "accounts:two_factor_verify": "only during sign-in with a device; same form as the setup",
    "accounts:two_factor_disable": "POST only",
    "actions:meeting_publish": "POST only",
    "actions:meeting_report": "file download",
    "actions:resolution_move": "POST only",
    "actions:action_item_bulk_status": "POST only (its error page shares the list's markup)",
    "actions:document_version_download": "file download",
    "actions:action_item_export": "file download",
    "dashboards:item_list": "redirects to actions:action_item_list (its old address)",
    "dashboards:item_export": "redirects to actions:action_item_export (its old address)",
    "comment_round_moved": "redirects to actions:comment_round (its old address)",
    "dashboards:matrix_export": "file download",
    "dashboards:report_docx": "file download",
    "dashboards:calendar_revoke": "POST only",
    "dashboards:calendar_feed": "iCalendar feed",
    "submissions:submission_discard": "POST only",
    "submissions:submission_revise": "POST only",
    "submissions:progress_create": "POST only (errors re-render the obligation page)",
    "submissions:submission_review": "POST only (errors re-render the submission page)",
    "submissions:submission_file": "file download",
    "members:focal_point_deactivate": "POST only",
    "members:invitation_resend": "POST only",
    "members:invitation_revoke": "POST only",
    "submissions:comment_template": "file download",
    "submissions:compilation_export": "file download",
    "submissions:compilation_publish": "POST only",
    "importer:report_import_discard": "POST only",
    "reminders:reminder_resend": "POST only",
    "reminders:reminder_confirm_sent": "POST only",
    "reminders:digest_resend": "POST only",
    "reminders:digest_confirm_sent": "POST only",
}
# Scanned under another name (the page of a focal point's own obligation, and so on).
SCANNED_AS = {
    "submissions:home": "home",
    "submissions:submission_edit": "own_submission_form",
    "submissions:submission_confirm": "own_submission_confirm",
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin, for superusers only
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_of_the_project_is_scanned_or_excluded_for_a_reason():
    scanned = {name for _role, name in SCANS}
    missing = []
    for url_name in sorted(_url_names(get_resolver())):
        short = SCANNED_AS.get(url_name, url_name.rpartition(":")[2])
        if url_name not in NOT_SCANNED and short not in scanned:
            missing.append(url_name)
    assert not missing, (
        "Pages without an accessibility scan: add them to PAGES and ROLE_PAGES in "
        f"{__name__}, or to NOT_SCANNED with the reason: {missing}"
    )


# Keyboard alone ---------------------------------------------------------------------------


def test_signing_in_with_the_keyboard_alone_ties_the_error_to_the_fields(open_as):
    tab = open_as(None)
    page = tab.page
    page.goto(reverse("login"))
    email = page.get_by_label("E-mail address")
    password = page.get_by_label("Password")

    tab_to(page, email)
    page.keyboard.type("manager@example.org")
    tab_to(page, password)
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")

    expect(password).to_have_attribute("aria-invalid", "true")
    expect(error_of(password)).to_contain_text("do not match an active account")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(error_of(email)).to_contain_text("do not match an active account")
    expect(email).to_have_value("manager@example.org")  # nothing typed is lost
    assert not axe_violations(page), describe(axe_violations(page))

    tab_to(page, password)
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    assert not tab.seen.problems


def test_a_meeting_is_entered_with_the_keyboard_alone(open_as):
    tab = open_as(EMAILS["secretariat"])
    page = tab.page
    page.goto(reverse("actions:meeting_list"))
    press(page, page.get_by_role("link", name="New meeting"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New meeting")

    group = page.get_by_label("Working group")
    tab_to(page, group)
    page.keyboard.type("Working Group on Protection")  # type-ahead in the closed select
    tab_to(page, page.get_by_label("Title (English)"))
    page.keyboard.type("Keyboard meeting of the Working Group on Protection")
    tab_to(page, page.get_by_label("Date"))  # "Date*": required
    page.keyboard.type("03112026")  # month, day, year in Chromium's en-US date field
    end = page.get_by_label("Last day")
    tab_to(page, end)
    page.keyboard.type("03102026")  # before the first day
    press(page, page.get_by_role("checkbox", name="Costa Rica"), "Space")
    press(page, page.get_by_role("button", name="Save"))

    expect(end).to_have_attribute("aria-invalid", "true")
    expect(error_of(end)).to_have_text("The last day cannot be before the first day.")
    # What was typed and chosen is still there.
    expect(page.get_by_label("Title (English)")).to_have_value(
        "Keyboard meeting of the Working Group on Protection"
    )
    expect(group.locator("option:checked")).to_have_text("Working Group on Protection")
    expect(page.get_by_role("checkbox", name="Costa Rica")).to_be_checked()
    assert not axe_violations(page), describe(axe_violations(page))

    tab_to(page, end)
    page.keyboard.type("03132026")
    press(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Keyboard meeting of the Working Group on Protection"
    )
    meeting = Meeting.objects.get(title_en="Keyboard meeting of the Working Group on Protection")
    assert (meeting.date.isoformat(), meeting.end_date.isoformat()) == ("2026-03-11", "2026-03-13")
    assert [c.code for c in meeting.participants.all()] == ["CR"]
    assert meeting.working_group.slug == "protection"
    assert not tab.seen.problems


def test_a_focal_point_answers_with_the_keyboard_alone(open_as, tmp_path):
    """The United States' focal point (English) answers a comment request, file included."""
    obligation = Obligation.objects.get(
        action_item__resolution__meeting__title_en=SAMPLE_TITLE,
        action_item__resolution__number="2.c",
        country__code="US",
    )
    tab = open_as("focal.us@example.org")
    page = tab.page
    page.goto(reverse("submissions:home"))
    row = page.get_by_role("row").filter(has_text=obligation.action_item.title)
    press(page, row.get_by_role("link", name="Answer"))
    expect(page.get_by_role("heading", level=1)).to_have_text(obligation.action_item.title)

    text = page.get_by_label("General comments")
    tab_to(page, text)
    page.keyboard.type("The directory should list the migration authorities of each border post.")
    not_a_pdf = tmp_path / "comments.pdf"
    not_a_pdf.write_text("plain text under a PDF name")
    files = page.get_by_label("Add files")
    choose_file_by_keyboard(page, files, not_a_pdf)
    press(page, page.get_by_role("button", name="Save draft"))

    expect(files).to_have_attribute("aria-invalid", "true")
    expect(error_of(files)).to_contain_text("comments.pdf")
    expect(text).to_have_value(
        "The directory should list the migration authorities of each border post."
    )
    assert not axe_violations(page), describe(axe_violations(page))

    real_pdf = tmp_path / "us-comments.pdf"
    real_pdf.write_bytes(simple_pdf([["Comments of the United States"]]))
    choose_file_by_keyboard(page, files, real_pdf)
    press(page, page.get_by_role("button", name="Save and review before submitting"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the submission")
    expect(page.get_by_text("us-comments.pdf")).to_be_visible()

    press(page, page.get_by_role("button", name="Submit", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Version 1 submitted")
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.SUBMITTED
    assert [f.original_name for f in obligation.submissions.get().files.all()] == [
        "us-comments.pdf"
    ]
    assert not tab.seen.problems


def test_the_first_tab_stop_skips_to_the_main_content(open_as):
    tab = open_as(EMAILS["secretariat"])
    page = tab.page
    page.goto(reverse("dashboards:overview"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # hidden until focused
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_menu_opens_with_the_keyboard_on_a_narrow_screen(open_as):
    tab = open_as(EMAILS["manager"])
    page = tab.page
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(reverse("dashboards:overview"))
    matrix = page.get_by_role("navigation", name="Main").get_by_role("link", name="Matrix")
    expect(matrix).to_be_hidden()
    toggle = page.get_by_role("button", name="Show menu")
    press(page, toggle)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    press(page, matrix)
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance matrix")
    assert not tab.seen.problems
