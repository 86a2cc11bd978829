"""Django settings, read from environment variables.

DATABASE_URL   default sqlite:///<repo>/var/localgov.sqlite3 (embedded, WAL); set a
               postgres:// URL for production and for the PostgreSQL test run.
SECRET_KEY     required when DEBUG is off.
DEBUG          "1" for development.
ALLOWED_HOSTS  comma-separated.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("LOCALGOV_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("LOCALGOV_VAR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "insecure-dev-key-only-for-local-demo-and-tests-change-me" if DEBUG or not os.environ.get("PRODUCTION")
    else ""
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set in production")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "localgov.core",
    "localgov.units",
    "localgov.workcalendar",
    "localgov.catalog",
    "localgov.access",
    "localgov.dossiers",
    "localgov.oversight",
    "localgov.payouts",
    "localgov.simulate",
    "localgov.portal",
    "localgov.office",
    "localgov.workforce",
    "localgov.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "localgov.access.middleware.SessionIdleTimeoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "localgov.core.middleware.RequestLogMiddleware",
]

#: Bearer-token calls to /api/ (other agencies' systems) run only this part of MIDDLEWARE
#: (localgov/wsgi.py, ADR 0007): no cookies, sessions, CSRF, messages or static files are
#: involved in them, and they are the hot path of the one-stop shop's integrations. They are
#: answered in LANGUAGE_CODE (TokenLaneMiddleware) rather than by Accept-Language.
API_TOKEN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "localgov.core.middleware.TokenLaneMiddleware",
    "localgov.core.middleware.RequestLogMiddleware",
]

ROOT_URLCONF = "localgov.urls"
WSGI_APPLICATION = "localgov.wsgi.application"

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

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'localgov.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
        # BEGIN so concurrent writers queue instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django turns psycopg's prepared statements off (prepare_threshold None), and psycopg then
    # ignores `execute(..., prepare=True)` as well. A threshold no statement reaches keeps the
    # ORM's statements unprepared (Django binds them on the client, so they cannot be prepared
    # anyway) and lets the hot path's fixed statements (access/prepared.py) be parsed and
    # planned once per connection. Measured: 2.1 → 1.2 ms of PostgreSQL CPU per transition.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
    # A kept connection the server has ended (PostgreSQL restarted, its backend terminated) is
    # found by a `SELECT 1` before the request's first statement and replaced, instead of failing
    # that request with a 500 in every worker thread (bench/fault_drill.py; docs/reliability.md).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite ignores the extra columns, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache: Redis when REDIS_URL is set (shared by all workers), else in-process ---------
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
# Lockout (access/lockout.py): 5 failures per username + client within 15 min lock 15 min.
AUTHENTICATION_BACKENDS = ["localgov.access.backends.LockoutModelBackend"]
LOCALGOV_LOGIN_MAX_FAILURES = int(os.environ.get("LOCALGOV_LOGIN_MAX_FAILURES", 5))
LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS", 900))
LOCALGOV_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOCALGOV_LOGIN_LOCKOUT_SECONDS", 900))
# Sessions end at browser close, after 30 idle minutes, and after 8 hours at most.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOCALGOV_SESSION_IDLE_SECONDS = int(os.environ.get("LOCALGOV_SESSION_IDLE_SECONDS", 1800))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and bool(os.environ.get("PRODUCTION")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- I18n: Vietnamese first, English available ------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files: served by the app (WhiteNoise), never from a CDN ----------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from finders; keep the root present
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'"],
}

# --- Logging: one JSON object per line -------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "localgov.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "WARNING"},
    },
}

# --- Domain configuration ---------------------------------------------------------------
# Receipts after this local time count from the next working day (Decree 63/2024 Art. 7,
# one-stop-rules.md §1.7). Configurable, not a constant.
LOCALGOV_RECEIPT_CUTOFF = os.environ.get("LOCALGOV_RECEIPT_CUTOFF", "15:00")
LOCALGOV_MAX_UPLOAD_BYTES = int(os.environ.get("LOCALGOV_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * LOCALGOV_MAX_UPLOAD_BYTES
LOCALGOV_LOOKUP_WINDOW_SECONDS = int(os.environ.get("LOCALGOV_LOOKUP_WINDOW_SECONDS", 600))
LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = int(os.environ.get("LOCALGOV_LOOKUP_LIMIT_PER_CLIENT", 20))
LOCALGOV_LOOKUP_LIMIT_PER_CODE = int(os.environ.get("LOCALGOV_LOOKUP_LIMIT_PER_CODE", 10))
LOCALGOV_OFFICE_HOURS = os.environ.get("LOCALGOV_OFFICE_HOURS", "08:00-12:00,13:00-17:00")
