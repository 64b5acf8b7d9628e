"""Reference data every installation needs: RCM countries and organisations."""

from .models import Country, Organisation

# (code, English, Spanish, member?)
COUNTRIES = [
    ("BZ", "Belize", "Belice", True),
    ("CA", "Canada", "Canadá", True),
    ("CR", "Costa Rica", "Costa Rica", True),
    ("DO", "Dominican Republic", "República Dominicana", True),
    ("SV", "El Salvador", "El Salvador", True),
    ("GT", "Guatemala", "Guatemala", True),
    ("HN", "Honduras", "Honduras", True),
    ("MX", "Mexico", "México", True),
    ("NI", "Nicaragua", "Nicaragua", True),
    ("PA", "Panama", "Panamá", True),
    ("US", "United States", "Estados Unidos", True),
    ("AR", "Argentina", "Argentina", False),
    ("CO", "Colombia", "Colombia", False),
    ("EC", "Ecuador", "Ecuador", False),
    ("JM", "Jamaica", "Jamaica", False),
    ("PE", "Peru", "Perú", False),
]

# (acronym, Spanish acronym, English name, Spanish name, kind)
ORGANISATIONS = [
    (
        "IOM",
        "OIM",
        "International Organization for Migration",
        "Organización Internacional para las Migraciones",
        Organisation.Kind.UN_AGENCY,
    ),
    (
        "UNODC",
        "UNODC",  # the acronym the CRM and the UN use in Spanish too
        "United Nations Office on Drugs and Crime",
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        Organisation.Kind.UN_AGENCY,
    ),
    (
        "UNHCR",
        "ACNUR",
        "Office of the United Nations High Commissioner for Refugees",
        "Alto Comisionado de las Naciones Unidas para los Refugiados",
        Organisation.Kind.UN_AGENCY,
    ),
    (
        "UNICEF",
        "UNICEF",
        "United Nations Children's Fund",
        "Fondo de las Naciones Unidas para la Infancia",
        Organisation.Kind.UN_AGENCY,
    ),
    (
        "ILO",
        "OIT",
        "International Labour Organization",
        "Organización Internacional del Trabajo",
        Organisation.Kind.UN_AGENCY,
    ),
    (
        "RNCOM",
        "RROCM",
        "Regional Network for Civil Organizations on Migration",
        "Red Regional de Organizaciones Civiles para las Migraciones",
        Organisation.Kind.CIVIL_SOCIETY,
    ),
]


def load_countries_and_organisations() -> None:
    """Create or refresh the reference countries and organisations (idempotent)."""
    for code, name_en, name_es, is_member in COUNTRIES:
        Country.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_es": name_es, "is_member": is_member}
        )
    for acronym, acronym_es, name_en, name_es, kind in ORGANISATIONS:
        Organisation.objects.update_or_create(
            acronym=acronym,
            defaults={
                "acronym_es": acronym_es,
                "name_en": name_en,
                "name_es": name_es,
                "kind": kind,
            },
        )
