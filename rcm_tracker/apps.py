from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RcmTrackerConfig(AppConfig):
    """Project-wide pieces that need the app registry: query lookups, configuration checks."""

    name = "rcm_tracker"
    verbose_name = _("RCM Tracker")

    def ready(self) -> None:
        from . import checks, lookups  # noqa: F401  (checks register themselves)

        lookups.register()
