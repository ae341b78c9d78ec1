"""SSE Policy Hub settings, read from environment variables only (see README, "Configuration")."""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.conf.locale import LANG_INFO
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    if key := env.str("SECRET_KEY", default=""):
        return key
    if not DEBUG:
        # Production must never run on a key that lives only on one machine's disk.
        raise environ.ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY in the environment."
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# The address in e-mails, calendar feeds and certificates. In development it follows the server's
# address (`make run HOST_PORT=...` passes HOST_PORT on) unless SSEHUB_SITE_URL says otherwise.
def _development_site_url(host_port: str) -> str:
    """runserver's address as a link: "8080" is 127.0.0.1:8080; 0.0.0.0 (every interface) is not a
    place to link to, so it becomes 127.0.0.1 (set SSEHUB_SITE_URL to link to a LAN address)."""
    host, _, port = host_port.rpartition(":") if ":" in host_port else ("", "", host_port)
    if host in ("", "0.0.0.0", "0", "[::]", "::"):  # noqa: S104 - an address to replace, not to bind
        host = "127.0.0.1"
    return f"http://{host}:{port or '8000'}"


SITE_URL = env.str(
    "SSEHUB_SITE_URL",
    default=_development_site_url(env.str("HOST_PORT", default="127.0.0.1:8000")) if DEBUG else "http://127.0.0.1:8000",
).rstrip("/")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=sorted({"127.0.0.1", "localhost", urlsplit(SITE_URL).hostname or "127.0.0.1"}),
)
CSRF_TRUSTED_ORIGINS = [SITE_URL]
CSRF_FAILURE_VIEW = "ssehub.shell.views.csrf_failure"

# Our apps first: for a msgid that Django also translates, our wording wins.
INSTALLED_APPS = [
    "ssehub.core",
    "ssehub.shell",
    "ssehub.accounts",
    "ssehub.programmes",
    "ssehub.events",
    "ssehub.calls",
    "ssehub.agenda",
    "ssehub.atlas",
    "ssehub.planning",
    "ssehub.community",
    "ssehub.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "django_htmx",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses HTML, JSON and ICS for anonymous visitors only (BREACH; see ADR 0304).
    "ssehub.core.compression.PublicGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Whole anonymous pages from the shared cache, before sessions and templates (ADR 0010).
    "ssehub.core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ssehub.shell.middleware.TimezoneMiddleware",
    "ssehub.accounts.middleware.StaffMfaRequiredMiddleware",
]

ROOT_URLCONF = "ssehub.urls"
WSGI_APPLICATION = "ssehub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ssehub.shell.context_processors.site",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ssehub.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Each worker keeps its connection (and the SQLite PRAGMAs run once per connection, not per request);
# the health check replaces a connection the database dropped, before the request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("SSEHUB_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache every gunicorn worker sees (rate limits, rendered agendas and feeds): Redis in
# production (SSEHUB_REDIS_URL=redis://127.0.0.1:6379/0), else a file cache under var/.
if _redis_url := env.str("SSEHUB_REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "ssehub.core.redis_cache.RedisCache", "LOCATION": _redis_url,
                          "KEY_PREFIX": env.str("SSEHUB_CACHE_PREFIX", default="ssehub")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": env.str("SSEHUB_CACHE_DIR", default=str(VAR_DIR / "cache"))}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"

# django-allauth: e-mail is the login, verified before first log-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SSE Policy Hub] "
ACCOUNT_ADAPTER = "ssehub.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# A person locked out of password log-in (five wrong passwords, anyone's) signs in with a one-time
# code mailed to the account's address instead.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Behind a proxy every request comes from the proxy's address, so the per-address rate limits would
# count everyone together. With N proxies of our own in front, the client is the Nth address from
# the right of X-Forwarded-For. Never set it higher than the proxies really there: the header is
# written by the client first and can be forged.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("SSEHUB_TRUSTED_PROXIES", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SSE Policy Hub"

LANGUAGE_CODE = "en"
# Django ships no Filipino locale; declare it so LocaleMiddleware and {% get_language_info %} know it.
LANG_INFO.setdefault(
    "fil", {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"}
)
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("ms", _("Malay")),
    ("id", _("Indonesian")),
    ("fil", _("Filipino")),
]
LOCALE_PATHS = [SRC_DIR / "locale", SRC_DIR / "locale_vendor"]
LANGUAGE_COOKIE_NAME = "ssehub_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: pages hand messages to the task queue ("default"); the worker delivers them through
# "delivery", configured by EMAIL_URL (smtp://user:pass@host:587/?tls=True, consolemail://, ...).
_email = env.email_url("EMAIL_URL", default="consolemail://")
_EMAIL_OPTION_NAMES = {
    "EMAIL_HOST": "host", "EMAIL_PORT": "port", "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password", "EMAIL_USE_TLS": "use_tls", "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_FILE_PATH": "file_path",
}
_delivery_options = {
    option: _email[key] for key, option in _EMAIL_OPTION_NAMES.items() if _email.get(key) not in (None, "")
}
if not _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _delivery_options = {k: v for k, v in _delivery_options.items() if k == "file_path"}
else:
    # A stalled server must not hold a worker for ever (the outbox hands a message back after 10 min).
    _delivery_options["timeout"] = 30
MAILERS = {
    "default": {"BACKEND": "ssehub.core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _delivery_options},
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SSE Policy Hub <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SSE Policy Hub API",
    "DESCRIPTION": "Open data on social and solidarity economy policy, events and action plans.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# No inline script or style anywhere: the policy stays strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Roles that change other people's data must sign in with a second factor.
SSEHUB_MFA_REQUIRED_ROLES = ["admin", "organiser", "editor"]
