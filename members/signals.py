"""Receivers of the members app."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="actions.DocumentVersion")
def close_rounds_on_new_version(sender, instance, created: bool, raw: bool = False, **kwargs):
    """Uploading the next version of a document closes the rounds of the earlier ones."""
    if created and not raw:
        from .services import close_earlier_rounds

        close_earlier_rounds(instance, by=instance.uploaded_by)
