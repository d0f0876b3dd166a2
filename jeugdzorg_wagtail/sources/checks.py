"""System checks of the partner agendas."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from ..core.conf import jw_settings


@checks.register(checks.Tags.security)
def check_loopback_allowed(app_configs, **kwargs):
    """``SOURCES_ALLOW_LOOPBACK`` is for tests and the demo: warn when it is on in production."""
    try:
        allowed = jw_settings.SOURCES_ALLOW_LOOPBACK
    except ImproperlyConfigured:
        return []  # reported by the settings check
    if allowed and not settings.DEBUG:
        return [
            checks.Warning(
                "JEUGDZORG_WAGTAIL['SOURCES_ALLOW_LOOPBACK'] is on while DEBUG is off: partner "
                "calendars may then be fetched from this machine itself (127.0.0.1, ::1), where "
                "services that trust local requests listen.",
                hint="Turn it off outside tests and the demo.",
                id="jeugdzorg_wagtail.W004",
            )
        ]
    return []
