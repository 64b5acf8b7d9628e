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


SPANISH = ROOT / "tests" / "importer" / "fixtures" / "pairs" / "border-management_2020-09-28_es.txt"


def _dry_run(*args: str) -> subprocess.CompletedProcess:
    """Run the dry run as the scorer does: a fresh process with no deployment settings."""
    return subprocess.run(
        [sys.executable, "manage.py", "import_report", *args, "--json"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_dry_run_always_says_the_report_s_language(capsys):
    call_command("import_report", str(SPANISH), "--json")
    parsed = json.loads(capsys.readouterr().out)
    assert parsed.get("language") == "es"
    assert "translation_warnings" not in parsed


def test_translation_pairs_the_other_language_version():
    result = _dry_run(str(SAMPLE), "--translation", str(SPANISH))
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert (parsed["language"], parsed["translation_language"]) == ("en", "es")
    assert parsed["translation_warnings"] == []
    by_number = {r["number"]: r for r in parsed["resolutions"]}
    assert by_number["2.b"]["text"].startswith("Map of migrant smuggling routes")
    assert by_number["2.b"]["translation"].startswith("Mapa de rutas de tráfico ilícito")
    titles = {i["resolution"]: i["title_translation"] for i in parsed["action_items"]}
    assert titles["2.a"] == "Comentarios sobre Inventario de buenas prácticas a nivel regional"
    assert parsed["meeting"]["participants"] == [
        "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"
    ]  # fmt: skip


def test_unreadable_translation_is_a_clear_error_with_exit_status_2(tmp_path):
    missing = tmp_path / "missing_es.txt"
    with pytest.raises(CommandError, match=r"Cannot read the translation .*missing_es\.txt") as exc:
        call_command("import_report", str(SAMPLE), "--json", "--translation", str(missing))
    assert exc.value.returncode == 2
    result = _dry_run(str(SAMPLE), "--translation", str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Cannot read the translation" in result.stderr


def test_unreadable_file_exits_with_status_2():
    result = _dry_run(str(ROOT / "no-such-report.txt"))
    assert result.returncode == 2
    assert "Cannot read" in result.stderr
