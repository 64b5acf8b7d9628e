"""Answers stay in the language they were written in: each version says which, and the
compilation shows it beside every comment."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from submissions.models import Submission
from tests.factories import SubmissionFactory

from .compilation_helpers import compilation_url, export_url, hand_in
from .helpers import draft_data

pytestmark = pytest.mark.django_db


def edit_url(obligation) -> str:
    return reverse("submissions:submission_edit", args=[obligation.pk])


def _spanish(user) -> None:
    user.language = "es"
    user.save(update_fields=["language"])


def test_a_first_draft_is_in_its_writers_language(client_as, cr_obligation, focal_cr):
    _spanish(focal_cr)
    client = client_as("focal_cr")
    form = client.get(edit_url(cr_obligation)).context["form"]
    assert form["language"].value() == "es"
    client.post(edit_url(cr_obligation), draft_data(text="Comentarios generales."))
    assert Submission.objects.get(obligation=cr_obligation).language == "es"


def test_a_draft_saved_from_a_page_without_the_field_keeps_its_language(
    client_as, cr_obligation, focal_cr
):
    _spanish(focal_cr)
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(text="Comentarios."))
    draft = Submission.objects.get(obligation=cr_obligation)
    client.post(edit_url(cr_obligation), draft_data(text="Otros comentarios.", draft=draft))
    assert Submission.objects.get(obligation=cr_obligation).language == "es"


def test_the_writer_may_say_it_is_in_the_other_language(client_as, cr_obligation, focal_cr):
    _spanish(focal_cr)
    client = client_as("focal_cr")
    client.post(edit_url(cr_obligation), draft_data(text="Comments.", language="en"))
    draft = Submission.objects.get(obligation=cr_obligation)
    assert draft.language == "en"
    client.post(
        edit_url(cr_obligation), draft_data(text="Comentarios.", draft=draft, language="es")
    )
    assert Submission.objects.get(obligation=cr_obligation).language == "es"


def test_an_unknown_language_is_refused_on_the_form(client_as, cr_obligation):
    client = client_as("focal_cr")
    response = client.post(edit_url(cr_obligation), draft_data(text="x", language="fr"))
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert not Submission.objects.filter(obligation=cr_obligation).exists()


def test_the_database_knows_only_english_and_spanish(cr_obligation):
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionFactory(obligation=cr_obligation, language="fr")


def test_a_new_version_keeps_the_language_of_the_text_it_copies(cr_obligation, focal_cr):
    first = hand_in(cr_obligation, focal_cr, [("1", "general", "Comentario")])
    Submission.objects.filter(pk=first.pk).update(language="es")
    first.refresh_from_db()
    assert first.start_new_version(by=focal_cr).language == "es"


@pytest.mark.usefixtures("after_the_deadline")
def test_the_compilation_shows_each_comments_language(
    client_as, commented_version, cr_obligation, mx_obligation, focal_cr, focal_mx
):
    cr = hand_in(cr_obligation, focal_cr, [("1", "general", "Agregar Peñas Blancas")])
    Submission.objects.filter(pk=cr.pk).update(language="es", text="Apoyamos el inventario.")
    hand_in(mx_obligation, focal_mx, [("2", "general", "Add the northern border")])
    html = client_as("secretariat").get(compilation_url(commented_version)).content.decode()
    assert '<td class="text-pre-line" lang="es">Agregar Peñas Blancas</td>' in html
    assert '<td class="text-pre-line" lang="en">Add the northern border</td>' in html
    assert '<td class="text-pre-line" lang="es">Apoyamos el inventario.</td>' in html
    assert 'class="badge text-bg-light border fw-normal">Spanish</span>' in html
    assert 'class="badge text-bg-light border fw-normal">English</span>' in html


@pytest.mark.usefixtures("after_the_deadline")
def test_the_compilation_workbook_names_each_comments_language(
    client_as, commented_version, cr_obligation, mx_obligation, focal_cr, focal_mx
):
    cr = hand_in(cr_obligation, focal_cr, [("1", "general", "Agregar Peñas Blancas")])
    Submission.objects.filter(pk=cr.pk).update(language="es", text="Apoyamos el inventario.")
    hand_in(mx_obligation, focal_mx, [("2", "general", "Add the northern border")])
    response = client_as("secretariat").get(export_url(commented_version, "xlsx", language="en"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header, *rows = book["Compilation"].iter_rows(values_only=True)
    assert header[-1] == "Language"
    assert {(row[1], row[-1]) for row in rows} == {("Costa Rica", "Spanish"), ("Mexico", "English")}
    _header, *general = book["General comments"].iter_rows(values_only=True)
    assert [(row[0], row[-1]) for row in general] == [("Costa Rica", "Spanish")]
