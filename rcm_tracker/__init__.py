"""RCM Tracker: follow-up of Regional Conference on Migration decisions."""

from .celery import app as celery_app

__all__ = ["celery_app"]
