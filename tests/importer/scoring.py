"""Score a parse against an expected answer with the rules of the workspace's scorer.

A copy of the scoring rules of the import format's scorer (score_import.py,
kept with the format outside this repository), so that the suite depends on
nothing beside the clone.
"""

from __future__ import annotations

import re
from typing import Any


def _norm_number(number: Any) -> str:
    parts = re.split(r"[.\s]+", str(number).strip().lower())
    return ".".join(p.strip("()") for p in parts if p.strip("()"))


def _code_set(values: Any) -> set[str]:
    out = set()
    for v in values or []:
        s = str(v).strip()
        out.add(s.lower() if "_" in s or s.islower() else s.upper())
    return out


def score_report(expected: dict, got: dict) -> tuple[int, int, list[str]]:
    points, total, lost = 0, 0, []

    def check(ok: bool, what: str) -> None:
        nonlocal points, total
        total += 1
        if ok:
            points += 1
        else:
            lost.append(what)

    meeting = got.get("meeting") or {}
    check(meeting.get("date") == expected["meeting_date"], f"meeting date {meeting.get('date')!r}")
    wg = expected.get("working_group_contains")
    if wg:
        options = [wg] if isinstance(wg, str) else list(wg)  # a list: any one of them
        name = str(meeting.get("working_group") or "").lower()
        check(any(o.lower() in name for o in options), f"working group {wg}")
    want_p = set(expected["participants"])
    got_p = {str(c).upper() for c in meeting.get("participants") or []}
    check(want_p == got_p, f"participants: missing {want_p - got_p}, extra {got_p - want_p}")
    want_r = {_norm_number(n) for n in expected["resolutions"]}
    got_r = {_norm_number(r.get("number")) for r in got.get("resolutions") or []}
    for n in sorted(want_r):
        check(n in got_r, f"resolution {n} not found")
    if expected.get("strict_resolutions", True):
        for n in sorted(got_r - want_r):
            check(False, f"resolution {n} is not in the report")
    items: dict[str, list[dict]] = {}
    for item in got.get("action_items") or []:
        items.setdefault(_norm_number(item.get("resolution")), []).append(item)
    for n in expected.get("no_action", []):
        check(not items.get(_norm_number(n)), f"resolution {n} should yield no action item")
    for want in expected["action_items"]:
        n = _norm_number(want["resolution"])
        cands = items.get(n) or []
        check(bool(cands), f"{n}: no action item")
        if not cands:
            total += 3 + ("earliest" in want) + ("recurrence" in want)
            lost.append(f"{n}: (its fields count as lost too)")
            continue
        item = cands[0]
        due = item.get("due") or {}
        check(item.get("kind") == want["kind"], f"{n}: kind {item.get('kind')!r}")
        check(due.get("latest") in want["latest"], f"{n}: due.latest {due.get('latest')!r}")
        if "earliest" in want:
            check(due.get("earliest") == want["earliest"], f"{n}: due.earliest")
        got_resp = _code_set(item.get("responsible"))
        need = _code_set(want["responsible"])
        check(need <= got_resp, f"{n}: responsible {sorted(got_resp)} lacks {sorted(need)}")
        if "recurrence" in want:
            check(item.get("recurrence") == want["recurrence"], f"{n}: recurrence")
    # An entry with a "translation" file is parsed with it (--translation): each listed
    # resolution's `translation` and item's `title_translation` must hold the words.
    res_by_number = {_norm_number(r.get("number")): r for r in got.get("resolutions") or []}
    for number, words in (expected.get("translation_resolutions") or {}).items():
        text = _squash((res_by_number.get(_norm_number(number)) or {}).get("translation"))
        check(_squash(words) in text, f"{number}: translation lacks {words!r}")
    for number, words in (expected.get("translation_titles") or {}).items():
        cands = items.get(_norm_number(number)) or [{}]
        text = _squash(cands[0].get("title_translation"))
        check(_squash(words) in text, f"{number}: title_translation lacks {words!r}")
    return points, total, lost


def _squash(text: Any) -> str:
    """Lower case, single spaces: 'Mapa  de\nRutas' -> 'mapa de rutas'."""
    return " ".join(str(text or "").lower().split())
