"""Every user-visible string reaches the Spanish catalog, and the catalog is whole.

Three checks: makemessages, run on a copy of the tree, finds nothing that the
committed catalog lacks and leaves nothing untranslated or fuzzy (msgfmt
--statistics, no polib); and no template shows text outside {% translate %} or
{% blocktranslate %}, in its content or in the attributes people read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import need_service

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
TEMPLATES = ROOT / "templates"

# Visible text that needs no translation. Each entry says why.
ALLOWED_WORDS = {
    # file formats and programs, named the same in every language
    "CSV",
    "XLSX",
    "DOCX",
    "PDF",
    "Excel",
    "Word",
    "iCal",
    # the digest algorithm shown beside an imported file
    "SHA-256",
    # the version prefix of "v2", written so in both languages (as in the catalog's v%(number)d)
    "v",
    # the language switch names each language in itself, marked with lang="..."
    "English",
    "Español",
}
# Attributes a reader sees (or hears, with a screen reader).
VISIBLE_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")

TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktranslate\b.*?%}.*?{%\s*endblocktranslate\s*%}", re.DOTALL
)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
UNSHOWN_ELEMENTS = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
ATTRIBUTE = re.compile(r'\b({})="([^"]*)"'.format("|".join(VISIBLE_ATTRIBUTES)))
WORD = re.compile(r"[^\W\d_][\w.-]*")
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def _fresh_catalog(tmp_path: Path) -> Path:
    """makemessages on a copy of the tree (never on the repository itself)."""
    if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
        need_service("gettext (xgettext, msgfmt) is not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "var", "node_modules", "__pycache__", "*.sqlite3"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "es",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "staticfiles/*",
            "--ignore",
            ".venv/*",
        ],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return copy / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _statistics(po: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stderr.strip()


def _keys(po: Path) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every live entry, read without polib."""
    keys, context, msgid, field = set(), None, None, None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#~"):
            continue
        if not line.strip():
            if msgid:
                keys.add((context, msgid))
            context, msgid, field = None, None, None
        elif line.startswith("msgctxt "):
            context, field = line[9:-1], "context"
        elif line.startswith("msgid "):
            msgid, field = line[7:-1], "msgid"
        elif line.startswith("msg"):
            field = None
        elif line.startswith('"') and field == "context":
            context += line[1:-1]
        elif line.startswith('"') and field == "msgid":
            msgid += line[1:-1]
    return keys


def test_makemessages_finds_nothing_new_untranslated_or_fuzzy(tmp_path):
    fresh = _fresh_catalog(tmp_path)
    missing = sorted(key[1] for key in _keys(fresh) - _keys(PO))
    assert missing == [], "run `make messages` and translate the new strings"
    statistics = _statistics(fresh)
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics
    assert _statistics(PO) == statistics  # the committed catalog is the refreshed one


def _visible_text(source: str) -> list[str]:
    """Words a reader would see that no translation tag covers."""
    source = COMMENT_BLOCK.sub(" ", source)
    source = TRANSLATED_BLOCK.sub(" ", source)
    source = UNSHOWN_ELEMENTS.sub(" ", source)
    found = []
    for _name, value in ATTRIBUTE.findall(source):
        found += WORD.findall(TEMPLATE_CODE.sub(" ", value))
    text = TAG.sub(" ", TEMPLATE_CODE.sub(" ", source))
    found += WORD.findall(ENTITY.sub(" ", text))
    return [word for word in found if word not in ALLOWED_WORDS]


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt", ".svg"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_show_no_text_outside_translation_tags(path):
    assert _visible_text(path.read_text(encoding="utf-8")) == []


def test_the_template_scan_finds_what_it_should():
    assert _visible_text('<p title="Open it">{% translate "Hi" %} there</p>') == [
        "Open",
        "it",
        "there",
    ]
    assert _visible_text("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %} CSV") == []
