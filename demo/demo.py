"""Demo data: the Border Management meeting of 28 September 2020, entered by hand
from its report (the report tests/importer/fixtures/ holds), a smaller
earlier meeting of the Protection group, demo users and a few submissions, among
them three countries' structured comments on the "Inventory of best practices"
(two of them answered by the secretariat), so that its compilation has rows.

Everything is keyed on natural keys, so loading twice creates nothing new and
never touches what people entered since.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
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
from actions.reference import load_reference_data
from members.models import Country, FocalPoint, Organisation
from submissions.models import Submission, SubmissionComment, section_sort_key

DEMO_PASSWORD = "demo-password"  # noqa: S105 - documented demo password
SAMPLE_MEETING_DATE = dt.date(2020, 9, 28)
SAMPLE_TITLE = "Meeting of the Working Group on Border Management"
SAMPLE_TITLE_ES = "Reunión del Grupo de Trabajo sobre Gestión de Fronteras"
PROTECTION_TITLE = "Meeting of the Working Group on Protection"
PROTECTION_TITLE_ES = "Reunión del Grupo de Trabajo sobre Protección"
SPANISH_SPEAKING = {"CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA"}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# (number, parent number, text) of the sample report, as adopted.
SAMPLE_RESOLUTIONS = [
    (
        "1",
        None,
        "To thank Costa Rica as President pro tempore (PPT) for the report on advances in "
        "respect of the activities of the Working Group.",
    ),
    (
        "1.a",
        "1",
        "To thank the International Organization for Migration (IOM) and the United Nations "
        "Office on Drugs and Crime (UNODC) for their support in the implementation of the "
        "Regional Technical Exchange on Migrant Smuggling, conducted online on 8-11 September.",
    ),
    (
        "1.b",
        "1",
        "To ask the RCM Member Countries that have not already done this to submit information "
        "about their advances in respect of the implementation of Recommendation 6.3 of the "
        "Guidelines on Assistance and Protection of Women in the Context of Migration, as well "
        "as their input for Activity 1.",
    ),
    (
        "2",
        None,
        "To ask the RCM Member Countries to submit their comments on the following documents "
        "by 28 October, at the latest:",
    ),
    ("2.a", "2", "Inventory of best practices at the regional level"),
    ("2.b", "2", "Map of migrant smuggling routes at the regional level"),
    ("2.c", "2", "Directory of relevant national authorities"),
    ("2.d", "2", "Knowledge about new trends in migrant smuggling"),
    (
        "3",
        None,
        "In regard to the proposed new actions aimed at complying with the Strategic Plan:",
    ),
    (
        "3.a",
        "3",
        "To conduct a webinar on identification of irregular migrants and detection of "
        "fraudulent documents, with support from IOM, in November on a date to be defined.",
    ),
    (
        "3.b",
        "3",
        "To ask IOM and UNODC to develop a Procedures Manual for the investigation and "
        "prosecution of cases of migrant smuggling in order to present advances at the next "
        "meeting of the Working Group, to be held in the first week of December. The above "
        "taking advantage of existing manuals in region that have been developed by UNODC, "
        "with support from IOM.",
    ),
    (
        "3.c",
        "3",
        "To ask IOM and UNODC to present a regional strategy to combat migrant smuggling in "
        "order to present advances at the next meeting of the Working Group, to be held in the "
        "first week of December.",
    ),
    (
        "3.d",
        "3",
        "To hold quarterly meetings of this Working Group with the aim of strengthening the "
        "dialogue on trends, challenges and experience exchange in matters relating to border "
        "management, with an operational and shared responsibility approach.",
    ),
    (
        "4",
        None,
        "To thank IOM for the offer to collaborate with the activities of this group and to "
        "recognize the cooperation of IOM in the region in matters relating to border "
        "management.",
    ),
    (
        "5",
        None,
        "To thank the Regional Network for Civil Organizations on Migration (RNCOM) for the "
        "recommendations and to inform the RCGM about conducting a workshop together with the "
        "Working Group on Protection to strengthen assistance for returned persons in the "
        "region.",
    ),
]


# The Spanish texts of the sample report's resolutions, by number, as in the Spanish
# version of the report (informe de la reunión del 28 de septiembre de 2020).
SAMPLE_RESOLUTIONS_ES = {
    "1": "Agradecer a Costa Rica, en su calidad de Presidencia Pro Tempore (PPT), por el "
    "informe de avances de las actividades del Grupo de Trabajo.",
    "1.a": "Agradecer a la Organización Internacional para las Migraciones (OIM) y a la "
    "Oficina de las Naciones Unidas contra la Droga y el Delito (UNODC) por su apoyo en la "
    "realización del Intercambio Técnico Regional sobre Tráfico Ilícito de Migrantes, llevado "
    "a cabo de manera virtual del 8 al 11 de septiembre.",
    "1.b": "Solicitar a los Países Miembros de la CRM que aún no lo hayan hecho que remitan "
    "información sobre sus avances en la implementación de la Recomendación 6.3 de los "
    "Lineamientos para la Atención y Protección de Mujeres en el Contexto de la Migración, así "
    "como sus insumos para la Actividad 1.",
    "2": "Solicitar a los Países Miembros de la CRM que remitan sus comentarios sobre los "
    "siguientes documentos a más tardar el 28 de octubre:",
    "2.a": "Inventario de buenas prácticas a nivel regional",
    "2.b": "Mapa de rutas de tráfico ilícito de migrantes a nivel regional",
    "2.c": "Directorio de autoridades nacionales competentes",
    "2.d": "Conocimiento sobre nuevas tendencias en el tráfico ilícito de migrantes",
    "3": "En relación con las nuevas acciones propuestas para dar cumplimiento al Plan "
    "Estratégico:",
    "3.a": "Realizar un seminario web sobre identificación de migrantes en situación irregular "
    "y detección de documentos fraudulentos, con el apoyo de la OIM, en noviembre, en fecha "
    "por definir.",
    "3.b": "Solicitar a la OIM y a la UNODC que elaboren un Manual de Procedimientos para la "
    "investigación y el enjuiciamiento de casos de tráfico ilícito de migrantes, con el fin de "
    "presentar avances en la próxima reunión del Grupo de Trabajo, que se celebrará en la "
    "primera semana de diciembre. Lo anterior aprovechando los manuales existentes en la "
    "región que ha elaborado la UNODC con el apoyo de la OIM.",
    "3.c": "Solicitar a la OIM y a la UNODC que presenten una estrategia regional para combatir "
    "el tráfico ilícito de migrantes, con el fin de presentar avances en la próxima reunión "
    "del Grupo de Trabajo, que se celebrará en la primera semana de diciembre.",
    "3.d": "Celebrar reuniones trimestrales de este Grupo de Trabajo con el objetivo de "
    "fortalecer el diálogo sobre tendencias, desafíos e intercambio de experiencias en materia "
    "de gestión de fronteras, con un enfoque operativo y de responsabilidad compartida.",
    "4": "Agradecer a la OIM por el ofrecimiento de colaborar con las actividades de este grupo "
    "y reconocer la cooperación de la OIM en la región en materia de gestión de fronteras.",
    "5": "Agradecer a la Red Regional de Organizaciones Civiles para las Migraciones (RROCM) "
    "por las recomendaciones e informar al GRCM sobre la realización de un taller conjunto con "
    "el Grupo de Trabajo sobre Protección para fortalecer la atención a las personas "
    "retornadas en la región.",
}

# The documents to comment on, in Spanish (the sample report's words for them).
DOCUMENTS_ES = {
    "Inventory of best practices at the regional level": SAMPLE_RESOLUTIONS_ES["2.a"],
    "Map of migrant smuggling routes at the regional level": SAMPLE_RESOLUTIONS_ES["2.b"],
    "Directory of relevant national authorities": SAMPLE_RESOLUTIONS_ES["2.c"],
    "Knowledge about new trends in migrant smuggling": SAMPLE_RESOLUTIONS_ES["2.d"],
    "Regional Guidelines for the Identification of Migrants in Vulnerable Situations (draft)": (
        "Lineamientos Regionales para la Identificación de Personas Migrantes en Situación de "
        "Vulnerabilidad (borrador)"
    ),
}


@dataclass
class DemoItem:
    """An action item of a demo meeting, with dates relative to the report."""

    resolution: str
    kind: str
    title: str
    title_es: str = ""
    due_text: str = ""
    due_text_es: str = ""
    precision: str = ActionItem.Precision.NONE
    latest: dt.date | None = None
    earliest: dt.date | None = None
    at_next_meeting: bool = False
    recurrence: str = ""
    member_countries: bool = False
    organisations: tuple[str, ...] = ()
    to_ppt: bool = False
    to_working_group: bool = False
    document: str = ""
    status: str = ActionItem.Status.OPEN
    status_note: str = ""
    closed_on: dt.date | None = None
    description: str = ""
    description_es: str = ""


COMMENTS_DUE = dt.date(2020, 10, 28)
NEXT_MEETING = (dt.date(2020, 12, 1), dt.date(2020, 12, 7))

SAMPLE_ITEMS = [
    DemoItem(
        "1.b",
        ActionItem.Kind.INFORMATION_REQUEST,
        "Information on the implementation of Recommendation 6.3 of the Guidelines on "
        "Assistance and Protection of Women in the Context of Migration, and input for "
        "Activity 1",
        title_es="Información sobre la implementación de la Recomendación 6.3 de los "
        "Lineamientos para la Atención y Protección de Mujeres en el Contexto de la Migración, "
        "e insumos para la Actividad 1",
        member_countries=True,
    ),
    *[
        DemoItem(
            number,
            ActionItem.Kind.COMMENT_REQUEST,
            f"Comments on the {document}",
            title_es=f"Comentarios sobre el {DOCUMENTS_ES[document][0].lower()}"
            f"{DOCUMENTS_ES[document][1:]}",
            due_text="by 28 October, at the latest",
            due_text_es="a más tardar el 28 de octubre",
            precision=ActionItem.Precision.DAY,
            latest=COMMENTS_DUE,
            member_countries=True,
            document=document,
        )
        for number, document in [
            ("2.a", "Inventory of best practices at the regional level"),
            ("2.b", "Map of migrant smuggling routes at the regional level"),
            ("2.c", "Directory of relevant national authorities"),
            ("2.d", "Knowledge about new trends in migrant smuggling"),
        ]
    ],
    DemoItem(
        "3.a",
        ActionItem.Kind.EVENT,
        "Webinar on identification of irregular migrants and detection of fraudulent documents",
        title_es="Seminario web sobre identificación de migrantes en situación irregular y "
        "detección de documentos fraudulentos",
        due_text="in November on a date to be defined",
        due_text_es="en noviembre, en fecha por definir",
        precision=ActionItem.Precision.MONTH,
        earliest=dt.date(2020, 11, 1),
        latest=dt.date(2020, 11, 30),
        to_working_group=True,
    ),
    DemoItem(
        "3.b",
        ActionItem.Kind.DELIVERABLE,
        "Procedures Manual for the investigation and prosecution of cases of migrant "
        "smuggling: advances",
        title_es="Manual de Procedimientos para la investigación y el enjuiciamiento de casos de "
        "tráfico ilícito de migrantes: avances",
        due_text="at the next meeting of the Working Group, to be held in the first week of "
        "December",
        due_text_es="en la próxima reunión del Grupo de Trabajo, que se celebrará en la primera "
        "semana de diciembre",
        precision=ActionItem.Precision.WEEK,
        earliest=NEXT_MEETING[0],
        latest=NEXT_MEETING[1],
        at_next_meeting=True,
        organisations=("IOM", "UNODC"),
    ),
    DemoItem(
        "3.c",
        ActionItem.Kind.DELIVERABLE,
        "Regional strategy to combat migrant smuggling: advances",
        title_es="Estrategia regional para combatir el tráfico ilícito de migrantes: avances",
        due_text="at the next meeting of the Working Group, to be held in the first week of "
        "December",
        due_text_es="en la próxima reunión del Grupo de Trabajo, que se celebrará en la primera "
        "semana de diciembre",
        precision=ActionItem.Precision.WEEK,
        earliest=NEXT_MEETING[0],
        latest=NEXT_MEETING[1],
        at_next_meeting=True,
        organisations=("IOM", "UNODC"),
    ),
    DemoItem(
        "3.d",
        ActionItem.Kind.MEETING,
        "Quarterly meetings of the Working Group on Border Management",
        title_es="Reuniones trimestrales del Grupo de Trabajo sobre Gestión de Fronteras",
        recurrence=ActionItem.Recurrence.QUARTERLY,
        to_working_group=True,
    ),
    DemoItem(
        "5",
        ActionItem.Kind.EVENT,
        "Workshop with the Working Group on Protection to strengthen assistance for returned "
        "persons",
        title_es="Taller con el Grupo de Trabajo sobre Protección para fortalecer la atención a "
        "las personas retornadas",
        to_working_group=True,
    ),
]

PROTECTION_DATE = dt.date(2020, 8, 17)
PROTECTION_RESOLUTIONS: list[tuple[str, str | None, str]] = [
    (
        "1",
        None,
        "To ask the RCM Member Countries to submit information on their national protocols "
        "for the protection of migrant children and adolescents by 14 September.",
    ),
    (
        "2",
        None,
        "To ask the PPT to circulate the updated directory of consular protection focal "
        "points by 30 September.",
    ),
    (
        "3",
        None,
        "To hold a webinar on the protection of migrant children in the second half of September.",
    ),
    (
        "4",
        None,
        "To ask the RCM Member Countries to send their comments on the draft Regional "
        "Guidelines for the Identification of Migrants in Vulnerable Situations by "
        "20 October.",
    ),
]
PROTECTION_RESOLUTIONS_ES = {
    "1": "Solicitar a los Países Miembros de la CRM que remitan información sobre sus "
    "protocolos nacionales para la protección de niñas, niños y adolescentes migrantes a "
    "más tardar el 14 de septiembre.",
    "2": "Solicitar a la PPT que circule el directorio actualizado de puntos focales de "
    "protección consular a más tardar el 30 de septiembre.",
    "3": "Realizar un seminario web sobre la protección de la niñez migrante en la segunda "
    "quincena de septiembre.",
    "4": "Solicitar a los Países Miembros de la CRM que remitan sus comentarios sobre el "
    "borrador de los Lineamientos Regionales para la Identificación de Personas Migrantes en "
    "Situación de Vulnerabilidad a más tardar el 20 de octubre.",
}
PROTECTION_ITEMS = [
    DemoItem(
        "1",
        ActionItem.Kind.INFORMATION_REQUEST,
        "National protocols for the protection of migrant children and adolescents",
        title_es="Protocolos nacionales para la protección de niñas, niños y adolescentes "
        "migrantes",
        due_text="by 14 September",
        due_text_es="a más tardar el 14 de septiembre",
        precision=ActionItem.Precision.DAY,
        latest=dt.date(2020, 9, 14),
        member_countries=True,
    ),
    DemoItem(
        "2",
        ActionItem.Kind.DELIVERABLE,
        "Updated directory of consular protection focal points",
        title_es="Directorio actualizado de puntos focales de protección consular",
        due_text="by 30 September",
        due_text_es="a más tardar el 30 de septiembre",
        precision=ActionItem.Precision.DAY,
        latest=dt.date(2020, 9, 30),
        to_ppt=True,
        status=ActionItem.Status.DONE,
        status_note="Circulated by the PPT to all focal points.",
        closed_on=dt.date(2020, 9, 29),
    ),
    DemoItem(
        "3",
        ActionItem.Kind.EVENT,
        "Webinar on the protection of migrant children",
        title_es="Seminario web sobre la protección de la niñez migrante",
        due_text="in the second half of September",
        due_text_es="en la segunda quincena de septiembre",
        precision=ActionItem.Precision.FORTNIGHT,
        earliest=dt.date(2020, 9, 16),
        latest=dt.date(2020, 9, 30),
        to_working_group=True,
        status=ActionItem.Status.DONE,
        status_note="Held online on 24 September with 9 countries.",
        closed_on=dt.date(2020, 10, 2),
    ),
    DemoItem(
        "4",
        ActionItem.Kind.COMMENT_REQUEST,
        "Comments on the draft Regional Guidelines for the Identification of Migrants in "
        "Vulnerable Situations",
        title_es="Comentarios sobre el borrador de los Lineamientos Regionales para la "
        "Identificación de Personas Migrantes en Situación de Vulnerabilidad",
        due_text="by 20 October",
        due_text_es="a más tardar el 20 de octubre",
        precision=ActionItem.Precision.DAY,
        latest=dt.date(2020, 10, 20),
        member_countries=True,
        document="Regional Guidelines for the Identification of Migrants in Vulnerable "
        "Situations (draft)",
    ),
]

# (meeting title, resolution, country, status, day submitted, text)
DEMO_SUBMISSIONS = [
    (
        SAMPLE_TITLE,
        "2.a",
        "CR",
        Submission.Status.DRAFT,
        None,
        "Costa Rica suggests adding the coordinated border management practice of Peñas Blancas.",
    ),
    (
        SAMPLE_TITLE,
        "2.a",
        "GT",
        Submission.Status.ACKNOWLEDGED,
        dt.date(2020, 10, 20),
        "Guatemala has no further comments on the inventory and supports its publication.",
    ),
    (
        SAMPLE_TITLE,
        "2.a",
        "MX",
        Submission.Status.SUBMITTED,
        dt.date(2020, 10, 14),
        "",
    ),
    (
        SAMPLE_TITLE,
        "2.a",
        "SV",
        Submission.Status.SUBMITTED,
        dt.date(2020, 10, 16),
        "El Salvador welcomes the inventory and sends its comments by section below.",
    ),
    (
        SAMPLE_TITLE,
        "2.b",
        "MX",
        Submission.Status.SUBMITTED,
        dt.date(2020, 10, 26),
        "Mexico proposes to add the routes through the Gulf coast identified in 2020.",
    ),
    (
        SAMPLE_TITLE,
        "1.b",
        "PA",
        Submission.Status.SUBMITTED,
        dt.date(2020, 10, 5),
        "Panama reports the adoption of its protocol for women in the context of migration.",
    ),
    (
        PROTECTION_TITLE,
        "1",
        "CR",
        Submission.Status.ACKNOWLEDGED,
        dt.date(2020, 9, 10),
        "Costa Rica's protocol of the National Child Welfare Agency (PANI) is attached.",
    ),
    (
        PROTECTION_TITLE,
        "1",
        "HN",
        Submission.Status.SUBMITTED,
        dt.date(2020, 9, 21),
        "Honduras sends its protocol for the return of migrant children.",
    ),
    (
        PROTECTION_TITLE,
        "4",
        "SV",
        Submission.Status.SUBMITTED,
        dt.date(2020, 10, 12),
        "El Salvador proposes to define 'vulnerable situation' in the first chapter.",
    ),
]


# Structured comments on the "Inventory of best practices", by country:
# (section, page, type, comment, proposed change, secretariat's response, rationale).
INVENTORY = "2.a"
DEMO_COMMENT_ROWS = {
    (SAMPLE_TITLE, INVENTORY, "CR"): [
        (
            "2. Findings",
            "4",
            "technical",
            "Describe the coordinated border management of Peñas Blancas.",
            "",
            "",
            "",
        ),
    ],
    (SAMPLE_TITLE, INVENTORY, "GT"): [
        (
            "2. Findings",
            "4",
            "technical",
            "The practice of the Tecún Umán border post leaves out the joint inspection with "
            "Mexico.",
            "Add: “including joint inspections with the Mexican authorities since 2019”.",
            "accepted",
            "Added to section 2 of version 2.",
        ),
        (
            "3. Recommendations",
            "7",
            "general",
            "Guatemala supports the recommendation on shared databases of border crossings.",
            "",
            "noted",
            "",
        ),
    ],
    (SAMPLE_TITLE, INVENTORY, "MX"): [
        (
            "1. Introduction",
            "1",
            "editorial",
            "The mandate speaks of good practices, not best practices.",
            "Inventory of good practices in border management at the regional level",
            "",
            "",
        ),
        (
            "2. Findings",
            "5",
            "technical",
            "The mobile registration units of the southern border are missing.",
            "Add a paragraph on the mobile registration units at the southern border.",
            "",
            "",
        ),
        (
            "3. Recommendations",
            "8",
            "technical",
            "The recommendation on referral should name the protection of migrant children.",
            "“... referral to the child protection authorities, in particular for migrant "
            "children and adolescents.”",
            "",
            "",
        ),
    ],
    (SAMPLE_TITLE, INVENTORY, "SV"): [
        (
            "2. Findings",
            "3",
            "technical",
            "The figures of the La Hachadura crossing are those of 2018; 2019 figures exist.",
            "Update the table with the 2019 figures sent by the Directorate of Migration.",
            "",
            "",
        ),
        (
            "3. Recommendations",
            "7",
            "editorial",
            "Recommendations 3.2 and 3.3 repeat each other.",
            "Merge recommendations 3.2 and 3.3.",
            "",
            "",
        ),
    ],
}


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def load_demo(*, shift_to_today: bool = False, today: dt.date | None = None) -> DemoReport:
    """Create the demo data that is missing.

    With `shift_to_today`, the sample meeting is dated three weeks before
    `today` and every other date moves with it, keeping every interval.
    """
    report = DemoReport()
    load_reference_data()
    offset = dt.timedelta(0)
    if shift_to_today:
        today = today or timezone.localdate()
        offset = (today - dt.timedelta(weeks=3)) - SAMPLE_MEETING_DATE

    presidency, _ = Presidency.objects.get_or_create(
        year=2020,
        defaults={"country": Country.objects.get(code="CR"), "starts_on": dt.date(2020, 1, 1)},
    )
    users = _load_users(report)
    secretariat = users["secretariat@example.org"]
    meetings = {
        SAMPLE_TITLE: _load_meeting(
            report,
            group="border-management",
            title=SAMPLE_TITLE,
            title_es=SAMPLE_TITLE_ES,
            date=SAMPLE_MEETING_DATE,
            place="Online",
            place_es="En línea",
            participants=["CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"],
            observers=["IOM", "UNODC"],
            resolutions=SAMPLE_RESOLUTIONS,
            resolutions_es=SAMPLE_RESOLUTIONS_ES,
            items=SAMPLE_ITEMS,
            presidency=presidency,
            offset=offset,
            by=secretariat,
        ),
        PROTECTION_TITLE: _load_meeting(
            report,
            group="protection",
            title=PROTECTION_TITLE,
            title_es=PROTECTION_TITLE_ES,
            date=PROTECTION_DATE,
            place="Online",
            place_es="En línea",
            participants=["BZ", "CR", "SV", "GT", "HN", "MX", "PA", "US"],
            observers=["UNICEF", "UNHCR", "IOM"],
            resolutions=PROTECTION_RESOLUTIONS,
            resolutions_es=PROTECTION_RESOLUTIONS_ES,
            items=PROTECTION_ITEMS,
            presidency=presidency,
            offset=offset,
            by=secretariat,
        ),
    }
    for title, number, code, status, day, text in DEMO_SUBMISSIONS:
        if meetings[title] is None:
            continue  # The meeting already existed: its submissions are left alone.
        obligation = Obligation.objects.get(
            action_item__resolution__meeting=meetings[title],
            action_item__resolution__number=number,
            country__code=code,
        )
        submission = _load_submission(
            obligation, status, day and day + offset, text, users, secretariat
        )
        _load_comment_rows(
            submission, DEMO_COMMENT_ROWS.get((title, number, code), []), secretariat
        )
    return report


def _load_users(report: DemoReport) -> dict[str, User]:
    # One hash for every demo user: hashing is deliberately slow.
    password = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}

    def user(email: str, full_name: str, role: str, **extra) -> User:
        obj, created = User.objects.get_or_create(
            email=email,
            defaults={"full_name": full_name, "role": role, "password": password, **extra},
        )
        (report.created if created else report.skipped).append(f"user {email}")
        users[email] = obj
        return obj

    user(
        "admin@example.org",
        "Administrator (demo)",
        User.Role.SECRETARIAT,
        is_staff=True,
        is_superuser=True,
    )
    user("secretariat@example.org", "PPT Secretariat (demo)", User.Role.SECRETARIAT)
    user("manager@example.org", "Manager (demo)", User.Role.MANAGER)
    for country in Country.objects.members():
        obj = user(
            f"focal.{country.code.lower()}@example.org",
            f"Focal point {country.name_en} (demo)",
            User.Role.FOCAL_POINT,
            language="es" if country.code in SPANISH_SPEAKING else "en",
        )
        _focal_point(obj, country=country)
    for acronym in ("IOM", "UNODC"):
        obj = user(
            f"focal.{acronym.lower()}@example.org", f"Focal point {acronym} (demo)", "focal_point"
        )
        _focal_point(obj, organisation=Organisation.objects.get(acronym=acronym))
    return users


def _focal_point(user: User, **party: Country | Organisation) -> None:
    """Make `user` the party's primary focal point, or an alternate if it has one."""
    if FocalPoint.objects.filter(user=user).exists():
        return
    has_primary = FocalPoint.objects.filter(kind="primary", is_active=True, **party).exists()
    kind = FocalPoint.Kind.ALTERNATE if has_primary else FocalPoint.Kind.PRIMARY
    FocalPoint.objects.create(user=user, kind=kind, **party)


def _load_meeting(
    report: DemoReport,
    *,
    group: str,
    title: str,
    title_es: str,
    date: dt.date,
    place: str,
    place_es: str,
    participants: list[str],
    observers: list[str],
    resolutions: list[tuple[str, str | None, str]],
    resolutions_es: dict[str, str] | None = None,
    items: list[DemoItem],
    presidency: Presidency,
    offset: dt.timedelta,
    by: User,
) -> Meeting | None:
    working_group = WorkingGroup.objects.get(slug=group)
    if Meeting.objects.filter(working_group=working_group, title_en=title).exists():
        report.skipped.append(f"meeting {title}")
        return None
    meeting = Meeting.objects.create(
        working_group=working_group,
        presidency=presidency,
        title_en=title,
        title_es=title_es,
        date=date + offset,
        modality=Meeting.Modality.VIRTUAL,
        place_en=place,
        place_es=place_es,
        status=Meeting.Status.PUBLISHED,
        published_at=_at(date + offset),
        created_by=by,
    )
    meeting.participants.set(Country.objects.filter(code__in=participants))
    meeting.observers.set(Organisation.objects.filter(acronym__in=observers))
    by_number: dict[str, Resolution] = {}
    for order, (number, parent, text) in enumerate(resolutions, start=1):
        by_number[number] = Resolution.objects.create(
            meeting=meeting,
            parent=by_number.get(parent) if parent else None,
            number=number,
            text_en=text,
            text_es=(resolutions_es or {}).get(number, ""),
            order=order,
        )
    members = list(Country.objects.members())
    for spec in items:
        resolution = by_number[spec.resolution]
        item = ActionItem.objects.create(
            resolution=resolution,
            kind=spec.kind,
            title_en=spec.title,
            title_es=spec.title_es,
            description_en=spec.description,
            description_es=spec.description_es,
            **resolution.wordings(),
            due_text_en=spec.due_text,
            due_text_es=spec.due_text_es,
            due_precision=spec.precision,
            due_latest=spec.latest and spec.latest + offset,
            due_earliest=spec.earliest and spec.earliest + offset,
            due_at_next_meeting=spec.at_next_meeting,
            recurrence=spec.recurrence,
            to_member_countries=spec.member_countries,
            to_ppt=spec.to_ppt,
            to_working_group=spec.to_working_group,
            created_by=by,
        )
        item.address_to(
            countries=members if spec.member_countries else [],
            organisations=Organisation.objects.filter(acronym__in=spec.organisations),
        )
        if spec.document:
            _load_document(item, spec.document, meeting.date, by)
        if spec.status == ActionItem.Status.DONE:
            assert spec.closed_on is not None and spec.latest is not None  # done items say when
            closed_at = _at(spec.closed_on + offset)
            ActionItem.objects.filter(pk=item.pk).update(
                status=spec.status,
                status_note=spec.status_note,
                closed_at=closed_at,
                closed_by=by,
                late_days=max(0, (spec.closed_on - spec.latest).days),
            )
    report.created.append(f"meeting {title}")
    return meeting


def _load_document(item: ActionItem, title: str, day: dt.date, by: User) -> None:
    from docx import Document as DocxDocument

    document = Document.objects.create(
        action_item=item, title_en=title, title_es=DOCUMENTS_ES.get(title, "")
    )
    docx = DocxDocument()
    docx.add_heading(title, level=1)
    docx.add_paragraph("Draft for comments by the RCM Member Countries (demo document).")
    for section in ("1. Introduction", "2. Findings", "3. Recommendations"):
        docx.add_heading(section, level=2)
        docx.add_paragraph("Text of the section.")
    buffer = io.BytesIO()
    docx.save(buffer)
    name = title.lower().replace(" ", "-")[:60] + "-v1.docx"
    version = DocumentVersion(
        document=document,
        number=1,
        original_name=name,
        content_type=DOCX_CONTENT_TYPE,
        size=buffer.tell(),
        note_en="First draft, circulated at the meeting.",
        note_es="Primer borrador, distribuido en la reunión.",
        uploaded_by=by,
        uploaded_at=_at(day),
    )
    version.file.save(name, ContentFile(buffer.getvalue()), save=False)
    version.save()


def _load_submission(
    obligation: Obligation,
    status: str,
    day: dt.date | None,
    text: str,
    users: dict[str, User],
    secretariat: User,
) -> Submission:
    author = users[f"focal.{obligation.country.code.lower()}@example.org"]
    submission = Submission(
        obligation=obligation,
        number=1,
        text=text,
        created_by=author,
        document_version=DocumentVersion.objects.filter(
            document__action_item_id=obligation.action_item_id
        )
        .order_by("-number")
        .first(),
    )
    if status == Submission.Status.DRAFT:
        submission.save()
        return submission
    assert day is not None  # only drafts come without a day
    submitted_at = _at(day)
    due = obligation.action_item.due_latest
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_by = author
    submission.submitted_at = submitted_at
    submission.created_at = submitted_at
    submission.late_days = max(0, (day - due).days) if due else 0
    submission.save()
    obligation.record_submission(submission)
    if status == Submission.Status.ACKNOWLEDGED:
        submission.status = status
        submission.reviewed_by = secretariat
        submission.reviewed_at = submitted_at + dt.timedelta(days=2)
        submission.review_message = "Thank you: received and included in the compilation."
        submission.save()
        obligation.record_review(submission)
    return submission


def _load_comment_rows(submission: Submission, rows: list[tuple], secretariat: User) -> None:
    """The submission's comment rows, with the secretariat's responses where there are some."""
    answered_at = (submission.reviewed_at or submission.created_at) + dt.timedelta(hours=1)
    SubmissionComment.objects.bulk_create(
        SubmissionComment(
            submission=submission,
            position=position,
            section=section,
            section_key=section_sort_key(section),
            page=page,
            comment_type=kind,
            comment=comment,
            proposed_change=proposed,
            response=response,
            response_rationale=rationale,
            responded_by=secretariat if response else None,
            responded_at=answered_at if response else None,
        )
        for position, (section, page, kind, comment, proposed, response, rationale) in enumerate(
            rows, start=1
        )
    )


def _at(day: dt.date) -> dt.datetime:
    """10:00 on `day` in the configured time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
