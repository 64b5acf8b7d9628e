from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """What the parties answer: drafts, versions, reviews, comment rows and compilations."""

    name = "submissions"
    verbose_name = _("Submissions")
