"""The three journeys of issue 8, in Chromium against a live server with the demo data.

- The secretariat enters a meeting, its resolutions (with a sub-item) and an action item
  with a due window, and finds the countries' obligations on the item's page.
- Costa Rica's focal point, in Spanish, answers a comment request with a PDF: draft,
  confirmation, submission.
- A manager finds the overdue item on the overview, follows it to the compliance matrix
  and downloads the matrix as an Excel workbook.

The three share one demo load (`demo_site`) and touch different objects.
"""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from openpyxl import load_workbook
from playwright.sync_api import expect

from actions.models import ActionItem, Meeting, Obligation
from demo.demo import PROTECTION_TITLE, SAMPLE_TITLE
from members.models import Country
from rcm_tracker.dates import local_today
from submissions.models import Submission
from tests.importer.builders import simple_pdf


def test_the_secretariat_enters_a_meeting_and_sees_the_obligations_of_its_action_item(open_as):
    tab = open_as("secretariat@example.org")
    page = tab.page
    today = local_today()
    title = "Meeting of the Working Group on Labour Migration"

    page.goto(reverse("actions:meeting_list"))
    page.get_by_role("link", name="New meeting").click()
    page.get_by_label("Working group").select_option(label="Working Group on Labour Migration")
    page.get_by_label("Title (English)").fill(title)
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Place (English)").fill("San José")
    for country in ("Costa Rica", "Guatemala", "Mexico"):
        page.get_by_role("checkbox", name=country).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_contain_text("created as a draft")

    # Resolutions 1 and 2, the second through "Save and add another".
    page.get_by_role("link", name="Add resolution").click()
    expect(page.get_by_label("Number")).to_have_value("1")
    page.get_by_label("Text (English)").fill(
        "To thank Costa Rica as PPT for the report on advances."
    )
    page.get_by_role("button", name="Save and add another").click()
    expect(page.get_by_label("Number")).to_have_value("2")
    page.get_by_label("Text (English)").fill(
        "To ask the RCM Member Countries to submit their comments on the following documents:"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Report: 2 resolutions")).to_be_visible()

    # Sub-item 2.a, numbered under its parent.
    page.get_by_role("link", name="Add sub-item 2", exact=True).click()
    expect(page.get_by_label("Number")).to_have_value("2.a")
    page.get_by_label("Text (English)").fill("Directory of labour migration authorities")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Report: 3 resolutions")).to_be_visible()

    # Its action item: comments due in a window, from every member country.
    first, last = today + dt.timedelta(days=30), today + dt.timedelta(days=36)
    page.get_by_role("link", name="Add action item 2.a", exact=True).click()
    page.get_by_label("Kind").select_option(label="Comment request")
    page.get_by_label("Title (English)").fill(
        "Comments on the directory of labour migration authorities"
    )
    page.get_by_label("Due window").select_option(label="Week")
    page.get_by_label("First day").fill(first.isoformat())
    page.get_by_label("Last day (or the day)").fill(last.isoformat())
    page.get_by_label("Due (as worded, English)").fill("within five weeks")
    page.get_by_role("checkbox", name="All member countries").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The action item has been added.")
    expect(page.get_by_role("status")).to_contain_text("11 obligations created.")

    page.get_by_role(
        "link", name="Comments on the directory of labour migration authorities"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comments on the directory of labour migration authorities"
    )
    window = f"{date_format(first, 'DATE_FORMAT')} to {date_format(last, 'DATE_FORMAT')}"
    expect(page.get_by_text(window)).to_be_visible()
    obligations = page.get_by_role("region", name="Countries and organisations")
    rows = obligations.get_by_role("row")
    expect(rows).to_have_count(1 + 11)  # the header and one row per member country
    for country in Country.objects.members():
        row = rows.filter(has=page.get_by_role("rowheader", name=country.name_en, exact=True))
        expect(row).to_contain_text("Due in 36 days")

    item = ActionItem.objects.get(resolution__meeting__title_en=title, resolution__number="2.a")
    assert (item.kind, item.due_precision) == (ActionItem.Kind.COMMENT_REQUEST, "week")
    assert (item.due_earliest, item.due_latest) == (first, last)
    assert set(item.obligations.values_list("country__code", flat=True)) == set(
        Country.objects.members().values_list("code", flat=True)
    )
    meeting = Meeting.objects.get(title_en=title)
    assert list(meeting.resolutions.order_by("order").values_list("number", flat=True)) == [
        "1",
        "2",
        "2.a",
    ]
    assert not tab.seen.problems


def test_a_focal_point_submits_comments_with_a_file_in_spanish(open_as, tmp_path):
    obligation = Obligation.objects.select_related("action_item").get(
        action_item__resolution__meeting__title_en=SAMPLE_TITLE,
        action_item__resolution__number="2.b",
        country__code="CR",
    )
    item_title = obligation.action_item.title_es  # Costa Rica reads Spanish
    pdf = tmp_path / "comentarios-costa-rica.pdf"
    pdf.write_bytes(simple_pdf([["Comentarios de Costa Rica sobre el mapa de rutas"]]))
    with translation.override("es"):
        # Costa Rica's focal point reads Spanish: the labels as the catalog gives them.
        es = {
            key: gettext(key)
            for key in [
                "Still owed",
                "Handed in",
                "Answer",
                "General comments",
                "Add files",
                "Save draft",
                "Save and review before submitting",
                "Confirm the submission",
                "Submit",
                "Submitted",
            ]
        }
        saved = gettext("Draft saved (version %(number)d). It stays here until you submit it.") % {
            "number": 1
        }
        submitted = gettext("Version %(number)d submitted. A receipt has been e-mailed to you.") % {
            "number": 1
        }

    tab = open_as("focal.cr@example.org")
    page = tab.page
    page.goto(reverse("submissions:home"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Costa Rica")
    owed = page.get_by_role("table").first
    expect(page.get_by_role("heading", name=es["Still owed"])).to_be_visible()
    owed.get_by_role("link", name=f"{es['Answer']} — {item_title}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(item_title)
    page.get_by_label(es["General comments"]).fill(
        "Costa Rica propone añadir la ruta por Paso Canoas."
    )
    page.get_by_label(es["Add files"]).set_input_files(pdf)
    page.get_by_role("button", name=es["Save draft"]).click()
    expect(page.get_by_role("status")).to_contain_text(saved)
    expect(page.get_by_role("link", name="comentarios-costa-rica.pdf")).to_be_visible()

    page.get_by_role("button", name=es["Save and review before submitting"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(es["Confirm the submission"])
    expect(page.get_by_text("Costa Rica propone añadir la ruta por Paso Canoas.")).to_be_visible()
    expect(page.get_by_role("link", name="comentarios-costa-rica.pdf")).to_be_visible()
    page.get_by_role("button", name=es["Submit"], exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(submitted)
    expect(page.locator(".lead .badge")).to_have_text(es["Submitted"])
    page.goto(reverse("submissions:home"))
    handed_in = page.get_by_role("heading", name=es["Handed in"]).locator(
        "xpath=following-sibling::div[1]"
    )
    expect(handed_in.get_by_role("row").filter(has_text=item_title)).to_contain_text(
        es["Submitted"]
    )

    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.SUBMITTED
    version = obligation.submissions.get()
    assert version.status == Submission.Status.SUBMITTED
    assert version.text == "Costa Rica propone añadir la ruta por Paso Canoas."
    stored = version.files.get()
    assert stored.original_name == "comentarios-costa-rica.pdf"
    assert stored.file.read() == pdf.read_bytes()
    assert not tab.seen.problems


def test_a_manager_follows_the_overdue_item_to_the_matrix_and_downloads_it(open_as, tmp_path):
    item = ActionItem.objects.get(
        resolution__meeting__title_en=PROTECTION_TITLE, resolution__number="1"
    )
    tab = open_as("manager@example.org")
    page = tab.page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    expect(page.get_by_role("link", name=re.compile(r"^\d+ Overdue$"))).to_be_visible()

    overdue = page.get_by_role("table", name="Overdue items")
    row = overdue.get_by_role("row").filter(has_text=item.title)
    days = (local_today() - item.due_latest).days
    expect(row).to_contain_text(f"Overdue by {days} days")
    row.get_by_role("link", name=re.compile(re.escape(item.title))).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance matrix")
    expect(page.get_by_text("One request is shown.")).to_be_visible()
    late = Submission.objects.get(obligation__action_item=item, obligation__country__code="HN")
    expected = {
        "Costa Rica": "Submitted on time",  # and acknowledged
        "Honduras": f"Submitted {late.late_days} days late",
        "Mexico": f"Overdue by {days} days",
    }
    matrix = page.get_by_role("table", name="Compliance matrix")
    for country, text in expected.items():
        row = matrix.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=country, exact=True)
        )
        expect(row.get_by_role("cell").first).to_contain_text(text)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Country", f"1 {item.title}"]
    by_country = {row[0]: row[1] for row in rows[1:]}
    addressed = set(item.obligations.values_list("country__name_en", flat=True))
    assert by_country["Costa Rica"] == "Submitted on time — Acknowledged"
    assert by_country["Honduras"] == expected["Honduras"]
    assert {name for name in addressed if by_country[name] == expected["Mexico"]} == addressed - {
        "Costa Rica",
        "Honduras",
    }
    assert not tab.seen.problems
