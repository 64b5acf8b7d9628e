from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    """Meeting reports read, reviewed and saved as meetings (the parser is `importer.parser`)."""

    name = "importer"
    verbose_name = _("Report import")
