"""The package's settings: one ``JEUGDZORG_WAGTAIL`` dict in the site's settings.

Read a value as ``jw_settings.BASE_TEMPLATE``. Every key has a default in :data:`DEFAULTS`;
a site overrides only the keys it needs::

    JEUGDZORG_WAGTAIL = {
        "BASE_TEMPLATE": "layouts/page.html",
        "UID_DOMAIN": "agenda.example.org",
    }

The merged values are cached and reloaded when the setting changes (``override_settings`` in
tests included). ``docs/settings.md`` documents every key.
"""

import zoneinfo

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

SETTING_NAME = "JEUGDZORG_WAGTAIL"

DEFAULTS = {
    # Templates
    "BASE_TEMPLATE": "base.html",
    "STYLESHEET": "jeugdzorg_wagtail/css/jeugdzorg.css",  # a static path; None: not linked
    # Agenda and feeds
    "CALENDAR_TIME_ZONE": None,  # None: settings.TIME_ZONE
    "UID_DOMAIN": None,  # None: the host name of the site that serves the feed
    "FEED_PAST_DAYS": 90,
    "FEED_MAX_AGE": 900,  # seconds, Cache-Control max-age of feed responses
    "FEED_CACHE_ALIAS": "default",
    "FEED_CACHE_TIMEOUT": 3600,  # seconds a built feed stays in the cache
    "FEED_VEVENT_CACHE_SIZE": 20000,  # serialised VEVENTs kept per process; 0: none
    "PAGE_CACHE_TIMEOUT": 60,  # seconds a page rendered for anonymous visitors is kept; 0: off
    "EVENTS_PER_PAGE": 20,
    "AGENDA_HORIZON_DAYS": 365,  # how far ahead the dates of repeating sessions are listed
    # Practice examples
    "PRACTICE_EXAMPLES_PER_PAGE": 12,
    "PRACTICE_EXAMPLE_SEARCH_CONFIG": "dutch",  # expected SEARCH_CONFIG on PostgreSQL (W002)
    # Presentations
    "PRESENTATIONS_PER_PAGE": 20,
    # Theme pages
    "THEME_SECTION_SIZE": 10,  # items per section (events, examples, presentations, calls)
    # Calls for participation
    "ATTACHMENT_MAX_SIZE": 10 * 1024 * 1024,  # bytes
    "ATTACHMENT_STORAGE": "jeugdzorg_attachments",  # alias in settings.STORAGES
    "ATTACHMENT_ROOT": None,  # None: BASE_DIR / "private-attachments" (when the alias is missing)
    "FORM_MIN_SECONDS": 3,
    "SUBMISSION_RATE_LIMIT": 5,  # counted POSTs (accepted or refused as abuse) per window
    "SUBMISSION_RATE_WINDOW": 3600,  # seconds
    "RATE_LIMIT_CACHE_ALIAS": "default",
    "TRUSTED_PROXIES": [],  # addresses of proxies whose X-Forwarded-For is believed
    "SUBMISSION_RETENTION_MONTHS": 12,
    # Registration for events
    "REGISTRATION_RETENTION_MONTHS": 6,  # after the event's last session ended
    # Import and export
    "IMPORT_MAX_SIZE": 5 * 1024 * 1024,  # bytes
    "IMPORT_TEMP_TIMEOUT": 3600,  # seconds an uploaded import file waits for confirmation
    # Partner agendas (calendar feeds fetched from other sites)
    "SOURCES_TIMEOUT": 20,  # seconds for a whole fetch, redirects included
    "SOURCES_CONNECT_TIMEOUT": 10,  # seconds to open one connection
    "SOURCES_MAX_BYTES": 5 * 1024 * 1024,  # bytes, as sent and after decompression
    "SOURCES_MAX_REDIRECTS": 5,
    "SOURCES_MAX_EVENTS": 5000,  # VEVENTs in one feed; more and the feed is refused
    "SOURCES_ALLOW_LOOPBACK": False,  # tests and the demo only: allow 127.0.0.0/8 and ::1
    "SOURCES_KEEP_REMOVED_DAYS": 30,  # days an event that left its feed is kept (hidden)
    "SOURCES_IN_FEEDS": False,  # the agenda's iCal feed includes its partners' events
}


class JeugdzorgSettings:
    """Attribute access to the merged settings, reloaded on ``setting_changed``."""

    def __init__(self, defaults):
        self.defaults = defaults
        self._cached = None

    @property
    def user_settings(self):
        value = getattr(django_settings, SETTING_NAME, {}) or {}
        if not isinstance(value, dict):
            raise ImproperlyConfigured(f"{SETTING_NAME} must be a dict.")
        return value

    def _merged(self):
        if self._cached is None:
            unknown = set(self.user_settings) - set(self.defaults)
            if unknown:
                raise ImproperlyConfigured(
                    f"Unknown key(s) in {SETTING_NAME}: {', '.join(sorted(unknown))}"
                )
            self._cached = {**self.defaults, **self.user_settings}
        return self._cached

    def __getattr__(self, name):
        if name.startswith("_") or name not in self.defaults:
            raise AttributeError(f"Invalid {SETTING_NAME} setting: {name!r}")
        return self._merged()[name]

    def reload(self):
        self._cached = None

    # Derived values

    @property
    def calendar_time_zone(self):
        """The name of the calendar's zone: ``CALENDAR_TIME_ZONE``, else ``TIME_ZONE``."""
        return self.CALENDAR_TIME_ZONE or django_settings.TIME_ZONE

    @property
    def calendar_zone(self):
        """The calendar's zone as a :class:`zoneinfo.ZoneInfo`."""
        return zoneinfo.ZoneInfo(self.calendar_time_zone)


jw_settings = JeugdzorgSettings(DEFAULTS)


def _reload(*, setting, **kwargs):
    if setting == SETTING_NAME:
        jw_settings.reload()


setting_changed.connect(_reload)
