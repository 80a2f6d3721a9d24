"""Settings, all read from the environment (see README "Configuration").

Every value that can be malformed is parsed here, at start-up, so that a bad deployment fails
with a message naming the variable instead of misbehaving later.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    """Parse a boolean strictly: a typo such as DEBUG=ture must not silently mean False."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_database(name: str, default: str) -> dict:
    raw = env.str(name, default=default)
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as error:
        raise ImproperlyConfigured(f"{name} is not a database URL ({error}).") from None
    if config.get("ENGINE") != "django.db.backends.postgresql" or not config.get("NAME"):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a PostgreSQL database URL: expected "
            "postgres://user@host:port/name or postgres://user@/name?host=/socket/folder."
        )
    return config


DEBUG = env_bool("DEBUG", default=False)

INSECURE_DEV_KEY = "django-insecure-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) refuses to start without one: "
            "set SECRET_KEY to a long random string."
        )
    SECRET_KEY = INSECURE_DEV_KEY
elif not DEBUG and (SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First, so that its `loaddata` (no change history for what it loads) wins over
    # modeltranslation's; its ready() registers the translated fields before anything else.
    "cicte",
    # Before the admin: the translated fields must exist when the admin classes are registered.
    "modeltranslation",
    "cicte.admin.config.CicteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "import_export",
    "axes",
    "csp",
    "simple_history",
    "template_partials",
    "programs",
    "partners",
    "events",
    "publications",
    # The top layer, over the apps (README "Layers").
    "reports",
]

MIDDLEWARE = [
    # The three that add the security headers come first, so that every answer carries them:
    # the redirects (to https too), the 304s and the refusals of the middleware below them.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Refuses an oversized body and control characters in the query (translated messages).
    "cicte.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous public reads from the replica, when there is one (cicte.db_router).
    "cicte.db_router.ReplicaMiddleware",
    # After LocaleMiddleware (the language is in the key), inside the middleware that add the
    # security headers and the Content-Security-Policy, so cached pages carry them too.
    "cicte.page_cache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out address/username pair is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cicte.urls"
WSGI_APPLICATION = "cicte.wsgi.application"

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

# PostgreSQL, the only database: `make run` and `make test` set DATABASE_URL (scripts/devdb.py);
# the default is the server at the default address, for commands run by hand.
DATABASES = {
    "default": env_database("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cicte"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env.str("DATABASE_REPLICA_URL", default=""):
    # A read replica of the same database: anonymous public reads go there (cicte.db_router).
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", default="")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    # A replica that does not answer in 2 s (libpq's least) is left for the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["cicte.db_router.ReplicaRouter"]
# Seconds the replica may lag behind the primary before public reads go to the primary instead
# (cicte.db_router.ReplicaHealth).
DATABASE_REPLICA_MAX_LAG = env_int("DATABASE_REPLICA_MAX_LAG", default=5)
# Each worker learns of writes from PostgreSQL's notifications instead of reading the data
# version on every public request (cicte.data_version.NotifiedVersion). Not with a replica,
# whose version must be read where its data is, nor in development.
DATA_VERSION_NOTIFICATIONS = env_bool(
    "DATA_VERSION_NOTIFICATIONS",
    default=not DEBUG and "replica" not in DATABASES,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Formats that differ from Django's for a language (cicte/formats/es: "1.500").
FORMAT_MODULE_PATH = ["cicte.formats"]


def localized_verbose_name(verbose_name, language):
    """A translated field's label in the admin: "title (Spanish)", in the admin's language."""
    return f"{verbose_name} ({dict(LANGUAGES)[language]})"


# Content in the four languages (README "Languages"): each translated field (programs/translation.py
# and the like) gets title_en, title_es…; a missing translation reads as the English text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es", "fr", "pt")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Slugs are public URLs: always made from the English title.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name

TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root, by name (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Backups and fixtures keep datetimes to the microsecond (cicte/serializers.py).
SERIALIZATION_MODULES = {"json": "cicte.serializers"}

# The cache: each process's own memory by default; with REDIS_URL, Redis, shared by every app
# server, which then keeps the sessions too (README "Scaling out"). The page cache is never
# stale with either (cicte.page_cache); a Redis that is down is a slower site, not a broken one
# (cicte.redis_cache).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={REDIS_URL!r} is not a Redis URL: expected redis://host:6379/0."
        )
    CACHES = {
        "default": {
            # Django's Redis backend, failing open: with Redis down the site runs without it.
            "BACKEND": "cicte.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cicte",
            # Redis answers in a millisecond on the network: a hung one must not hold a worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    # Sessions read from Redis and are kept in the database, so a Redis restart (or outage)
    # signs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds a public page stays in the page cache; 0 turns the page cache off (the default with
# DEBUG on, so that development shows every change to a template at once).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
# CACHE_DISABLED=true: every cache is Django's DummyCache, and the page cache, the memoised
# values and the fragments are off (cicte.page_cache), so that a page costs what it costs when
# it has not been seen (README "Performance", `make bench`).
CACHE_DISABLED = env_bool("CACHE_DISABLED", default=False)
if CACHE_DISABLED:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    PAGE_CACHE_SECONDS = 0

# Request bodies (README "Security and operations"). Only the admin takes one: its forms and a
# spreadsheet to import. The proxy (deploy/nginx) refuses a larger body before it reaches the
# app; cicte.middleware does when the app is reached directly. Form fields are parsed in memory
# up to DATA_UPLOAD_MAX_MEMORY_SIZE (more is a 400); an uploaded file larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE is written to a temporary file, within REQUEST_BODY_MAX_BYTES.
REQUEST_BODY_MAX_BYTES = 10 * 2**20
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# One spreadsheet at a time is all the admin uploads.
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# Production hardening. HTTPS settings default on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    # Behind a TLS-terminating proxy, e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
    SECURE_PROXY_SSL_HEADER = (env.str("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Every logger writes through the root's handler, once: a handler of its own as well
    # would write each of its records twice.
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}

SIMPLE_HISTORY_REVERT_DISABLED = False

# Spreadsheets in the back office (cicte.admin.io): exporting a list needs the view permission;
# an import is all or nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Content-Security-Policy (django-csp) on every response: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Sign-in guessing (django-axes): 5 failures for one username from one address lock that pair
# out for AXES_COOLOFF_MINUTES, even with the right password; other addresses still get in.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
# Log who failed from where in clear: the log is the security record; passwords are never logged.
AXES_SENSITIVE_PARAMETERS = []
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the proxy (deploy/nginx) every request comes from the proxy's address: the visitor's
# is in the header the proxy sets, overwriting any the visitor sent (X-Real-IP:
# CLIENT_IP_HEADER=HTTP_X_REAL_IP). Unset, REMOTE_ADDR. Only for an app server that nothing but
# the proxy can reach: anyone else could write the header.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
if CLIENT_IP_HEADER and not CLIENT_IP_HEADER.startswith("HTTP_"):
    raise ImproperlyConfigured(
        f"CLIENT_IP_HEADER={CLIENT_IP_HEADER!r} is not a request header as Django names it: "
        "expected e.g. HTTP_X_REAL_IP."
    )
AXES_CLIENT_IP_CALLABLE = "cicte.middleware.client_ip"
