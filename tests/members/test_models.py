"""Rules and database constraints of countries, focal points, users and invitations."""

import zoneinfo

import pytest
from django.db import DataError, IntegrityError, transaction

from accounts.models import User
from members.models import Country, FocalPoint, Invitation
from submissions.models import Submission
from tests.factories import (
    FocalPointFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
COSTA_RICA = zoneinfo.ZoneInfo("America/Costa_Rica")


class TestCountry:
    @pytest.mark.parametrize("code", ["cr", "CRI", "C"])
    def test_code_is_two_upper_case_letters(self, code):
        # PostgreSQL refuses "CRI" for its length (DataError), SQLite by the check.
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            Country.objects.create(code=code, name_en=f"N{code}", name_es=f"E{code}")

    def test_reference_data_has_the_eleven_members(self):
        assert sorted(Country.objects.members().values_list("code", flat=True)) == sorted(
            ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
        )

    def test_name_follows_the_active_language(self):
        from django.utils import translation

        mexico = Country.objects.get(code="MX")
        with translation.override("es"):
            assert mexico.name == "México"
        with translation.override("en"):
            assert mexico.name == "Mexico"


class TestFocalPoint:
    def test_speaks_for_exactly_one_party(self, costa_rica, iom):
        with pytest.raises(IntegrityError), transaction.atomic():
            FocalPointFactory(country=costa_rica, organisation=iom)
        with pytest.raises(IntegrityError), transaction.atomic():
            FocalPointFactory(country=None, organisation=None)

    def test_one_active_primary_per_country(self, costa_rica):
        # The shared data already has Costa Rica's primary focal point.
        with pytest.raises(IntegrityError), transaction.atomic():
            FocalPointFactory(country=costa_rica, kind=FocalPoint.Kind.PRIMARY)

    def test_a_deactivated_primary_can_be_replaced(self, costa_rica, focal_cr):
        focal_cr.focal_point.deactivate()
        assert FocalPointFactory(country=costa_rica, kind=FocalPoint.Kind.PRIMARY).pk

    def test_deactivation_stops_sign_in_and_keeps_submissions(self, focal_cr, client):
        submission = SubmissionFactory(created_by=focal_cr)
        focal_cr.focal_point.deactivate()
        focal_cr.refresh_from_db()
        assert not focal_cr.is_active
        response = client.post(
            "/accounts/login/", {"username": focal_cr.email, "password": "correct-horse-battery"}
        )
        assert not response.wsgi_request.user.is_authenticated
        assert Submission.objects.filter(pk=submission.pk).exists()
        assert focal_cr.active_focal_point is None


class TestUser:
    def test_email_is_unique_whatever_its_case(self):
        UserFactory(email="someone@example.org")
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.bulk_create([User(email="SomeOne@example.org", role="manager")])

    def test_role_is_checked_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.bulk_create([User(email="x@example.org", role="king")])

    def test_manager_lowercases_the_address(self):
        user = User.objects.create_user("Mixed.Case@Example.ORG", "pw", role="manager")
        assert user.email == "mixed.case@example.org"


class TestInvitation:
    def test_invitation_names_exactly_one_party(self, secretariat, costa_rica, iom):
        with pytest.raises(IntegrityError), transaction.atomic():
            Invitation.objects.create(
                email="a@example.org",
                key="k1",
                invited_by=secretariat,
                country=costa_rica,
                organisation=iom,
            )
