"""Django settings, read from environment variables.

DATABASE_URL   default sqlite:///<repo>/var/localgov.sqlite3 (embedded, WAL); set a
               postgres:// URL for production and for the PostgreSQL test run.
SECRET_KEY     required when DEBUG is off.
DEBUG          "1" for development.
PRODUCTION     "1" for a real deployment: SECRET_KEY required, HSTS, secure cookies.
ALLOWED_HOSTS  comma-separated.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
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
#: A real deployment: secret key required, HTTPS only (HSTS, secure cookies; "Security headers").
PRODUCTION = env_bool("PRODUCTION", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "insecure-dev-key-only-for-local-demo-and-tests-change-me" if DEBUG or not PRODUCTION
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
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN (api/api.py)
    "localgov.core",
    "localgov.units",
    "localgov.workcalendar",
    "localgov.catalog",
    "localgov.access",
    "localgov.dossiers",
    "localgov.feedback",
    "localgov.oversight",
    "localgov.payouts",
    "localgov.followup",
    "localgov.simulate",
    "localgov.outbox",
    "localgov.portal",
    "localgov.office",
    "localgov.workforce",
    "localgov.reconcile",
    "localgov.centres",
    "localgov.api",
    "localgov.demo",  # above every app: builds the demo from them
]

MIDDLEWARE = [
    "localgov.core.api_errors.ApiErrorMiddleware",  # /api/ errors in the API's JSON format, whoever answers them
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
    "localgov.core.middleware.DomainErrorPageMiddleware",
    "localgov.core.middleware.RequestLogMiddleware",
]

#: Bearer-token calls to /api/ (other agencies' systems) run only this part of MIDDLEWARE
#: (localgov/wsgi.py, ADR 0007): no cookies, sessions, CSRF, messages or static files are
#: involved in them, and they are the hot path of the one-stop shop's integrations. They are
#: answered in LANGUAGE_CODE (TokenLaneMiddleware) rather than by Accept-Language.
API_TOKEN_MIDDLEWARE = [
    "localgov.core.api_errors.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
                "django.template.context_processors.csp",
                "localgov.access.web.navigation",
            ],
            # one way to write numbers, dates and money on every page and PDF (core/numfmt.py)
            "builtins": ["localgov.core.templatetags.vn"],
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
    # anyway) and lets the hot path's fixed statements (core/prepared.py) be parsed and
    # planned once per connection (bench/RESULTS.md, "Dossier transitions").
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
    # A kept connection the server has ended (PostgreSQL restarted, its backend terminated) is
    # found by a `SELECT 1` before the request's first statement and replaced, instead of failing
    # that request with a 500 in every worker thread (bench/fault_drill.py; docs/reliability.md).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite ignores the extra columns, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache: Redis when REDIS_URL is set (shared by all workers), else in-process ---------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Counters of wrong sign-ins and look-ups (access/counters.py), shared by every worker and
# server: "database" (a table of the default database) or "redis" (REDIS_URL).
LOCALGOV_THROTTLE_STORE = os.environ.get("LOCALGOV_THROTTLE_STORE", "redis" if REDIS_URL else "database")
LOCALGOV_THROTTLE_PREFIX = os.environ.get("LOCALGOV_THROTTLE_PREFIX", "localgov:throttle:")
# Behind reverse proxies (access/client.py, docs/access.md "Client address"): off (0), the
# number of proxies that append to X-Forwarded-For (1, 2), or their addresses/networks
# (10.0.0.0/8,127.0.0.1). Off: the header is ignored, the client is REMOTE_ADDR.
LOCALGOV_TRUST_X_FORWARDED_FOR = os.environ.get("LOCALGOV_TRUST_X_FORWARDED_FOR", "0")

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
#: One sign-in page for every role (office/auth.py), landing on each person's home (access/areas.py).
LOGIN_URL = "/dang-nhap/"
# Lockout (access/lockout.py): 5 failures per username + client within 15 min lock 15 min;
# 20 from one client on any accounts lock that client; 20 on one account from anyone leave
# 2 tries to each client that already failed on it.
AUTHENTICATION_BACKENDS = ["localgov.access.backends.LockoutModelBackend"]
LOCALGOV_LOGIN_MAX_FAILURES = int(os.environ.get("LOCALGOV_LOGIN_MAX_FAILURES", 5))
LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS", 900))
LOCALGOV_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOCALGOV_LOGIN_LOCKOUT_SECONDS", 900))
LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT = int(os.environ.get("LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT", 20))
LOCALGOV_LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOCALGOV_LOGIN_MAX_FAILURES_PER_ACCOUNT", 20))
LOCALGOV_LOGIN_GUARDED_TRIES = int(os.environ.get("LOCALGOV_LOGIN_GUARDED_TRIES", 2))
# Sessions end at browser close, after 30 idle minutes, and after 8 hours at most.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOCALGOV_SESSION_IDLE_SECONDS = int(os.environ.get("LOCALGOV_SESSION_IDLE_SECONDS", 1800))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and PRODUCTION)
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

# --- Security headers --------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# On every response (ContentSecurityPolicyMiddleware, both middleware lanes). Nothing inline
# runs or styles without the per-response nonce (the admin's and the briefing's <style>);
# pages use static files only, from this server.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
CSRF_FAILURE_VIEW = "localgov.core.views.csrf_failure"
if PRODUCTION:
    # HTTPS only: browsers remember it for a year (LOCALGOV_HSTS_SECONDS). Behind a proxy that
    # terminates TLS, set LOCALGOV_TLS_PROXY=1 so its X-Forwarded-Proto marks requests secure.
    SECURE_HSTS_SECONDS = int(os.environ.get("LOCALGOV_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LOCALGOV_HSTS_SUBDOMAINS", True)
    if env_bool("LOCALGOV_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("LOCALGOV_SSL_REDIRECT", False)

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
# docs/domain/one-stop-rules.md §1.7). Configurable, not a constant.
LOCALGOV_RECEIPT_CUTOFF = os.environ.get("LOCALGOV_RECEIPT_CUTOFF", "15:00")
LOCALGOV_MAX_UPLOAD_BYTES = int(os.environ.get("LOCALGOV_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
LOCALGOV_MAX_UPLOAD_COUNT = int(os.environ.get("LOCALGOV_MAX_UPLOAD_COUNT", 20))  # files per submission
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * LOCALGOV_MAX_UPLOAD_BYTES
LOCALGOV_LOOKUP_WINDOW_SECONDS = int(os.environ.get("LOCALGOV_LOOKUP_WINDOW_SECONDS", 600))
LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = int(os.environ.get("LOCALGOV_LOOKUP_LIMIT_PER_CLIENT", 20))
LOCALGOV_LOOKUP_LIMIT_PER_CODE = int(os.environ.get("LOCALGOV_LOOKUP_LIMIT_PER_CODE", 10))
LOCALGOV_LOOKUP_GUARDED_TRIES = int(os.environ.get("LOCALGOV_LOOKUP_GUARDED_TRIES", 3))
LOCALGOV_OFFICE_HOURS = os.environ.get("LOCALGOV_OFFICE_HOURS", "08:00-12:00,13:00-17:00")

# --- Outbox: notifications and DVCQG synchronisation (docs/notifications.md, docs/dvcqg-sync.md) ---
#: "0" turns the outbox rows off (only to measure their cost, bench/transitions.py).
LOCALGOV_OUTBOX = env_bool("LOCALGOV_OUTBOX", True)
LOCALGOV_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("LOCALGOV_OUTBOX_MAX_ATTEMPTS", 6))
LOCALGOV_OUTBOX_BACKOFF_SECONDS = float(os.environ.get("LOCALGOV_OUTBOX_BACKOFF_SECONDS", 30))
LOCALGOV_OUTBOX_LEASE_SECONDS = float(os.environ.get("LOCALGOV_OUTBOX_LEASE_SECONDS", 120))
#: E-mail through Django's mailers: SMTP in production (LOCALGOV_EMAIL=smtp, with EMAIL_HOST,
#: EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_TIMEOUT in the environment);
#: otherwise one file per message under var/mail/ for the demo (LOCALGOV_EMAIL=file).
LOCALGOV_EMAIL = os.environ.get("LOCALGOV_EMAIL", "smtp" if PRODUCTION else "file")
MAILERS = {"default": {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": os.environ.get("EMAIL_HOST", "localhost"), "port": int(os.environ.get("EMAIL_PORT", 25)),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False), "timeout": int(os.environ.get("EMAIL_TIMEOUT", 20))},
} if LOCALGOV_EMAIL == "smtp" else {
    "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "OPTIONS": {"file_path": os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))},
}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thongbao@dichvucong.localgov.vn")
#: SMS: "file" (the demo: var/sms.log) or "http" (LOCALGOV_SMS_URL, LOCALGOV_SMS_TOKEN; docs/notifications.md).
LOCALGOV_SMS_GATEWAY = os.environ.get("LOCALGOV_SMS_GATEWAY", "http" if PRODUCTION else "file")
LOCALGOV_SMS_URL = os.environ.get("LOCALGOV_SMS_URL", "")
LOCALGOV_SMS_TOKEN = os.environ.get("LOCALGOV_SMS_TOKEN", "")
LOCALGOV_SMS_FILE = os.environ.get("LOCALGOV_SMS_FILE", str(VAR_DIR / "sms.log"))
#: DVCQG: the national portal's synchronisation endpoint (docs/dvcqg-sync.md); empty = not sent yet.
LOCALGOV_DVCQG_URL = os.environ.get("LOCALGOV_DVCQG_URL", "")
LOCALGOV_DVCQG_TOKEN = os.environ.get("LOCALGOV_DVCQG_TOKEN", "")
LOCALGOV_DVCQG_TIMEOUT = float(os.environ.get("LOCALGOV_DVCQG_TIMEOUT", 10))
#: The public address of the portal, written in notifications (the tracking page's link).
LOCALGOV_PUBLIC_URL = os.environ.get("LOCALGOV_PUBLIC_URL", "http://127.0.0.1:8000")
