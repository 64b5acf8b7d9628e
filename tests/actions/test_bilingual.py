"""Content in two languages: what people write is kept in English and Spanish, one
of them enough; readers get their language, or the other one marked as such."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from actions.history import action_item_history
from actions.models import ActionItem, Document, Meeting, Resolution
from rcm_tracker.i18n import Localized, localize, localized_expression
from tests.factories import (
    ActionItemFactory,
    DocumentFactory,
    DocumentVersionFactory,
    MeetingFactory,
    ResolutionFactory,
)
from tests.helpers import docx_file, field_error

pytestmark = pytest.mark.django_db


def _marker(language: str, reader: str) -> str:
    """The marker the catalog gives a reader for a text only in `language`."""
    with translation.override(reader):
        return gettext("only in English" if language == "en" else "only in Spanish")


# The database: one language at least ---------------------------------------------------


class TestOneLanguageAtLeast:
    @pytest.mark.parametrize(
        ("factory", "fields"),
        [
            (ResolutionFactory, {"text_en": "", "text_es": ""}),
            (ActionItemFactory, {"title_en": "", "title_es": ""}),
            (DocumentFactory, {"title_en": "", "title_es": ""}),
        ],
    )
    def test_a_required_text_in_neither_language_is_refused(self, factory, fields):
        with pytest.raises(IntegrityError), transaction.atomic():
            factory(**fields)

    @pytest.mark.parametrize("language", ["en", "es"])
    def test_either_language_alone_is_enough(self, language):
        other = "es" if language == "en" else "en"
        item = ActionItemFactory(**{f"title_{language}": "Informe", f"title_{other}": ""})
        resolution = ResolutionFactory(**{f"text_{language}": "Texto", f"text_{other}": ""})
        document = DocumentFactory(**{f"title_{language}": "Mapa", f"title_{other}": ""})
        assert {item.pk, resolution.pk, document.pk} != {None}

    def test_optional_texts_may_be_empty_in_both(self):
        meeting = MeetingFactory(title_en="", title_es="", place_en="", notes_en="")
        assert meeting.title == "" and not meeting.title.fallback

    def test_the_existing_columns_keep_their_data_as_english(self):
        # The migration renames title → title_en (data kept) and adds an empty title_es.
        columns = {f.column for f in ActionItem._meta.concrete_fields}
        assert {"title_en", "title_es", "due_text_en", "due_text_es"} <= columns
        assert "title" not in columns


# The accessor ----------------------------------------------------------------------------


class TestAccessor:
    def test_each_reader_gets_their_language(self):
        item = ActionItemFactory(title_en="Comments on the map", title_es="Comentarios al mapa")
        with translation.override("en"):
            assert (item.title, item.title.language, item.title.fallback) == (
                "Comments on the map",
                "en",
                False,
            )
        with translation.override("es"):
            assert (item.title, item.title.language, item.title.fallback) == (
                "Comentarios al mapa",
                "es",
                False,
            )

    @pytest.mark.parametrize(
        ("stored", "reader", "shown", "language"),
        [
            ({"title_en": "Map", "title_es": ""}, "es", "Map", "en"),
            ({"title_en": "", "title_es": "Mapa"}, "en", "Mapa", "es"),
        ],
    )
    def test_only_the_other_language_is_a_marked_fallback(self, stored, reader, shown, language):
        item = ActionItemFactory(**stored)
        with translation.override(reader):
            title = item.title
            assert isinstance(title, Localized) and isinstance(title, str)
            assert (str(title), title.language, title.fallback) == (shown, language, True)
            assert title.marker == _marker(language, reader)
            assert title.plain() == f"{shown} [{_marker(language, reader)}]"

    def test_the_marker_names_the_language_of_the_text_in_the_readers_words(self):
        with translation.override("en"):
            assert localize("", "Mapa").marker == "only in Spanish"
            assert localize("Map", "").marker == ""  # in the reader's language: no marker
        with translation.override("es"):
            assert localize("Map", "").marker == _marker("en", "es")
            assert localize("", "Mapa").marker == ""
        assert localize("Map", "Mapa", "es").marker == ""

    def test_no_setter_code_writes_each_language(self):
        item = ActionItemFactory(title_en="Map")
        with pytest.raises(AttributeError, match="title_en or title_es"):
            item.title = "Other"
        with pytest.raises(TypeError):
            ActionItem(title="Map")

    def test_every_bilingual_text_reads_the_same_way(self):
        version = DocumentVersionFactory(
            note_en="",
            note_es="Versión revisada",
            document__description_en="About the map",
            document__action_item__description_es="Descripción",
            document__action_item__due_text_en="by 28 October",
            document__action_item__resolution__text_es="Solicitar comentarios",
            document__action_item__resolution__text_en="",
            document__action_item__resolution__meeting__place_es="San José",
            document__action_item__resolution__meeting__notes_en="Notes",
        )
        document = version.document
        item = document.action_item
        meeting = item.resolution.meeting
        with translation.override("en"):
            shown = [
                version.note,
                document.description,
                item.description,
                item.due_text,
                item.resolution.text,
                meeting.place,
                meeting.notes,
            ]
            assert [(str(t), t.language, t.fallback) for t in shown] == [
                ("Versión revisada", "es", True),
                ("About the map", "en", False),
                ("Descripción", "es", True),
                ("by 28 October", "en", False),
                ("Solicitar comentarios", "es", True),
                ("San José", "es", True),
                ("Notes", "en", False),
            ]


# The template filters ------------------------------------------------------------------


def _render(source: str, **context) -> str:
    return Template("{% load bilingual %}" + source).render(Context(context))


class TestFilters:
    def test_a_text_in_the_readers_language_is_shown_plainly(self):
        item = ActionItemFactory(title_en="Map <draft>", title_es="Mapa <borrador>")
        with translation.override("es"):
            assert _render("{{ item.title|bilingual }}", item=item) == "Mapa &lt;borrador&gt;"
            assert _render("{{ item.title|bilingual_text }}", item=item) == (
                "Mapa &lt;borrador&gt;"
            )

    @pytest.mark.parametrize("reader", ["en", "es"])
    def test_a_fallback_carries_its_lang_and_a_visible_badge(self, reader):
        english_only = ActionItemFactory(title_en="Map of routes", title_es="")
        spanish_only = ActionItemFactory(title_en="", title_es="Mapa de rutas")
        text = english_only if reader == "es" else spanish_only
        language = "en" if reader == "es" else "es"
        with translation.override(reader):
            html = _render("{{ item.title|bilingual }}", item=text)
            plain = _render("{{ item.title|bilingual_text }}", item=text)
        words = str(text.title_en or text.title_es)
        marker = _marker(language, reader)
        assert html == (
            f'<span lang="{language}">{words}</span> '
            f'<span class="badge text-bg-light border fw-normal">{marker}</span>'
        )
        assert plain == f"{words} [{marker}]"

    def test_a_length_shortens_the_text_not_the_marker(self):
        item = ActionItemFactory(title_en="A very long title of an action item", title_es="")
        with translation.override("es"):
            html = _render("{{ item.title|bilingual:10 }}", item=item)
        assert '<span lang="en">A very lo…</span>' in html
        assert _marker("en", "es") in html

    def test_plain_strings_and_empty_texts_pass_through(self):
        assert _render("{{ text|bilingual }}", text="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
        item = ActionItemFactory(description_en="", description_es="")
        assert _render('{{ item.description|bilingual|default:"—" }}', item=item) == "—"


# Forms --------------------------------------------------------------------------------


def _item_data(**texts) -> dict:
    return {
        "kind": ActionItem.Kind.COMMENT_REQUEST,
        "due_precision": ActionItem.Precision.DAY,
        "due_latest": "2020-10-28",
        "to_member_countries": "on",
        **texts,
    }


class TestForms:
    @pytest.mark.parametrize(
        "texts",
        [
            {"title_en": "Comments on the map", "title_es": ""},
            {"title_en": "", "title_es": "Comentarios al mapa"},
            {"title_en": "Comments on the map", "title_es": "Comentarios al mapa"},
        ],
    )
    def test_an_item_in_one_language_is_enough(self, client_as, texts):
        resolution = ResolutionFactory()
        url = reverse("actions:action_item_create", args=[resolution.pk])
        response = client_as("secretariat").post(url, _item_data(**texts))
        assert response.status_code == 302
        item = ActionItem.objects.get(resolution=resolution)
        assert (item.title_en, item.title_es) == (texts["title_en"], texts["title_es"])

    def test_an_item_in_neither_language_is_refused_on_the_form_and_nothing_saved(self, client_as):
        resolution = ResolutionFactory()
        url = reverse("actions:action_item_create", args=[resolution.pk])
        response = client_as("secretariat").post(
            url, _item_data(title_en=" ", title_es="", description_es="Se conserva")
        )
        assert response.status_code == 200
        html = response.content.decode()
        message = "Write the title in English or in Spanish: one language is enough."
        assert field_error(html, "title_en") == message
        assert field_error(html, "title_es") == message
        assert "Se conserva" in html  # what was typed stays
        assert not ActionItem.objects.filter(resolution=resolution).exists()

    def test_the_form_shows_both_versions_side_by_side_each_with_its_language(self, client_as):
        resolution = ResolutionFactory()
        url = reverse("actions:action_item_create", args=[resolution.pk])
        html = client_as("secretariat").get(url).content.decode()
        for field in ["title", "description", "due_text"]:
            english = html.index(f'id="id_{field}_en"')
            spanish = html.index(f'id="id_{field}_es"')
            row = html.rfind('class="row bilingual-row"', 0, english)
            assert row != -1 and row < english < spanish
            assert 'lang="en"' in html[english - 300 : english + 300]
        assert "Title (English)" in html and "Title (Spanish)" in html
        assert "One language is enough." in html

    def test_a_resolution_in_neither_language_is_refused(self, client_as):
        meeting = MeetingFactory()
        url = reverse("actions:resolution_create", args=[meeting.pk])
        client = client_as("secretariat")
        response = client.post(url, {"number": "1", "text_en": "", "text_es": ""})
        assert "one language is enough" in field_error(response.content.decode(), "text_es")
        assert not Resolution.objects.filter(meeting=meeting).exists()
        client.post(url, {"number": "1", "text_en": "", "text_es": "Agradecer a Costa Rica."})
        assert Resolution.objects.get(meeting=meeting).text_es == "Agradecer a Costa Rica."

    def test_a_document_and_its_versions_in_either_language(self, client_as):
        item = ActionItemFactory()
        client = client_as("secretariat")
        url = reverse("actions:document_create", args=[item.pk])
        response = client.post(url, {"title_en": "", "title_es": "", "file": docx_file()})
        assert "one language is enough" in field_error(response.content.decode(), "title_en")
        assert not item.documents.exists()
        client.post(
            url,
            {"title_es": "Inventario", "note_es": "Primer borrador", "file": docx_file()},
        )
        document = item.documents.get()
        assert (document.title_en, document.title_es) == ("", "Inventario")
        assert document.versions.get().note_es == "Primer borrador"
        client.post(
            reverse("actions:document_version_create", args=[document.pk]),
            {"file": docx_file(), "note_en": "Comments taken in"},
        )
        assert document.versions.get(number=2).note_en == "Comments taken in"

    def test_a_meeting_is_entered_in_both_languages(self, client_as, border_management):
        client = client_as("secretariat")
        response = client.post(
            reverse("actions:meeting_create"),
            {
                "working_group": border_management.pk,
                "title_en": "",
                "title_es": "Reunión de septiembre",
                "date": "2020-09-28",
                "modality": "in_person",
                "place_en": "San José",
                "place_es": "San José",
                "notes_es": "Notas",
            },
        )
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        assert (meeting.title_es, meeting.place_en, meeting.notes_es) == (
            "Reunión de septiembre",
            "San José",
            "Notas",
        )


# Pages -------------------------------------------------------------------------------


@pytest.fixture
def mixed_meeting(border_management):
    """A meeting with a resolution and an item in both languages, and one in English only."""
    meeting = MeetingFactory(
        working_group=border_management,
        title_en="Meeting on borders",
        title_es="Reunión sobre fronteras",
    )
    both = ResolutionFactory(
        meeting=meeting,
        number="1",
        text_en="To ask for comments.",
        text_es="Solicitar comentarios.",
    )
    ActionItemFactory(
        resolution=both, title_en="Comments on the map", title_es="Comentarios sobre el mapa"
    )
    english = ResolutionFactory(meeting=meeting, number="2", text_en="To thank IOM.", text_es="")
    ActionItemFactory(resolution=english, title_en="Thanks to IOM", title_es="")
    return meeting


def test_a_page_in_spanish_shows_the_spanish_texts_and_marks_the_english_only_ones(
    client_as, secretariat, mixed_meeting
):
    secretariat.language = "es"
    secretariat.save(update_fields=["language"])
    url = reverse("actions:meeting_detail", args=[mixed_meeting.pk])
    html = client_as("secretariat").get(url).content.decode()
    marker = _marker("en", "es")
    assert "Reunión sobre fronteras" in html and "Meeting on borders" not in html
    assert "Solicitar comentarios." in html and "To ask for comments." not in html
    assert "Comentarios sobre el mapa" in html and "Comments on the map" not in html
    assert '<span lang="en">To thank IOM.</span> <span class="badge' in html
    assert '<span lang="en">Thanks to IOM</span> <span class="badge' in html
    assert html.count('<span lang="en">') == 2
    assert html.count(f"{marker}</span>") == 2  # the badges (the history names it in words)


def test_the_same_page_in_english_marks_nothing(client_as, mixed_meeting):
    url = reverse("actions:meeting_detail", args=[mixed_meeting.pk])
    html = client_as("secretariat").get(url).content.decode()
    assert "Meeting on borders" in html and "To thank IOM." in html
    assert "only in English" not in html and "only in Spanish" not in html


def test_search_finds_either_language_and_sorting_follows_the_readers(
    client_as, secretariat, border_management
):
    meeting = MeetingFactory(working_group=border_management)
    ActionItemFactory(resolution__meeting=meeting, title_en="Zebra crossing", title_es="Alfa")
    ActionItemFactory(resolution__meeting=meeting, title_en="Beta", title_es="")
    client = client_as("secretariat")
    url = reverse("actions:action_item_list")

    def titles(**query) -> list[str]:
        page = client.get(url, query).context["page_obj"]
        return [item.title_en for item in page]

    assert titles(q="alfa") == ["Zebra crossing"]
    assert titles(q="zebra") == ["Zebra crossing"]
    assert titles(sort="title") == ["Beta", "Zebra crossing"]
    secretariat.language = "es"
    secretariat.save(update_fields=["language"])
    # In Spanish "Alfa" sorts first; "Beta" has no Spanish title and sorts by its English one.
    assert titles(sort="title") == ["Zebra crossing", "Beta"]
    assert titles(sort="-title") == ["Beta", "Zebra crossing"]


def test_meeting_search_reads_both_languages_of_titles_and_resolutions(client_as):
    meeting = MeetingFactory(title_en="", title_es="Reunión de Tegucigalpa")
    ResolutionFactory(meeting=meeting, text_en="", text_es="Agradecer a Honduras")
    MeetingFactory(title_en="Another meeting")
    client = client_as("secretariat")
    url = reverse("actions:meeting_list")
    for words in ["tegucigalpa", "honduras"]:
        found = [m.pk for m in client.get(url, {"q": words}).context["page_obj"]]
        assert found == [meeting.pk], words


def test_the_expression_orders_by_the_readers_language_with_the_other_as_fallback():
    DocumentFactory(title_en="Alpha", title_es="Zulú")
    DocumentFactory(title_en="Beta", title_es="")
    titles = Document.objects.values_list("title_en", flat=True)
    with translation.override("es"):
        assert list(titles.order_by(localized_expression("title"))) == ["Beta", "Alpha"]
    with translation.override("en"):
        assert list(titles.order_by(localized_expression("title"))) == ["Alpha", "Beta"]
    # The language can be named (an export in the language asked).
    assert list(titles.order_by(localized_expression("title", "es"))) == ["Beta", "Alpha"]


def test_the_list_pages_make_the_same_queries_in_spanish(
    client_as, secretariat, border_management, django_assert_num_queries
):
    meeting = MeetingFactory(working_group=border_management)
    for n in range(5):
        ActionItemFactory(resolution__meeting=meeting, title_en=f"Item {n}", title_es="")
    client = client_as("secretariat")
    for url in [reverse("actions:action_item_list"), reverse("actions:meeting_list")]:
        client.get(url)
        with CaptureQueriesContext(connection) as english:
            client.get(url)
        secretariat.language = "es"
        secretariat.save(update_fields=["language"])
        # the same queries as in English (session, user, the filter's choices, the page):
        # the marker is worked out from the columns already read
        with django_assert_num_queries(len(english.captured_queries)):
            html = client.get(url).content.decode()
        if "items" in url:
            assert html.count('<span lang="en">Item ') == 5
        secretariat.language = "en"
        secretariat.save(update_fields=["language"])


# Exports ------------------------------------------------------------------------------


def test_the_item_export_is_in_the_language_asked(client_as, secretariat, mixed_meeting):
    client = client_as("secretariat")
    url = reverse("actions:action_item_export", args=["csv"])

    def rows(**query) -> list[list[str]]:
        response = client.get(url, query)
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    spanish = rows(language="es")
    titles = sorted(row[1] for row in spanish[1:])
    assert titles == ["Comentarios sobre el mapa", f"Thanks to IOM [{_marker('en', 'es')}]"]
    assert spanish[0][1] == gettext_in("es", "Title")
    english = rows(language="en")
    assert sorted(row[1] for row in english[1:]) == ["Comments on the map", "Thanks to IOM"]
    # An unknown language is ignored: the reader's (English here) is used.
    assert rows(language="fr") == english
    secretariat.language = "es"
    secretariat.save(update_fields=["language"])
    assert rows() == spanish


def test_the_excel_export_follows_the_same_choice(client_as, mixed_meeting):
    response = client_as("secretariat").get(
        reverse("actions:action_item_export", args=["xlsx"]), {"language": "es"}
    )
    assert response["Content-Language"] == "es"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles[0] == "Comentarios sobre el mapa"


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


# History ------------------------------------------------------------------------------


def test_the_history_shows_which_language_changed(client_as, secretariat):
    item = ActionItemFactory(title_en="Map", title_es="")
    client_as("secretariat").post(
        reverse("actions:action_item_edit", args=[item.pk]),
        {
            **_item_data(title_en="Map", title_es="Mapa"),
            "revision": item.revision,
        },
    )
    changes = [
        (c.field, c.old, c.new)
        for entry in action_item_history(item, secretariat)
        for c in entry.changes
    ]
    assert ("title (Spanish)", "—", "Mapa") in changes
    assert not any(field == "title (English)" for field, _old, _new in changes)


@pytest.mark.parametrize(
    ("source_es", "shown", "marked"),
    [
        ("Solicitar comentarios:\nMapa", "Solicitar comentarios:\nMapa", False),
        ("", "To ask for comments:\nMap", True),
    ],
)
def test_a_focal_point_reads_the_reports_wording_in_spanish_or_marked_english(
    client_as, focal_cr, costa_rica, source_es, shown, marked
):
    focal_cr.language = "es"
    focal_cr.save(update_fields=["language"])
    item = ActionItemFactory(
        title_en="Comments on the map",
        title_es="Comentarios sobre el mapa",
        source_text_en="To ask for comments:\nMap",
        source_text_es=source_es,
    )
    item.address_to(countries=[costa_rica])
    obligation = item.obligations.get(country=costa_rica)
    url = reverse("submissions:obligation_detail", args=[obligation.pk])
    html = client_as("focal_cr").get(url).content.decode()
    assert shown in html
    english_marked = f'<span lang="en">{shown}</span> <span class="badge'
    assert (english_marked in html) is marked
    if not marked:
        assert "To ask for comments" not in html


def test_as_plain_strings_the_texts_say_when_they_are_in_the_other_language():
    """Menus, the admin and e-mail subjects print objects whole: marked there too."""
    item = ActionItemFactory(
        title_en="Thanks to IOM",
        title_es="",
        resolution__text_en="To thank IOM.",
        resolution__text_es="",
        resolution__meeting__title_en="Meeting on borders",
        resolution__meeting__title_es="",
    )
    document = DocumentFactory(action_item=item, title_en="", title_es="Mapa de rutas")
    resolution, meeting = item.resolution, item.resolution.meeting
    number = resolution.number
    with translation.override("es"):
        marker = _marker("en", "es")
        assert str(item) == f"Thanks to IOM [{marker}]"
        assert str(resolution) == f"{number}. To thank IOM. [{marker}]"
        assert str(meeting) == f"Meeting on borders [{marker}]"
        assert str(document) == "Mapa de rutas"
    with translation.override("en"):
        assert str(item) == "Thanks to IOM"
        assert str(resolution) == f"{number}. To thank IOM."
        assert str(meeting) == "Meeting on borders"
        assert str(document) == f"Mapa de rutas [{_marker('es', 'en')}]"
