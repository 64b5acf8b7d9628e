"""Signing in by e-mail, password reset, the role home redirect and the language."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize("typed", ["focal.cr@test.example", "Focal.CR@Test.Example"])
def test_sign_in_by_email_in_any_case(client, focal_cr, typed):
    response = client.post(reverse("login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == focal_cr


def test_wrong_password_is_refused_with_a_message_and_keeps_the_address(client, focal_cr):
    response = client.post(
        reverse("login"), {"username": focal_cr.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    assert f'value="{focal_cr.email}"' in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("secretariat", "dashboards:overview"),
        ("manager", "dashboards:overview"),
        ("focal_cr", "submissions:home"),
        ("focal_iom", "submissions:home"),
        ("anonymous", "login"),
    ],
)
def test_home_sends_each_role_to_its_page(client_as, role, target):
    response = client_as(role).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(target)


def test_sign_in_lands_on_the_role_home(client, manager):
    response = client.post(
        reverse("login"), {"username": manager.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboards:overview")


def test_password_reset_sends_text_and_html_with_a_working_link(client, focal_mx):
    response = client.post(reverse("password_reset"), {"email": "FOCAL.MX@test.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [focal_mx.email]
    assert message.alternatives[0][1] == "text/html"
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "a-much-longer-new-password"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    focal_mx.refresh_from_db()
    assert focal_mx.check_password(new_password)


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_short_passwords_are_refused(client, focal_mx):
    client.force_login(focal_mx)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short-pw", "new_password2": "short-pw"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_language_switch_is_stored_on_the_profile(client, focal_mx):
    client.force_login(focal_mx)
    response = client.post(
        reverse("accounts:set_language"), {"language": "es", "next": reverse("submissions:home")}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=focal_mx.pk).language == "es"
    page = client.get(reverse("submissions:home"))
    assert page["Content-Language"] == "es"
    assert '<html lang="es">' in page.content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_anonymous_language_follows_the_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-CR,es;q=0.9")
    assert '<html lang="es">' in response.content.decode()


def test_profile_saves_preferences(client, focal_mx):
    client.force_login(focal_mx)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Ana Pérez", "language": "en", "reminder_mode": "weekly_digest"},
    )
    assert response.status_code == 302
    focal_mx.refresh_from_db()
    assert (focal_mx.full_name, focal_mx.reminder_mode) == ("Ana Pérez", "weekly_digest")


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
