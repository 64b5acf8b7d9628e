"""WSGI entry point, used by gunicorn: `gunicorn rcm_tracker.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcm_tracker.settings")

application = get_wsgi_application()
