"""RCM Tracker: follow-up of Regional Conference on Migration decisions.

The library every app builds on (dates, links, forms, uploads, mail, exports),
and the project's settings, URLs and Celery app. Importing the package has no
side effect: the Celery app is loaded by RcmTrackerConfig.ready(), so plain
modules here (`roman`, `months`) serve code outside Django too.
"""
