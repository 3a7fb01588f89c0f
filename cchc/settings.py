"""One env-driven settings file: runnable defaults (SQLite, inline tasks, console e-mail)."""

import os
import shlex
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def secret_key_file(path: Path) -> str:
    """The embedded default's secret key: generated once into the data directory, readable by its owner only."""
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        # Written aside, then linked into place: processes starting together all end up reading the same key.
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(get_random_secret_key())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# "production": an installation an operator runs from deploy/ (several processes, perhaps several machines);
# the embedded default (scripts/start.sh on one machine) needs no variable at all.
CCHC_ENV = os.environ.get("CCHC_ENV", "embedded")
DATA_DIR = Path(os.environ.get("CCHC_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key_file(DATA_DIR / "secret_key")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS behind a reverse proxy: HTTPS=1 turns every protection on; each can still be set on its own.
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL", HTTPS) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (cchc.ops.middleware): every asset comes from this site. Inline handlers remain in a few
# templates, hence 'unsafe-inline' for scripts; no other origin may serve code, frames or forms.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "cchc.core",
    "cchc.accounts",
    "cchc.units",
    "cchc.documents",
    "cchc.plans",
    "cchc.execution",
    "cchc.assistant",
    "cchc.questions",
    "cchc.feedback",
    "cchc.contests",
    "cchc.surveys",
    "cchc.publishing",
    "cchc.inspections",
    "cchc.indices",
    "cchc.reporting",
    "cchc.portal",
    "cchc.demo",
    "cchc.ops",
]

MIDDLEWARE = [
    "cchc.ops.observe.RequestMiddleware",
    "cchc.core.errors.InputGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cchc.ops.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cchc.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cchc.core.replica.ReplicaPagesMiddleware",
]

ROOT_URLCONF = "cchc.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cchc" / "templates"],
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

WSGI_APPLICATION = "cchc.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cchc.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
# A PostgreSQL read replica (streaming replication of the primary): the read-only pages named in REPLICA_PAGES read
# from it (cchc.core.replica); writes, accounts and sessions stay on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["OPTIONS"] = {
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
            "options": "-c default_transaction_read_only=on",  # a write sent there by mistake fails loudly
        }
DATABASE_ROUTERS = ["cchc.core.replica.ReplicaRouter"]
REPLICA_PAGES = [
    name.strip()
    for name in os.environ.get(
        "REPLICA_PAGES",
        "execution:public,execution:dashboard,execution:plan_units,execution:national,assistant:procedures,assistant:procedure",
    ).split(",")
    if name.strip()
]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "cchc.accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "cchc.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "cchc.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "cchc.accounts.passwords.NumericPasswordValidator"},
]
# Login throttling: wrong passwords per account and per client within LOGIN_LOCKOUT_SECONDS lock them out for as
# long. The client is REMOTE_ADDR, or, for requests from TRUSTED_PROXIES (addresses or networks, comma-separated),
# the last address before them in CLIENT_IP_HEADER.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_CLIENT = int(os.environ.get("LOGIN_FAILURES_PER_CLIENT", "20"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "X-Forwarded-For")
# Contests: the key of the CCCD hash (a contestant's number is stored only as HMAC-SHA256 with it). Its own secret,
# kept apart from SECRET_KEY so that rotating the session key does not let a person enter a round a second time.
CONTEST_ID_KEY = os.environ.get("CONTEST_ID_KEY") or secret_key_file(DATA_DIR / "contest_id_key")
# Surveys: online answers taken from one client address within an hour (0: no limit; a one-stop desk's tablet
# behind one address may need more).
SURVEY_RESPONSES_PER_CLIENT_HOUR = int(os.environ.get("SURVEY_RESPONSES_PER_CLIENT_HOUR", "30"))
# A submit reaching the server this many seconds after an attempt's deadline still counts (network delay).
CONTEST_SUBMIT_GRACE_SECONDS = int(os.environ.get("CONTEST_SUBMIT_GRACE_SECONDS", "10"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:my_home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "cchc" / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Uploads are served only by views that check access. Behind nginx, set this to an `internal` location aliased to
# MEDIA_ROOT (e.g. /_protected_media/): the view then answers with X-Accel-Redirect and nginx sends the bytes.
PROTECTED_MEDIA_ACCEL_PREFIX = os.environ.get("PROTECTED_MEDIA_ACCEL_PREFIX", "")


def s3_storage(env: dict[str, str]) -> dict[str, Any] | None:
    """Uploaded files in a bucket of an S3-compatible store (MinIO, Ceph, a provider's) when S3_BUCKET is set: every
    web node and worker then reads and writes the same files. Private objects, never overwritten."""
    if not env.get("S3_BUCKET"):
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["S3_BUCKET"],
            "endpoint_url": env.get("S3_ENDPOINT_URL") or None,
            "access_key": env.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": env.get("S3_SECRET_ACCESS_KEY") or None,
            "region_name": env.get("S3_REGION") or None,
            "location": env.get("S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": s3_storage(dict(os.environ)) or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: the limit every upload form and API checks before reading a file.
# A result whose spending takes its activity's total above this share of the estimate needs a note saying why.
SPENDING_NOTE_SHARE = float(os.environ.get("SPENDING_NOTE_SHARE", "1.0"))
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # any body but file uploads: over it, 413 before it is read
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(5 * MAX_UPLOAD_BYTES + 1024 * 1024)))
CSRF_FAILURE_VIEW = "cchc.core.errors.csrf_failure"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: with EMAIL_HOST set the mail goes out by SMTP, otherwise to the console (unless EMAIL_BACKEND says else).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Reminder e-mails that fail are tried again after REMINDER_EMAIL_RETRY_SECONDS, doubling each time, at most
# REMINDER_EMAIL_MAX_ATTEMPTS times; then they are listed as failed in the admin (Nhắc việc).
REMINDER_EMAIL_RETRY_SECONDS = int(os.environ.get("REMINDER_EMAIL_RETRY_SECONDS", "300"))
REMINDER_EMAIL_MAX_ATTEMPTS = int(os.environ.get("REMINDER_EMAIL_MAX_ATTEMPTS", "5"))
REMINDER_EMAIL_LEASE_SECONDS = int(os.environ.get("REMINDER_EMAIL_LEASE_SECONDS", "600"))

# Shared state: with REDIS_URL every web process (on every machine) shares one cache, so the assistant's rate limit,
# the login throttle, locks (cache.add) and cached pages count for the whole installation, and sessions are read
# from Redis in front of the database. Without it the cache is each process's own memory (the embedded default).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    # Several installations may share one Redis database: each keeps its keys under its own prefix.
    | {"KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cchc")}
}
# Public pages (progress, procedures) and repeated assistant answers stay cached at most this long; any write they
# depend on drops them at once (cchc.core.pagecache).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# Background work: inline with no broker (the embedded default), Celery on Redis otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, long tasks (reading a scanned plan) run in a thread of the web process, so that the upload
# answers at once and the waiting screen shows the pages read; off: they run inside the request.
BACKGROUND_THREADS = env_bool("BACKGROUND_THREADS", True)
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {"task": "cchc.execution.tasks.send_reminders", "schedule": 3600.0},
    "deliver-reminder-emails": {"task": "cchc.execution.tasks.deliver_reminder_emails", "schedule": 300.0},
    "recover-stale-imports": {"task": "cchc.plans.tasks.recover_stale_imports", "schedule": 300.0},
    "close-expired-attempts": {"task": "cchc.contests.tasks.close_expired_attempts", "schedule": 60.0},
    "feedback-notifications": {"task": "cchc.feedback.tasks.deliver_notifications", "schedule": 300.0},
    "feedback-housekeeping": {"task": "cchc.feedback.tasks.daily_housekeeping", "schedule": 86400.0},
}

# A plan document "being read" that shows no progress (a page read, the end) for this long was cut off by a crash:
# it is read again, at most PLAN_IMPORT_MAX_ATTEMPTS times in all, then failed with the reason.
PLAN_IMPORT_STALE_SECONDS = int(os.environ.get("PLAN_IMPORT_STALE_SECONDS", "300"))
PLAN_IMPORT_MAX_ATTEMPTS = int(os.environ.get("PLAN_IMPORT_MAX_ATTEMPTS", "2"))

# Optional OpenAI-compatible endpoint that may rephrase cited passages (off by default).
ASSISTANT_LLM_URL = os.environ.get("ASSISTANT_LLM_URL", "")
ASSISTANT_RATE_PER_MINUTE = int(os.environ.get("ASSISTANT_RATE_PER_MINUTE", "30"))
# The hotline a declined question is pointed to (default: the National Public Service Portal's free line; set the
# province's own, or empty to name none).
ASSISTANT_HOTLINE = os.environ.get("ASSISTANT_HOTLINE", "1800 1096 (tổng đài Cổng Dịch vụ công quốc gia, miễn phí)")

# Citizens' feedback (phản ánh, kiến nghị): time limits in working days (Nghị định 20/2008 as amended; configurable
# because provinces set shorter ones), reminders, retention of personal data, abuse limits, SMS gateway.
FEEDBACK_ANSWER_WORKING_DAYS = int(os.environ.get("FEEDBACK_ANSWER_WORKING_DAYS", "10"))
FEEDBACK_EXTENSION_WORKING_DAYS = int(os.environ.get("FEEDBACK_EXTENSION_WORKING_DAYS", "10"))
FEEDBACK_REMINDER_WORKING_DAYS = int(os.environ.get("FEEDBACK_REMINDER_WORKING_DAYS", "2"))
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", str(5 * 365)))
FEEDBACK_SUBMISSIONS_PER_HOUR = int(os.environ.get("FEEDBACK_SUBMISSIONS_PER_HOUR", "10"))
FEEDBACK_STATUS_URL = os.environ.get("FEEDBACK_STATUS_URL", "/phan-anh/tra-cuu/")
FEEDBACK_SMS_URL = os.environ.get("FEEDBACK_SMS_URL", "")
FEEDBACK_SMS_TOKEN = os.environ.get("FEEDBACK_SMS_TOKEN", "")
FEEDBACK_SMS_SENDER = os.environ.get("FEEDBACK_SMS_SENDER", "PAKN")
FEEDBACK_SMS_GATEWAY = os.environ.get(
    "FEEDBACK_SMS_GATEWAY", "cchc.feedback.sms.http_gateway" if FEEDBACK_SMS_URL else ""
)

# Reminders: days before each window or deadline, and how long after a window closed a late reminder still goes.
EXECUTION_REMINDER_DAYS = tuple(int(d) for d in os.environ.get("EXECUTION_REMINDER_DAYS", "7,3,1").split(",") if d)
EXECUTION_LATE_REMINDER_WINDOW_DAYS = int(os.environ.get("EXECUTION_LATE_REMINDER_WINDOW_DAYS", "14"))

# Logs on stderr: one JSON object a line with the request id (LOG_FORMAT=json, the default outside DEBUG) or text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cchc.ops.observe.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "cchc.ops.observe.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # One line per request (cchc.ops.observe.RequestMiddleware); ACCESS_LOG=0 leaves it to the proxy.
    "loggers": {"cchc.request": {"level": "INFO" if env_bool("ACCESS_LOG", True) else "WARNING"}},
}

# /metrics answers this machine, or anyone sending `Authorization: Bearer METRICS_TOKEN`.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Optional error reports to Sentry (or a compatible server such as GlitchTip); no personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=CCHC_ENV,
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Publishing: the public address of this installation (QR codes on posters point there), the outside channels'
# API addresses (tests point them at local fake servers), and the speech command for radio bulletins (text on
# stdin, WAV on stdout; espeak-ng's Vietnamese voice by default).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
FACEBOOK_GRAPH_URL = os.environ.get("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v21.0")
ZALO_API_URL = os.environ.get("ZALO_API_URL", "https://openapi.zalo.me")
SPEECH_COMMAND = shlex.split(os.environ.get("SPEECH_COMMAND", "espeak-ng -v vi -s 145 --stdin --stdout"))
