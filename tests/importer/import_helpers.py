"""Helpers of the report-import tests: the sample report and a comparable view of a meeting."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from actions.models import Meeting, Obligation
from tests.demo.test_sample_report import snapshot

ROOT = Path(__file__).resolve().parents[2]
# The same file as ../shared/reports/border-management_2020-09-28.txt (the demo's source).
SAMPLE = ROOT / "tests" / "importer" / "fixtures" / "border-management_2020-09-28.txt"
SAMPLE_ES = ROOT / "tests" / "importer" / "fixtures" / "border-management_2020-09-28_es.md"


def comparable(meeting: Meeting, language: str = "en") -> dict:
    """`snapshot` of the sample-report test, without what an import does not type as a
    person does: item titles (the importer's are shorter), documents (uploaded from each
    item afterwards), the status (a draft until published) and the texts of the other
    language than the report's (an import fills its own language only)."""
    data = snapshot(meeting)
    mine = 0 if language == "en" else 1  # the English value comes first in each pair
    slug, title_en, title_es, date, modality, place_en, place_es, _status, *rest = data["meeting"]
    data["meeting"] = (slug, (title_en, title_es)[mine], date, modality)
    data["meeting"] += ((place_en, place_es)[mine], *rest)
    data["resolutions"] = [(n, parent, texts[mine]) for n, parent, *texts in data["resolutions"]]
    data["items"] = sorted(
        (number, kind, (d_en, d_es)[mine], (s_en, s_es)[mine], when, first, last,
         (w_en, w_es)[mine], *flags)
        for (number, kind, _t_en, _t_es, d_en, d_es, s_en, s_es, when, first, last, w_en, w_es,
             *flags) in data["items"]
    )  # fmt: skip
    del data["documents"]
    return data


def obligation_counts(meeting: Meeting) -> tuple[int, int]:
    """(country obligations, organisation obligations) of a meeting's items."""
    obligations = Obligation.objects.filter(action_item__resolution__meeting=meeting)
    return (
        obligations.filter(country__isnull=False).count(),
        obligations.filter(organisation__isnull=False).count(),
    )


class _FormReader(HTMLParser):
    """Collect what a browser would send for the first <form method="post"> without `action`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.done = False
        self.template_depth = 0
        self.textarea: str | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option_value: str | None = None
        self.option_selected = False
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self.template_depth += 1
        if self.done or self.template_depth:
            return
        if tag == "form" and attrs.get("method") == "post" and "action" not in attrs:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.option_value = attrs.get("value", "")
            self.option_selected = "selected" in attrs

    def handle_endtag(self, tag):
        if tag == "template":
            self.template_depth -= 1
            return
        if self.template_depth or not self.in_form:
            return
        if tag == "form":
            self.in_form, self.done = False, True
        elif tag == "textarea" and self.textarea:
            # Browsers drop the first newline after <textarea>.
            self.data.setdefault(self.textarea, []).append(self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "option" and self.select is not None and self.option_value is not None:
            self.options.append((self.option_value, self.option_selected))
            self.option_value = None
        elif tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [
                v for v, _ in self.options[:1]
            ]
            self.data.setdefault(self.select, []).extend(chosen[:1])
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data


def form_data(html: str) -> dict[str, list[str]]:
    """The fields of the page's main POST form as a browser would send them."""
    reader = _FormReader()
    reader.feed(html)
    return reader.data


def assert_one_transaction(statements: list[str], tables: list[str]) -> None:
    """Every INSERT into `tables` runs inside one atomic block, opened before the first.

    In a test the outermost `transaction.atomic()` of the code is a savepoint of the
    test's transaction; nested blocks are savepoints inside it. The savepoint open
    just before the first INSERT must be released only after the last one.
    """
    writes = [
        i
        for i, sql in enumerate(statements)
        if sql.startswith("INSERT INTO") and any(f'"{table}"' in sql for table in tables)
    ]
    assert writes, "nothing was written"
    first, last = writes[0], writes[-1]
    opened = [
        (i, sql.split()[-1])
        for i, sql in enumerate(statements[:first])
        if sql.startswith("SAVEPOINT")
    ]
    released = {
        sql.split()[-1]: i for i, sql in enumerate(statements) if "RELEASE SAVEPOINT" in sql
    }
    still_open = [(i, name) for i, name in opened if released.get(name, len(statements)) > first]
    assert still_open, "the first write ran outside any atomic block"
    outermost = still_open[0][1]
    assert released.get(outermost, -1) > last, "the writes were split over transactions"
