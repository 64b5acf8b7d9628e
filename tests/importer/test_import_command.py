"""`manage.py import_report FILE --json`: the importer's dry run, as the scorer runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Meeting

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "importer" / "fixtures" / "border-management_2020-09-28.txt"


def test_dry_run_needs_no_deployment_settings_and_prints_the_parse():
    """The scorer calls `python manage.py import_report FILE --json` with no DEBUG or secret."""
    env = {"PATH": os.environ["PATH"]}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(SAMPLE), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed["meeting"]["date"] == "2020-09-28"
    assert len(parsed["resolutions"]) == 15
    assert len(parsed["action_items"]) == 10


def test_other_commands_still_refuse_to_start_without_a_secret():
    env = {"PATH": os.environ["PATH"], "ALLOWED_HOSTS": "x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.django_db
def test_dry_run_writes_nothing(capsys):
    call_command("import_report", str(SAMPLE), "--json")
    assert json.loads(capsys.readouterr().out)["meeting"]["observers"] == ["IOM", "UNODC"]
    assert not Meeting.objects.exists()


def test_without_json_it_says_how_to_save():
    with pytest.raises(CommandError, match="add --json"):
        call_command("import_report", str(SAMPLE))


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_report", str(tmp_path / "missing.txt"), "--json")
