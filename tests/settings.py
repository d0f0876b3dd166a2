"""Settings for the test suite: SQLite in memory by default, PostgreSQL with DATABASE_URL."""

import os
import tempfile
from pathlib import Path

import dj_database_url
import django

BASE_DIR = Path(__file__).resolve().parent
TEST_FILES = Path(
    os.environ.get("JW_TEST_FILES", Path(tempfile.gettempdir()) / "jeugdzorg-wagtail-tests")
)
# One folder per pytest-xdist worker, so that parallel workers never share files.
TEST_FILES = TEST_FILES / os.environ.get("PYTEST_XDIST_WORKER", "main")
SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "jeugdzorg_wagtail",
    "tests",
    "tests.testapp",
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
    "wagtail.api.v2",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "tests.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default="sqlite:///:memory:", conn_max_age=0, test_options={"NAME": None}
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].pop("TEST", None)
else:
    # A runaway query fails its test within a minute (and releases its locks), instead of
    # holding every later test behind it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c statement_timeout=60000"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "_static"
MEDIA_URL = "/media/"
MEDIA_ROOT = TEST_FILES / "media"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "jeugdzorg_attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": TEST_FILES / "attachments",
            "base_url": None,
        },
    },
}

# The test runner switches e-mail to the locmem backend (EMAIL_BACKEND or MAILERS).
if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEFAULT_FROM_EMAIL = "agenda@example.org"

WAGTAIL_SITE_NAME = "Testnetwerk"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Dutch stemming on PostgreSQL, so that "jongeren" finds "jongere" (docs/practice-examples.md)
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

JEUGDZORG_WAGTAIL = {}
if "JEUGDZORG_PAGE_CACHE_TIMEOUT" in os.environ:
    # The benchmarks measure a page's rendering with the cache of rendered pages off (0).
    JEUGDZORG_WAGTAIL["PAGE_CACHE_TIMEOUT"] = int(os.environ["JEUGDZORG_PAGE_CACHE_TIMEOUT"])
