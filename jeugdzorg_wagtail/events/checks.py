"""System checks of the agenda's feeds."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from wagtail.models import Site

from ..core.conf import jw_settings

__all__ = ["check_uid_domain", "effective_uid_domain"]

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def effective_uid_domain():
    """``UID_DOMAIN``, or else the host name of the default site (None when unknown).

    The database may not be ready (before ``migrate``): then the site is not looked at.
    """
    if jw_settings.UID_DOMAIN:
        return jw_settings.UID_DOMAIN
    try:
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
