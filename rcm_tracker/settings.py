"""Settings for RCM Tracker, read from the environment.

This is the only settings module: development, tests and production differ
only by environment variables (documented in README.md). Importing it never
fails: what is missing or wrong is reported by system checks
(`rcm_tracker/checks.py`), which stop `runserver`, `migrate` and every other
command that runs them, and `check --deploy`. `make run` sets DEBUG=1 for
local development.
"""

import datetime as dt
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Whether SECRET_KEY came from the environment (rcm_tracker.E001 when it did not).
SECRET_KEY_FROM_ENV = bool(env.str("SECRET_KEY", default=""))
if SECRET_KEY_FROM_ENV:
    SECRET_KEY = env.str("SECRET_KEY")
elif DEBUG:
    # Development only: a fixed key keeps sessions valid across restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105
else:
    # Never a known value: a server started anyway (gunicorn runs no checks) signs with a
    # key nobody knows and that dies with the process. Commands that sign nothing, such as
    # the importer's dry run, need no key at all.
    SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS and DEBUG:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the site, for absolute links in e-mails and calendar feeds.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rcm_tracker",
    "accounts",
    "members",
    "actions",
    "submissions",
    "dashboards",
    "reminders",
    "importer",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rcm_tracker.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rcm_tracker.urls"
WSGI_APPLICATION = "rcm_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite beside the project unless DATABASE_URL names another one,
# e.g. postgres://postgres@127.0.0.1:5432/rcm_tracker
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked", and
    # take the write lock when a transaction begins: SQLite has no row locks, so
    # this is what makes a read-check-write (optimistic locking) atomic.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Planner settings for a database that fits in memory (README, "Performance at scale"):
    # no JIT, whose compiling (20-50 ms) costs more than the dashboards' queries take, and
    # random reads priced as on SSD, so that a lookup by index is not passed over for a
    # scan of a whole table. DATABASE_SESSION_OPTIONS="" leaves the server's settings.
    session_options = env.str(
        "DATABASE_SESSION_OPTIONS", default="-c jit=off -c random_page_cost=1.1"
    )
    if session_options:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", session_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that locked-out credentials are refused before they are checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection. After LOGIN_FAILURE_LIMIT failures for one address from
# one client, that pair is locked out for LOGIN_LOCKOUT_MINUTES (django-axes);
# on top, POSTs to the login and password-reset forms are rate-limited per
# client address (and per e-mail address for resets): (requests, seconds).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "rcm_tracker.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "rcm_tracker.security.client_ip"
AXES_VERBOSE = False
LOGIN_RATE_LIMIT = (env.int("LOGIN_RATE_LIMIT", default=20), 15 * 60)
PASSWORD_RESET_RATE_LIMIT = (env.int("PASSWORD_RESET_RATE_LIMIT", default=5), 60 * 60)
# Roles that must use two-factor authentication (TOTP), e.g. "secretariat,manager".
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=[])


def _totp_issuer(device) -> str:
    """The name an authenticator app shows, in the language active when pairing."""
    return str(_("RCM Tracker"))


OTP_TOTP_ISSUER = _totp_issuer
# django-filter's empty choice ("---------" by default) in our words.
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# The cache holds rate-limit counters: with several gunicorn workers use a shared
# one, e.g. CACHE_URL=redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Languages: the RCM works in English and Spanish.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# Our Spanish number formats (decimal point, comma thousands), before Django's own.
FORMAT_MODULE_PATH = ["rcm_tracker.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Costa_Rica")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded files (reports, documents, submissions) are private: they live
# outside the static root and are only ever served through permission-checked
# views, so there is deliberately no MEDIA_URL route.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Largest accepted upload, per file.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: printed to the console in development, SMTP otherwise.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RCM Tracker <noreply@example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where the secretariat is told of new submissions and overdue digests.
SECRETARIAT_EMAILS = env.list("SECRETARIAT_EMAILS", default=[])

# Celery: with no broker, tasks run in-process (eagerly) so that a single
# `runserver` is a complete system; with CELERY_BROKER_URL they go to Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    # Never try to reach a broker that is not configured.
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# HTTPS: on by default in production; `HTTPS=0` for a plain-HTTP test server.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=63072000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("BEHIND_PROXY", default=False):
    # Trust the proxy's X-Forwarded-Proto; only safe when the proxy sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every asset is served by the app itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's CSS draws its icons (menu, selects, checks) as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# Focal-point invitations: days an e-mailed link keeps working.
INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=7)
# Deadline reminders (reminders/): days before the last day, then overdue notices.
# An action item's own `reminder_offsets` overrides the days ([] = no reminders).
REMINDER_OFFSETS_DAYS = env.list("REMINDER_OFFSETS_DAYS", cast=int, default=[14, 7, 1, 0])
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=7)
REMINDER_OVERDUE_MAX = env.int("REMINDER_OVERDUE_MAX", default=4)
# From this overdue notice on, alternates are copied (the secretariat's daily digest
# lists everything overdue).
REMINDER_ESCALATE_FROM = env.int("REMINDER_ESCALATE_FROM", default=2)
# Local hour (TIME_ZONE) from which a day's reminders go out, and the weekday
# (0 = Monday) of the weekly digests.
REMINDER_SEND_HOUR = env.int("REMINDER_SEND_HOUR", default=8)
REMINDER_DIGEST_WEEKDAY = env.int("REMINDER_DIGEST_WEEKDAY", default=0)
# A row still "sending" after this long is in doubt (its worker died): never resent by itself.
REMINDER_LEASE_SECONDS = env.int("REMINDER_LEASE_SECONDS", default=900)
# The sweep queues again rows still planned this long after they were queued.
REMINDER_REQUEUE_AFTER_SECONDS = env.int("REMINDER_REQUEUE_AFTER_SECONDS", default=900)
# Waits before each retry of a definite, temporary SMTP refusal; then it fails.
REMINDER_RETRY_BACKOFF_SECONDS = env.list(
    "REMINDER_RETRY_BACKOFF_SECONDS", cast=int, default=[300, 1800, 7200, 21600]
)
# Retries due within this many seconds are queued with a countdown; later ones by the sweep.
REMINDER_RETRY_COUNTDOWN_MAX_SECONDS = env.int("REMINDER_RETRY_COUNTDOWN_MAX_SECONDS", default=900)

# The review page of a report import sends every field of its resolutions and action
# items at once (about 4 per resolution and 15 per item): allow long reports.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
