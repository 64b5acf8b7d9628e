from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and the synthetic decade of the benchmark; commands only, no models."""

    name = "demo"
    verbose_name = _("Demo data")
