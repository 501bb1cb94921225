"""Lantern settings: one typed module, every value read from the environment.

Secure by default: debug off, a secret key required unless LANTERN_DEMO is on, secure cookies,
MFA for every account. See .env.example for each variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from config.env import ConfigurationError, env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEMO = env_bool("LANTERN_DEMO", False)
DEBUG = env_bool("LANTERN_DEBUG", False)
TESTING = env_bool("LANTERN_TESTING", False)

SECRET_KEY = env_str("LANTERN_SECRET_KEY", "")
if not SECRET_KEY:
    if DEMO or DEBUG or TESTING:
        SECRET_KEY = "lantern-demo-only-secret-key-never-use-in-production-0123456789"  # noqa: S105
    else:
        raise ConfigurationError("LANTERN_SECRET_KEY is required (or set LANTERN_DEMO=true)")

ALLOWED_HOSTS = env_list("LANTERN_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("LANTERN_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "lantern.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "lantern.core",
    "lantern.audit",
    "lantern.partnership",
    "lantern.accounts",
    "lantern.people",
    "lantern.chronology",
    "lantern.search",
    "lantern.risk",
    "lantern.language",
    "lantern.screening",
    "lantern.concerns",
    "lantern.referrals",
    "lantern.missing",
    "lantern.contexts",
    "lantern.intelligence",
    "lantern.meetings",
    "lantern.profile",
    "lantern.prevent",
    "lantern.interchange",
    "lantern.api",
    "lantern.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lantern.accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantern.core.middleware.SecurityHeadersMiddleware",
    "lantern.core.access.AccessRefusedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantern.core.context_processors.lantern",
            ],
        },
    }
]

DATABASE = parse_database_url(env_str("DATABASE_URL", "sqlite:///var/lantern.sqlite3"), BASE_DIR)
DATABASES = {"default": DATABASE.as_django()}
if DATABASE.is_postgres:
    DATABASES["default"]["TEST"] = {"NAME": env_str("LANTERN_TEST_DATABASE", "test_lantern")}
else:
    # A file, not SQLite's shared in-memory database: the browser tests' live server and the
    # test thread then wait on each other's locks (busy timeout) instead of failing at once.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test_lantern_{os.getpid()}.sqlite3")}
    # Covering indexes' INCLUDE columns are a PostgreSQL speed-up; SQLite keeps the key columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: inactivity timeout and absolute lifetime (DESIGN.md §7).
SESSION_IDLE_SECONDS = env_int("LANTERN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = env_int("LANTERN_SESSION_MAX_HOURS", 10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("LANTERN_SECURE_COOKIES", not (DEMO or DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("LANTERN_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("LANTERN_HSTS_SECONDS", 0 if (DEMO or DEBUG or TESTING) else 31536000)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOCKOUT_THRESHOLD = min(env_int("LANTERN_LOCKOUT_THRESHOLD", 10), 10)
LOCKOUT_MINUTES = env_int("LANTERN_LOCKOUT_MINUTES", 30)
BREAK_GLASS_HOURS = env_int("LANTERN_BREAK_GLASS_HOURS", 24)
OTP_TOTP_ISSUER = env_str("LANTERN_OTP_ISSUER", "Lantern")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

EMAIL_BACKEND = env_str(
    "LANTERN_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEMO or DEBUG)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("LANTERN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LANTERN_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("LANTERN_EMAIL_FROM", "lantern@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute"},
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lantern API",
    "DESCRIPTION": "Multi-agency contextual safeguarding: the interchange API for agency systems.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Request logs carry paths only; Lantern never puts personal data in a URL.
    "root": {"handlers": ["console"], "level": env_str("LANTERN_LOG_LEVEL", "INFO")},
}

# Map of places of concern: a tile server URL template such as
# https://tiles.example.org/{z}/{x}/{y}.png. Empty means no background map: the places are
# still drawn and listed in a table.
MAP_TILE_URL = env_str("LANTERN_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("LANTERN_MAP_TILE_ATTRIBUTION", "")

# A cache shared by every server process (the public forms' rate limits count in it). The
# database cache needs no extra service; LANTERN_CACHE_BACKEND=locmem keeps it per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lantern_cache"}
    if env_str("LANTERN_CACHE_BACKEND", "database") == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
