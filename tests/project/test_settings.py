"""Settings come from the environment; unsafe production set-ups refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "SECRET_KEY": "k3y-" + "".join(chr(97 + i % 26) for i in range(7, 70, 3)) * 3,
    "ALLOWED_HOSTS": "rcm.example.org",
}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    clean["DJANGO_SETTINGS_MODULE"] = "rcm_tracker.settings"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = _run("", ALLOWED_HOSTS="rcm.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_allowed_hosts_stops_start_up_with_a_clear_message():
    result = _run("", **{"SECRET_KEY": PROD["SECRET_KEY"]})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_debug_runs_without_either():
    result = _run("from django.conf import settings; print(settings.DEBUG)", DEBUG="1")
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "django.db.backends.sqlite3 True memory://"),
        (
            {
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/rcm",
                "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            },
            "django.db.backends.postgresql False redis://127.0.0.1:6379/0",
        ),
    ],
)
def test_database_and_broker_follow_the_environment(env, expected):
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    result = _run(code, **PROD, **env)
    assert result.stdout.strip() == expected, result.stderr


def test_time_zone_defaults_to_costa_rica_and_is_configurable():
    code = "from django.conf import settings as s; print(s.TIME_ZONE)"
    assert _run(code, **PROD).stdout.strip() == "America/Costa_Rica"
    assert _run(code, **PROD, TIME_ZONE="America/Mexico_City").stdout.strip() == (
        "America/Mexico_City"
    )


def test_email_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT)"
    )
    assert _run(code, DEBUG="1").stdout.strip() == (
        "django.core.mail.backends.console.EmailBackend localhost 25"
    )
    result = _run(code, **PROD, EMAIL_HOST="smtp.example.org", EMAIL_PORT="587")
    assert (
        result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend smtp.example.org 587"
    )


def test_check_deploy_is_clean_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PROD, "DJANGO_SETTINGS_MODULE": "rcm_tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
