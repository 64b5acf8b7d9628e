from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RcmTrackerConfig(AppConfig):
    """Project-wide pieces that need the app registry: the Celery app, query lookups,
    configuration checks."""

    name = "rcm_tracker"
    verbose_name = _("RCM Tracker")

    def ready(self) -> None:
        # The Celery app becomes the current one, so that shared tasks queue through it;
        # checks register themselves.
        from django.db.backends.signals import connection_created

        from . import celery, checks, lookups  # noqa: F401
        from .collation import register_sqlite_collations

        lookups.register()
        connection_created.connect(register_sqlite_collations, dispatch_uid="reader_collations")
