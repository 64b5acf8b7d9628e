from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Who answers to the RCM: countries, organisations, their focal points, invitations."""

    name = "members"
    verbose_name = _("Members")
