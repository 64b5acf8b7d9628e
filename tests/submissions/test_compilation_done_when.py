"""Done-when of the comment rounds, on the demo data.

Three countries' structured comments on the "Inventory of best practices"
compile into one table; its XLSX and DOCX exports read back with every row;
Costa Rica then fills the template offline, uploads it, submits, and its rows
join the same table.
"""

import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from actions.models import DocumentVersion, Obligation
from demo.demo import SAMPLE_TITLE, load_demo
from rcm_tracker.uploads import XLSX
from submissions.models import Submission

pytestmark = pytest.mark.django_db
INVENTORY = "Inventory of best practices at the regional level"


def signed_in(client, email):
    client.force_login(User.objects.get(email=email))
    return client


def test_three_countries_compile_into_one_table_and_the_exports_read_back(client):
    load_demo(shift_to_today=True)
    version = DocumentVersion.objects.get(
        document__title_en=INVENTORY,
        document__action_item__resolution__meeting__title_en=SAMPLE_TITLE,
    )
    client = signed_in(client, "secretariat@example.org")
    response = client.get(reverse("submissions:compilation", args=[version.pk]))

    rows = [row for row, _form in response.context["entries"]]
    assert {str(row.submission.obligation.party) for row in rows} == {
        "Guatemala",
        "Mexico",
        "El Salvador",
    }
    assert len(rows) == 7
    sections = [row.section for row in rows]
    assert sections == sorted(sections)  # "1. Introduction", then "2. Findings", ...
    page = response.content.decode()
    assert "Describe the coordinated border management of Peñas Blancas." not in page  # a draft
    assert "No comments received" in page  # the eight members that sent nothing yet
    assert "Added to section 2 of version 2." in page  # the secretariat's answer to Guatemala

    xlsx = client.get(reverse("submissions:compilation_export", args=[version.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Compilation"]
    exported = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(line[1], line[5]) for line in exported] == [
        (str(row.submission.obligation.party), row.comment) for row in rows
    ]

    word = client.get(reverse("submissions:compilation_export", args=[version.pk, "docx"]))
    table = docx.Document(io.BytesIO(word.content)).tables[0]
    assert [row.cells[4].text for row in table.rows[1:]] == [row.comment for row in rows]


def test_costa_rica_uploads_its_filled_template_and_joins_the_table(client):
    load_demo(shift_to_today=True)
    obligation = Obligation.objects.get(
        country__code="CR",
        action_item__resolution__meeting__title_en=SAMPLE_TITLE,
        action_item__resolution__number="2.a",
    )
    client = signed_in(client, "focal.cr@example.org")
    # The template holds the rows of Costa Rica's draft; a ministry adds one offline.
    template = client.get(reverse("submissions:comment_template", args=[obligation.pk, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = workbook.active
    sheet.append(["3. Recommendations", "7", "Técnico", "Name the joint border posts.", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    draft = obligation.submissions.drafts().get()
    edit = reverse("submissions:submission_edit", args=[obligation.pk])
    response = client.post(
        edit,
        {
            "draft": draft.pk,
            "revision": draft.revision,
            "text": "",
            "document_version": draft.document_version_id,
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "200",
            "template-file": SimpleUploadedFile("cr.xlsx", buffer.getvalue(), content_type=XLSX),
            "template-mode": "replace",
            "action": "review",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert list(draft.comments.values_list("section", "comment_type")) == [
        ("2. Findings", "technical"),
        ("3. Recommendations", "technical"),
    ]
    client.post(
        reverse("submissions:submission_confirm", args=[obligation.pk]),
        {"draft": draft.pk, "revision": draft.revision},
    )
    assert Submission.objects.get(pk=draft.pk).status == "submitted"

    staff = signed_in(client, "secretariat@example.org")
    page = staff.get(reverse("submissions:compilation", args=[draft.document_version_id]))
    parties = {str(row.submission.obligation.party) for row, _form in page.context["entries"]}
    assert parties == {"Costa Rica", "Guatemala", "Mexico", "El Salvador"}
