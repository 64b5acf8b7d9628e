"""The Spanish catalog is complete and compiled (current with the source: test_catalog.py)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(catalog):
    return {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}


def test_every_string_is_translated_and_none_is_fuzzy():
    catalog = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    empty_plurals = [
        e.msgid for e in catalog if e.msgid_plural and not all(e.msgstr_plural.values())
    ]
    assert (untranslated, fuzzy, empty_plurals) == ([], [], [])
    assert not catalog.metadata_is_fuzzy


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    wrong = []
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural:
            # Form 0 is Spanish's singular: it may leave out the count, as English does.
            pairs = [
                (entry.msgid if form == 0 else entry.msgid_plural, text)
                for form, text in entry.msgstr_plural.items()
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        wrong += [
            entry.msgid
            for source, text in pairs
            if set(placeholder.findall(text)) != set(placeholder.findall(source))
        ]
    assert wrong == []


def test_compiled_catalog_matches_the_source_catalog():
    po = _entries(polib.pofile(str(PO)))
    mo = _entries(polib.mofile(str(MO)))
    stale = [
        key[1]
        for key, entry in po.items()
        if key[1] and (key not in mo or mo[key].msgstr != entry.msgstr)
    ]
    assert stale == [], "run `make messages` and commit locale/es/LC_MESSAGES/django.mo"


@pytest.mark.django_db
def test_pages_render_in_spanish(client_as):
    client = client_as("focal_cr")
    client.post("/accounts/language/", {"language": "es"})
    page = client.get("/members/").content.decode()
    assert "Pendiente de entregar" in page
    assert "Still owed" not in page
