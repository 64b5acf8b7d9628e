"""The report import pages: read a report, review and correct the parse, save it.

Upload → preview → correct → save, for every role; errors keep every
correction; duplicates need a confirmation; the words each field was read
from are marked; the sample report gives the meeting load_demo enters by hand.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import ActionItem, Meeting, Obligation, Resolution
from demo.demo import SAMPLE_TITLE, load_demo
from importer.models import ReportImport
from importer.views import highlight, source_blocks
from tests.conftest import ROLES
from tests.helpers import field_error
from tests.importer.builders import protection_report_docx, simple_pdf

from .import_helpers import (
    SAMPLE,
    SAMPLE_ES,
    assert_one_transaction,
    comparable,
    form_data,
    obligation_counts,
)

pytestmark = pytest.mark.django_db
IMPORT = reverse("importer:report_import")
FORBIDDEN = {"manager": 403, "focal_cr": 403, "focal_mx": 403, "focal_iom": 403}


def upload(client, content: bytes = b"", name: str = SAMPLE.name, **fields):
    data = {"file": SimpleUploadedFile(name, content or SAMPLE.read_bytes()), **fields}
    return client.post(IMPORT, data)


def review_url(report_import: ReportImport) -> str:
    return reverse("importer:report_import_review", args=[report_import.pk])


def review_form(client, report_import: ReportImport) -> dict[str, list[str]]:
    """What the review page sends when submitted as shown."""
    response = client.get(review_url(report_import))
    assert response.status_code == 200
    return form_data(response.content.decode())


def row_index(data: dict, prefix: str, field: str, value: str) -> int:
    """The index of the formset row whose `field` is `value`."""
    for key, values in data.items():
        m = re.fullmatch(rf"{prefix}-(\d+)-{field}", key)
        if m and values == [value]:
            return int(m.group(1))
    raise AssertionError(f"no {prefix} row with {field}={value}")


@pytest.fixture
def secretariat_client(client_as):
    return client_as("secretariat")


@pytest.fixture
def sample_import(secretariat_client) -> ReportImport:
    upload(secretariat_client)
    return ReportImport.objects.get()


# Who may use it ------------------------------------------------------------------------------


class TestAccess:
    @pytest.mark.parametrize("role", ROLES)
    def test_the_import_page(self, client_as, role):
        response = client_as(role).get(IMPORT)
        expected = {"anonymous": 302, "secretariat": 200, **FORBIDDEN}[role]
        assert response.status_code == expected
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("role", ROLES)
    def test_reading_a_report(self, client_as, role):
        response = upload(client_as(role))
        expected = {"anonymous": 302, "secretariat": 302, **FORBIDDEN}[role]
        assert response.status_code == expected
        assert ReportImport.objects.count() == (1 if role == "secretariat" else 0)

    @pytest.mark.parametrize("role", ROLES)
    def test_the_review_page_and_saving(self, client_as, sample_import, role):
        client = client_as(role)
        url = review_url(sample_import)
        response = client.get(url)
        assert response.status_code == {"anonymous": 302, "secretariat": 200, **FORBIDDEN}[role]
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))
        data = review_form(client_as("secretariat"), sample_import)
        response = client.post(url, {**data, "save": ""})
        assert response.status_code == {"anonymous": 302, "secretariat": 302, **FORBIDDEN}[role]
        assert Meeting.objects.count() == (1 if role == "secretariat" else 0)

    @pytest.mark.parametrize("role", ROLES)
    def test_discarding(self, client_as, sample_import, role):
        url = reverse("importer:report_import_discard", args=[sample_import.pk])
        response = client_as(role).post(url)
        assert response.status_code == {"anonymous": 302, "secretariat": 302, **FORBIDDEN}[role]
        assert ReportImport.objects.exists() == (role != "secretariat")

    def test_unknown_imports_are_404(self, secretariat_client):
        assert secretariat_client.get("/actions/meetings/import/999/").status_code == 404

    def test_discarding_needs_a_post(self, secretariat_client, sample_import):
        url = reverse("importer:report_import_discard", args=[sample_import.pk])
        assert secretariat_client.get(url).status_code == 405

    def test_the_meeting_list_links_to_it_for_the_secretariat_only(self, client_as):
        link = f'href="{IMPORT}"'
        assert link in client_as("secretariat").get(reverse("actions:meeting_list")).text
        assert link not in client_as("manager").get(reverse("actions:meeting_list")).text


# Reading a report ----------------------------------------------------------------------------


class TestReading:
    def test_an_uploaded_text_file_is_read_and_reviewed(self, secretariat_client, secretariat):
        response = upload(secretariat_client)
        report_import = ReportImport.objects.get()
        assert response.url == review_url(report_import)
        assert report_import.original_name == SAMPLE.name
        assert report_import.content_type == "text/plain"
        assert report_import.created_by == secretariat
        assert report_import.parsed["meeting"]["date"] == "2020-09-28"

    def test_pasted_text_is_kept_as_a_text_file(self, secretariat_client):
        text = SAMPLE.read_text()
        response = secretariat_client.post(IMPORT, {"text": text})
        report_import = ReportImport.objects.get()
        assert response.url == review_url(report_import)
        assert report_import.original_name == "pasted-report.txt"
        assert report_import.read_bytes().decode() == text.strip() + "\n"
        assert len(report_import.parsed["action_items"]) == 10

    def test_a_word_report_is_read(self, secretariat_client):
        upload(secretariat_client, protection_report_docx(), name="protection.docx")
        report_import = ReportImport.objects.get()
        assert report_import.content_type.endswith("wordprocessingml.document")
        assert report_import.parsed["meeting"]["date"] == "2023-03-14"
        assert report_import.parsed["resolutions"]

    def test_a_pdf_report_is_read(self, secretariat_client):
        pdf = simple_pdf(
            [
                [
                    "Report of the Working Group on Protection",
                    "The Working Group on Protection met online on 4 May 2022.",
                    "The Working Group agreed:",
                    "1. To ask the PPT to circulate the directory by 30 May.",
                ]
            ]
        )
        upload(secretariat_client, pdf, name="protection.pdf")
        parsed = ReportImport.objects.get().parsed
        assert parsed["action_items"][0]["responsible"] == ["PPT"]
        assert parsed["action_items"][0]["due"]["latest"] == "2022-05-30"

    def test_the_date_and_group_given_are_used_where_the_report_is_silent(
        self, secretariat_client, border_management
    ):
        text = "AGREEMENTS\n1. To ask the PPT to circulate the directory by 30 May."
        secretariat_client.post(
            IMPORT,
            {"text": text, "meeting_date": "2022-05-04", "working_group": border_management.pk},
        )
        report_import = ReportImport.objects.get()
        assert report_import.parsed["meeting"]["date"] == "2022-05-04"
        page = secretariat_client.get(review_url(report_import))
        assert page.context["review"].meeting.initial["working_group"] == border_management

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({}, "text", "Paste the report's text, or choose its file below."),
            (
                {"text": "1. To ask.", "file": ("r.txt", b"1. To ask.")},
                "file",
                "Paste the text or choose a file, not both.",
            ),
            (
                {"file": ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)},
                "file",
                "is not an accepted file. Accepted types: DOCX, MD, PDF, TXT.",
            ),
            (
                {"file": ("report.txt", b"\x00\x01\x02 binary")},
                "file",
                "is not an accepted file",
            ),
            ({"text": "  12 34  "}, "text", "No text could be read from it"),
            (
                {"file": ("scan.pdf", simple_pdf([[]]))},
                "file",
                "No text could be read from it: a scanned PDF holds only pictures",
            ),
            ({"text": "1. To ask.", "meeting_date": "28/09/2020x"}, "meeting_date", "valid date"),
        ],
    )
    def test_bad_input_is_explained_next_to_its_field_and_kept(
        self, secretariat_client, data, field, message
    ):
        sent = {
            key: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
            for key, value in data.items()
        }
        response = secretariat_client.post(IMPORT, sent)
        assert response.status_code == 200
        assert message in html_lib.unescape(field_error(response.text, field))
        if data.get("text"):
            assert data["text"].strip() in response.text
        assert not ReportImport.objects.exists()

    def test_the_same_file_again_resumes_its_review(self, secretariat_client, sample_import):
        response = upload(secretariat_client)
        assert response.url == review_url(sample_import)
        assert ReportImport.objects.count() == 1

    def test_reports_being_reviewed_are_listed_and_can_be_discarded(
        self, secretariat_client, sample_import, settings
    ):
        page = secretariat_client.get(IMPORT).text
        assert review_url(sample_import) in page
        stored = settings.MEDIA_ROOT / sample_import.file.name
        assert stored.exists()
        url = reverse("importer:report_import_discard", args=[sample_import.pk])
        response = secretariat_client.post(url)
        assert response.url == IMPORT
        assert not ReportImport.objects.exists()
        assert not stored.exists()
        assert "None: every report read so far" in secretariat_client.get(IMPORT).text


# The review page -----------------------------------------------------------------------------


class TestReview:
    def test_shows_the_parse_with_the_words_each_field_came_from(
        self, secretariat_client, sample_import
    ):
        response = secretariat_client.get(review_url(sample_import))
        html = response.text
        review = response.context["review"]
        assert review.meeting.initial["title_en"] == SAMPLE_TITLE
        assert review.meeting.initial["language"] == "en"
        assert len(review.resolutions.forms) == 15 + 2  # two empty rows to add resolutions
        assert len(review.items.forms) == 10 + 1
        assert (
            '<mark class="import-mark import-mark-due">by 28 October, at the latest'
            '<small class="import-mark-tag">due</small></mark>'
        ) in html
        assert (
            '<mark class="import-mark import-mark-responsible">IOM'
            '<small class="import-mark-tag">who</small></mark>'
        ) in html
        # A listed sub-item shows its parent's words, then its own.
        blocks = review.items.forms[1].source_blocks
        assert [b["number"] for b in blocks] == ["2", "2.a"]
        assert "no duplicate" not in html and not response.context["duplicates"]

    def test_holds_no_inline_script_or_style_and_adds_rows_from_a_static_script(
        self, secretariat_client, sample_import
    ):
        html = secretariat_client.get(review_url(sample_import)).text
        assert "style=" not in html
        assert html.count("<script") == html.count("<script src=")
        assert 'src="/static/js/formset.js"' in html
        assert 'id="items-template"' in html and 'data-formset-add="items"' in html

    def test_the_whole_path_with_corrections(self, secretariat_client, sample_import, secretariat):
        data = review_form(secretariat_client, sample_import)
        # Correct the meeting, remove resolution 4, add a resolution 2.e with its item,
        # change a deadline and who must act.
        data["meeting-title_en"] = ["Border Management, September 2020"]
        data["meeting-place_en"] = ["Zoom"]
        four = row_index(data, "resolutions", "number", "4")
        data[f"resolutions-{four}-DELETE"] = ["on"]
        data["resolutions-15-number"] = ["2.e"]
        data["resolutions-15-text"] = ["Regional protocol on returns"]
        data["items-10-resolution"] = ["2.e"]
        data["items-10-kind"] = ["comment_request"]
        data["items-10-title"] = ["Comments on the regional protocol on returns"]
        data["items-10-to_member_countries"] = ["on"]
        data["items-10-due_precision"] = ["day"]
        data["items-10-due_latest"] = ["2020-11-15"]
        webinar = row_index(data, "items", "resolution", "3.a")
        data[f"items-{webinar}-due_precision"] = ["fortnight"]
        data[f"items-{webinar}-due_earliest"] = ["2020-11-16"]
        data[f"items-{webinar}-due_latest"] = [""]
        data[f"items-{webinar}-to_working_group"] = []
        data[f"items-{webinar}-to_ppt"] = ["on"]
        workshop = row_index(data, "items", "resolution", "5")
        data[f"items-{workshop}-DELETE"] = ["on"]

        response = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        meeting = Meeting.objects.get()
        assert response.url == reverse("actions:meeting_detail", args=[meeting.pk])
        assert (meeting.title, meeting.place, meeting.status) == (
            "Border Management, September 2020",
            "Zoom",
            Meeting.Status.DRAFT,
        )
        numbers = list(meeting.resolutions.order_by("order").values_list("number", flat=True))
        assert numbers == [
            "1", "1.a", "1.b", "2", "2.a", "2.b", "2.c", "2.d", "2.e",
            "3", "3.a", "3.b", "3.c", "3.d", "5",
        ]  # fmt: skip
        assert Resolution.objects.get(number="2.e").parent.number == "2"
        added = ActionItem.objects.get(resolution__number="2.e")
        assert (added.due_latest, added.to_member_countries) == (dt.date(2020, 11, 15), True)
        assert added.obligations.count() == 11
        webinar_item = ActionItem.objects.get(resolution__number="3.a")
        assert (webinar_item.due_earliest, webinar_item.due_latest) == (
            dt.date(2020, 11, 16),
            dt.date(2020, 11, 29),
        )
        assert (webinar_item.to_ppt, webinar_item.to_working_group) == (True, False)
        assert not ActionItem.objects.filter(resolution__number="5").exists()
        assert meeting.created_by == secretariat
        assert meeting.report_file.read() == SAMPLE.read_bytes()
        sample_import.refresh_from_db()
        assert sample_import.meeting == meeting
        follow = secretariat_client.get(response.url)
        assert (
            "The meeting has been created as a draft with 15 resolutions and 10 action items"
            in (follow.text)
        )

    def test_an_error_shows_next_to_its_field_and_keeps_every_correction(
        self, secretariat_client, sample_import
    ):
        data = review_form(secretariat_client, sample_import)
        data["meeting-title_en"] = ["A title typed by hand"]
        item = row_index(data, "items", "resolution", "2.b")
        data[f"items-{item}-title"] = ["Comments on the routes map, retitled"]
        data[f"items-{item}-due_latest"] = [""]  # an exact day without its day
        five = row_index(data, "resolutions", "number", "5")
        data[f"resolutions-{five}-text"] = ["Corrected text of resolution 5."]

        response = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        assert response.status_code == 200
        html = response.text
        assert field_error(html, f"items-{item}-due_latest") == "Enter the day it is due."
        assert field_error(html, f"items-{item}-title") == ""
        assert "Please correct the error below: nothing has been saved" in html
        for typed in (
            "A title typed by hand",
            "Comments on the routes map, retitled",
            "Corrected text of resolution 5.",
        ):
            assert typed in html
        assert not Meeting.objects.exists()
        # The corrections are kept on the import: leaving and coming back loses nothing.
        page = secretariat_client.get(review_url(sample_import))
        assert "Comments on the routes map, retitled" in page.text
        assert "Corrected text of resolution 5." in page.text
        assert field_error(page.text, f"items-{item}-due_latest") == ""

    def test_an_item_of_a_removed_resolution_is_an_error_on_that_item(
        self, secretariat_client, sample_import
    ):
        data = review_form(secretariat_client, sample_import)
        index = row_index(data, "resolutions", "number", "3")
        data[f"resolutions-{index}-DELETE"] = ["on"]
        response = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        html = response.text
        sub = row_index(data, "resolutions", "number", "3.a")
        assert field_error(html, f"resolutions-{sub}-parent") == (
            "There is no resolution 3 in the outline."
        )
        assert not Meeting.objects.exists()

    def test_renumbering_is_checked_against_the_parent(self, secretariat_client, sample_import):
        data = review_form(secretariat_client, sample_import)
        index = row_index(data, "resolutions", "number", "2.b")
        data[f"resolutions-{index}-number"] = ["4.b"]
        response = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        assert field_error(response.text, f"resolutions-{index}-number") == (
            "Under 2 the number is 2. followed by one part, e.g. 2.a."
        )
        item = row_index(data, "items", "resolution", "2.b")
        assert field_error(response.text, f"items-{item}-resolution") == (
            "There is no resolution 2.b in the outline."
        )
        assert not Meeting.objects.exists()

    def test_keeping_corrections_for_later(self, secretariat_client, sample_import):
        data = review_form(secretariat_client, sample_import)
        data["meeting-title_en"] = ["Half-way through"]
        data["items-0-due_precision"] = ["day"]  # incomplete for now: no error until saving
        response = secretariat_client.post(review_url(sample_import), {**data, "keep": ""})
        assert response.url == IMPORT
        sample_import.refresh_from_db()
        assert sample_import.draft["meeting-title_en"] == ["Half-way through"]
        assert "corrections kept" in secretariat_client.get(IMPORT).text
        page = secretariat_client.get(review_url(sample_import))
        assert 'value="Half-way through"' in page.text
        assert page.context["review"].error_count == 0
        assert not Meeting.objects.exists()

    def test_a_storage_failure_at_the_end_saves_nothing(
        self, secretariat_client, sample_import, settings, tmp_path
    ):
        data = review_form(secretariat_client, sample_import)
        data["meeting-title_en"] = ["Typed before the failure"]
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the media folder should be")
        settings.MEDIA_ROOT = blocker  # the report file cannot be copied: the last step fails
        response = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        assert response.status_code == 200
        assert "could not be saved, so nothing of it was" in response.text
        assert "Typed before the failure" in response.text
        assert (Meeting.objects.count(), Resolution.objects.count()) == (0, 0)
        assert (ActionItem.objects.count(), Obligation.objects.count()) == (0, 0)
        assert not ReportImport.objects.get().is_saved

    def test_a_truncated_page_is_refused_and_keeps_what_was_kept(
        self, secretariat_client, sample_import
    ):
        data = review_form(secretariat_client, sample_import)
        data["meeting-title_en"] = ["Kept title"]
        secretariat_client.post(review_url(sample_import), {**data, "keep": ""})
        truncated = {k: v for k, v in data.items() if not k.startswith("items-")}
        truncated["meeting-title_en"] = ["Never kept"]
        for button in ("keep", "save"):
            response = secretariat_client.post(review_url(sample_import), {**truncated, button: ""})
            assert response.status_code == 400
            assert "The page arrived incomplete, so nothing was saved or kept" in response.text
            assert 'value="Kept title"' in response.text
        sample_import.refresh_from_db()
        assert sample_import.draft["meeting-title_en"] == ["Kept title"]
        assert not Meeting.objects.exists()

    def test_a_saved_import_leads_to_its_meeting(self, secretariat_client, sample_import):
        data = review_form(secretariat_client, sample_import)
        secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        meeting = Meeting.objects.get()
        again = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        assert again.url == reverse("actions:meeting_detail", args=[meeting.pk])
        assert Meeting.objects.count() == 1
        meeting.delete()
        gone = secretariat_client.get(review_url(sample_import))
        assert gone.url == IMPORT


def test_a_spanish_markdown_report_goes_the_same_way(secretariat_client):
    upload(secretariat_client, SAMPLE_ES.read_bytes(), name=SAMPLE_ES.name)
    report_import = ReportImport.objects.get()
    assert report_import.content_type == "text/markdown"
    page = secretariat_client.get(review_url(report_import))
    assert (
        '<mark class="import-mark import-mark-due">a más tardar el 28 de octubre'
        '<small class="import-mark-tag">due</small></mark>'
    ) in page.text
    assert page.context["review"].meeting.initial["title_es"] == (
        "Reunión del Grupo de Trabajo sobre Gestión de Fronteras"
    )
    # The page says the report's language and saves the texts into it.
    assert form_data(page.text)["meeting-language"] == ["es"]
    response = secretariat_client.post(
        review_url(report_import), {**form_data(page.text), "save": ""}
    )
    meeting = Meeting.objects.get()
    assert response.url == reverse("actions:meeting_detail", args=[meeting.pk])
    items = ActionItem.objects.filter(resolution__meeting=meeting)
    assert items.count() == 6
    following = items.get(resolution__number="3.b")
    assert (following.due_at_next_meeting, following.to_technical_secretariat) == (True, True)
    assert items.get(resolution__number="5").obligations.count() == 2  # IOM and UNODC
    assert meeting.report_file.name.endswith(".md")
    assert (meeting.title_en, meeting.title_es) == (
        "",
        "Reunión del Grupo de Trabajo sobre Gestión de Fronteras",
    )
    assert not items.exclude(title_en="").exists() and not items.filter(title_es="").exists()
    assert items.get(resolution__number="2").due_text_es == "a más tardar el 28 de octubre"
    assert not meeting.resolutions.exclude(text_en="").exists()


def test_the_language_chosen_on_the_review_page_is_the_one_saved_into(secretariat_client):
    """A report the parser read as English but written in Spanish: the secretariat says so."""
    upload(secretariat_client, SAMPLE_ES.read_bytes(), name=SAMPLE_ES.name)
    report_import = ReportImport.objects.get()
    page = secretariat_client.get(review_url(report_import))
    data = {**form_data(page.text), "meeting-language": ["en"], "save": ""}
    secretariat_client.post(review_url(report_import), data)
    meeting = Meeting.objects.get()
    assert not meeting.resolutions.filter(text_en="").exists()
    assert not ActionItem.objects.filter(resolution__meeting=meeting, title_en="").exists()


class TestDuplicates:
    def test_importing_the_same_report_twice_needs_a_confirmation(
        self, secretariat_client, sample_import
    ):
        data = review_form(secretariat_client, sample_import)
        secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        first = Meeting.objects.get()

        # The same file again, once the first import is saved.
        upload(secretariat_client)
        second = ReportImport.objects.pending().get()
        page = secretariat_client.get(review_url(second))
        assert page.context["duplicates"] == [first]
        assert "This report may be in the tracker already" in page.text
        assert reverse("actions:meeting_detail", args=[first.pk]) in page.text

        data = form_data(page.text)
        data["meeting-title_en"] = ["The second copy"]
        response = secretariat_client.post(review_url(second), {**data, "save": ""})
        assert response.status_code == 200
        assert "Tick this box to create another one anyway" in field_error(
            response.text, "confirm-confirm_duplicate"
        )
        assert "The second copy" in response.text
        assert Meeting.objects.count() == 1

        data["confirm-confirm_duplicate"] = ["on"]
        response = secretariat_client.post(review_url(second), {**data, "save": ""})
        assert response.status_code == 302
        assert Meeting.objects.count() == 2

    def test_a_meeting_of_the_group_that_day_entered_by_hand_is_a_duplicate(
        self, secretariat_client, sample_import, border_management
    ):
        from tests.factories import MeetingFactory

        MeetingFactory(working_group=border_management, date=dt.date(2020, 9, 28))
        page = secretariat_client.get(review_url(sample_import))
        assert len(page.context["duplicates"]) == 1
        data = form_data(page.text)
        data["meeting-date"] = ["2020-09-29"]  # corrected: it was another day
        response = secretariat_client.post(review_url(sample_import), {**data, "save": ""})
        assert response.status_code == 302
        assert Meeting.objects.count() == 2


# Done when -----------------------------------------------------------------------------------


def test_the_sample_report_imported_through_the_page_is_the_hand_entered_meeting(client):
    """Upload the sample, accept the preview as it is, save: the meeting load_demo enters."""
    load_demo()
    reference = Meeting.objects.get(title_en=SAMPLE_TITLE)
    client.post(
        reverse("login"), {"username": "secretariat@example.org", "password": "demo-password"}
    )
    response = upload(client)
    report_import = ReportImport.objects.get()
    assert response.url == review_url(report_import)
    page = client.get(response.url)
    assert page.context["duplicates"] == [reference]  # the demo holds it already
    data = form_data(page.text)
    data["confirm-confirm_duplicate"] = ["on"]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(review_url(report_import), {**data, "save": ""})
    assert_one_transaction(
        [q["sql"] for q in queries.captured_queries],
        ["actions_meeting", "actions_resolution", "actions_actionitem", "actions_obligation"],
    )
    imported = Meeting.objects.filter(title_en=SAMPLE_TITLE).exclude(pk=reference.pk).get()
    assert response.url == reverse("actions:meeting_detail", args=[imported.pk])

    assert comparable(imported) == comparable(reference)
    assert obligation_counts(imported) == obligation_counts(reference) == (55, 4)
    assert imported.status == Meeting.Status.DRAFT
    client.post(reverse("actions:meeting_publish", args=[imported.pk]))
    imported.refresh_from_db()
    assert imported.status == reference.status == Meeting.Status.PUBLISHED


# Query counts --------------------------------------------------------------------------------


def _synthetic_import(size: int, by) -> ReportImport:
    """An import whose parse has `size` resolutions, each with a sub-item and an action item."""
    resolutions, items = [], []
    for n in range(1, size + 1):
        resolutions.append({"number": str(n), "parent": None, "text": f"To ask item {n}:"})
        resolutions.append({"number": f"{n}.a", "parent": str(n), "text": f"Document {n}"})
        items.append(
            {
                "resolution": f"{n}.a",
                "kind": "comment_request",
                "title": f"Comments on document {n}",
                "responsible": ["member_countries", "IOM", "CR"],
                "due": {"earliest": None, "latest": "2020-10-28", "precision": "day",
                        "text": "by 28 October"},
                "due_at_next_meeting": False,
                "recurrence": None,
                "source": f"Document {n}",
                "spans": {"kind": {"resolution": str(n), "start": 0, "end": 6},
                          "responsible": [], "due": None},
            }
        )  # fmt: skip
    parsed = {
        "meeting": {
            "date": "2020-09-28",
            "working_group": "Working Group on Border Management",
            "participants": ["CR", "MX"],
            "observers": ["IOM"],
        },
        "resolutions": resolutions,
        "action_items": items,
    }
    return ReportImport.objects.create(
        original_name=f"report-{size}.txt",
        content_type="text/plain",
        size=1,
        sha256=f"{size:064x}",
        text="…",
        parsed=parsed,
        file="imports/report.txt",
        created_by=by,
    )


@pytest.mark.parametrize("size", [2, 20])
def test_the_review_page_runs_a_fixed_number_of_queries(
    secretariat_client, secretariat, size, django_assert_num_queries
):
    report_import = _synthetic_import(size, secretariat)
    # 1 session, 2 user, 3 the import, 4 countries and 5 organisations named in the report,
    # 6 working groups (to match its group), 7 countries and 8 organisations (the items' choices),
    # 9 meetings like it (duplicates), 10 active working groups, 11 presidencies, 12 countries,
    # 13 active organisations (the meeting form's choices)
    with django_assert_num_queries(13):
        response = secretariat_client.get(review_url(report_import))
    assert len(response.context["review"].items.forms) == size + 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_review_page_with_kept_corrections_runs_a_fixed_number_of_queries(
    secretariat_client, secretariat, size, django_assert_num_queries
):
    report_import = _synthetic_import(size, secretariat)
    data = review_form(secretariat_client, report_import)
    secretariat_client.post(review_url(report_import), {**data, "keep": ""})
    # 1 session, 2 user, 3 the import, 4 countries and 5 organisations named in the report,
    # 6 working groups (to match its group), 7 countries and 8 organisations (the kept draft read
    # as a form), 9 countries and 10 organisations again (the fresh form), 11 the kept working
    # group, 12 meetings like it (duplicates), 13 active working groups, 14 presidencies,
    # 15 countries, 16 active organisations (the meeting form's choices)
    with django_assert_num_queries(16):
        response = secretariat_client.get(review_url(report_import))
    assert len(response.context["review"].items.forms) == size + 1


@pytest.mark.parametrize("size", [1, 15])
def test_the_import_page_runs_a_fixed_number_of_queries(
    secretariat_client, secretariat, size, django_assert_num_queries
):
    for n in range(size):
        _synthetic_import(n + 1, secretariat)
    # 1 session, 2 user, 3 count of imports under review, 4 active working groups (the upload
    # form), 5 the page of imports under review
    with django_assert_num_queries(5):
        response = secretariat_client.get(IMPORT)
    assert len(response.context["page_obj"].object_list) == min(size, 10)


# Highlighting --------------------------------------------------------------------------------


def test_highlight_escapes_the_report_and_marks_each_span_with_its_label():
    html = highlight(
        "To ask <IOM> by 28 May.",
        [(7, 12, "responsible", "who"), (13, 22, "due", "due"), (40, 50, "kind", "kind")],
    )
    assert html == (
        'To ask <mark class="import-mark import-mark-responsible">&lt;IOM&gt;'
        '<small class="import-mark-tag">who</small></mark> '
        '<mark class="import-mark import-mark-due">by 28 May<small class="import-mark-tag">due'
        "</small></mark>."
    )


def test_overlapping_spans_do_not_repeat_words():
    html = highlight("abcdefgh", [(0, 5, "kind", "kind"), (3, 8, "due", "due")])
    text = re.sub(r"<small[^>]*>.*?</small>|<[^>]+>", "", html)
    assert text == "abcdefgh"


def test_source_blocks_of_an_item_without_spans_show_its_own_words():
    parsed = {
        "resolutions": [{"number": "1", "text": "To hold a workshop."}],
        "action_items": [{"resolution": "1", "spans": {}}],
    }
    assert source_blocks(parsed, 0) == [{"number": "1", "html": "To hold a workshop."}]
    assert source_blocks(parsed, 5) == source_blocks(parsed, None) == []
