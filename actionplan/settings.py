"""The one settings module, read from the environment (see design.md, Settings)."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url

from actionplan.accounts.sso import BACKEND as SSO_BACKEND
from actionplan.accounts.sso import oidc_settings
from actionplan.notifications.email_url import email_settings

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ACTIONPLAN_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "uploads"


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def _secret_key() -> str:
    if key := os.environ.get("ACTIONPLAN_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # Written once, readable only by its owner, so restarts keep sessions valid.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("ACTIONPLAN_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ACTIONPLAN_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
]
# Plain HTTP is allowed only when the operator says so (local demo, tests); production is HTTPS.
INSECURE_HTTP = _flag("ACTIONPLAN_INSECURE_HTTP", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "actionplan.plans",
    "actionplan.accounts",
    "actionplan.web",
    "actionplan.notifications",
    "actionplan.imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "actionplan.web.security.SecurityHeadersMiddleware",
    # Database unreachable: a 503 "try again in a minute" page instead of a 500 (web/dberrors.py).
    "actionplan.web.dberrors.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "actionplan.urls"
WSGI_APPLICATION = "actionplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each web area keeps its pages beside its views: web/<area>/templates/<area>/... (web/urls.py).
        "DIRS": sorted((BASE_DIR / "web").glob("*/templates")),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "actionplan.accounts.context_processors.accounts",
            ],
        },
    },
]


def _database() -> dict:
    if url := os.environ.get("DATABASE_URL"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "actionplan.sqlite3",
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at the
            # start of a transaction so concurrent writers queue on the timeout instead of failing.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": _database()}
# Rendered page parts (overview rows, timelines, reports), per process, keyed on the version of what
# they show so they are never stale (plans/stamps.py); room for a council's plans and their rows.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("ACTIONPLAN_CACHE_ENTRIES", "5000"))},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "actionplan.accounts.backends.LockoutBackend",  # django-axes: first, so a locked-out user stops here
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in lockout (django-axes): 5 failures for one username from one address lock that pair out
# for 30 minutes; a success clears the count. Behind a reverse proxy set ACTIONPLAN_PROXY_COUNT to
# the number of proxies, so the client address is read from X-Forwarded-For (docs/security.md).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
PROXY_COUNT = int(os.environ.get("ACTIONPLAN_PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:  # nothing in front: the forwarded headers are the client's to forge, so only the socket counts
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Single sign-on (OpenID Connect), off unless configured: see docs/sso.md.
OIDC_SETTINGS = oidc_settings(os.environ)
if OIDC_SETTINGS:
    globals().update(OIDC_SETTINGS)
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append(SSO_BACKEND)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sessions and cookies: short-lived, HTTPS-only unless plain HTTP was asked for.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not INSECURE_HTTP
CSRF_COOKIE_SECURE = not INSECURE_HTTP
SECURE_SSL_REDIRECT = not INSECURE_HTTP and _flag("ACTIONPLAN_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if INSECURE_HTTP else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not INSECURE_HTTP
SECURE_HSTS_PRELOAD = not INSECURE_HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (no unsafe-inline) and Permissions-Policy: web.security.SecurityHeadersMiddleware
# (Django 5.2 has no setting for them).

UPLOAD_MAX_BYTES = int(os.environ.get("ACTIONPLAN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Email (update requests and reminders, docs/reminders.md): ACTIONPLAN_EMAIL_URL such as
# smtp+tls://user:password@smtp.example.org:587; printed on the console when unset.
globals().update(email_settings(os.environ.get("ACTIONPLAN_EMAIL_URL")))
DEFAULT_FROM_EMAIL = os.environ.get("ACTIONPLAN_EMAIL_FROM", "actionplan <actionplan@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach this service at, for links in emails.
ACTIONPLAN_BASE_URL = os.environ.get("ACTIONPLAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Emailed update links work until the end of the cycle's deadline day plus this many days.
ACTIONPLAN_LINK_GRACE_DAYS = int(os.environ.get("ACTIONPLAN_LINK_GRACE_DAYS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACTIONPLAN_LOG_LEVEL", "WARNING")},
}
