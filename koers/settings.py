"""Django settings for Koers.

Every setting is read from the environment once, here, with a safe default, so a fresh checkout
runs on a local SQLite file and an operator switches to PostgreSQL with ``DATABASE_URL``.
See docs/configuration.md for the full list.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KOERS_DATA_DIR", "var")).resolve()

DEBUG = env_bool("KOERS_DEBUG", False)

# Used only when KOERS_DEBUG is on; Koers refuses to start in production mode with it.
INSECURE_DEFAULT_SECRET_KEY = "insecure-koers-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("KOERS_SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "KOERS_SECRET_KEY must be set when KOERS_DEBUG is off. "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("KOERS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("KOERS_CSRF_TRUSTED_ORIGINS", "")
BASE_URL = os.environ.get("KOERS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "koers.core",
    # After koers.core, whose templates override some of Django's form widgets (FORM_RENDERER).
    "django.forms",
    "koers.orgs",
    "koers.backlog",
    "koers.diagnostic",
    "koers.triage",
    "koers.voice",
    "koers.academy",
    "koers.strategy",
    "koers.sprints",
    "koers.home",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "koers.core.middleware.ApiErrorsAsJson",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "koers.orgs.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "koers.orgs.middleware.SessionLimitMiddleware",
    "koers.orgs.middleware.LoginThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Development mode shows the error pages users see, unless a developer asks for Django's.
TECHNICAL_ERRORS = env_bool("KOERS_TECHNICAL_ERRORS", False)
if DEBUG and not TECHNICAL_ERRORS:
    MIDDLEWARE.append("koers.core.middleware.ErrorPagesAsInProduction")

ROOT_URLCONF = "koers.urls"
# Form widgets render with the project's template engine, so koers.core can override a widget's
# template (django/forms/widgets/select.html) and the cached loader serves them; its renderer
# writes selects without their template (koers/core/forms.py).
FORM_RENDERER = "koers.core.forms.FormRenderer"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koers.orgs.context_processors.organisations",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'koers.sqlite3'}",
        conn_max_age=int(os.environ.get("KOERS_DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: after a database restart the
        # first request of each process reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if env_bool("KOERS_FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = os.environ.get("KOERS_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("KOERS_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected static files; several installs of the same version (or a web server that serves them
# itself) can share one directory.
STATIC_ROOT = Path(os.environ.get("KOERS_STATIC_ROOT") or DATA_DIR / "static").resolve()
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashed, compressed file names once `koers run` has collected the static files (production);
# plain names before that (development, tests), served from the apps by WhiteNoise.
MANIFEST_STATIC_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": (
        MANIFEST_STATIC_STORAGE
        if not DEBUG and (STATIC_ROOT / "staticfiles.json").exists()
        else {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    ),
}
WHITENOISE_USE_FINDERS = True
# Source maps (several MB in django-ninja's API docs) are served as they are: compressing them
# doubled the time `koers run` takes to collect the static files after an install or upgrade.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
)

EMAIL_BACKEND = os.environ.get(
    "KOERS_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("KOERS_EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
# Without a mail server, each batch of e-mails becomes a file here (docs/configuration.md).
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("KOERS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KOERS_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("KOERS_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KOERS_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KOERS_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("KOERS_DEFAULT_FROM_EMAIL", "Koers <koers@localhost>")

CSRF_FAILURE_VIEW = "koers.core.views.csrf_failure"
# Cookies travel over HTTPS only unless in debug; KOERS_SECURE_COOKIES=0 serves plain HTTP.
SESSION_COOKIE_SECURE = env_bool("KOERS_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("KOERS_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only Koers's own scripts, styles, images and fonts; no inline script, style="" or on…=""
# handler (koers/core/static/koers/koers.js does what those did), no frames, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_SSL_REDIRECT = env_bool("KOERS_SSL_REDIRECT", False)
# A load balancer's health check may still ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("KOERS_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KOERS_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("KOERS_HSTS_PRELOAD", False)

# A session ends after this long without a request, and this long after logging in whatever
# happens (koers.orgs.middleware.SessionLimitMiddleware).
KOERS_SESSION_IDLE_MINUTES = int(os.environ.get("KOERS_SESSION_IDLE_MINUTES", "120"))
KOERS_SESSION_MAX_HOURS = int(os.environ.get("KOERS_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = KOERS_SESSION_MAX_HOURS * 3600

# Wrong passwords (and password-reset requests) allowed per account and per address within the
# cool-off time before further attempts are refused unseen (koers/orgs/throttle.py).
KOERS_LOGIN_ACCOUNT_LIMIT = int(os.environ.get("KOERS_LOGIN_ACCOUNT_LIMIT", "5"))
KOERS_LOGIN_ADDRESS_LIMIT = int(os.environ.get("KOERS_LOGIN_ADDRESS_LIMIT", "20"))
KOERS_LOGIN_COOLOFF_MINUTES = int(os.environ.get("KOERS_LOGIN_COOLOFF_MINUTES", "15"))
# Behind a reverse proxy: the one request header that carries the client's address (e.g.
# X-Forwarded-For, its last entry). Empty: the connection's address.
KOERS_CLIENT_ADDRESS_HEADER = os.environ.get("KOERS_CLIENT_ADDRESS_HEADER", "").strip()

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest form: the policy's tool x data-class matrix posts three fields a cell, up to 100 tools
# x 12 classes (koers/strategy/policy/content.py). Django's default of 1000 broke it at 333 cells.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
KOERS_MAX_IMPORT_BYTES = int(os.environ.get("KOERS_MAX_IMPORT_BYTES", str(50 * 1024 * 1024)))
# Imports of more rows are checked and imported by the background worker, not in the request.
KOERS_IMPORT_BACKGROUND_ROWS = int(os.environ.get("KOERS_IMPORT_BACKGROUND_ROWS", "2000"))
KOERS_INVITATION_DAYS = int(os.environ.get("KOERS_INVITATION_DAYS", "14"))
# Answers one address may send through one shared scan link per hour (an office shares one).
KOERS_SCAN_LINK_ADDRESS_LIMIT = int(os.environ.get("KOERS_SCAN_LINK_ADDRESS_LIMIT", "30"))
KOERS_PAGE_SIZE = 25
# Organisations whose similarity index a process keeps in memory (the most recently used ones).
KOERS_INDEX_CACHE_SIZE = max(1, int(os.environ.get("KOERS_INDEX_CACHE_SIZE", "32")))

# Background tasks (clustering and other heavy analysis). "database" queues them in the database
# for `koers worker` (which `koers run` starts beside the web server); "immediate" runs them
# inside the request, which is what the tests use.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("KOERS_TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"KOERS_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {_task_backend!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOERS_LOG_LEVEL", "WARNING")},
}
