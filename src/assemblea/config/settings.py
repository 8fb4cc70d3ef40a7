"""Settings driven by environment variables.

Embedded default: SQLite and in-process tasks, so `make run` needs nothing else.
Production and CI: set DATABASE_URL (PostgreSQL) and ASSEMBLEA_TASKS=database to run task
workers against the same database as several app processes.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ASSEMBLEA_VAR_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("ASSEMBLEA_DEBUG", True)
SECRET_KEY = os.environ.get(
    "ASSEMBLEA_SECRET_KEY", "insecure-development-key-set-ASSEMBLEA_SECRET_KEY-in-production"
)
ALLOWED_HOSTS = os.environ.get("ASSEMBLEA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "assemblea.core",
    "assemblea.accounts",
    "assemblea.assemblies",
    "assemblea.recruitment",
    "assemblea.deliberation",
    "assemblea.decisions",
    "assemblea.accountability",
    "assemblea.evaluation",
    "assemblea.network",
    "assemblea.opendata",
    "assemblea.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "assemblea.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Served by Django's staticfiles in development; by WhiteNoise from STATIC_ROOT otherwise.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "assemblea.config.urls"
WSGI_APPLICATION = "assemblea.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'assemblea.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (the app, task workers, the live server of the browser tests) each get
    # their own connection to a file, in WAL mode: readers never wait for the writer, and
    # writers queue instead of failing. (An in-memory test database would be one connection
    # shared by every thread.)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("ASSEMBLEA_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("ASSEMBLEA_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# django-tasks: the backport of Django 6's tasks framework; on Django 6 only imports change.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("ASSEMBLEA_TASKS") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("ASSEMBLEA_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ASSEMBLEA_LOG_LEVEL", "WARNING")},
}

# E-mail: printed to the console unless a backend is configured (smtp in production).
EMAIL_BACKEND = os.environ.get(
    "ASSEMBLEA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("ASSEMBLEA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ASSEMBLEA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ASSEMBLEA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ASSEMBLEA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ASSEMBLEA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("ASSEMBLEA_FROM_EMAIL", "Assemblea <assemblea@localhost>")
# The address people reach the site at, for links in e-mails and letters.
BASE_URL = os.environ.get("ASSEMBLEA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Sign-in: after this many failed attempts for one username, it is locked for a while.
LOGIN_FAILURE_LIMIT = int(os.environ.get("ASSEMBLEA_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("ASSEMBLEA_LOGIN_LOCKOUT_MINUTES", "15"))

# Public API: requests per minute and client (an IP address); X-Forwarded-For is believed
# only from these proxies' addresses (comma-separated), e.g. "127.0.0.1" behind nginx.
API_RATE_LIMIT = int(os.environ.get("ASSEMBLEA_API_RATE_LIMIT", "120"))
API_TRUSTED_PROXIES = [
    address.strip()
    for address in os.environ.get("ASSEMBLEA_API_TRUSTED_PROXIES", "").split(",")
    if address.strip()
]
