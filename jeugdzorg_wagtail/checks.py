"""System checks for the package's configuration."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from .conf import jw_settings

REQUIRED_APPS = [
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "import_export",
]


@checks.register()
def check_installed_apps(app_configs, **kwargs):
    errors = []
    for app in REQUIRED_APPS:
        if app not in settings.INSTALLED_APPS:
            errors.append(
                checks.Error(
                    f"'{app}' must be in INSTALLED_APPS for jeugdzorg_wagtail.",
                    id="jeugdzorg_wagtail.E001",
                )
            )
    return errors


@checks.register()
def check_settings_dict(app_configs, **kwargs):
    try:
        jw_settings.BASE_TEMPLATE  # noqa: B018  (forces validation of the dict)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="jeugdzorg_wagtail.E002")]
    return []


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def effective_uid_domain():
    """``UID_DOMAIN``, or else the host name of the default site (None when unknown).

    The database may not be ready (before ``migrate``): then the site is not looked at.
    """
    if jw_settings.UID_DOMAIN:
        return jw_settings.UID_DOMAIN
    try:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).only("hostname").first()
    except DatabaseError:
        return None
    return site.hostname if site else None


def _host(domain):
    if domain.startswith("["):
        return domain.split("]")[0] + "]"
    return domain.rsplit(":", 1)[0] if domain.count(":") == 1 else domain


@checks.register(checks.Tags.security, deploy=False)
def check_uid_domain(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    domain = effective_uid_domain()
    if domain and _host(domain) in LOCAL_HOSTS:
        source = (
            "JEUGDZORG_WAGTAIL['UID_DOMAIN']"
            if jw_settings.UID_DOMAIN
            else "The default site's host name (used as the calendar UID domain)"
        )
        return [
            checks.Warning(
                f"{source} is a local host name ({domain}) with DEBUG off: calendar UIDs "
                "must be qualified with your public domain.",
                hint="Set JEUGDZORG_WAGTAIL['UID_DOMAIN'] or the default site's host name "
                "to your site's domain.",
                id="jeugdzorg_wagtail.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def check_attachment_storage(app_configs, **kwargs):
    """Attachments of submissions must not be stored where MEDIA_URL or STATIC_URL serve."""
    from pathlib import Path

    from .attachments import get_attachment_storage

    try:
        storage = get_attachment_storage()
    except Exception as exc:  # a broken STORAGES entry
        return [
            checks.Error(
                f"The attachment storage cannot be loaded: {exc}", id="jeugdzorg_wagtail.E003"
            )
        ]
    location = getattr(storage, "location", None)
    if not location:
        return []
    location = Path(location).resolve()
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, setting, None)
        if not public:
            continue
        public = Path(public).resolve()
        if location == public or public in location.parents:
            return [
                checks.Error(
                    f"Attachments of call submissions are stored inside {setting} ({public}), "
                    "where a public URL may reach them.",
                    hint="Give the STORAGES alias named by JEUGDZORG_WAGTAIL['ATTACHMENT_STORAGE'] "
                    "a location outside MEDIA_ROOT and STATIC_ROOT.",
                    id="jeugdzorg_wagtail.E004",
                )
            ]
    return []
