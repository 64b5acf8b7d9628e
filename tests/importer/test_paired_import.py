"""Importing a report with its other-language version: now, and later on a saved meeting.

The import page takes a second version, refused when in the same language; the
review shows each resolution beside its translation with the warnings and the
unpaired marked; saving fills both languages; a saved meeting can take its other
language later, only into the texts still empty.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import ActionItem, Meeting, Resolution
from importer.models import ReportImport
from tests.conftest import ROLES

from .import_helpers import SAMPLE, SAMPLE_ES, form_data

# The Spanish version of the English sample, the same report resolution for resolution.
PAIR_ES = SAMPLE.parent / "pairs" / "border-management_2020-09-28_es.txt"
pytestmark = pytest.mark.django_db
QUERIES = 13  # see test_the_review_page_queries_do_not_grow_with_the_report
IMPORT = reverse("importer:report_import")
FORBIDDEN = {"manager": 403, "focal_cr": 403, "focal_mx": 403, "focal_iom": 403}


def upload_pair(client, first=SAMPLE, second=PAIR_ES):
    return client.post(
        IMPORT,
        {
            "file": SimpleUploadedFile(first.name, first.read_bytes()),
            "translation_file": SimpleUploadedFile(second.name, second.read_bytes()),
        },
    )


def review_url(report_import: ReportImport) -> str:
    return reverse("importer:report_import_review", args=[report_import.pk])


@pytest.fixture
def secretariat_client(client_as):
    return client_as("secretariat")


@pytest.fixture
def paired_import(secretariat_client) -> ReportImport:
    response = upload_pair(secretariat_client)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReportImport.objects.get()


def save_review(client, report_import: ReportImport):
    data = form_data(client.get(review_url(report_import)).content.decode())
    data["save"] = [""]
    return client.post(review_url(report_import), data)


# Reading both versions ---------------------------------------------------------------------


def test_the_import_page_offers_the_other_language_version(secretariat_client):
    page = secretariat_client.get(IMPORT).content.decode()
    assert "Same report in the other language (optional)" in page
    assert 'name="translation_text"' in page and 'name="translation_file"' in page


def test_both_versions_are_kept_for_the_review(paired_import):
    assert paired_import.translation_name == PAIR_ES.name
    assert paired_import.translation_text.strip()
    assert paired_import.parsed["language"] == "en"
    assert paired_import.parsed["translation_language"] == "es"


def test_a_second_version_in_the_same_language_is_refused_keeping_what_was_typed(
    secretariat_client,
):
    text = SAMPLE.read_text()
    response = secretariat_client.post(IMPORT, {"text": text, "translation_text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Both versions are in English" in page
    assert "The second must be the same report in the other language" in page
    form = response.context["form"]
    assert form["text"].value() == text and form["translation_text"].value() == text
    assert not ReportImport.objects.exists()


def test_a_refused_second_version_keeps_the_first_file_as_its_text(secretariat_client):
    response = upload_pair(secretariat_client, SAMPLE, SAMPLE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("translation_file")
    assert form["text"].value() == form.report["text"]
    assert "To thank Costa Rica" in response.content.decode()


# The review --------------------------------------------------------------------------------


def test_the_review_shows_both_texts_side_by_side(secretariat_client, paired_import):
    page = secretariat_client.get(review_url(paired_import)).content.decode()
    first = paired_import.parsed["resolutions"][0]
    assert first["translation"]
    assert "Text in English" in page and "Text in Spanish" in page
    assert 'name="resolutions-0-translation"' in page
    assert 'lang="es"' in page
    assert "Title in Spanish" in page


def test_the_review_lists_the_warnings_in_words(secretariat_client):
    # The other Spanish sample is a report of another kind: much of it does not pair.
    upload_pair(secretariat_client, SAMPLE, SAMPLE_ES)
    report_import = ReportImport.objects.get()
    assert report_import.parsed["translation_warnings"]
    page = secretariat_client.get(review_url(report_import)).content.decode()
    warnings = page.split('id="translation-warnings"')[1].split("</div>")[0]
    assert "Resolution 2.a has no Spanish version in the second report." in warnings
    assert "Resolution 3.a: the Spanish version gives" in warnings
    assert "unpaired_in_translation" not in warnings and "date_differs" not in warnings
    assert "No Spanish version in the second report" in page  # the row's badge
    # The first version's values are the ones shown in the rows.
    data = form_data(page)
    assert data["resolutions-0-text"] == [report_import.parsed["resolutions"][0]["text"]]


def test_a_pair_that_agrees_says_so(secretariat_client, paired_import):
    page = secretariat_client.get(review_url(paired_import)).content.decode()
    assert "The two versions agree on every number, date and party." in page
    assert "No Spanish version in the second report" not in page


def test_the_review_marks_the_unpaired(secretariat_client, paired_import):
    parsed = dict(paired_import.parsed)
    resolutions = [dict(r) for r in parsed["resolutions"]]
    number = resolutions[-1]["number"]
    resolutions[-1]["translation"] = None
    parsed["resolutions"] = resolutions
    parsed["translation_warnings"] = [
        {"message": "unpaired_in_translation", "number": number, "translation_number": None,
         "field": "resolution", "original": resolutions[-1]["text"], "translation": None},
        {"message": "unpaired_in_original", "number": None, "translation_number": "99",
         "field": "resolution", "original": None, "translation": "Un acuerdo de más."},
        {"message": "date_differs", "number": "3.b", "translation_number": "3.b", "field": "due",
         "original": {"earliest": "2020-12-01", "latest": "2020-12-07"},
         "translation": {"earliest": "2020-12-01", "latest": "2020-12-14"}},
    ]  # fmt: skip
    paired_import.parsed = parsed
    paired_import.save()
    page = secretariat_client.get(review_url(paired_import)).content.decode()
    assert "No Spanish version in the second report" in page
    assert "not in the first report" in page and "Un acuerdo de más." in page
    assert (
        "Resolution 3.b: the Spanish version gives 1 Dec 2020\N{EN DASH}14 Dec 2020, "
        "the English 1 Dec 2020\N{EN DASH}7 Dec 2020." in page
    )


# Saving both languages ---------------------------------------------------------------------


def test_saving_fills_both_languages(secretariat_client, paired_import):
    response = save_review(secretariat_client, paired_import)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.title_en and meeting.title_es
    resolutions = list(Resolution.objects.filter(meeting=meeting))
    paired = [r for r in paired_import.parsed["resolutions"] if r["translation"]]
    assert paired
    by_number = {r.number: r for r in resolutions}
    for read in paired:
        assert by_number[str(read["number"])].text_en == read["text"]
        assert by_number[str(read["number"])].text_es == read["translation"]
    items = ActionItem.objects.filter(resolution__meeting=meeting)
    assert items.exists()
    assert all(item.title_en and item.title_es for item in items)
    read = {i["title"]: i for i in paired_import.parsed["action_items"]}
    for item in items:
        assert item.title_es == read[item.title_en]["title_translation"]
        assert item.due_text_es == read[item.title_en]["due_text_translation"]
    item = items.get(resolution__number="2.a")
    assert item.source_text_es.startswith("Solicitar a los Países Miembros de la CRM")
    assert item.source_text_es.endswith("\nInventario de buenas prácticas a nivel regional")
    assert item.source_text_en.endswith("\nInventory of best practices at the regional level")


def test_a_spanish_report_with_its_english_saves_spanish_first(secretariat_client):
    response = upload_pair(secretariat_client, PAIR_ES, SAMPLE)
    assert response.status_code == 302
    report_import = ReportImport.objects.get()
    assert report_import.parsed["language"] == "es"
    assert save_review(secretariat_client, report_import).status_code == 302
    resolution = Resolution.objects.order_by("order").first()
    assert resolution is not None
    assert resolution.text_es == report_import.parsed["resolutions"][0]["text"]
    assert resolution.text_en == report_import.parsed["resolutions"][0]["translation"]


def test_a_kept_draft_keeps_both_languages(secretariat_client, paired_import):
    data = form_data(secretariat_client.get(review_url(paired_import)).content.decode())
    data["resolutions-0-translation"] = ["Texto corregido."]
    data["keep"] = [""]
    secretariat_client.post(review_url(paired_import), data)
    page = secretariat_client.get(review_url(paired_import)).content.decode()
    assert "Texto corregido." in page


# Roles -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_review_of_a_paired_import_is_for_the_secretariat(client_as, paired_import, role):
    response = client_as(role).get(review_url(paired_import))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == FORBIDDEN.get(role, 200)


def test_the_review_of_a_missing_import_is_404(secretariat_client):
    response = secretariat_client.get(reverse("importer:report_import_review", args=[999999]))
    assert response.status_code == 404


# Queries -----------------------------------------------------------------------------------


def _smaller(report_import: ReportImport, keep: int) -> None:
    """Cut the import down to its first `keep` top-level resolutions and their items."""
    parsed = dict(report_import.parsed)
    tops = [str(r["number"]) for r in parsed["resolutions"] if not r.get("parent")][:keep]
    kept = [r for r in parsed["resolutions"] if str(r["number"]).split(".")[0] in tops]
    numbers = {str(r["number"]) for r in kept}
    parsed["resolutions"] = kept
    parsed["action_items"] = [i for i in parsed["action_items"] if i["resolution"] in numbers]
    report_import.parsed = parsed
    report_import.save()


@pytest.mark.parametrize("keep", [1, 5])
def test_the_review_page_queries_do_not_grow_with_the_report(
    secretariat_client, paired_import, django_assert_num_queries, keep
):
    _smaller(paired_import, keep)
    secretariat_client.get(review_url(paired_import))
    # Session, user, the import; countries and organisations read by data_from_parse and
    # again by ImportReview; the working groups matched by name; the duplicate check
    # (meetings); the meeting form's choices: working groups, presidencies with their
    # country, participants (countries), observers (organisations). None per resolution or
    # item, so the same count at both sizes.
    with django_assert_num_queries(QUERIES):
        response = secretariat_client.get(review_url(paired_import))
    assert response.status_code == 200


# The other language, later -----------------------------------------------------------------


def other_language_url(meeting: Meeting) -> str:
    return reverse("importer:meeting_other_language", args=[meeting.pk])


@pytest.fixture
def english_meeting(secretariat_client) -> Meeting:
    """The English sample saved alone: a meeting with no Spanish texts."""
    secretariat_client.post(IMPORT, {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())})
    assert save_review(secretariat_client, ReportImport.objects.get()).status_code == 302
    return Meeting.objects.get()


@pytest.mark.parametrize("role", ROLES)
def test_adding_the_other_language_is_for_the_secretariat(client_as, english_meeting, role):
    response = client_as(role).get(other_language_url(english_meeting))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == FORBIDDEN.get(role, 200)


@pytest.mark.parametrize("role", ["secretariat", "manager"])
def test_adding_the_other_language_to_no_meeting(client_as, role):
    response = client_as(role).get(reverse("importer:meeting_other_language", args=[999999]))
    assert response.status_code == (404 if role == "secretariat" else 403)


def test_the_meeting_page_offers_the_other_language(secretariat_client, english_meeting):
    page = secretariat_client.get(
        reverse("actions:meeting_detail", args=[english_meeting.pk])
    ).content.decode()
    assert other_language_url(english_meeting) in page


def test_the_other_language_is_previewed_side_by_side(secretariat_client, english_meeting):
    response = secretariat_client.post(
        other_language_url(english_meeting), {"text": PAIR_ES.read_text()}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="translation-warnings"' in page
    assert "Fill the empty texts in the other language" in page
    assert not Resolution.objects.exclude(text_es="").exists()  # nothing saved yet


def test_the_same_language_is_refused(secretariat_client, english_meeting):
    response = secretariat_client.post(
        other_language_url(english_meeting), {"text": SAMPLE.read_text()}
    )
    assert "This report is in English, like the meeting." in response.content.decode()


def test_adding_the_other_language_fills_only_empty_texts(secretariat_client, english_meeting):
    kept = Resolution.objects.filter(meeting=english_meeting).order_by("order").first()
    assert kept is not None
    kept.text_es = "Texto ya escrito a mano."
    kept.save()
    response = secretariat_client.post(
        other_language_url(english_meeting), {"text": PAIR_ES.read_text(), "save": ""}
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.text_es == "Texto ya escrito a mano."
    resolutions = Resolution.objects.filter(meeting=english_meeting)
    assert not resolutions.filter(text_es="").exists()
    items = ActionItem.objects.filter(resolution__meeting=english_meeting)
    assert not items.filter(title_es="").exists()
    # The report's wording of each item follows its resolution (and its parent's) text.
    item = items.get(resolution__number="2.a")
    assert item.source_text_es == item.resolution.wording_in("es")
    assert item.source_text_es.startswith("Solicitar a los Países Miembros de la CRM")
    assert item.source_text_es.endswith("\nInventario de buenas prácticas a nivel regional")
    english_meeting.refresh_from_db()
    assert english_meeting.title_es
    message = str(list(response.wsgi_request._messages)[-1])
    assert "were left as they were because they already had text" not in message
    assert "1 was left as it was because it already had text" in message
