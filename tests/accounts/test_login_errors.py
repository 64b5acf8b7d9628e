"""The sign-in error is tied to the fields it concerns, for screen readers (issue 8)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_a_refused_sign_in_marks_both_fields_and_points_them_at_the_message(client, focal_cr):
    response = client.post(
        reverse("login"), {"username": focal_cr.email, "password": "not-the-password"}
    )
    html = response.content.decode()
    message = re.search(r'<div id="([^"]+)" class="invalid-feedback">(.*?)</div>', html, re.S)
    assert message is not None
    assert "do not match an active account" in message.group(2)
    for name in ("username", "password"):
        field = _input(html, name)
        assert 'aria-invalid="true"' in field
        assert f'aria-describedby="{message.group(1)}"' in field


def test_a_sign_in_with_no_password_keeps_the_field_error_of_its_own(client, focal_cr):
    response = client.post(reverse("login"), {"username": focal_cr.email, "password": ""})
    html = response.content.decode()
    assert 'aria-invalid="true"' not in _input(html, "username")
    assert 'aria-describedby="id_password_error"' in _input(html, "password")
