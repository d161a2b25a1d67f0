"""Settings for every environment; values that differ come from environment variables (see env.py)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wijkgericht.conf import assets, datadir, env, shared

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# Read only: importing the settings creates nothing. `wijkgericht init` makes the folder and its secret key;
# media and staticfiles are made where they are written (file storage, collectstatic).
DATA_DIR = Path(env.get_path("WIJKGERICHT_DATA_DIR"))
# Production names its data folder, and so where its key lives; the default is a source checkout's data/, or inside
# the virtualenv for an installed package (lost when it is rebuilt). `check --deploy` refuses both (conf/checks.py).
WIJKGERICHT_DATA_DIR_GIVEN = env.is_set("WIJKGERICHT_DATA_DIR")
WIJKGERICHT_SECRET_KEY_GIVEN = env.is_set("DJANGO_SECRET_KEY") or WIJKGERICHT_DATA_DIR_GIVEN

DEBUG = env.get_bool("DJANGO_DEBUG")


def _secret_key() -> str:
    configured = env.get("DJANGO_SECRET_KEY") or datadir.read_secret_key(DATA_DIR)
    if not configured:
        raise ImproperlyConfigured(
            f"No secret key: set DJANGO_SECRET_KEY, or run `{datadir.INIT_COMMAND}` once to create "
            f"{datadir.secret_key_path(DATA_DIR)} (WIJKGERICHT_DATA_DIR={DATA_DIR})."
        )
    return configured


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: English for the names a municipality gives (translation.py per app)
    "wijkgericht.accounts.apps.AdminConfig",  # the admin site signs in through the site's sign-in (+ second factor)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wijkgericht.accounts",
    "wijkgericht.districts",
    "wijkgericht.governance",
    "wijkgericht.participation",
    "wijkgericht.agenda",
    "wijkgericht.budgets",
    "wijkgericht.evaluation",
    "wijkgericht.notifications",
    "wijkgericht.open311",
    "wijkgericht.api",
    "wijkgericht.frame",
    "wijkgericht.web",
    "wijkgericht.setup.apps.SetupConfig",  # the back office's set-up page, `setup_status` and its check
    "wijkgericht.sitepages",  # privacy, accessibility, contact, about and open data, per municipality
    "wijkgericht.demo",
]

MIDDLEWARE = [
    "wijkgericht.conf.requestid.RequestIdMiddleware",  # first: every log line of a request carries its id
    "wijkgericht.conf.accesslog.AccessLogMiddleware",  # one line per request, with its id and duration
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # /metrics: requests by view, latency (conf/metrics.py)
    "django.middleware.security.SecurityMiddleware",
    "wijkgericht.core.links.ServingAddressMiddleware",  # without WIJKGERICHT_SITE_URL: links use the served address
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wijkgericht.frame.badinput.BadInputMiddleware",  # a NUL byte in path, query or form: 400 (PostgreSQL)
    "wijkgericht.frame.private_pages.PrivatePagesMiddleware",  # no-store for anyone with a session (before Session)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkgericht.accounts.middleware.SecondFactorMiddleware",  # staff: no page before the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",  # a hit limit answers with RATELIMIT_VIEW (429)
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # last: sees the view and the response
]

# A request refused before any view runs (frame.badinput) is answered in the format of the interface it was sent
# to: the API's JSON is the frame's own; an interface with another error format names its view here.
WIJKGERICHT_BAD_REQUEST_VIEWS = {"/open311/": "wijkgericht.open311.views.bad_request"}

ROOT_URLCONF = "wijkgericht.urls"
WSGI_APPLICATION = "wijkgericht.wsgi.application"

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
                "wijkgericht.frame.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(env.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'wijkgericht.sqlite3'}",
                                     conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold a burst of writes (issue #10). A transaction that writes takes the write lock
    # when it begins (IMMEDIATE), so it waits its turn instead of failing with "database is locked" when it would
    # otherwise upgrade a read lock that another writer blocks; a waiting writer waits up to 20 s; WAL lets readers
    # go on while one writes, and synchronous=NORMAL is the safe setting for WAL (a power cut loses at most the
    # last commits, never the database).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytical queries only. The site's queries are short, and the cost
    # estimates of the evaluation's grouped counts made PostgreSQL spend 0.4 s compiling a 0.1 s query (issue #13).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Per-process cache for rendered public pages and board snapshots; every entry is keyed on the municipality's
# version counters, so a cache of its own per worker never serves stale content and needs no shared server.
# With REDIS_URL the cache is shared by all workers, which rate limits need to count across processes, and sessions
# are read through it; a Redis that does not answer degrades to no cache, not to errors (conf/shared.py).
# Rate-limit counters are in a cache of their own ("ratelimit"), apart from the pages whose floods would cull them.
REDIS_URL = env.get("REDIS_URL")
CACHES = shared.caches(REDIS_URL)
SESSION_ENGINE = shared.session_engine(REDIS_URL)
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "wijkgericht.frame.errors.rate_limited"
# A counter that cannot be read (Redis down) lets the request through, except on the ways in: sign-in, links and
# the second factor stay refused until the counters are back (accounts/ratelimits.py).
RATELIMIT_FAIL_OPEN = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # each call Redis did not answer: logged (one line, conf/redislog.py), not raised
# Every rate limit counts the visitor's address from this one function: REMOTE_ADDR, or behind trusted proxies the
# X-Forwarded-For entry the outermost one appended (never a client-supplied value).
RATELIMIT_IP_META_KEY = "wijkgericht.accounts.clientip.client_ip"
WIJKGERICHT_TRUSTED_PROXIES = int(env.get("WIJKGERICHT_TRUSTED_PROXIES") or 0)

# Background work (e-mail, digests): Celery with Redis as broker; without REDIS_URL tasks run at once, in process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "Europe/Amsterdam"


def _daily_at(name: str) -> crontab:
    """A crontab at the HH:MM an environment variable gives: the same time every day, whenever the worker started."""
    value = env.get(name).strip()
    hour, _sep, minute = value.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise ImproperlyConfigured(f"{name}={value!r}: give a time of day as HH:MM (e.g. 07:00).")
    return crontab(hour=int(hour), minute=int(minute))


# One beat process for the whole site (docs/deploy-config.md), its state in the data folder, not the working folder.
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "daily-digest": {"task": "wijkgericht.notifications.tasks.send_daily_digests",
                     "schedule": _daily_at("WIJKGERICHT_DIGEST_TIME")},
    "remind-overdue-actions": {"task": "wijkgericht.agenda.tasks.remind_overdue_actions",
                               "schedule": _daily_at("WIJKGERICHT_REMINDER_TIME")},
    "cleanup-notifications": {"task": "wijkgericht.notifications.tasks.delete_old_read_notifications",
                              "schedule": crontab(day_of_week="sunday", hour=3, minute=30)},
    # Budget rounds move on by date just after midnight (and hourly, so a result is never long in coming).
    "advance-budget-rounds": {"task": "wijkgericht.budgets.tasks.advance_rounds",
                              "schedule": crontab(minute=5)},
}

SITE_URL = env.get("WIJKGERICHT_SITE_URL").rstrip("/")
EMAIL_HOST = env.get("DJANGO_EMAIL_HOST")
# Unset: links in mail and .ics files use the address the site is served on (core.links.site_address).
SITE_URL_SET = env.is_set("WIJKGERICHT_SITE_URL")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(env.get("DJANGO_EMAIL_PORT"))
EMAIL_HOST_USER = env.get("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = float(env.get("DJANGO_EMAIL_TIMEOUT"))
DEFAULT_FROM_EMAIL = env.get("DJANGO_DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "web:home"

# Uploads: photos are re-encoded before they are stored; Django refuses anything larger in memory than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WIJKGERICHT_PHOTO_MAX_BYTES = 8 * 1024 * 1024  # the one limit per photo: core.images.photo_process and the upload cap
WIJKGERICHT_PHOTO_MAX_PER_ITEM = 3             # (pixels are bounded by what decoding takes: core.images.decode_cost)
FILE_UPLOAD_HANDLERS = [
    "wijkgericht.frame.uploads.UploadCapHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Names a municipality gives (themes, activity kinds, portfolios, the coalition agreement) in Dutch and English
# (django-modeltranslation: name_nl, name_en in the back office); English falls back to Dutch while empty, and a row
# created while English is active still gets its Dutch field.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_LANGUAGES = ("nl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
# Front-end libraries come from npm (package-lock.json): from node_modules in a source checkout, else from the copy
# an installed wheel carries (conf/assets.py). A system check names any file the site needs that is missing.
STATICFILES_DIRS = assets.sources(Path(env.get_path("WIJKGERICHT_NODE_MODULES")))
# Uploads in the data folder, or with WIJKGERICHT_S3_BUCKET in a private S3-compatible bucket that every web node
# shares; either way they are served through /media/ after the site's own check (web/media.py, core/storage.py).
STORAGES = {
    "default": shared.media_storage(
        bucket=env.get("WIJKGERICHT_S3_BUCKET"), endpoint_url=env.get("WIJKGERICHT_S3_ENDPOINT_URL"),
        region=env.get("WIJKGERICHT_S3_REGION"), access_key=env.get("WIJKGERICHT_S3_ACCESS_KEY_ID"),
        secret_key=env.get("WIJKGERICHT_S3_SECRET_ACCESS_KEY")),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

SECURE = env.get_bool("DJANGO_SECURE")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
# The load balancer's probes and the Prometheus scrape reach a node directly, over plain HTTP (conf/health.py,
# conf/metrics.py): answered, not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/(live|ready)$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
MESSAGE_COOKIE_NAME = "messages"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
if SECURE:  # the __Host- prefix needs Secure and no Domain: only over HTTPS
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"


def _origin(url: str) -> str:
    """scheme://host of a tile URL template, for the CSP's img-src."""
    parts = url.split("/")
    return "/".join(parts[:3]) if url.startswith(("https://", "http://")) else ""


# Content Security Policy (django-csp): no inline script anywhere; the admin needs no exceptions either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [_origin(env.get("WIJKGERICHT_TILE_URL"))])],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

WIJKGERICHT_DEFAULT_MUNICIPALITY = env.get("WIJKGERICHT_DEFAULT_MUNICIPALITY")
WIJKGERICHT_VISIT_STALE_DAYS = int(env.get("WIJKGERICHT_VISIT_STALE_DAYS"))
WIJKGERICHT_ACTION_REMINDER_DAYS = int(env.get("WIJKGERICHT_ACTION_REMINDER_DAYS"))
WIJKGERICHT_TILE_URL = env.get("WIJKGERICHT_TILE_URL")
WIJKGERICHT_TILE_ATTRIBUTION = env.get("WIJKGERICHT_TILE_ATTRIBUTION")
# Who may read /metrics (conf/metrics.py): addresses or networks; a bad entry stops the start here.
WIJKGERICHT_METRICS_ALLOWED = [ipaddress.ip_network(entry, strict=False)
                               for entry in env.get_list("WIJKGERICHT_METRICS_ALLOWED")]

# One line per record on stderr (journald keeps it): time, level, the request's id (conf/requestid.py; "-" outside a
# request), logger, message; with WIJKGERICHT_LOG_FORMAT=json the same as one JSON object per line, with the access
# line's fields (conf/accesslog.py) as keys of their own. docs/operations.md, "Logging".
LOG_FORMAT = env.get("WIJKGERICHT_LOG_FORMAT").strip().lower()
if LOG_FORMAT not in ("line", "json"):
    raise ImproperlyConfigured(f"WIJKGERICHT_LOG_FORMAT={LOG_FORMAT!r}: give line or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wijkgericht.conf.requestid.RequestIdFilter"},
                "redis_one_line": {"()": "wijkgericht.conf.redislog.OneLineRedisErrors"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", "timestamp": "time",
                 "fmt": "%(levelname)s %(request_id)s %(name)s %(message)s",
                 "rename_fields": {"levelname": "level", "name": "logger"}},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "DEBUG"},
    "loggers": {"django.db.backends": {"level": "INFO"},
                # each cache call Redis did not answer: one WARNING line, not a traceback (conf/redislog.py)
                "django_redis.cache": {"filters": ["redis_one_line"]}},
}

# Sign-in: e-mail and password (or a one-time e-mail link); DigiD/eHerkenning through an OpenID Connect broker when
# WIJKGERICHT_OIDC_ISSUER is set (docs/sign-in.md).
from wijkgericht.accounts.oidc import oidc_settings  # noqa: E402

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# Second factor for staff (docs/sign-in.md): TOTP with recovery codes (django-otp).
OTP_TOTP_ISSUER = "Wijkgericht"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin deletes a lost device; it never shows anyone's key or codes
WIJKGERICHT_OTP_DEMO_SKIP = env.get_bool("WIJKGERICHT_OTP_DEMO_SKIP")
globals().update(oidc_settings(env.get))
