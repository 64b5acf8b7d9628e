"""Helpers for reference data kept in both RCM languages."""

from django.utils.translation import get_language


def pick(english: str, spanish: str) -> str:
    """Return the Spanish text when Spanish is active and present, else the English."""
    language = (get_language() or "en")[:2]
    return spanish if language == "es" and spanish else english
