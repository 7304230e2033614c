"""The one settings file. Everything that differs between machines comes from the
environment through the small helpers below, which refuse values they cannot read."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def envstr(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
# The default key is for development only; `check --deploy` flags its "django-insecure-"
# prefix, so a production instance that forgot SECRET_KEY does not pass the check.
SECRET_KEY = envstr("SECRET_KEY", "django-insecure-development-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://localhost:8000")

VAR_DIR = Path(envstr("MIGGUIDE_VAR_DIR", str(PROJECT_DIR / "var")))
# The files of published editions: kept for good (and backed up), unlike VAR_DIR/cache.
PUBLISHED_DIR = Path(envstr("PUBLISHED_DIR", str(VAR_DIR / "published")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    # Background tasks (issue 19): Django's task framework backported, and its
    # database backend's table of queued and finished tasks.
    "django_tasks",
    "django_tasks_db",
    "migguide.countries",
    "migguide.access",
    "migguide.dossier",
    "migguide.consultation",
    "migguide.activity",
    "migguide.commitments",
    "migguide.guide",
    "migguide.indicators",
    "migguide.editions",
    "migguide.publishing",
    "migguide.operations",
    "migguide.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every response compressed (pages are a fifth of their size on slow links). BREACH
    # needs a secret reflected in a compressed body next to attacker-chosen text: the
    # only secret in our pages is the CSRF token, which Django masks afresh on every
    # response, and since Django 4.2 this middleware also pads the gzip header with
    # random bytes ("Heal the Breach"), so the compressed length leaks nothing stable.
    "django.middleware.gzip.GZipMiddleware",
    "migguide.access.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "migguide.access.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "migguide.access.middleware.SessionExpiryMiddleware",
    "migguide.access.middleware.PrivateCacheMiddleware",
    "migguide.access.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "migguide.urls"
WSGI_APPLICATION = "migguide.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'migguide.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids the
    # "database is locked" error that deferred transactions meet under concurrent edits.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
# Sign-in by e-mail address (any case) or username.
AUTHENTICATION_BACKENDS = ["migguide.access.backends.EmailOrUsernameBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Webhooks (operations.webhooks): seconds a receiving system has to answer; plain http
# and addresses in private networks are refused unless allowed (tests, closed networks).
WEBHOOK_TIMEOUT = envint("WEBHOOK_TIMEOUT", 5)
WEBHOOK_ALLOW_HTTP = envbool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOW_PRIVATE = envbool("WEBHOOK_ALLOW_PRIVATE", False)

LANGUAGE_CODE = "en"
# Every language of the dialogue; the one place the rest of the code reads them from
# (migguide.countries.languages). English and French first: the working languages.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))

# --- Issue 19, STORAGE: files, the shared cache, logs ---------------------------------
# Published files (`published`), the static portal (`site`) and uploads (`default`) go
# through Django's storages: folders here by default, an S3-compatible object store when
# S3_BUCKET is set (`migguide storage copy` moves the folders' files there).
SITE_DIR = Path(envstr("SITE_DIR", str(VAR_DIR / "site")))
S3_BUCKET = envstr("S3_BUCKET", "")


def _folder(setting: str) -> dict:
    # Overwriting: a publication run again writes the same keys with the same bytes.
    return {
        "BACKEND": "migguide.files.storage.FolderStorage",
        "OPTIONS": {"setting": setting, "allow_overwrite": True},
    }


def s3_storage(
    area: str,
    *,
    bucket: str,
    endpoint_url: str | None,
    access_key: str | None,
    secret_key: str | None,
    region: str = "us-east-1",
    prefix: str = "",
    overwrite: bool = True,
) -> dict:
    """One storage alias in an S3-compatible bucket, its objects under PREFIX/AREA/."""
    from botocore.config import Config

    prefix = prefix.strip("/")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region,
            "location": f"{prefix}/{area}" if prefix else area,
            "file_overwrite": overwrite,
            # Objects are private: the application serves them (roles, erasures).
            "default_acl": None,
            "querystring_auth": True,
            # Path-style addresses (bucket in the path) work with every S3-compatible
            # store; an unreachable store is told within seconds (/ready/).
            "client_config": Config(
                s3={"addressing_style": envstr("S3_ADDRESSING_STYLE", "path")},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3},
            ),
        },
    }


def _s3(area: str, *, overwrite: bool = True) -> dict:
    return s3_storage(
        area,
        bucket=S3_BUCKET,
        endpoint_url=envstr("S3_ENDPOINT_URL", ""),
        access_key=envstr("S3_ACCESS_KEY_ID", ""),
        secret_key=envstr("S3_SECRET_ACCESS_KEY", ""),
        region=envstr("S3_REGION", "us-east-1"),
        prefix=envstr("S3_PREFIX", ""),
        overwrite=overwrite,
    )


STORAGES = {
    "default": _s3("media", overwrite=False)
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "published": _s3("published") if S3_BUCKET else _folder("PUBLISHED_DIR"),
    "site": _s3("site") if S3_BUCKET else _folder("SITE_DIR"),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and envbool("MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


def cache_from_url(url: str) -> dict:
    """CACHE_URL: `locmem://` (the default: one process's memory, enough for one
    machine), `db://TABLE` (Django's database cache; `migguide migrate` creates the
    table) or `redis://host:port/db` (Django's Redis cache) — a cache all the
    application servers share."""
    if not url or url == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme, _sep, rest = url.partition("://")
    if scheme == "db" and rest.strip("/"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/"),
        }
    if scheme in ("redis", "rediss") and rest:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r} is not understood: use locmem://, db://TABLE or redis://HOST:PORT/DB."
    )


# Seconds since a task worker's last heartbeat after which /ready/ answers 503 (only
# when TASKS_BACKEND is "database": without workers, tasks run in the process).
WORKER_STALE_SECONDS = envint("WORKER_STALE_SECONDS", 120)
# --- end of issue 19, STORAGE ------------------------------------------------------------

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "migguide@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_HTTPS_PROXY", False) else None
)
# How many proxies in front of gunicorn append to X-Forwarded-For: the client address
# (for the sign-in limits per address) is the one the outermost of them saw. 0, the
# default, ignores the header and takes the connecting address; set 1 behind one reverse
# proxy — and let only the proxy reach gunicorn, or anyone can write the header.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} is below 0.")
SECURE_REFERRER_POLICY = "same-origin"
# scrypt first: memory-hard, in Python's standard library; older hashes still verify and
# are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Failed sign-ins allowed within SIGN_IN_WINDOW_MINUTES: wrong codes of the second
# factor per account (they need the right password first), wrong passwords and codes per
# address. Wrong passwords for one account from one address also pause that pair for
# 2, 4, 8… seconds — never the account from elsewhere.
SIGN_IN_FAILURES_PER_ACCOUNT = envint("SIGN_IN_FAILURES_PER_ACCOUNT", 5)
SIGN_IN_FAILURES_PER_ADDRESS = envint("SIGN_IN_FAILURES_PER_ADDRESS", 20)
SIGN_IN_WINDOW_MINUTES = envint("SIGN_IN_WINDOW_MINUTES", 15)
# Password reset links by e-mail: requests per e-mail and per address within the window,
# and how long a link works.
PASSWORD_RESETS_PER_EMAIL = envint("PASSWORD_RESETS_PER_EMAIL", 3)
PASSWORD_RESETS_PER_ADDRESS = envint("PASSWORD_RESETS_PER_ADDRESS", 10)
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3600)
# A signed-in session ends after SESSION_IDLE_SECONDS without a request, and — for
# endorsing authorities and consortium staff — SESSION_PRIVILEGED_MAX_SECONDS after
# signing in however active; others' sessions last at most SESSION_COOKIE_AGE.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_PRIVILEGED_MAX_SECONDS = envint("SESSION_PRIVILEGED_MAX_SECONDS", 12 * 3600)
X_FRAME_OPTIONS = "DENY"
# Who must use an authenticator app (TOTP) on top of the password: "endorser" (the
# endorsing authorities), "staff" (consortium staff), both, or nobody (the default —
# anyone may still turn it on for their own account).
SECOND_FACTOR_REQUIRED_FOR = envlist("SECOND_FACTOR_REQUIRED_FOR", "")
if set(SECOND_FACTOR_REQUIRED_FOR) - {"endorser", "staff"}:
    raise ImproperlyConfigured(
        "SECOND_FACTOR_REQUIRED_FOR takes 'endorser', 'staff' or both, comma-separated; "
        f"got {SECOND_FACTOR_REQUIRED_FOR!r}"
    )

# How long an invitation link to a country's workgroup stays valid.
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
# How long a questionnaire's secret web link works.
QUESTIONNAIRE_LINK_DAYS = envint("QUESTIONNAIRE_LINK_DAYS", 60)
# Uploaded files (questionnaire answers): larger ones are refused before being read,
# and archives that would unpack to more than UPLOAD_MAX_UNPACKED_BYTES are refused too.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
UPLOAD_MAX_UNPACKED_BYTES = envint("UPLOAD_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
# Every imported spreadsheet or ZIP of CSV files (uploaded answers, statistics files) is
# read within these limits, counted while reading and refused as soon as one is passed:
# rows of a sheet, columns of a row (up to its last non-empty cell), cells of a file,
# seconds spent reading. The publishers' files need ~300 rows × 70 columns (the full
# UNHCR table 140,000 rows × 16), a KoboToolbox export a few hundred columns.
UPLOAD_MAX_ROWS = envint("UPLOAD_MAX_ROWS", 200_000)
UPLOAD_MAX_COLUMNS = envint("UPLOAD_MAX_COLUMNS", 1_000)
UPLOAD_MAX_CELLS = envint("UPLOAD_MAX_CELLS", 3_000_000)
UPLOAD_MAX_SECONDS = envint("UPLOAD_MAX_SECONDS", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# LOG_FORMAT=json: one JSON object per line (python-json-logger), for log collectors.
LOG_FORMAT = envstr("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"}
        | ({"formatter": "json"} if LOG_FORMAT == "json" else {})
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Background tasks (issue 19, TASKS): publication, the static site's rebuild, imports,
# e-mails, webhook deliveries, the daily rules and digests. TASKS_BACKEND unset or
# "immediate": each task runs at once in the process that asks for it (one machine, the
# demonstration, the tests); "database": queued in the database, run by `migguide worker`
# on any number of machines.
TASKS_BACKEND = envstr("TASKS_BACKEND", "immediate") or "immediate"
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r}: use 'immediate' (default) or 'database'."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# With task workers the web servers must see what a worker writes — an import's or a
# publication's progress —, so unless CACHE_URL says otherwise the cache is then the
# database's (its table made by `migguide migrate`).
CACHES = {
    "default": cache_from_url(
        envstr("CACHE_URL", "") or ("db://migguide_cache" if TASKS_BACKEND == "database" else "")
    )
}
# A worker exits after this many tasks so that its supervisor starts a fresh process
# (Typst's memory does not shrink back otherwise).
WORKER_MAX_TASKS = envint("WORKER_MAX_TASKS", 200)
# ... or as soon as it holds more memory than this (a publication takes ~300 MB at
# first, then a few MB more each time).
WORKER_MAX_MEMORY_MB = envint("WORKER_MAX_MEMORY_MB", 400)
# A task marked running whose worker has written no heartbeat (every 5 s) for this long
# was killed with its worker: the next worker to start (or any, within a minute) queues
# it again.
TASK_STALE_SECONDS = envint("TASK_STALE_SECONDS", 60)
# The static site (`migguide site build`, into the `site` storage: SITE_DIR or the
# bucket) kept up to date by a task after every change of what is public (a publication,
# statistics imported, an erasure); off: built by hand.
SITE_AUTO_REBUILD = envbool("SITE_AUTO_REBUILD", False)
