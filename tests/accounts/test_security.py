"""Sign-in protection: lockout, rate limits, two-factor authentication, headers."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.project.observatory import score

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
LOGIN = reverse("login")
ROOT = Path(__file__).resolve().parents[2]


def _login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


class TestLockout:
    def test_five_failures_lock_the_address_out_even_with_the_right_password(
        self, client, focal_mx
    ):
        for _ in range(4):
            assert _login(client, focal_mx.email, "wrong-password").status_code == 200
        # The fifth failure locks the address out; so is the right password then.
        assert _login(client, focal_mx.email, "wrong-password").status_code == 429
        locked = _login(client, focal_mx.email)
        assert locked.status_code == 429
        assert "Too many failed sign-in attempts" in locked.content.decode()
        assert not locked.wsgi_request.user.is_authenticated

    def test_other_addresses_are_not_locked(self, client, focal_mx, manager):
        for _ in range(5):
            _login(client, "FOCAL.MX@test.example", "wrong-password")
        assert _login(client, focal_mx.email).status_code == 429  # case does not help
        assert _login(client, manager.email).status_code == 302

    def test_the_lockout_ends_after_the_cool_off(self, client, focal_mx):
        start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        with time_machine.travel(start, tick=False):
            for _ in range(5):
                _login(client, focal_mx.email, "wrong-password")
        with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
            assert _login(client, focal_mx.email).status_code == 302


class TestRateLimits:
    def test_login_posts_are_limited_per_client(self, client, settings):
        settings.LOGIN_RATE_LIMIT = (3, 900)
        for n in range(3):
            assert _login(client, f"nobody{n}@example.org", "x").status_code == 200
        limited = _login(client, "nobody9@example.org", "x")
        assert limited.status_code == 429
        assert limited["Retry-After"] == "900"

    def test_password_reset_is_limited_per_address(self, client, focal_mx, settings):
        settings.PASSWORD_RESET_RATE_LIMIT = (2, 3600)
        url = reverse("password_reset")
        for n in range(2):
            other = {"REMOTE_ADDR": f"10.0.0.{n}"}
            assert client.post(url, {"email": focal_mx.email}, **other).status_code == 302
        again = client.post(url, {"email": focal_mx.email}, REMOTE_ADDR="10.0.0.9")
        assert again.status_code == 429


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


class TestTwoFactor:
    def test_a_user_with_a_device_must_enter_a_code(self, client, manager):
        device = _device(manager)
        response = _login(client, manager.email, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_verify"))
        assert client.get(reverse("dashboards:overview")).status_code == 302
        wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "000000"})
        assert "That code is not valid" in wrong.content.decode()
        # A failure throttles the device for a moment; the next code comes later.
        with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=40)):
            right = client.post(
                reverse("accounts:two_factor_verify"),
                {"token": _code(device), "next": reverse("dashboards:overview")},
            )
        assert right.url == reverse("dashboards:overview")
        assert client.get(reverse("dashboards:overview")).status_code == 200

    def test_required_roles_must_set_it_up_first(self, client, secretariat, settings):
        settings.TWO_FACTOR_REQUIRED_ROLES = ["secretariat", "manager"]
        client.force_login(secretariat)
        response = client.get(reverse("dashboards:overview"))
        assert response.url.startswith(reverse("accounts:two_factor_setup"))
        page = client.get(response.url)
        assert 'src="data:image/svg+xml' in page.content.decode()
        device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
        client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("dashboards:overview")).status_code == 200

    def test_focal_points_are_not_forced(self, client_as, settings):
        settings.TWO_FACTOR_REQUIRED_ROLES = ["secretariat", "manager"]
        assert client_as("focal_cr").get(reverse("submissions:home")).status_code == 200

    def test_required_roles_cannot_turn_it_off(self, client, manager, settings):
        settings.TWO_FACTOR_REQUIRED_ROLES = ["manager"]
        device = _device(manager)
        _login(client, manager.email)
        client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
        client.post(reverse("accounts:two_factor_disable"))
        assert TOTPDevice.objects.filter(user=manager).exists()

    def test_others_can_turn_it_off(self, client, focal_mx):
        device = _device(focal_mx)
        _login(client, focal_mx.email)
        client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
        client.post(reverse("accounts:two_factor_disable"))
        assert not TOTPDevice.objects.filter(user=focal_mx).exists()


class TestHeaders:
    @pytest.mark.parametrize(
        ("role", "url"),
        [
            ("anonymous", reverse("login")),
            ("anonymous", reverse("password_reset")),
            ("secretariat", reverse("dashboards:overview")),
            ("manager", reverse("accounts:profile")),
            ("focal_cr", reverse("submissions:home")),
        ],
    )
    def test_pages_score_a_plus_in_production_settings(self, client_as, settings, role, url):
        settings.SECURE_HSTS_SECONDS = 63072000
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
        settings.LANGUAGE_COOKIE_SECURE = True
        response = client_as(role).get(url, secure=True)
        assert response.status_code == 200
        result = score(response)
        assert result.grade == "A+", result.notes
        assert not [n for n in result.notes if n.startswith("-")], result.notes

    def test_csp_forbids_inline_script(self, client):
        csp = client.get(LOGIN)["Content-Security-Policy"]
        assert "default-src 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe" not in csp

    def test_templates_hold_no_inline_script_or_style(self):
        offenders = []
        for path in (ROOT / "templates").rglob("*.html"):
            if "emails" in path.parts:
                continue  # e-mail clients, not browsers under our CSP
            text = path.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
                offenders.append(str(path.relative_to(ROOT)))
        assert offenders == []

    def test_uploaded_files_are_not_served_from_the_media_root(self, client_as):
        response = client_as("secretariat").get("/media/documents/1/v1/draft.pdf")
        assert response.status_code == 404
