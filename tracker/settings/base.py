"""
Settings for Sanctions Tracker, read from the environment and safe by default.

SQLite in the project folder unless ``DATABASE_URL`` is set (PostgreSQL in
production); ``DEBUG`` off unless ``DJANGO_DEBUG`` asks for it.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# The development key: fine for `make serve` and the tests, refused by
# `manage.py check --deploy` (core.checks) and at start-up behind HTTPS
# (DJANGO_SECURE), so production cannot run on it by omission.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-set-DJANGO_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Trigram lookups and full-text search on PostgreSQL (harmless on SQLite).
    "django.contrib.postgres",
    "django_filters",
    "reversion",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "core",
    "sources",
    "entities",
    "measures",
    "tracker",
]

MIDDLEWARE = [
    "core.request_id.RequestIdMiddleware",
    # Before everything else: a repeat or a conditional request for public data is
    # answered from the data's version alone (core/pagecache.py); a stored page keeps
    # the headers the middleware below gave it.
    "core.pagecache.DataVersionCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ReadOnlyPublicSiteMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.throttle.LoginThrottleMiddleware",
    "core.outage.DatabaseOutageMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite needs no set-up; production points DATABASE_URL at PostgreSQL.
# Persistent connections: without them every request pays for a new
# PostgreSQL connection, which costs a third of the throughput.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# `loaddata seed` finds fixtures/seed.json.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Local memory by default (one process, no set-up); several app servers share Redis:
# CACHE_URL=redis://host:6379/0. The data's version and cached pages live here.
CACHE_URL = os.environ.get("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The apps whose writes change what readers see (and so the cache's data version).
TRACKER_DATA_APPS = ["sources", "entities", "measures"]
# Public answers cached and validated by the data's version (core/pagecache.py).
TRACKER_PAGE_CACHE = env_bool("TRACKER_PAGE_CACHE", True)
# Seconds a CDN may serve a page without asking again (s-maxage); 0: always revalidate.
TRACKER_CDN_MAX_AGE = int(os.environ.get("TRACKER_CDN_MAX_AGE", "0"))

# Admin login lock-out (django-axes): five wrong passwords lock the username
# *from that address* for an hour, so an attacker's failures elsewhere never
# lock the real editor out. Spraying many usernames from one address is
# throttled separately (core.throttle, TRACKER_LOGIN_ADDRESS_LIMIT).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The client's address comes from core.net.client_ip: REMOTE_ADDR, unless the
# request came from a trusted proxy (below), never from a header anyone can send.
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
TRACKER_LOGIN_ADDRESS_LIMIT = int(os.environ.get("DJANGO_LOGIN_ADDRESS_LIMIT", "30"))
TRACKER_LOGIN_ADDRESS_WINDOW = 60 * 60  # seconds

# Behind a reverse proxy: the addresses (or networks) of the proxies whose
# DJANGO_PROXY_CLIENT_HEADER we believe, and how many of them are in a row.
# Empty (the default): every client is REMOTE_ADDR and no header is trusted.
TRACKER_TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
TRACKER_PROXY_CLIENT_HEADER = os.environ.get("DJANGO_PROXY_CLIENT_HEADER", "X-Forwarded-For")
TRACKER_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1"))
# The header the proxy sets to "https" on HTTPS requests, e.g. X-Forwarded-Proto. Only set it
# if the proxy always overwrites it: Django believes it from any client.
if os.environ.get("DJANGO_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["DJANGO_PROXY_SSL_HEADER"].upper().replace("-", "_"),
        "https",
    )

# The admin's address (without the leading slash) and how long an editor stays logged in.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and env_bool("DJANGO_SECURE", default=False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # One year, subdomains too; the preload flag lets the domain join the browsers'
    # built-in list (a commitment: DJANGO_HSTS_PRELOAD=0 leaves it out).
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DJANGO_SECURE is on but DJANGO_SECRET_KEY is not set: production cannot run on "
            "the published development key."
        )

# One JSON object per log line, with the request's id (core/logging.py, core/request_id.py);
# DJANGO_LOG_FORMAT=text for plain lines while developing.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JSONFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "text" if os.environ.get("DJANGO_LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The site's own notion of "today", for past and upcoming deadlines; tests pin it.
TRACKER_TODAY = os.environ.get("TRACKER_TODAY") or None

# The read-only JSON API (/api/): Django REST framework, documented by drf-spectacular
# from our own static files (drf-spectacular-sidecar, no CDN), open to any origin for reading.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sanctions Tracker API",
    "DESCRIPTION": "Read-only data on the sanctions and restrictions governments impose on "
    "technology companies. Measures take the same filters as the /measures/ page.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "GovernmentKindEnum": "entities.models.GovernmentKind",
        "MilestoneKindEnum": "measures.models.MilestoneKind",
        "RelationKindEnum": "measures.models.RelationKind",
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

# Official lists (manage.py import_list / update_lists; see README "Official lists").
# Which list entries become tracked companies: every organisation on a technology list,
# and organisations based in one of these countries on the other lists. Individuals,
# vessels and aircraft never do; every entry is stored as a ListEntry regardless.
TRACKER_IMPORT_SCOPE = {"technology_lists": ["fcc-covered"], "countries": ["CN", "HK", "MO"]}
# A file that would delist more than this share of a list's entries is refused (--force).
TRACKER_IMPORT_MAX_DELIST_SHARE = float(os.environ.get("TRACKER_IMPORT_MAX_DELIST_SHARE", "0.2"))
# update_lists: list key -> addresses; empty means each list's official address (FORMATS).
TRACKER_LISTS = {}
