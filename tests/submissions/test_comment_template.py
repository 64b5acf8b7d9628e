"""Comment rows collected offline: the XLSX and DOCX template, downloaded and uploaded back."""

import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from rcm_tracker.uploads import DOCX, XLSX
from submissions.comment_sheets import SheetContext, header_labels, template_docx, template_xlsx
from submissions.models import Submission

from .conftest import pdf
from .helpers import draft_data

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "section": "2.10",
        "page": "4",
        "comment_type": "technical",
        "comment": "Add the Peñas Blancas crossing.",
        "proposed_change": "“... and Peñas Blancas.”",
    },
    {
        "section": "",
        "page": "7",
        "comment_type": "editorial",
        "comment": "Typo in the title.",
        "proposed_change": "",
    },
    {
        "section": "3",
        "page": "",
        "comment_type": "general",
        "comment": "Costa Rica supports the recommendations.\nSecond line.",
        "proposed_change": "",
    },
]
FIELDS = ("position", "section", "page", "comment_type", "comment", "proposed_change")
CONTEXT = SheetContext(title="Comments of Costa Rica", party="Costa Rica", document="Inventory")


def edit_url(obligation):
    return reverse("submissions:submission_edit", args=[obligation.pk])


def template_url(obligation, fmt):
    return reverse("submissions:comment_template", args=[obligation.pk, fmt])


def saved_rows(obligation):
    draft = Submission.objects.get(obligation=obligation, status="draft")
    return list(draft.comments.values_list(*FIELDS))


def upload(content: bytes, fmt: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        f"comments.{fmt}", content, content_type=XLSX if fmt == "xlsx" else DOCX
    )


def filled_xlsx(rows: list[list[object]], *, start_blank: bool = True) -> bytes:
    """The downloaded XLSX template with `rows` typed under its header, as a person would."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(CONTEXT)))
    sheet = workbook.active
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == header_labels()[0])
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(header + offset, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filled_docx(rows: list[list[str]]) -> bytes:
    """The downloaded DOCX template with `rows` typed into its table."""
    document = docx.Document(io.BytesIO(template_docx(CONTEXT)))
    table = document.tables[0]
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_cells(row: dict, *, type_label: str | None = None) -> list[str]:
    labels = {"general": "General", "technical": "Technical", "editorial": "Editorial"}
    return [
        row["section"],
        row["page"],
        type_label or labels[row["comment_type"]],
        row["comment"],
        row["proposed_change"],
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 403),
        ("manager", 403),
        ("focal_cr", 200),
        ("focal_mx", 404),
        ("focal_iom", 404),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_template_download_by_role(client_as, cr_obligation, role, status, fmt):
    response = client_as(role).get(template_url(cr_obligation, fmt))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == (XLSX if fmt == "xlsx" else DOCX)
        assert "attachment" in response["Content-Disposition"]


def test_an_unknown_format_is_404(client_as, cr_obligation):
    assert client_as("focal_cr").get(template_url(cr_obligation, "csv")).status_code == 404


def test_the_xlsx_template_has_the_standard_columns_and_the_drafts_rows(client_as, cr_obligation):
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(rows=ROWS[:2]))
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(template_url(cr_obligation, "xlsx")).content)
    )
    lines = list(workbook.active.iter_rows(values_only=True))
    header = lines.index(
        ("Section or paragraph", "Page", "Type of comment", "Comment", "Proposed change")
    )
    assert lines[0][0] == "Comments of Costa Rica"
    assert lines[header + 1] == (
        "2.10",
        "4",
        "Technical",
        ROWS[0]["comment"],
        ROWS[0]["proposed_change"],
    )
    assert lines[header + 2][:3] == (None, "7", "Editorial")
    validation = workbook.active.data_validations.dataValidation[0]
    assert validation.formula1 == '"General,Technical,Editorial"'
    assert workbook.active.page_setup.orientation == "landscape"


def test_the_template_is_in_the_users_language(client_as, cr_obligation, focal_cr):
    focal_cr.language = "es"
    focal_cr.save()
    response = client_as("focal_cr").get(template_url(cr_obligation, "docx"))
    document = docx.Document(io.BytesIO(response.content))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["Sección o párrafo", "Página", "Tipo de comentario", "Comentario",
                      "Cambio propuesto"]  # fmt: skip
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_uploading_a_filled_template_gives_the_same_rows_as_typing_them(
    client_as, comment_item, cr_obligation, mx_obligation, fmt
):
    typed = client_as("focal_cr")
    typed.post(edit_url(cr_obligation), draft_data(rows=ROWS))

    cells = [as_cells(row) for row in ROWS]
    content = filled_xlsx(cells) if fmt == "xlsx" else filled_docx(cells)
    uploaded = client_as("focal_mx")
    response = uploaded.post(
        edit_url(mx_obligation), draft_data(**{"template-file": upload(content, fmt)}), follow=True
    )

    assert response.status_code == 200
    assert "3 comment rows were read from the template." in response.content.decode()
    assert saved_rows(mx_obligation) == saved_rows(cr_obligation)
    assert len(saved_rows(cr_obligation)) == 3


def test_a_round_trip_through_the_template_keeps_the_rows(client_as, cr_obligation):
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(rows=ROWS))
    before = saved_rows(cr_obligation)
    draft = Submission.objects.get(obligation=cr_obligation)
    downloaded = client.get(template_url(cr_obligation, "xlsx")).content
    client.post(
        edit_url(cr_obligation),
        draft_data(
            draft=draft,
            blank_rows=1,
            **{"template-file": upload(downloaded, "xlsx"), "template-mode": "replace"},
        ),
    )
    assert saved_rows(cr_obligation) == before


def test_uploaded_rows_are_added_after_the_typed_ones_unless_they_replace_them(
    client_as, cr_obligation
):
    client = client_as("focal_cr")
    content = filled_xlsx([as_cells(ROWS[1])])
    client.post(
        edit_url(cr_obligation),
        draft_data(rows=[ROWS[0]], **{"template-file": upload(content, "xlsx")}),
    )
    assert [row[4] for row in saved_rows(cr_obligation)] == [ROWS[0]["comment"], ROWS[1]["comment"]]
    draft = Submission.objects.get(obligation=cr_obligation)
    client.post(
        edit_url(cr_obligation),
        draft_data(
            rows=[ROWS[0], ROWS[2]],
            draft=draft,
            **{"template-file": upload(content, "xlsx"), "template-mode": "replace"},
        ),
    )
    assert [row[4] for row in saved_rows(cr_obligation)] == [ROWS[1]["comment"]]


def test_types_are_read_in_either_language_and_empty_means_general(client_as, cr_obligation):
    cells = [
        as_cells(ROWS[0], type_label="TÉCNICO"),
        as_cells(ROWS[1], type_label="de redacción"),
        as_cells(ROWS[2], type_label=""),
    ]
    with translation.override("es"):
        content = filled_docx(cells)
    client_as("focal_cr").post(
        edit_url(cr_obligation), draft_data(**{"template-file": upload(content, "docx")})
    )
    assert [row[3] for row in saved_rows(cr_obligation)] == ["technical", "editorial", "general"]


def test_numbers_typed_in_the_sheet_are_read_as_typed(client_as, cr_obligation):
    content = filled_xlsx([[3, 12, "General", "A comment", None], [2.5, None, None, "Other", None]])
    client_as("focal_cr").post(
        edit_url(cr_obligation), draft_data(**{"template-file": upload(content, "xlsx")})
    )
    assert [row[1:3] for row in saved_rows(cr_obligation)] == [("3", "12"), ("2.5", "")]


def test_faulty_rows_are_named_and_nothing_is_saved(client_as, cr_obligation):
    content = filled_xlsx(
        [
            as_cells(ROWS[0]),
            ["4.1", "", "Major", "Unknown type", ""],
            ["4.2", "9", "General", "", "A proposal without its comment"],
            ["x" * 101, "", "", "Too long a section", ""],
        ]
    )
    response = client_as("focal_cr").post(
        edit_url(cr_obligation),
        draft_data(text="Typed text", **{"template-file": upload(content, "xlsx")}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    header_row = 7  # title, document, party, two lines of instructions, a blank line
    assert (
        f"Row {header_row + 2}: “Major” is not a type of comment; use General, Technical, "
        "Editorial." in page
    )
    assert f"Row {header_row + 3}, Comment: Write the comment, or clear the whole row." in page
    assert f"Row {header_row + 4}, Section or paragraph: Ensure this value has at most 100" in page
    assert "Typed text" in page  # what was typed stays in the form
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"%PDF-1.4 x", "is not an accepted file. Accepted types: DOCX, XLSX."),
        ("other.xlsx", None, "The heading row of the comments template was not found"),
        ("empty.xlsx", "empty", "The file holds no comment rows."),
    ],
)
def test_a_file_that_is_not_a_filled_template_is_refused_with_a_message(
    client_as, cr_obligation, name, content, message
):
    if content is None:
        workbook = openpyxl.Workbook()
        workbook.active.append(["Country", "Remarks"])
        workbook.active.append(["CR", "Something"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    elif content == "empty":
        content = filled_xlsx([])
    response = client_as("focal_cr").post(
        edit_url(cr_obligation),
        draft_data(**{"template-file": SimpleUploadedFile(name, content)}),
    )
    assert message in response.content.decode()
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


def test_more_rows_than_a_version_holds_are_refused(client_as, cr_obligation):
    content = filled_xlsx([["1", "", "", f"Comment {n}", ""] for n in range(150)])
    response = client_as("focal_cr").post(
        edit_url(cr_obligation),
        draft_data(
            rows=[{"comment": f"typed {n}"} for n in range(60)],
            **{"template-file": upload(content, "xlsx")},
        ),
    )
    assert "A version holds at most 200 comment rows; this would make 210." in (
        response.content.decode()
    )
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


def test_the_upload_is_offered_on_comment_requests_only(client_as, cr_obligation, costa_rica):
    from tests.factories import ActionItemFactory

    page = client_as("focal_cr").get(edit_url(cr_obligation)).content.decode()
    assert template_url(cr_obligation, "xlsx") in page
    assert 'name="template-file"' in page
    item = ActionItemFactory(kind="information_request", to_member_countries=False)
    item.address_to(countries=[costa_rica])
    other = item.obligations.get()
    page = client_as("focal_cr").get(edit_url(other)).content.decode()
    assert 'name="template-file"' not in page


def test_attachments_and_the_template_are_two_different_things(client_as, cr_obligation):
    """A PDF attached to the answer is not read as comment rows."""
    client_as("focal_cr").post(edit_url(cr_obligation), draft_data(attachments=[pdf()]))
    draft = Submission.objects.get(obligation=cr_obligation)
    assert (draft.files.count(), draft.comments.count()) == (1, 0)
