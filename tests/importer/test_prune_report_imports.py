"""`manage.py prune_report_imports`: unsaved imports nobody touched for long are discarded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from importer.models import ReportImport
from importer.services import data_from_parse, save_import, start_import
from rcm_tracker.uploads import TEXT

from .import_helpers import SAMPLE

pytestmark = pytest.mark.django_db


def _import(by, days_old: int, name: str) -> ReportImport:
    data = SAMPLE.read_bytes() + name.encode()
    report_import = start_import(text=data.decode(), data=data, name=name, content_type=TEXT, by=by)
    then = timezone.now() - dt.timedelta(days=days_old)
    ReportImport.objects.filter(pk=report_import.pk).update(updated_at=then)
    report_import.refresh_from_db()
    return report_import


def test_only_old_unsaved_imports_go_with_their_files(secretariat, settings, capsys):
    old = _import(secretariat, 100, "old.txt")
    recent = _import(secretariat, 10, "recent.txt")
    saved = _import(secretariat, 200, "saved.txt")
    save_import(saved, data_from_parse(saved.parsed), by=secretariat, allow_duplicate=True)
    old_file = settings.MEDIA_ROOT / old.file.name

    call_command("prune_report_imports", "--days", "90", "--dry-run")
    assert "would discard old.txt" in capsys.readouterr().out
    assert ReportImport.objects.count() == 3

    call_command("prune_report_imports", "--days", "90")
    assert "discarded old.txt" in capsys.readouterr().out
    assert set(ReportImport.objects.values_list("original_name", flat=True)) == {
        "recent.txt",
        "saved.txt",
    }
    assert not old_file.exists()
    assert (settings.MEDIA_ROOT / recent.file.name).exists()


def test_days_must_be_positive():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_report_imports", "--days", "0")
