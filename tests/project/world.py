"""One of everything, owned by Costa Rica (and IOM), for URL-wide tests.

`build_world()` returns the URL arguments of every object a route takes, so
the access matrix and the hostile-input tests can reach every URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from actions.models import ActionItem, Presidency
from dashboards.models import CalendarFeed
from importer.models import ReportImport
from members.models import Country, FocalPoint, Invitation, Organisation
from reminders.models import Digest, Reminder, Status
from submissions.models import Submission, SubmissionComment, SubmissionFile
from tests.factories import (
    ActionItemFactory,
    DocumentFactory,
    DocumentVersionFactory,
    MeetingFactory,
    ResolutionFactory,
    SubmissionFactory,
)

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class World:
    """Primary keys and tokens of the objects behind every route."""

    ids: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, key: str) -> object:
        value = self.ids[key]
        return value() if callable(value) else value


def build_world() -> World:
    costa_rica = Country.objects.get(code="CR")
    iom = Organisation.objects.get(acronym="IOM")
    focal_cr = User.objects.get(email="focal.cr@test.example")
    secretariat = User.objects.get(email="secretariat@test.example")
    manager = User.objects.get(email="manager@test.example")

    meeting = MeetingFactory(title="Meeting of the world", date=dt.date(2020, 9, 28))
    meeting.report_file.save("report.pdf", ContentFile(PDF))
    parent = ResolutionFactory(meeting=meeting, number="2", order=1)
    resolution = ResolutionFactory(meeting=meeting, number="2.a", parent=parent, order=2)
    item = ActionItemFactory(resolution=resolution, title="Comments of the world")
    item.address_to(countries=[costa_rica])
    deliverable = ActionItemFactory(
        resolution=resolution,
        kind=ActionItem.Kind.DELIVERABLE,
        title="Manual of the world",
        to_member_countries=False,
    )
    deliverable.address_to(organisations=[iom])
    document = DocumentFactory(action_item=item, title="Inventory of the world")
    version = DocumentVersionFactory(document=document, number=1, uploaded_by=secretariat)

    obligation = item.obligations.get(country=costa_rica)
    sent = SubmissionFactory(obligation=obligation, created_by=focal_cr, text="Sent answer")
    sent.submit(by=focal_cr)
    SubmissionComment.objects.create(submission=sent, section="1", comment="A comment")
    stored = SubmissionFile(
        submission=sent,
        original_name="answer.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=focal_cr,
    )
    stored.file.save("answer.pdf", ContentFile(PDF), save=False)
    stored.save()
    draft = Submission.objects.create(
        obligation=obligation, number=2, text="Draft answer", created_by=focal_cr
    )
    org_obligation = deliverable.obligations.get(organisation=iom)

    invitation = Invitation.objects.create(
        email="invitee@example.org",
        country=costa_rica,
        key="world-invitation-key",
        invited_by=secretariat,
    )
    presidency, _ = Presidency.objects.get_or_create(
        year=2020, defaults={"country": costa_rica, "starts_on": dt.date(2020, 1, 1)}
    )
    alternate = FocalPoint.objects.get(user__email="alternate.cr@test.example")
    feed, feed_token = CalendarFeed.create_for(manager)
    report_import = ReportImport(
        original_name="report.txt",
        content_type="text/plain",
        size=10,
        sha256="0" * 64,
        text="1. To ask.",
        parsed={"meeting": {}, "resolutions": [], "action_items": []},
        created_by=secretariat,
    )
    report_import.file.save("report.txt", ContentFile(b"1. To ask."), save=False)
    report_import.save()
    # A reminder and a digest in doubt: the ones the secretariat may resend or confirm.
    reminder = Reminder.objects.create(
        obligation=obligation,
        recipient=focal_cr,
        kind="before_7",
        deadline=item.due_latest,
        due_on=item.due_latest - dt.timedelta(days=7),
        live_until=item.due_latest,
        status=Status.IN_DOUBT,
        claimed_at=timezone.now(),
    )
    digest = Digest.objects.create(
        kind=Digest.Kind.OVERDUE,
        email="secretariat@test.example",
        period=dt.date(2020, 11, 2),
        status=Status.IN_DOUBT,
        claimed_at=timezone.now(),
    )
    return World(
        ids={
            "meeting": meeting.pk,
            "resolution": resolution.pk,
            "item": item.pk,
            "deliverable": deliverable.pk,
            "document": document.pk,
            "version": version.pk,
            "obligation": obligation.pk,
            "org_obligation": org_obligation.pk,
            "submission": sent.pk,
            "draft": draft.pk,
            "file": stored.pk,
            "invitation": invitation.pk,
            "invitation_token": invitation.token(),
            "presidency": presidency.pk,
            "focal_point": alternate.pk,
            "feed": feed.pk,
            "reminder": reminder.pk,
            "report_import": report_import.pk,
            "digest": digest.pk,
            "feed_token": feed_token,
            "uidb64": urlsafe_base64_encode(force_bytes(focal_cr.pk)),
            # Signing in changes last_login, which ends reset links: make it when asked.
            "reset_token": lambda: default_token_generator.make_token(
                User.objects.get(pk=focal_cr.pk)
            ),
        }
    )
