"""Settings of the example site: a Wagtail project that uses jeugdzorg-wagtail as any site would.

SQLite by default; set DATABASE_URL (postgres://...) for PostgreSQL and REDIS_URL for a shared
cache. Dutch by default, with English as the second language.
"""

import os
from pathlib import Path

import dj_database_url
import django

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "example_site"
# Where the site keeps its SQLite database, media and private attachments (default: here).
DATA_DIR = Path(os.environ.get("EXAMPLE_SITE_DATA_DIR", BASE_DIR))

SECRET_KEY = os.environ.get("SECRET_KEY", "example-site-only-not-secret")
DEBUG = os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "home",
    "jeugdzorg_wagtail",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "import_export",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"
# A failed CSRF check (a form left open overnight) shows the site's own page, in its layout.
CSRF_FAILURE_VIEW = "jeugdzorg_wagtail.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_menu",
            ]
        },
    }
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}

# With REDIS_URL: the production cache settings of docs/deployment.md (a Redis outage leaves
# the site answering); feeds under their own key prefix, or in REDIS_FEEDS_URL.
FEED_CACHE_ALIAS = "default"
if os.environ.get("REDIS_URL"):
    _REDIS_OPTIONS = {
        "socket_connect_timeout": 0.25,
        "socket_timeout": 0.5,
        "FAILURE_RETRY_AFTER": 5,
    }
    CACHES = {
        "default": {
            "BACKEND": "jeugdzorg_wagtail.core.cache.FailSafeRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": _REDIS_OPTIONS,
        },
        "feeds": {
            "BACKEND": "jeugdzorg_wagtail.core.cache.FailSafeRedisCache",
            "LOCATION": os.environ.get("REDIS_FEEDS_URL", os.environ["REDIS_URL"]),
            "KEY_PREFIX": "feeds",
            "TIMEOUT": 3600,
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    FEED_CACHE_ALIAS = "feeds"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

LOCALE_PATHS = [BASE_DIR / "locale"]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Attachments of call submissions: outside MEDIA_ROOT, no public URL.
    "jeugdzorg_attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private-attachments", "base_url": None},
    },
}

_email_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# With Django's file-based backend, each message is written to a file in EMAIL_FILE_PATH (the
# browser tests read the site's e-mails there).
_email_options = {}
if os.environ.get("EMAIL_FILE_PATH"):
    _email_options["file_path"] = os.environ["EMAIL_FILE_PATH"]
if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
else:
    EMAIL_BACKEND = _email_backend
    if _email_options:
        EMAIL_FILE_PATH = _email_options["file_path"]
DEFAULT_FROM_EMAIL = "agenda@example.org"

WAGTAIL_SITE_NAME = "Netwerk Jeugdzorg"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Dutch stemming on PostgreSQL, so that "jongeren" finds "jongere" (docs/practice-examples.md)
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
WAGTAILDOCS_EXTENSIONS = ["pdf", "pptx", "odp", "docx", "odt", "xlsx"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

JEUGDZORG_WAGTAIL = {
    "FEED_CACHE_ALIAS": FEED_CACHE_ALIAS,
    "UID_DOMAIN": os.environ.get("JEUGDZORG_UID_DOMAIN", "agenda.example.org"),
    # The browser tests send the call form several times within seconds.
    "FORM_MIN_SECONDS": int(os.environ.get("JEUGDZORG_FORM_MIN_SECONDS", "3")),
    "SUBMISSION_RATE_LIMIT": int(os.environ.get("JEUGDZORG_SUBMISSION_RATE_LIMIT", "5")),
    # Seconds a page rendered for anonymous visitors is served from the cache; 0: off.
    "PAGE_CACHE_TIMEOUT": int(os.environ.get("JEUGDZORG_PAGE_CACHE_TIMEOUT", "60")),
    # The demo's partner agenda is a calendar this site serves itself, on 127.0.0.1: allow
    # fetching from this machine. Never in production (system check jeugdzorg_wagtail.W004).
    "SOURCES_ALLOW_LOOPBACK": os.environ.get("JEUGDZORG_SOURCES_ALLOW_LOOPBACK", "1") == "1",
}
