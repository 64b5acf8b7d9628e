"""System checks for the configuration read from the environment.

Settings never raise at import (so a dry run such as `import_report --json`
works anywhere); these checks stop `runserver`, `migrate` and the other
commands that run checks, and `check --deploy`, with a message that says
which variable to set.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def environment_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Report the environment variables production needs and settings that cannot work."""
    errors: list[Error] = []
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENV:
        errors.append(
            Error(
                "SECRET_KEY is not set.",
                hint="Set the SECRET_KEY environment variable to a long random string "
                "(or DEBUG=1 for local development).",
                id="rcm_tracker.E001",
            )
        )
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "ALLOWED_HOSTS is not set.",
                hint="Set the ALLOWED_HOSTS environment variable to the comma-separated host "
                "names this site is served under (or DEBUG=1 for local development).",
                id="rcm_tracker.E002",
            )
        )
    if settings.REMINDER_OVERDUE_EVERY_DAYS < 1:
        errors.append(
            Error(
                "REMINDER_OVERDUE_EVERY_DAYS must be at least 1.",
                id="rcm_tracker.E003",
            )
        )
    if not 0 <= settings.REMINDER_SEND_HOUR <= 23:
        errors.append(
            Error(
                "REMINDER_SEND_HOUR must be an hour between 0 and 23.",
                id="rcm_tracker.E004",
            )
        )
    return errors
