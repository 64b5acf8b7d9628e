"""`actions.services`: from a report's parse to a saved meeting, in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from actions.models import ActionItem, Meeting, Obligation, Resolution, WorkingGroup
from demo.demo import SAMPLE_TITLE, load_demo
from importer.models import ReportImport
from importer.parser import extract_text
from importer.services import (
    AlreadySaved,
    DuplicateMeeting,
    ItemData,
    ResolutionData,
    data_from_parse,
    match_working_group,
    meeting_title,
    outline_problems,
    pasted_bytes,
    report_language,
    save_import,
    start_import,
)
from members.models import Country, Organisation
from rcm_tracker.uploads import TEXT
from tests.factories import ActionItemFactory, MeetingFactory, PresidencyFactory, ResolutionFactory

from .import_helpers import SAMPLE, SAMPLE_ES, comparable, obligation_counts

pytestmark = pytest.mark.django_db


def _start(path=SAMPLE, by=None, **hints) -> ReportImport:
    data = path.read_bytes()
    return start_import(
        text=extract_text(data, path.name),
        data=data,
        name=path.name,
        content_type=TEXT,
        by=by,
        **hints,
    )


@pytest.fixture
def sample_import(secretariat) -> ReportImport:
    return _start(by=secretariat)


class TestMatchingTheParse:
    @pytest.mark.parametrize(
        ("name", "slug"),
        [
            ("Working Group on Border Management", "border-management"),
            ("WORKING GROUP ON BORDER MANAGEMENT", "border-management"),
            ("Grupo de Trabajo sobre Gestión de Fronteras", "border-management"),
            ("Grupo de Trabajo de Gestion de Frontera", "border-management"),
            ("Working Group on Protection", "protection"),
            ("Grupo de Trabajo sobre Protección", "protection"),
            ("Red de Funcionarios de Enlace de Protección Consular", "consular-protection"),
            ("Network of Liaison Officers on Consular Protection", "consular-protection"),
            (
                "Red de Funcionarios de Enlace para el Combate Al Tráfico Ilícito de Migrantes y "
                "la Trata de Personas",
                "smuggling-trafficking",
            ),
            ("Working Group on Migration and Climate Change", "migration-climate"),
            ("Working Group on Labour Migration", "labour-migration"),
        ],
    )
    def test_working_group_by_name_in_either_language(self, name, slug):
        assert match_working_group(name, WorkingGroup.objects.all()).slug == slug

    @pytest.mark.parametrize(
        "name", [None, "", "Working Group", "Grupo de Trabajo sobre Migración y Salud"]
    )
    def test_no_group_rather_than_a_wrong_one(self, name):
        assert match_working_group(name, WorkingGroup.objects.all()) is None

    def test_the_sample_parse_becomes_the_hand_entered_meeting(self, sample_import):
        data = data_from_parse(sample_import.parsed)
        meeting = data.meeting
        assert meeting.working_group.slug == "border-management"
        assert (meeting.date, meeting.title_en) == (dt.date(2020, 9, 28), SAMPLE_TITLE)
        assert (meeting.modality, meeting.place_en) == (Meeting.Modality.VIRTUAL, "Online")
        assert (meeting.language, meeting.title_es, meeting.place_es) == ("en", "", "")
        assert [c.code for c in meeting.participants] == [
            "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US",
        ]  # fmt: skip
        assert [o.acronym for o in meeting.observers] == ["IOM", "UNODC"]
        assert len(data.resolutions) == 15
        assert data.unmatched == []
        by_number = {i.resolution: i for i in data.items}
        assert by_number["2.a"].to_member_countries and not by_number["2.a"].to_working_group
        assert [o.acronym for o in by_number["3.b"].organisations] == ["IOM", "UNODC"]
        assert by_number["3.b"].due_at_next_meeting
        # No one named: the group's own task.
        assert by_number["3.d"].to_working_group and by_number["3.d"].recurrence == "quarterly"
        assert [i.origin for i in data.items] == list(range(10))

    def test_spanish_report_gets_a_spanish_title_and_spanish_acronyms_match(self, secretariat):
        data = data_from_parse(_start(SAMPLE_ES, by=secretariat).parsed)
        assert data.meeting.language == "es"
        assert data.meeting.title_es == "Reunión del Grupo de Trabajo sobre Gestión de Fronteras"
        assert data.meeting.title_en == ""
        assert {o.acronym for o in data.meeting.observers} <= {"IOM", "UNODC", "UNHCR"}
        assert data.meeting.modality == Meeting.Modality.VIRTUAL

    def test_what_the_database_lacks_is_listed(self):
        parsed = {
            "meeting": {
                "date": "2021-03-04",
                "working_group": "Working Group on Migration and Health",
                "participants": ["CR", "ZZ"],
                "observers": ["IOM", "WHO"],
            },
            "resolutions": [{"number": "1", "parent": None, "text": "To ask WHO to report."}],
            "action_items": [
                {"resolution": "1", "kind": "deliverable", "title": "Report",
                 "responsible": ["WHO", "PPT"], "due": None, "recurrence": None}
            ],
        }  # fmt: skip
        data = data_from_parse(parsed)
        assert data.meeting.working_group is None
        assert data.unmatched == ["Working Group on Migration and Health", "ZZ", "WHO"]
        assert [c.code for c in data.meeting.participants] == ["CR"]
        item = data.items[0]
        assert (item.to_ppt, item.organisations, item.due_precision) == (True, [], "none")

    def test_titles_in_both_languages(self):
        network = WorkingGroup.objects.get(slug="consular-protection")
        assert meeting_title(network, "es").startswith("Reunión de la Red de Funcionarios")
        assert meeting_title(network, "en") == (
            "Meeting of the Liaison Officers Network for Consular Protection"
        )
        assert meeting_title(None, "en") == ""


class TestStartImport:
    def test_keeps_the_file_its_hash_text_and_parse(self, sample_import, secretariat):
        assert sample_import.read_bytes() == SAMPLE.read_bytes()
        assert sample_import.size == len(SAMPLE.read_bytes())
        assert len(sample_import.sha256) == 64
        assert sample_import.parsed["meeting"]["date"] == "2020-09-28"
        assert sample_import.created_by == secretariat
        assert not sample_import.is_saved
        assert ReportImport.objects.pending().get() == sample_import

    def test_hints_fill_what_the_report_does_not_say(self, secretariat):
        text = "ACUERDOS\n1. Solicitar a la PPT circular el directorio a más tardar el 5 de mayo."
        data = pasted_bytes(text)
        group = WorkingGroup.objects.get(slug="protection")
        report_import = start_import(
            text=text,
            data=data,
            name="pasted.txt",
            content_type=TEXT,
            by=secretariat,
            meeting_date=dt.date(2021, 4, 20),
            working_group=group,
        )
        parsed = report_import.parsed
        assert parsed["meeting"]["date"] == "2021-04-20"
        assert data_from_parse(parsed).meeting.working_group == group
        assert parsed["action_items"][0]["due"]["latest"] == "2021-05-05"

    def test_pasting_the_same_text_twice_gives_the_same_hash(self):
        pasted = pasted_bytes("1. To ask.\r\n2. To hold.  \n")
        assert pasted == pasted_bytes("1. To ask.\n2. To hold.")


class TestReportLanguage:
    @pytest.mark.parametrize(
        ("parsed", "language"),
        [
            ({"language": "es", "meeting": {}}, "es"),
            ({"language": "en", "meeting": {"language": "es"}}, "en"),
            ({"meeting": {"language": "es"}}, "es"),  # a parse from before the top-level key
            ({"meeting": {}}, "en"),
            ({"language": "fr", "meeting": {}}, "en"),
        ],
    )
    def test_the_parse_says_the_language(self, parsed, language):
        assert report_language(parsed) == language

    def test_a_spanish_report_is_saved_into_the_spanish_texts(self, secretariat):
        PresidencyFactory(year=2020)
        report_import = _start(SAMPLE_ES, by=secretariat)
        parsed = {**report_import.parsed, "language": "es"}
        meeting = save_import(report_import, data_from_parse(parsed), by=secretariat)
        assert (meeting.title_en, meeting.title_es) == (
            "",
            "Reunión del Grupo de Trabajo sobre Gestión de Fronteras",
        )
        resolutions = list(meeting.resolutions.all())
        assert resolutions and all(r.text_es and not r.text_en for r in resolutions)
        assert resolutions[0].text_es.startswith("Agradecer a la Presidencia Pro Tempore")
        items = ActionItem.objects.filter(resolution__meeting=meeting)
        assert items and all(i.title_es and not i.title_en for i in items)
        worded = [i for i in items if i.due_text_es]
        assert worded and not any(i.due_text_en for i in items)
        with translation.override("en"):  # an English reader sees them marked
            assert all(i.title.fallback and i.title.language == "es" for i in items)

    def test_an_english_report_is_saved_into_the_english_texts(self, sample_import, secretariat):
        PresidencyFactory(year=2020)
        parsed = {**sample_import.parsed, "language": "en"}
        meeting = save_import(sample_import, data_from_parse(parsed), by=secretariat)
        assert meeting.title_en == SAMPLE_TITLE and meeting.title_es == ""
        items = ActionItem.objects.filter(resolution__meeting=meeting)
        assert all(i.title_en and not i.title_es for i in items)
        assert not meeting.resolutions.exclude(text_es="").exists()


class TestSaveImport:
    def test_the_sample_report_gives_the_meeting_load_demo_enters_by_hand(
        self, sample_import, secretariat
    ):
        load_demo()
        reference = Meeting.objects.get(title_en=SAMPLE_TITLE)
        data = data_from_parse(sample_import.parsed)
        meeting = save_import(sample_import, data, by=secretariat, allow_duplicate=True)

        assert meeting.status == Meeting.Status.DRAFT
        assert meeting.created_by == secretariat
        assert comparable(meeting) == comparable(reference)
        assert obligation_counts(meeting) == (55, 4)
        assert meeting.report_file.read() == SAMPLE.read_bytes()
        sample_import.refresh_from_db()
        assert (sample_import.meeting, sample_import.saved_by) == (meeting, secretariat)
        assert sample_import.is_saved and sample_import.draft is None

    def test_parents_order_and_wording(self, sample_import, secretariat):
        PresidencyFactory(year=2020)
        meeting = save_import(sample_import, data_from_parse(sample_import.parsed), by=secretariat)
        outline = meeting.outline()
        assert [r.number for r in outline] == ["1", "2", "3", "4", "5"]
        assert [r.number for r in outline[1].subitems] == ["2.a", "2.b", "2.c", "2.d"]
        item = ActionItem.objects.get(resolution__meeting=meeting, resolution__number="2.a")
        assert item.source_text_en.startswith("To ask the RCM Member Countries to submit")
        assert item.source_text_en.endswith("\nInventory of best practices at the regional level")
        assert str(meeting.presidency) == "Costa Rica 2020"

    def test_an_outline_error_saves_nothing(self, sample_import, secretariat):
        data = data_from_parse(sample_import.parsed)
        data.items[0].resolution = "9.z"
        with pytest.raises(ValidationError, match=r"no resolution 9\.z"):
            save_import(sample_import, data, by=secretariat)
        assert not Meeting.objects.exists()
        assert not ReportImport.objects.get().is_saved

    def test_a_database_error_halfway_saves_nothing_and_leaves_no_file(
        self, sample_import, secretariat, settings
    ):
        data = data_from_parse(sample_import.parsed)
        # The last item breaks a constraint only the database checks: a window backwards.
        last = data.items[-1]
        last.due_precision = ActionItem.Precision.MONTH
        last.due_earliest, last.due_latest = dt.date(2020, 12, 31), dt.date(2020, 12, 1)
        with pytest.raises(IntegrityError):
            save_import(sample_import, data, by=secretariat)
        assert (Meeting.objects.count(), Resolution.objects.count()) == (0, 0)
        assert (ActionItem.objects.count(), Obligation.objects.count()) == (0, 0)
        reports = settings.MEDIA_ROOT / "reports"
        assert not reports.exists() or not any(reports.rglob("*.txt"))

    def test_a_second_import_of_the_same_meeting_needs_confirmation(
        self, sample_import, secretariat
    ):
        first = save_import(sample_import, data_from_parse(sample_import.parsed), by=secretariat)
        again = _start(by=secretariat)
        with pytest.raises(DuplicateMeeting) as raised:
            save_import(again, data_from_parse(again.parsed), by=secretariat)
        assert raised.value.meetings == [first]
        assert Meeting.objects.count() == 1
        second = save_import(
            again, data_from_parse(again.parsed), by=secretariat, allow_duplicate=True
        )
        assert Meeting.objects.count() == 2 and second != first

    def test_the_same_file_under_another_date_is_a_duplicate_too(self, sample_import, secretariat):
        first = save_import(sample_import, data_from_parse(sample_import.parsed), by=secretariat)
        again = _start(by=secretariat)
        data = data_from_parse(again.parsed)
        data.meeting.date = dt.date(2020, 9, 29)
        with pytest.raises(DuplicateMeeting) as raised:
            save_import(again, data, by=secretariat)
        assert raised.value.meetings == [first]

    def test_another_meeting_of_the_group_that_day_is_a_duplicate(self, secretariat):
        group = WorkingGroup.objects.get(slug="border-management")
        existing = MeetingFactory(working_group=group, date=dt.date(2020, 9, 28))
        report_import = _start(by=secretariat)
        with pytest.raises(DuplicateMeeting) as raised:
            save_import(report_import, data_from_parse(report_import.parsed), by=secretariat)
        assert raised.value.meetings == [existing]

    def test_an_import_is_saved_once(self, sample_import, secretariat):
        data = data_from_parse(sample_import.parsed)
        save_import(sample_import, data, by=secretariat)
        stale = ReportImport.objects.get(pk=sample_import.pk)
        stale.saved_at = None  # another tab that loaded it before the save
        with pytest.raises(AlreadySaved):
            save_import(stale, data, by=secretariat, allow_duplicate=True)
        assert Meeting.objects.count() == 1

    def test_an_earlier_meetings_next_meeting_items_follow_the_imported_one(
        self, sample_import, secretariat
    ):
        group = WorkingGroup.objects.get(slug="border-management")
        earlier = MeetingFactory(working_group=group, date=dt.date(2020, 6, 1))
        waiting = ActionItemFactory(
            resolution=ResolutionFactory(meeting=earlier, number="1"),
            due_at_next_meeting=True,
            due_latest=dt.date(2020, 7, 1),
        )
        meeting = save_import(sample_import, data_from_parse(sample_import.parsed), by=secretariat)
        waiting.refresh_from_db()
        assert (waiting.due_meeting, waiting.due_latest) == (meeting, dt.date(2020, 9, 28))
        # The new meeting's own "next meeting" items keep the report's window for now.
        item = ActionItem.objects.get(resolution__meeting=meeting, resolution__number="3.b")
        assert (item.due_earliest, item.due_latest, item.due_meeting) == (
            dt.date(2020, 12, 1),
            dt.date(2020, 12, 7),
            None,
        )

    def test_chosen_countries_and_organisations_besides_member_countries(
        self, sample_import, secretariat
    ):
        data = data_from_parse(sample_import.parsed)
        item = next(i for i in data.items if i.resolution == "3.d")
        item.countries = list(Country.objects.filter(code__in=["BZ", "CO"]))
        item.organisations = list(Organisation.objects.filter(acronym="ILO"))
        meeting = save_import(sample_import, data, by=secretariat)
        saved = ActionItem.objects.get(resolution__meeting=meeting, resolution__number="3.d")
        obligations = saved.obligations.select_related("country", "organisation")
        parties = [o.country.code if o.country_id else o.organisation.acronym for o in obligations]
        assert sorted(parties) == ["BZ", "CO", "ILO"]
        assert saved.to_working_group and not saved.to_member_countries


class TestOutlineProblems:
    def rows(self, *specs):
        return [ResolutionData(number, parent, "Text.") for number, parent in specs]

    def test_a_consistent_outline_has_none(self):
        rows = self.rows(("1", None), ("1.a", "1"), ("1.a.i", "1.a"), ("II", None))
        assert outline_problems(rows, [ItemData(resolution="1.a.i", kind="other", title="t")]) == []

    @pytest.mark.parametrize(
        ("specs", "where", "message"),
        [
            ([("2", None), ("1", None), ("1", None)], (1, "number"), "Resolution 1 appears twice."),
            ([("1 a", None)], (0, "number"), "Use numbers or letters separated by dots"),
            ([("2.a", None)], (0, "parent"), "needs its parent, e.g. 2."),
            ([("1", None), ("2.a", "2")], (1, "parent"), "no resolution 2 in the outline"),
            ([("1", None), ("2.a", "1")], (1, "number"), "Under 1 the number is 1. followed"),
            ([("1", None), ("1.a.i", "1")], (1, "number"), "Under 1 the number is 1. followed"),
        ],
    )
    def test_each_problem_names_its_row_and_field(self, specs, where, message):
        problems = outline_problems(self.rows(*specs), [])
        assert ("resolutions", *where) in [(p.rows, p.index, p.field) for p in problems]
        assert {p.message for p in problems} == {problems[0].message}
        assert message in problems[0].message

    def test_every_copy_of_a_number_is_marked(self):
        problems = outline_problems(self.rows(("1", None), ("2", None), ("1", None)), [])
        assert [(p.index, p.field) for p in problems] == [(0, "number"), (2, "number")]

    def test_an_item_of_a_missing_resolution(self):
        problems = outline_problems(
            self.rows(("1", None)), [ItemData(resolution="2", kind="other", title="t")]
        )
        assert [(p.rows, p.index, p.field) for p in problems] == [("items", 0, "resolution")]
