"""Settings with safe defaults; every value can be set from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from motcua.conf.env import as_bool, as_list, env

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(
    env("MOTCUA_HOME", str(SRC_DIR.parent.parent), help="Project root (var/ lives here)")
)
VAR_DIR = Path(env("MOTCUA_VAR_DIR", str(BASE_DIR / "var"), help="Writable data directory"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECURE = env("MOTCUA_SECURE", False, as_bool, help="1 turns on production hardening (HTTPS, HSTS)")
DEBUG = env("MOTCUA_DEBUG", False, as_bool, help="Django debug mode; never in production")


def _secret_key() -> str:
    key = env("MOTCUA_SECRET_KEY", "", help="Secret key; required when MOTCUA_SECURE=1")
    if key:
        return key
    if SECURE:
        raise RuntimeError("MOTCUA_SECRET_KEY must be set when MOTCUA_SECURE=1")
    # A per-installation key kept in var/, so a pilot never runs on a published key.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        # Created readable by the owner only, from the first byte.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process just created it
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env(
    "MOTCUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], as_list, help="Host names served"
)
CSRF_TRUSTED_ORIGINS = env("MOTCUA_CSRF_TRUSTED_ORIGINS", [], as_list, help="Trusted origins")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",
    "motcua.core",
    "motcua.org",
    "motcua.catalog",
    "motcua.authority",
    "motcua.workdays",
    "motcua.dossiers",
    "motcua.portal",
    "motcua.population",
    "motcua.eforms",
    "motcua.attachments",
    "motcua.documents",
    "motcua.processes",
    "motcua.signing",
    "motcua.results",
    "motcua.payments",
    "motcua.feedback",
    "motcua.indicators",
    "motcua.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
            help="Database URL; SQLite file under var/ by default, postgres://… for production",
        ),
        conn_max_age=env("MOTCUA_DB_CONN_MAX_AGE", 60, int, help="Seconds to keep DB connections"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Rate-limited login (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env("MOTCUA_LOGIN_FAILURE_LIMIT", 5, int, help="Failed logins before lockout")
AXES_COOLOFF_TIME = env("MOTCUA_LOGIN_COOLOFF_HOURS", 0.25, float, help="Lockout length, hours")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("th", "ไทย")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if SECURE
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "motcua",
    }
}
if env("MOTCUA_REDIS_URL", "", help="Redis URL for a shared cache (several processes)"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("MOTCUA_REDIS_URL"),
    }

# Content-Security-Policy: only our own static files, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("MOTCUA_SSL_REDIRECT", True, as_bool, help="Redirect HTTP to HTTPS")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env("MOTCUA_HSTS_SECONDS", 31536000, int, help="HSTS max-age")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_AGE = 8 * 3600

MOTCUA_DATA_DIR = Path(
    env("MOTCUA_DATA_DIR", str(BASE_DIR / "data"), help="Shipped reference data directory")
)
# Service centres of a province receive dossiers of any unit of the province (Decree 118);
# across provinces only when this is on.
MOTCUA_RECEIVE_ACROSS_PROVINCES = env(
    "MOTCUA_RECEIVE_ACROSS_PROVINCES", False, as_bool, help="Receive dossiers of other provinces"
)
# Deadlines (domain spec §2; [I] = inferred default, confirm locally).
MOTCUA_OFFICE_HOURS = env(
    "MOTCUA_OFFICE_HOURS", "07:30-11:30,13:00-17:00", help="Office hours [I]; 8 working hours a day"
)
MOTCUA_SAME_DAY_CUTOFF = env(
    "MOTCUA_SAME_DAY_CUTOFF", "15:00", help="Same-day cut-off where a procedure has one"
)
MOTCUA_EXTENSION_NOTICE_WORKING_DAYS = env(
    "MOTCUA_EXTENSION_NOTICE_WORKING_DAYS", 1, int,
    help="Mẫu 04 apology at least this many working days before the due time [I]",
)  # fmt: skip
MOTCUA_MAX_EXTENSIONS = env("MOTCUA_MAX_EXTENSIONS", 1, int, help="Extensions allowed per dossier")
# Population registry (prefill at intake): the local simulator unless a real endpoint is set.
MOTCUA_POPULATION_REGISTRY = env(
    "MOTCUA_POPULATION_REGISTRY", "motcua.population.simulator.SimulatedRegistry",
    help="Registry adapter; motcua.population.adapters.HttpRegistryClient for a real endpoint",
)  # fmt: skip
MOTCUA_POPULATION_URL = env("MOTCUA_POPULATION_URL", "", help="Population registry base URL")
MOTCUA_POPULATION_TOKEN = env("MOTCUA_POPULATION_TOKEN", "", help="Population registry token")
MOTCUA_POPULATION_SIM_TOKEN = env(
    "MOTCUA_POPULATION_SIM_TOKEN", "" if SECURE else "simulated-population-token",
    help="Token of the simulator endpoint; empty turns it off (off by default with MOTCUA_SECURE)",
)  # fmt: skip
# Dossier codes (domain spec §3); read lazily by motcua.dossiers.codes.
MOTCUA_DOSSIER_CODE_STYLE = env(
    "MOTCUA_DOSSIER_CODE_STYLE", "decision20",
    help="Dossier code format: decision20 (2025 circulars), circular01 (before 2025), centralised",
)  # fmt: skip
MOTCUA_DOSSIER_CODE_MINISTRY_AA = env(
    "MOTCUA_DOSSIER_CODE_MINISTRY_AA", "",
    help="Two digits (AA) of the owning ministry's electronic ID; required for centralised",
)  # fmt: skip
MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS = env(
    "MOTCUA_DOSSIER_CODE_SEQUENCE_DIGITS", 4, int,
    help="Minimum digits of the daily dossier number, without AA (4-8)",
)  # fmt: skip
# The date the two-tier map took effect (Resolution 202/2025/QH15).
MOTCUA_REFORM_DATE = "2025-07-01"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_ids": {"()": "motcua.core.logging.MaskPersonalIdsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_ids"]},
    },
    "root": {"handlers": ["console"], "level": env("MOTCUA_LOG_LEVEL", "INFO", help="Log level")},
    "loggers": {"bm25s": {"level": "WARNING"}},
}

# Dossier files (attachments): stored under MEDIA_ROOT, never served directly (downloads go
# through a view that checks access). Types are checked by content (attachments/sniff.py).
MOTCUA_UPLOAD_MAX_BYTES = env(
    "MOTCUA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, int, help="Largest accepted file, bytes (10 MiB)"
)
MOTCUA_UPLOAD_MAX_REQUEST_BYTES = env(
    "MOTCUA_UPLOAD_MAX_REQUEST_BYTES", 60 * 1024 * 1024, int,
    help="Largest total of the files of one request, bytes (60 MiB); reading stops past it",
)  # fmt: skip
MOTCUA_EFORM_GRACE_HOURS = env(
    "MOTCUA_EFORM_GRACE_HOURS", 12, int,
    help="Hours a page rendered with the previous e-form version may still be filed with it",
)  # fmt: skip
MOTCUA_UPLOAD_TYPES = env(
    "MOTCUA_UPLOAD_TYPES", ["pdf", "jpeg", "png", "tiff", "docx", "xlsx", "odt", "ods"], as_list,
    help="File types accepted for dossier components (pdf,jpeg,png,tiff,docx,xlsx,odt,ods)",
)  # fmt: skip
# The first handler stops keeping a file past the limit, so a huge upload cannot fill the disk.
FILE_UPLOAD_HANDLERS = [
    "motcua.attachments.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file (Django default)
# Every file input counts, empty or not; the longest checklist has 111 lines.
DATA_UPLOAD_MAX_NUMBER_FILES = 200
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Signing (issue 5): keys of the register as PKCS#12 files under MOTCUA_PKI_DIR; the demo CA's
# CRL is served at {MOTCUA_PKI_BASE_URL}/pki/crl/<label>.crl; empty MOTCUA_TSA_URL = the local
# RFC 3161 service in-process (the same one served at POST /pki/tsa).
MOTCUA_PKI_DIR = Path(env("MOTCUA_PKI_DIR", str(VAR_DIR / "pki"), help="Signing keys directory"))
MOTCUA_PKI_PASSWORD = env(
    "MOTCUA_PKI_PASSWORD", "", help="Password of the PKCS#12 key files (default: from SECRET_KEY)"
)
MOTCUA_PKI_BASE_URL = env(
    "MOTCUA_PKI_BASE_URL", "http://127.0.0.1:8000", help="Public base URL written in CRL points"
)
MOTCUA_TSA_URL = env("MOTCUA_TSA_URL", "", help="RFC 3161 timestamp service URL (empty: local)")
MOTCUA_TRUST_ROOTS = env(
    "MOTCUA_TRUST_ROOTS", [], as_list, help="Extra trusted root certificates, PEM file paths"
)
MOTCUA_PKCS11_LIB = env(
    "MOTCUA_PKCS11_LIB", "/usr/lib/softhsm/libsofthsm2.so", help="PKCS#11 module for tokens"
)
MOTCUA_PKCS11_PIN = env("MOTCUA_PKCS11_PIN", "", help="User PIN of the PKCS#11 token")

# Fees and payments (motcua.payments): the gateway adapter and its shared HMAC secret. The
# default gateway URL is the local simulator (MÔ PHỎNG), off with MOTCUA_SECURE.
MOTCUA_PAYMENT_GATEWAY = env(
    "MOTCUA_PAYMENT_GATEWAY", "motcua.payments.gateway.HmacGateway",
    help="Dotted path of the payment gateway adapter (a PaymentGateway)",
)  # fmt: skip
MOTCUA_PAYMENT_GATEWAY_URL = env(
    "MOTCUA_PAYMENT_GATEWAY_URL", "/sim/payments", help="Base URL of the payment gateway"
)
MOTCUA_PAYMENT_MERCHANT = env(
    "MOTCUA_PAYMENT_MERCHANT", "MOTCUA", help="Merchant code at the gateway"
)
MOTCUA_PAYMENT_SECRET = env(
    "MOTCUA_PAYMENT_SECRET", "" if SECURE else "simulated-payment-secret",
    help="Shared HMAC-SHA256 secret with the payment gateway",
)  # fmt: skip
MOTCUA_PAYMENT_SIMULATOR = env(
    "MOTCUA_PAYMENT_SIMULATOR", not SECURE, as_bool,
    help="Serve the payment gateway simulator under /sim/payments/ (off with MOTCUA_SECURE)",
)  # fmt: skip
MOTCUA_PAYMENT_ORDER_MINUTES = env(
    "MOTCUA_PAYMENT_ORDER_MINUTES", 15, int, help="Minutes an online payment order stays valid"
)
MOTCUA_PAYMENT_CALLBACK_WINDOW_SECONDS = env(
    "MOTCUA_PAYMENT_CALLBACK_WINDOW_SECONDS", 600, int,
    help="Largest gap, seconds, between a gateway callback's timestamp and its arrival",
)  # fmt: skip

# Decision 766 indicators (motcua.indicators): the national online target each unit is measured
# against (70% of dossiers processed online by 31/12/2025), and the formula note's alternative
# rule for 4.2 (full marks from this share; empty: linear, as the national dashboard scores).
MOTCUA_ONLINE_TARGET = env(
    "MOTCUA_ONLINE_TARGET", 0.70, float, help="National target share of dossiers processed online"
)
MOTCUA_ONLINE_TARGET_DATE = env(
    "MOTCUA_ONLINE_TARGET_DATE", "31/12/2025", help="Date the online target is due (dd/mm/yyyy)"
)
MOTCUA_766_DIGITISED_FULL_AT = env(
    "MOTCUA_766_DIGITISED_FULL_AT",
    "",
    help="Indicator 4.2: share that scores full marks (empty: linear)",
)

# Deadline warnings (motcua.alerts) and the daily digest by e-mail. Without EMAIL_HOST the
# mails are written to the console (development); production sets the SMTP server.
MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS = env(
    "MOTCUA_ALERTS_DUE_SOON_WORKING_DAYS", 1, int,
    help="Warn about dossiers due within this many working days",
)  # fmt: skip
EMAIL_HOST = env("EMAIL_HOST", "", help="SMTP server of the daily digest (empty: console)")
EMAIL_PORT = env("EMAIL_PORT", 587, int, help="SMTP port")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", help="SMTP user")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", help="SMTP password")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", True, as_bool, help="STARTTLS to the SMTP server")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "motcua <no-reply@motcua.invalid>", help="Sender of motcua's mails"
)
