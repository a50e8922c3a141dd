"""One settings file for every environment, read from environment variables.

Every variable is documented in docs/configuration.md and .env.example. The defaults are safe for a
laptop (SQLite, local-memory cache); production is secure by default (DEBUG off means HTTPS
redirect, HSTS and Secure cookies) and refuses to start without a real secret key.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from metoo_site.ratelimit import BUDGETS

BASE_DIR = Path(__file__).resolve().parent.parent

# --- tiny helpers: reject nonsense instead of guessing ---------------------------------------

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be {bounds} (got {value}).")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} is a comma-separated list with no empty items (got {raw!r}).")
    return items


def env_path_prefix(name: str, default: str) -> str:
    """A URL path prefix such as ``admin/`` or ``staff-7f3a/``: no leading slash, one trailing."""
    raw = env_str(name, default)
    value = raw.strip("/") + "/"
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/")
    if value == "/" or not set(value) <= allowed or "//" in value:
        raise ImproperlyConfigured(
            f"{name} must be a URL path such as 'admin/' or 'staff-7f3a/' (letters, digits, - and _), got {raw!r}."
        )
    return value


def database_from_url(
    url: str, *, conn_max_age: int, pool: bool, connect_timeout: int, statement_timeout: int = 0
) -> dict:
    """Parse ``DATABASE_URL``: ``sqlite:///path`` or ``postgres://user:pass@host:port/name``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ImproperlyConfigured("DATABASE_URL sqlite:///... needs a file path.")
        # sqlite:///db.sqlite3 is relative to the project; sqlite:////var/db.sqlite3 is absolute.
        name = Path(path[1:])
        if not name.is_absolute():
            name = BASE_DIR / name
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                # SQLite's own bound: how long a statement waits for another writer's lock.
                "timeout": statement_timeout or 10,
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ImproperlyConfigured("DATABASE_URL postgres://... needs a database name after the host.")
        options: dict = {"connect_timeout": connect_timeout}
        if statement_timeout:  # enforced by the server: a statement running longer is cancelled
            options["options"] = f"-c statement_timeout={statement_timeout * 1000}"
        for key, values in parse_qs(parts.query).items():
            options[key] = values[-1]
        if pool:
            # A visitor waits at most the connect timeout for a connection from the pool, too.
            options["pool"] = {
                "min_size": 1,
                "max_size": env_int("DATABASE_POOL_MAX", 10, minimum=1),
                "timeout": connect_timeout,
            }
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL has an invalid port: {url!r}.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            # A pool and persistent connections do not mix: the pool keeps the connections.
            "CONN_MAX_AGE": 0 if pool else conn_max_age,
            "CONN_HEALTH_CHECKS": not pool,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgres:// (got {parts.scheme or 'nothing'!r})."
    )


# --- core -------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

_INSECURE_KEY_PREFIX = "django-insecure"
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105 (DEBUG only)
if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith(_INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value (50+ characters) when DJANGO_DEBUG is off. "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))". '
        'On your own computer, make run and make manage ARGS="..." use a local one for you.'
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
ADMIN_PATH = env_path_prefix("DJANGO_ADMIN_PATH", "admin/")

# Where quick exit sends the visitor: a neutral, everyday page.
QUICK_EXIT_URL = env_str("DJANGO_QUICK_EXIT_URL", "https://weather.com/")
if not QUICK_EXIT_URL.startswith("https://"):
    raise ImproperlyConfigured("DJANGO_QUICK_EXIT_URL must be an https:// address.")

INSTALLED_APPS = [
    # Django admin with the site's own AdminSite: a second factor and sign-in lock-out for staff.
    "staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "django_otp",
    "django_otp.plugins.otp_totp",
    "metoo_site",
    "resources",
    "stories",
    "staff",
    # The table of rate-limit counters shared by every worker (metoo_site/counters.py).
    "limits",
]

MIDDLEWARE = [
    # Outermost: HEAD responses leave with the headers of GET and no body.
    "metoo_site.middleware.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Whole pages for anonymous visitors: outside the headers, CSP and no-store below, so it keeps
    # each page as it leaves the site and never one marked no-store (metoo_site/pagecache.py).
    "metoo_site.pagecache.PageCacheMiddleware",
    "metoo_site.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After every header middleware, so that static files carry the same headers as pages.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may touch the database: an outage becomes the static 503 page.
    "metoo_site.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "metoo_site.urls"
WSGI_APPLICATION = "metoo_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "metoo_site.context_processors.site",
            ],
        },
    },
]

# Forms render with the templates above, so templates/django/forms/ can replace a widget's
# template (select.html and multiple_input.html: one template for a whole list of options, not
# four nested includes per option; tests/site/test_form_widgets.py checks they write what Django's do).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- database and cache -----------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", "sqlite:///db.sqlite3")
DATABASES = {
    "default": database_from_url(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        pool=env_bool("DATABASE_POOL", False),
        # Short, so that an outage becomes a 503 page within seconds rather than a hang; psycopg
        # never waits less than 2 s.
        connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=2, maximum=60),
        # PostgreSQL's statement_timeout in seconds, 0 for none; on SQLite, the longest wait for
        # another writer (10 s with 0). gunicorn.conf.py sets 10 for the web server; management
        # commands (migrations, imports, creating the test database) are unbounded by default.
        statement_timeout=env_int("DATABASE_STATEMENT_TIMEOUT", 0, maximum=3600),
    )
}
# The circuit breaker (metoo_site/breaker.py): after a database failure, answer 503 at once for
# this many seconds instead of trying again; at most one fewer thread than gunicorn has tries to
# connect at once, so one is always free for /healthz and the outage page.
DATABASE_BREAKER_SECONDS = env_int("DATABASE_BREAKER_SECONDS", 5, minimum=1, maximum=300)
DATABASE_CONNECTING_MAX = max(1, env_int("GUNICORN_THREADS", 4, minimum=1) - 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An optional read replica of the PostgreSQL primary: public GET pages read from it until they
# write; POSTs, admin pages and commands use the primary (metoo_site/dbrouter.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL as its primary.")
    DATABASES["replica"] = database_from_url(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        pool=env_bool("DATABASE_POOL", False),
        connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1, maximum=60),
    )
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// address, like DATABASE_URL.")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["metoo_site.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "metoo_site.dbrouter.ReplicaReadsMiddleware",
    )

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering must cost a page half a second, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "metoo"}}

# Whole-page cache for anonymous visitors (metoo_site/pagecache.py): how long a page is fresh, in
# the app's cache and for a CDN (Cache-Control: public, max-age). 0 turns it off.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60, maximum=3600)
# Saving or deleting any of these (app labels or app.model) makes every cached page stale.
PAGE_CACHE_WATCHED_MODELS = ["resources", "stories.story"]
# The clock "Open now" is computed with: a cached page is kept only within one quarter hour of it.
PAGE_CACHE_CLOCK = "resources.hours.now"

# --- internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- security ---------------------------------------------------------------------------------

# Behind N reverse proxies, the client address is the Nth from the right of X-Forwarded-For,
# and the proxy says whether the original request was HTTPS. With 0, both headers are ignored.
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0, maximum=10)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS-only settings default on whenever DEBUG is off; `make run` turns them off because it
# serves plain http on localhost.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
_HTTPS = env_bool("DJANGO_SECURE_COOKIES", SECURE_SSL_REDIRECT)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)  # opt-in: preload is hard to undo
# Not preloading is a choice, not an oversight: without this, check --deploy warns about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on same-origin
# POSTs and Django's CSRF check refuses every form.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: none persists; each ends when the browser closes. Staff sessions are server-side rows,
# deleted daily by `manage.py clearsessions` (docs/deployment.md); visitors never get one.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 4, minimum=1, maximum=72) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_AGE = None  # a browser-session cookie
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "metoo_site.views.csrf_failure"
# Staff messages ("changed successfully") live in the staff session, not in a cookie of their own:
# the privacy page lists every cookie the site can set (tests/security/test_cookies.py).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# CSP.NONCE appears in the header only on responses whose template used the nonce: Django's
# admin puts {% csp_nonce_attr %} on its few inline <style>/<script> elements. Public pages never
# use it, so their policy stays 'self' only. Never 'unsafe-inline' or 'unsafe-eval'.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Rate limits on public forms: every scope and its default budget is in metoo_site/ratelimit.py.
RATELIMIT_ENABLED = env_bool("DJANGO_RATELIMIT_ENABLED", True)


def env_ratelimits(name: str, known: Iterable[str]) -> dict[str, tuple[int, int]]:
    """``scope=LIMIT/SECONDS`` pairs, comma-separated: ``story-share=5/3600,me-too=20/60``.

    Only the scopes in ``known`` may be named: a misspelt scope would otherwise change nothing.
    """
    budgets: dict[str, tuple[int, int]] = {}
    for item in env_list(name, []):
        scope, _, budget = item.partition("=")
        limit, _, period = budget.partition("/")
        if not (scope.strip() and limit.strip().isdigit() and period.strip().isdigit() and int(period) > 0):
            raise ImproperlyConfigured(f"{name} items look like scope=LIMIT/SECONDS, e.g. me-too=20/60 (got {item!r}).")
        if scope.strip() not in known:
            raise ImproperlyConfigured(
                f"{name} names an unknown scope {scope.strip()!r}; the scopes are: {', '.join(sorted(known))}."
            )
        budgets[scope.strip()] = (int(limit), int(period))
    return budgets


# Budgets that replace the default of a scope, e.g. DJANGO_RATELIMITS=story-share=5/3600.
RATELIMITS = env_ratelimits("DJANGO_RATELIMITS", BUDGETS)

# --- security: two-factor and sign-in ---------------------------------------------------------

# Staff need a second factor (an authenticator app's six-digit code, TOTP) to reach the admin.
# On by default whenever DEBUG is off; `make run` turns it off because it is plain http locally.
ADMIN_2FA = env_bool("DJANGO_ADMIN_2FA", not DEBUG)
# Sign-in lock-out: this many failed passwords or codes for one username from one visitor lock
# that username for that visitor; four times as many from anywhere lock it for everyone.
# Unlock early with `manage.py unlock_staff <username>`.
LOGIN_MAX_FAILURES = env_int("DJANGO_LOGIN_MAX_FAILURES", 5, minimum=1, maximum=100)
LOGIN_LOCKOUT_MINUTES = env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
# The password `create_moderator` prints stops working this long after the account was made, if
# the moderator has not finished their first sign-in by then (see staff/forms.py).
ONE_TIME_PASSWORD_HOURS = env_int("DJANGO_ONE_TIME_PASSWORD_HOURS", 72, minimum=1, maximum=24 * 30)
LOGIN_URL = "admin:login"
OTP_TOTP_ISSUER = "me too. survivor support"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key

# --- e-mail -----------------------------------------------------------------------------------

_EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS: dict = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 587, minimum=1, maximum=65535),
        "username": env_str("DJANGO_EMAIL_USER"),
        "password": env_str("DJANGO_EMAIL_PASSWORD"),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
        "timeout": 10,
    }
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- logging: no visitor addresses, no query strings, no story text ---------------------------

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "metoo_site.logging.ScrubFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]},
        # A logger with no handler at all falls through to Python's last-resort handler, which
        # prints every record unscrubbed: silence goes through a handler that drops them.
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # django.server (runserver's access log) prints every request line with its query string.
        "django.server": {"handlers": ["discard"], "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # A request for a host we do not serve (scanners, misdirected DNS): nothing to fix, and the
        # record would hold the Host header and a traceback.
        "django.security.DisallowedHost": {"handlers": ["discard"], "propagate": False},
    },
}

# --- stories ----------------------------------------------------------------------------------

# The group that the stories app creates with exactly the moderators' permissions, and that the
# staff app's create_moderator puts new moderators in. A constant, not an environment variable:
# written once here so that neither app imports the other.
MODERATORS_GROUP = "Moderators"

# Key for the HMAC of private withdrawal codes. Set it on its own (50+ random characters) so that
# rotating DJANGO_SECRET_KEY does not make every writer's code stop working; by default it is
# derived from the secret key.
STORIES_CODE_KEY = env_str("STORIES_CODE_KEY") or "stories-code-key:" + SECRET_KEY
if len(STORIES_CODE_KEY) < 32:
    raise ImproperlyConfigured("STORIES_CODE_KEY must be at least 32 random characters.")
# purge_stories: rejected stories go this many days after the decision, pending ones this many
# days after they arrived (a queue that is never read must not keep stories for ever).
STORIES_PURGE_REJECTED_DAYS = env_int("STORIES_PURGE_REJECTED_DAYS", 30, minimum=1, maximum=365)
STORIES_PURGE_PENDING_DAYS = env_int("STORIES_PURGE_PENDING_DAYS", 60, minimum=7, maximum=365)
# E-mail the moderators (count only, never text) each time the queue reaches a multiple of this
# many waiting stories. 0 turns it off.
STORIES_NOTIFY_QUEUE_EVERY = env_int("STORIES_NOTIFY_QUEUE_EVERY", 0, maximum=10_000)

# --- directory --------------------------------------------------------------------------------

# A change to a published listing's phone, text line, TTY/videophone, chat or web address waits
# until a second maintainer confirms it. Turn off only for a one-person team.
LISTING_TWO_PERSON_RULE = env_bool("DJANGO_LISTING_TWO_PERSON_RULE", True)

# --- open data (HSDS import, export and API; see docs/import.md and docs/api.md) ---------------

# The licence of our own listings, stated in the export's datapackage.json and at /api/.
DATA_LICENSE = {
    "name": env_str("DJANGO_DATA_LICENSE_NAME", "CC-BY-4.0"),
    "title": env_str("DJANGO_DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0"),
    "path": env_str("DJANGO_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
if not DATA_LICENSE["name"] or not DATA_LICENSE["path"].startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "DJANGO_DATA_LICENSE_NAME must be set and DJANGO_DATA_LICENSE_URL must be an http(s) URL."
    )
# HSDS zips uploaded in admin wait here (outside the static and media roots) until they are imported.
HSDS_UPLOAD_DIR = Path(env_str("DJANGO_HSDS_UPLOAD_DIR", str(BASE_DIR / "private" / "hsds-uploads")))
HSDS_UPLOAD_MAX_MB = env_int("DJANGO_HSDS_UPLOAD_MAX_MB", 50, minimum=1, maximum=2048)
HSDS_UPLOAD_MAX_FILES = env_int("DJANGO_HSDS_UPLOAD_MAX_FILES", 60, minimum=1, maximum=1000)
# Run an uploaded import in a background thread of the web process at once. Off: only
# `manage.py run_pending_imports` (cron or a systemd timer) runs them.
HSDS_IMPORT_IN_THREAD = env_bool("DJANGO_HSDS_IMPORT_IN_THREAD", True)
