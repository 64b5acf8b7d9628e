"""`invite_focal_point`: the operator's way to invite, with the page's checks."""

import pytest
from django.core.management import CommandError, call_command

from members.models import Invitation

pytestmark = pytest.mark.django_db


def test_invites_and_resends_from_the_command_line(
    secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_focal_point",
            "New.Person@example.org",
            "--organisation",
            "unodc",
            "--kind",
            "alternate",
            "--by",
            secretariat.email,
        )
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation.acronym) == (
        "new.person@example.org",
        "UNODC",
    )
    assert len(mailoutbox) == 1
    key = invitation.key
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_focal_point", "new.person@example.org", "--resend", "--by", secretariat.email
        )
    invitation.refresh_from_db()
    assert invitation.key != key
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--country", "CR"], "already has an active primary focal point"),
        (["--country", "ZZ"], "No country 'ZZ'"),
        ([], "exactly one of them"),
    ],
)
def test_refuses_what_the_page_refuses(secretariat, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("invite_focal_point", "x@example.org", *arguments, "--by", secretariat.email)
    assert not Invitation.objects.exists()


def test_only_the_secretariat_invites(focal_cr):
    with pytest.raises(CommandError, match="not an active secretariat user"):
        call_command(
            "invite_focal_point", "x@example.org", "--country", "MX", "--by", focal_cr.email
        )
