"""Inviting focal points: signed single-use links that expire, resend, revoke, deactivate."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from members import services
from members.models import FocalPoint, Invitation
from submissions.models import Submission
from tests.factories import FocalPointFactory, ObligationFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("members:invitation_create")
LIST = reverse("members:invitation_list")
PASSWORD = "a-long-enough-passphrase"


def invite(client, django_capture_on_commit_callbacks, **fields):
    data = {"email": "ana@example.org", "full_name": "Ana Mora", "kind": "alternate"} | fields
    data.setdefault("language", "es")
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(CREATE, data)


def link_in(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/members/join/\S+/)", message.body).group(1)


@pytest.fixture
def sent_link(client_as, costa_rica, django_capture_on_commit_callbacks, mailoutbox):
    invite(client_as("secretariat"), django_capture_on_commit_callbacks, country=costa_rica.pk)
    return link_in(mailoutbox[-1])


@pytest.mark.parametrize(
    ("role", "list_status", "create_status"),
    [
        ("anonymous", 302, 302),
        ("secretariat", 200, 200),
        ("manager", 200, 403),
        ("focal_cr", 403, 403),
        ("focal_mx", 403, 403),
        ("focal_iom", 403, 403),
    ],
)
def test_access_by_role(client_as, role, list_status, create_status):
    client = client_as(role)
    assert client.get(LIST).status_code == list_status
    assert client.get(reverse("members:focal_point_list")).status_code == list_status
    assert client.get(CREATE).status_code == create_status


@pytest.mark.parametrize("role", ["anonymous", "manager", "focal_cr", "focal_mx", "focal_iom"])
def test_only_the_secretariat_resends_revokes_and_deactivates(
    client_as, role, costa_rica, secretariat, focal_cr_alt
):
    invitation = Invitation.objects.create(
        email="x@example.org", country=costa_rica, invited_by=secretariat
    )
    key = invitation.key
    client = client_as(role)
    for name, pk in [
        ("members:invitation_resend", invitation.pk),
        ("members:invitation_revoke", invitation.pk),
        ("members:focal_point_deactivate", focal_cr_alt.focal_point.pk),
    ]:
        assert client.post(reverse(name, args=[pk])).status_code == (
            302 if role == "anonymous" else 403
        )
    invitation.refresh_from_db()
    assert (invitation.key, invitation.revoked_at) == (key, None)
    assert FocalPoint.objects.get(user=focal_cr_alt).is_active


def test_the_invitation_e_mail_is_in_its_language_with_a_signed_link(
    client_as, costa_rica, django_capture_on_commit_callbacks, mailoutbox
):
    response = invite(
        client_as("secretariat"),
        django_capture_on_commit_callbacks,
        country=costa_rica.pk,
        full_name="",
    )
    assert response.url == LIST
    invitation = Invitation.objects.get(email="ana@example.org")
    assert (invitation.country, invitation.language, invitation.kind) == (
        costa_rica,
        "es",
        "alternate",
    )
    assert invitation.sent_at is not None
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert message.body.startswith("Estimado/a")  # the invitation's language
    link = link_in(message)
    assert invitation.key in link  # the key, with its timestamp and signature
    assert link != f"/members/join/{invitation.key}/"
    assert f'href="http://127.0.0.1:8000{link}"' in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("party", "fields", "field", "message"),
    [
        ("none", {}, "country", "exactly one of them"),
        ("both", {}, "country", "exactly one of them"),
        ("country", {"kind": "primary"}, "kind", "already has an active primary focal point"),
        ("country", {"email": "FOCAL.MX@test.example"}, "email", "already has an account"),
    ],
)
def test_invalid_invitations_are_refused_next_to_the_field(
    client_as, costa_rica, iom, party, fields, field, message, django_capture_on_commit_callbacks
):
    parties = {
        "none": {},
        "both": {"country": costa_rica.pk, "organisation": iom.pk},
        "country": {"country": costa_rica.pk},
    }
    response = invite(
        client_as("secretariat"), django_capture_on_commit_callbacks, **parties[party], **fields
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="Ana Mora"' in response.content.decode()  # what was typed stays
    assert not Invitation.objects.filter(full_name="Ana Mora").exists()


def test_a_second_pending_invitation_to_one_address_is_refused(
    client_as, costa_rica, mexico, django_capture_on_commit_callbacks, sent_link
):
    response = invite(
        client_as("secretariat"),
        django_capture_on_commit_callbacks,
        email="ANA@example.org",
        country=mexico.pk,
    )
    assert "still pending" in " ".join(response.context["form"].errors["email"])
    assert Invitation.objects.count() == 1


def test_accepting_creates_the_account_signs_in_and_lands_on_the_home(
    client, costa_rica, sent_link
):
    page = client.get(sent_link)
    assert page.status_code == 200
    assert "Costa Rica" in page.content.decode()
    response = client.post(
        sent_link,
        {"full_name": "Ana Mora", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    # Through the role's home page ("/"), signed in, to the focal point's own.
    assert response.redirect_chain[-1][0] == reverse("submissions:home")
    assert response.status_code == 200
    user = User.objects.get(email="ana@example.org")
    assert (user.role, user.language, user.full_name) == ("focal_point", "es", "Ana Mora")
    assert user.check_password(PASSWORD)
    focal_point = user.focal_point
    assert (focal_point.country, focal_point.kind, focal_point.is_active) == (
        costa_rica,
        "alternate",
        True,
    )
    invitation = Invitation.objects.get(email="ana@example.org")
    assert invitation.accepted_at is not None and invitation.user == user
    assert client.get(reverse("submissions:home")).status_code == 200  # signed in


def test_accepting_while_signed_in_as_someone_else_signs_in_the_new_person(client_as, sent_link):
    client = client_as("focal_mx")
    page = client.get(sent_link).content.decode()
    assert "You are signed in as focal.mx@test.example" in page
    client.post(sent_link, {"full_name": "Ana", "password1": PASSWORD, "password2": PASSWORD})
    home = client.get(reverse("submissions:home"))
    assert home.wsgi_request.user.email == "ana@example.org"
    assert home.context["focal_point"].country.code == "CR"


def test_a_link_works_once(client, sent_link):
    data = {"full_name": "Ana", "password1": PASSWORD, "password2": PASSWORD}
    client.post(sent_link, data)
    client.post(reverse("logout"))
    again = client.get(sent_link)
    assert again.status_code == 410
    assert "already been accepted" in again.content.decode()
    assert client.post(sent_link, data).status_code == 410
    assert User.objects.filter(email="ana@example.org").count() == 1


def test_a_link_expires_after_the_configured_days(client, settings, costa_rica, secretariat):
    invitation = Invitation.objects.create(
        email="late@example.org", country=costa_rica, invited_by=secretariat
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        link = reverse("members:invitation_accept", args=[invitation.token()])
    with time_machine.travel(start + dt.timedelta(days=6, hours=23), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=7, minutes=1), tick=False):
        response = client.get(link)
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        settings.INVITATION_MAX_AGE_DAYS = 10
        assert client.get(link).status_code == 200


def test_a_tampered_link_is_refused(client, sent_link):
    tampered = sent_link[:-3] + ("x" if sent_link[-3] != "x" else "y") + sent_link[-2:]
    assert client.get(tampered).status_code == 404


def test_resend_replaces_the_key_so_only_the_newest_link_works(
    client_as, client, sent_link, django_capture_on_commit_callbacks, mailoutbox
):
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("secretariat").post(reverse("members:invitation_resend", args=[invitation.pk]))
    new_link = link_in(mailoutbox[-1])
    assert new_link != sent_link
    old = client.get(sent_link)
    assert old.status_code == 410
    assert "newer invitation" in old.content.decode()
    assert client.get(new_link).status_code == 200


def test_a_revoked_link_stops_working(client_as, client, sent_link):
    invitation = Invitation.objects.get()
    client_as("secretariat").post(reverse("members:invitation_revoke", args=[invitation.pk]))
    response = client.get(sent_link)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_a_weak_password_is_refused_and_the_name_kept(client, sent_link):
    response = client.post(
        sent_link, {"full_name": "Ana Mora", "password1": "short", "password2": "short"}
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert 'value="Ana Mora"' in response.content.decode()
    assert not User.objects.filter(email="ana@example.org").exists()


def test_acceptance_is_all_or_nothing(client, sent_link, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the focal point could not be saved")

    monkeypatch.setattr(FocalPoint.objects, "update_or_create", broken)
    with pytest.raises(RuntimeError):
        client.post(sent_link, {"full_name": "Ana", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(email="ana@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_primary_invitation_joins_as_alternate_if_a_primary_took_office_meanwhile(
    client, secretariat, iom, focal_iom
):
    FocalPoint.objects.filter(user=focal_iom).update(is_active=False)
    invitation = Invitation.objects.create(
        email="new.iom@example.org", organisation=iom, kind="primary", invited_by=secretariat
    )
    FocalPoint.objects.filter(user=focal_iom).update(is_active=True)
    link = reverse("members:invitation_accept", args=[invitation.token()])
    client.post(link, {"full_name": "N", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="new.iom@example.org").focal_point.kind == "alternate"


def test_deactivating_stops_sign_in_and_keeps_submissions(
    client_as, client, focal_cr_alt, costa_rica
):
    SubmissionFactory(obligation=ObligationFactory(country=costa_rica), created_by=focal_cr_alt)
    alternate = client_as("focal_cr_alt")
    response = client_as("secretariat").post(
        reverse("members:focal_point_deactivate", args=[focal_cr_alt.focal_point.pk])
    )
    assert response.url == reverse("members:focal_point_list")
    assert alternate.get(reverse("submissions:home")).status_code == 302  # signed out
    response = client.post(
        reverse("login"),
        {"username": focal_cr_alt.email, "password": "correct-horse-battery"},
    )
    assert not response.wsgi_request.user.is_authenticated
    assert Submission.objects.filter(created_by=focal_cr_alt).exists()


def test_a_deactivated_focal_point_can_be_invited_back(
    client_as, client, focal_cr_alt, mexico, django_capture_on_commit_callbacks, mailoutbox
):
    focal_cr_alt.focal_point.deactivate()
    invite(
        client_as("secretariat"),
        django_capture_on_commit_callbacks,
        email=focal_cr_alt.email,
        country=mexico.pk,
    )
    client.post(
        link_in(mailoutbox[-1]),
        {"full_name": "Back again", "password1": PASSWORD, "password2": PASSWORD},
    )
    focal_cr_alt.refresh_from_db()
    assert focal_cr_alt.is_active
    assert (focal_cr_alt.focal_point.country, focal_cr_alt.focal_point.is_active) == (mexico, True)


def test_a_rolled_back_invitation_sends_nothing(
    secretariat, costa_rica, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.invite(
                    Invitation(email="never@example.org", country=costa_rica), by=secretariat
                )
                raise RuntimeError
        except RuntimeError:
            pass
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_the_database_allows_one_pending_invitation_per_address(secretariat, costa_rica):
    from django.db import IntegrityError

    Invitation.objects.create(email="dup@example.org", country=costa_rica, invited_by=secretariat)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            email="DUP@example.org", country=costa_rica, invited_by=secretariat
        )


def test_lists_run_the_same_queries_for_few_and_many_rows(
    client_as, secretariat, costa_rica, django_assert_num_queries
):
    Invitation.objects.create(email="one@example.org", country=costa_rica, invited_by=secretariat)
    client = client_as("secretariat")
    client.get(LIST)
    # 1 session, 2 user, 3 count of pending invitations, 4 the page of them
    with django_assert_num_queries(4) as few_invitations:
        client.get(LIST)
    focal_points = reverse("members:focal_point_list")
    client.get(focal_points)
    # 1 session, 2 user, 3 count of focal points, 4 count of pending invitations (the tab),
    # 5 countries, 6 organisations (the filter's choices), 7 the page of focal points
    with django_assert_num_queries(7) as few_focal_points:
        client.get(focal_points)
    for n in range(60):
        Invitation.objects.create(
            email=f"p{n}@example.org",
            country=costa_rica,
            invited_by=secretariat,
            sent_at=timezone.now(),
        )
        FocalPointFactory(user=UserFactory(email=f"fp{n}@example.org", role="focal_point"))
    # the same queries as the first invitation list
    with django_assert_num_queries(len(few_invitations.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("<tr>") == 51  # a page of 50
    # the same queries as the first focal point list
    with django_assert_num_queries(len(few_focal_points.captured_queries)):
        response = client.get(focal_points)
    assert response.content.decode().count("<tr>") == 51


def test_acceptance_page_runs_a_fixed_number_of_queries(
    client, sent_link, django_assert_num_queries
):
    # 1 the invitation, 2 whether the address is free
    with django_assert_num_queries(2):
        response = client.get(sent_link)
    assert response.status_code == 200


def test_focal_point_list_filters_by_party_and_status(client_as, costa_rica, focal_cr_alt):
    focal_cr_alt.focal_point.deactivate()
    client = client_as("secretariat")
    url = reverse("members:focal_point_list")
    by_country = client.get(url, {"country": costa_rica.pk})
    emails = {fp.user.email for fp in by_country.context["page"].object_list}
    assert emails == {"focal.cr@test.example", "alternate.cr@test.example"}
    inactive = client.get(url, {"is_active": "false"})
    assert [fp.user for fp in inactive.context["page"].object_list] == [focal_cr_alt]
    assert "Deactivated" in inactive.content.decode()
