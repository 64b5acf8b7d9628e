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


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_import_without_any_variable():
    # Configuration problems are system checks, not errors at import.
    result = _run("from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("command", [["check"], ["check", "--deploy"], ["migrate", "--plan"]])
def test_missing_secret_key_stops_commands_with_a_clear_message(command):
    result = _manage(*command, ALLOWED_HOSTS="rcm.example.org")
    assert result.returncode != 0
    assert "rcm_tracker.E001" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS" not in result.stderr


@pytest.mark.parametrize("command", [["check"], ["check", "--deploy"]])
def test_missing_allowed_hosts_stops_commands_with_a_clear_message(command):
    result = _manage(*command, SECRET_KEY=PROD["SECRET_KEY"])
    assert result.returncode != 0
    assert "rcm_tracker.E002" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_server_started_without_a_secret_key_signs_with_an_unknown_one():
    # gunicorn runs no checks: a key nobody knows, never a fixed one.
    code = "from django.conf import settings as s; print(s.SECRET_KEY)"
    first, second = _run(code).stdout.strip(), _run(code).stdout.strip()
    assert len(first) >= 50
    assert first != second


def test_the_importers_dry_run_needs_no_deployment_settings(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        "Meeting of the Working Group on Border Management, 28 September 2020\n"
        "1. To ask the RCM Member Countries to send comments by 28 October.\n"
    )
    result = _manage("import_report", str(report), "--json")
    assert result.returncode == 0, result.stderr
    assert '"date": "2020-09-28"' in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "code"),
    [("REMINDER_OVERDUE_EVERY_DAYS", "0", "E003"), ("REMINDER_SEND_HOUR", "24", "E004")],
)
def test_impossible_reminder_settings_stop_commands(variable, value, code):
    result = _manage("check", **PROD, **{variable: value})
    assert result.returncode != 0
    assert f"rcm_tracker.{code}" in result.stderr


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
