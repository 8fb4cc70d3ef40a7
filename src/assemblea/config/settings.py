"""Settings driven by environment variables.

Embedded default: SQLite and in-process tasks, so `make run` needs nothing else.
Production and CI: set DATABASE_URL (PostgreSQL) and ASSEMBLEA_TASKS=database to run task
workers against the same database as several app processes.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent
# Run from a source checkout (src/assemblea beside pyproject.toml), or installed from a wheel
# (site-packages/assemblea), where nothing may be written inside the package.
SOURCE_CHECKOUT = (REPO_DIR / "pyproject.toml").is_file() and PACKAGE_DIR.parent.name == "src"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(*names: str, default: str = "") -> list[str]:
    """A comma-separated variable: the first of `names` that is set (later ones are older
    spellings kept working)."""
    for name in names:
        value = os.environ.get(name)
        if value is not None:
            return [item.strip() for item in value.split(",") if item.strip()]
    return [item.strip() for item in default.split(",") if item.strip()]


DEBUG = env_bool("ASSEMBLEA_DEBUG", True)


def var_dir() -> Path:
    """Where the app writes (the SQLite database, collected static files by default):
    ASSEMBLEA_VAR_DIR; else `var/` of a source checkout; else, installed with debug on, the
    user's data directory. Installed with debug off it must be set: a default inside
    site-packages would be lost (or refused) at the next upgrade."""
    configured = os.environ.get("ASSEMBLEA_VAR_DIR", "").strip()
    if configured:
        return Path(configured)
    if SOURCE_CHECKOUT:
        return REPO_DIR / "var"
    if not DEBUG:
        raise ImproperlyConfigured(
            "ASSEMBLEA_VAR_DIR is not set. Installed (not run from a source checkout) with "
            "ASSEMBLEA_DEBUG=false, set it to a directory the app may write to, e.g. "
            "/var/lib/assemblea (docs/deploy.md)."
        )
    data_home = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(data_home) if data_home else Path.home() / ".local" / "share") / "assemblea"


VAR_DIR = var_dir()
DEVELOPMENT_SECRET_KEY = "insecure-development-key-set-ASSEMBLEA_SECRET_KEY-in-production"
SECRET_KEY_MINIMUM_LENGTH = 50
SECRET_KEY = os.environ.get("ASSEMBLEA_SECRET_KEY", "")


def secret_key_problem(key: str) -> str | None:
    """Why this key must not sign links in production, or None when it may."""
    if not key:
        return "ASSEMBLEA_SECRET_KEY is not set."
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure-"):
        return "ASSEMBLEA_SECRET_KEY is the public development key."
    if len(key) < SECRET_KEY_MINIMUM_LENGTH or len(set(key)) < 5:
        return (
            f"ASSEMBLEA_SECRET_KEY is too short or too simple "
            f"(at least {SECRET_KEY_MINIMUM_LENGTH} varied characters)."
        )
    return None


if DEBUG:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
elif problem := secret_key_problem(SECRET_KEY):
    # Everything signed (sign-in sessions, password and e-mail links, answers to a lottery
    # selection) could be forged with a known key: refuse to start instead.
    raise ImproperlyConfigured(
        f"{problem} With ASSEMBLEA_DEBUG=false, set ASSEMBLEA_SECRET_KEY to a long random "
        "value kept secret, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

# The address people reach the site at, for links in e-mails and letters; in production
# behind HTTPS (`https://…`) it also gives the origin trusted for forms, secure cookies and
# HSTS.
BASE_URL = os.environ.get("ASSEMBLEA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_base = urlsplit(BASE_URL)
if _base.scheme not in {"http", "https"} or not _base.hostname:
    raise ImproperlyConfigured(
        f"ASSEMBLEA_BASE_URL must be the site's address, e.g. https://assemblea.example.org "
        f"(it is {BASE_URL!r})."
    )
BASE_URL_HTTPS = _base.scheme == "https"

_base_host = f"[{_base.hostname}]" if ":" in _base.hostname else _base.hostname
ALLOWED_HOSTS = env_list(
    "ASSEMBLEA_ALLOWED_HOSTS",
    default=",".join(dict.fromkeys(["127.0.0.1", "localhost", "[::1]", _base_host])),
)
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"] if BASE_URL_HTTPS else []

# Reverse proxies (comma-separated addresses) whose X-Forwarded-For and X-Forwarded-Proto
# are believed, e.g. "127.0.0.1" behind nginx on the same machine. Nobody else's are.
# ASSEMBLEA_API_TRUSTED_PROXIES is the older name, still read when the new one is unset.
TRUSTED_PROXIES = env_list("ASSEMBLEA_TRUSTED_PROXIES", "ASSEMBLEA_API_TRUSTED_PROXIES")

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
    "assemblea.budgets",
    "assemblea.conversations",
    "assemblea.opendata",
    "assemblea.api",
    "assemblea.site",
]

MIDDLEWARE = [
    # First: every response, even one a later middleware refuses, has a request id and a
    # line in the log.
    "assemblea.config.observability.RequestLogMiddleware",
    "assemblea.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "assemblea.core.middleware.ContentSecurityPolicyMiddleware",
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
    # Served by Django's staticfiles in development; by WhiteNoise from STATIC_ROOT otherwise
    # (compressed and fingerprinted by collectstatic, cached for a year: see STORAGES).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
# Pages are gzipped (when the browser accepts it). BREACH: a compressed page that reflects
# what an attacker sends next to a secret leaks that secret byte by byte. The only secret in
# pages is the CSRF token, which Django masks anew on every response (so it never repeats),
# and session ids travel only in cookies, which are not compressed. Pages never echo query
# strings next to other secrets. Set ASSEMBLEA_GZIP=false to turn it off (e.g. when the
# proxy compresses).
if env_bool("ASSEMBLEA_GZIP", True):
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "django.middleware.gzip.GZipMiddleware",
    )

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
                "assemblea.config.context_processors.source_code",
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
# Sign in with the username or the verified e-mail address, in any case (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["assemblea.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
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
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # collectstatic writes name.<hash>.css plus .gz copies; WhiteNoise serves the
            # fingerprinted names with `Cache-Control: max-age=315360000, immutable`.
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600  # files without a fingerprint (none that pages link to)

# django-tasks: the backport of Django 6's tasks framework; on Django 6 only imports change.
# Embedded default: a worker thread in the app process (core/tasks_backend.py), so a long
# selection never blocks the page; production: database workers (`db_worker`).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("ASSEMBLEA_TASKS") == "database"
            else "assemblea.core.tasks_backend.ThreadBackend"
        )
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("ASSEMBLEA_SECURE_COOKIES", BASE_URL_HTTPS)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if not DEBUG and BASE_URL_HTTPS:
    # Served over HTTPS: browsers are told to keep to it, and plain-HTTP requests are sent
    # there (requests count as HTTPS when they are, or when a trusted proxy says so).
    SECURE_HSTS_SECONDS = int(os.environ.get("ASSEMBLEA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ASSEMBLEA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("ASSEMBLEA_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("ASSEMBLEA_SSL_REDIRECT", True)

# Content-Security-Policy of every response (core/middleware.py): scripts and styles only
# from this site, none inline (chart bars take their widths from classes, pct-w-NN).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

# Logs: one line per record on standard error (journald and docker collect it), as JSON
# (ASSEMBLEA_LOG_FORMAT=json, the default with debug off) or key=value text (the default
# with debug on). Every record made while a request runs carries its request id; each
# request gets one line (method, URL pattern, status, duration) from RequestLogMiddleware.
# Never in the logs: e-mail addresses, query strings, the real path of URLs with tokens.
LOG_LEVEL = os.environ.get("ASSEMBLEA_LOG_LEVEL", "INFO" if not DEBUG else "WARNING").upper()
LOG_FORMAT = os.environ.get("ASSEMBLEA_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"ASSEMBLEA_LOG_FORMAT must be json or text (it is {LOG_FORMAT!r}).")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "assemblea.config.observability.NoPersonalData"}},
    "formatters": {
        "json": {"()": "assemblea.config.observability.JsonFormatter"},
        "text": {"()": "assemblea.config.observability.KeyValueFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Instead of Django's own handlers (a plain console one in debug, mail to ADMINS).
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # The request line of RequestLogMiddleware says the same without the raw path.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
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
# Seconds the task that sends a message waits for the mail server (core/mail.py).
EMAIL_TIMEOUT = float(os.environ.get("ASSEMBLEA_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("ASSEMBLEA_FROM_EMAIL", "Assemblea <assemblea@localhost>")

# Sign-in (accounts/lockout.py): after this many failed attempts at one account from one
# client address, that pair is locked for a while; the right password from elsewhere still
# works. One client address failing this often across all accounts is locked as a whole.
LOGIN_FAILURE_LIMIT = int(os.environ.get("ASSEMBLEA_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_CLIENT_FAILURE_LIMIT = int(os.environ.get("ASSEMBLEA_LOGIN_CLIENT_FAILURE_LIMIT", "50"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("ASSEMBLEA_LOGIN_LOCKOUT_MINUTES", "15"))
# E-mail verification links work this long (and once).
EMAIL_VERIFICATION_DAYS = int(os.environ.get("ASSEMBLEA_EMAIL_VERIFICATION_DAYS", "3"))

# Public API: requests per minute and client (an IP address, see TRUSTED_PROXIES).
API_RATE_LIMIT = int(os.environ.get("ASSEMBLEA_API_RATE_LIMIT", "120"))
API_TRUSTED_PROXIES = TRUSTED_PROXIES  # the name the api app reads

# /healthz (core/health.py): with ASSEMBLEA_TASKS=database, a task waiting longer than this
# many seconds means no worker is taking them.
HEALTH_TASK_DELAY_SECONDS = int(os.environ.get("ASSEMBLEA_HEALTH_TASK_DELAY", "300"))
# The probe may come straight to the app over HTTP (not through the HTTPS proxy).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# AGPL §13: every page links to the source of the version running (base.html's footer).
# The default is the project's repository, as pyproject.toml's [project.urls] Source and
# publiccode.yml's url name it (tests/config/test_source_link.py keeps the three equal).
SOURCE_URL_DEFAULT = "https://github.com/assemblea/assemblea"
SOURCE_URL = os.environ.get("ASSEMBLEA_SOURCE_URL", SOURCE_URL_DEFAULT)

# The licence of the published open data (the open-data page and every export state it).
OPEN_DATA_LICENSE_NAME = os.environ.get("ASSEMBLEA_OPEN_DATA_LICENSE", "CC BY 4.0")
OPEN_DATA_LICENSE_URL = os.environ.get(
    "ASSEMBLEA_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# Error pages: a test-only URL that raises, to check the 500 page of a deployment (CI).
# Never set it in production.
FORCE_ERROR_URL = env_bool("ASSEMBLEA_TEST_ERROR_URL", False)
