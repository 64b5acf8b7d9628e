"""E-mails come as text plus HTML, in the recipient's language."""

from django.core import mail

from rcm_tracker.mail import send_email


def test_email_is_text_and_html_in_the_requested_language():
    context = {
        "email": "ana@example.org",
        "protocol": "https",
        "domain": "rcm.example.org",
        "uid": "MQ",
        "token": "abc-123",
    }
    send_email("password-reset", ["ana@example.org"], context, language="es")
    message = mail.outbox[0]
    assert message.subject == "Elija una contraseña nueva para Seguimiento CRM"
    assert "https://rcm.example.org/accounts/password/reset/MQ/abc-123/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert 'href="https://rcm.example.org/accounts/password/reset/MQ/abc-123/"' in html
