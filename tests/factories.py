"""factory_boy factories for every model the tests build."""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from actions.models import (
    ActionItem,
    Document,
    DocumentVersion,
    Meeting,
    Obligation,
    Presidency,
    Resolution,
    WorkingGroup,
)
from members.models import Country, FocalPoint, Organisation
from submissions.models import Submission

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    role = User.Role.SECRETARIAT
    password = factory.django.Password(PASSWORD)


class CountryFactory(factory.django.DjangoModelFactory):
    """Extra countries beyond the reference 16 (codes QA, QB, ... are user-assigned)."""

    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: ("Q", "X")[n // 26 % 2] + chr(65 + n % 26))
    name_en = factory.LazyAttribute(lambda o: f"Country {o.code}")
    name_es = factory.LazyAttribute(lambda o: f"País {o.code}")
    is_member = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"ORG{n}")
    name_en = factory.LazyAttribute(lambda o: f"Organisation {o.acronym}")
    kind = Organisation.Kind.INTERGOVERNMENTAL


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory, role=User.Role.FOCAL_POINT)
    country = factory.LazyFunction(lambda: Country.objects.get(code="CR"))
    kind = FocalPoint.Kind.ALTERNATE


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_en = factory.LazyAttribute(lambda o: f"Working Group {o.slug}")
    name_es = factory.LazyAttribute(lambda o: f"Grupo de Trabajo {o.slug}")


class PresidencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presidency
        django_get_or_create = ("year",)

    year = 2020
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 1))
    country = factory.LazyFunction(lambda: Country.objects.get(code="CR"))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    working_group = factory.SubFactory(WorkingGroupFactory)
    date = dt.date(2020, 9, 28)
    modality = Meeting.Modality.VIRTUAL
    status = Meeting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        # Tests may name the English text without its suffix (title=...).
        title = ""
        place = ""
        notes = ""

    title_en = factory.LazyAttribute(lambda o: o.title)
    place_en = factory.LazyAttribute(lambda o: o.place)
    notes_en = factory.LazyAttribute(lambda o: o.notes)


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n + 1)

    class Params:
        # Tests may name the English text without its suffix (title=...).
        text = factory.Faker("sentence")

    text_en = factory.LazyAttribute(lambda o: o.text)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    resolution = factory.SubFactory(ResolutionFactory)
    kind = ActionItem.Kind.COMMENT_REQUEST
    due_latest = dt.date(2020, 10, 28)
    due_precision = ActionItem.Precision.DAY
    to_member_countries = True

    class Params:
        # Tests may name the English text without its suffix (title=...).
        title = factory.Faker("sentence", nb_words=6)
        description = ""
        due_text = ""

    title_en = factory.LazyAttribute(lambda o: o.title)
    description_en = factory.LazyAttribute(lambda o: o.description)
    due_text_en = factory.LazyAttribute(lambda o: o.due_text)


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    action_item = factory.SubFactory(ActionItemFactory)
    country = factory.LazyFunction(lambda: Country.objects.get(code="CR"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    action_item = factory.SubFactory(ActionItemFactory)

    class Params:
        # Tests may name the English text without its suffix (title=...).
        title = factory.Faker("sentence", nb_words=4)
        description = ""

    title_en = factory.LazyAttribute(lambda o: o.title)
    description_en = factory.LazyAttribute(lambda o: o.description)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    number = 1
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 demo", name="draft.pdf"))
    original_name = "draft.pdf"
    content_type = "application/pdf"
    size = 13
    uploaded_by = factory.SubFactory(UserFactory)

    class Params:
        # Tests may name the English text without its suffix (title=...).
        note = ""

    note_en = factory.LazyAttribute(lambda o: o.note)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    obligation = factory.SubFactory(ObligationFactory)
    number = 1
    text = factory.Faker("paragraph")
    created_by = factory.SubFactory(UserFactory, role=User.Role.FOCAL_POINT)
