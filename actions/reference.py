"""Reference data every installation needs: the RCM's working groups."""

from django.db import transaction

from members.reference import load_countries_and_organisations

from .models import WorkingGroup

# (slug, English, Spanish)
WORKING_GROUPS = [
    (
        "border-management",
        "Working Group on Border Management",
        "Grupo de Trabajo sobre Gestión de Fronteras",
    ),
    ("protection", "Working Group on Protection", "Grupo de Trabajo sobre Protección"),
    (
        "labour-migration",
        "Working Group on Labour Migration",
        "Grupo de Trabajo sobre Migración Laboral",
    ),
    (
        "smuggling-trafficking",
        "Liaison Officers Network to Combat Migrant Smuggling and Trafficking in Persons",
        "Red de Funcionarios de Enlace para el Combate al Tráfico Ilícito de Migrantes y la "
        "Trata de Personas",
    ),
    (
        "consular-protection",
        "Liaison Officers Network for Consular Protection",
        "Red de Funcionarios de Enlace de Protección Consular",
    ),
    (
        "migration-climate",
        "Working Group on Migration and Climate Change",
        "Grupo de Trabajo sobre Migración y Cambio Climático",
    ),
]


@transaction.atomic
def load_reference_data() -> None:
    """Create or refresh countries, organisations and working groups (idempotent)."""
    load_countries_and_organisations()
    for slug, name_en, name_es in WORKING_GROUPS:
        WorkingGroup.objects.update_or_create(
            slug=slug, defaults={"name_en": name_en, "name_es": name_es}
        )
