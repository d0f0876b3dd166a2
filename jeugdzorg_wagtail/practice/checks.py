"""System checks of the practice example library."""

from django.conf import settings
from django.core import checks
from django.db import connection

from ..core.conf import jw_settings

__all__ = ["check_search_config", "search_config_warnings"]


def search_config_warnings(vendor, search_backends, expected):
    """Warnings when the library's search on PostgreSQL would not use ``expected``.

    ``vendor`` is the database vendor, ``search_backends`` the ``WAGTAILSEARCH_BACKENDS``
    setting and ``expected`` ``JEUGDZORG_WAGTAIL["PRACTICE_EXAMPLE_SEARCH_CONFIG"]`` (``None``
    turns the check off). Wagtail's database backend builds its index and its queries with the
    backend's ``SEARCH_CONFIG``; without it PostgreSQL's default configuration is used, and
    "jongeren" does not find "jongere".
    """
    if not expected or vendor != "postgresql":
        return []
    default = (search_backends or {}).get(
        "default", {"BACKEND": "wagtail.search.backends.database"}
    )
    if "database" not in default.get("BACKEND", ""):
        return []
    if default.get("SEARCH_CONFIG") == expected:
        return []
    return [
        checks.Warning(
            "The practice example library searches with Wagtail's database backend on "
            f"PostgreSQL, but WAGTAILSEARCH_BACKENDS['default'] has SEARCH_CONFIG "
            f"{default.get('SEARCH_CONFIG')!r} instead of {expected!r}: words are not "
            "matched in their other forms.",
            hint=(
                f"Add \"SEARCH_CONFIG\": {expected!r} to WAGTAILSEARCH_BACKENDS['default'] and "
                "run 'manage.py update_index', or set "
                "JEUGDZORG_WAGTAIL['PRACTICE_EXAMPLE_SEARCH_CONFIG'] to None."
            ),
            id="jeugdzorg_wagtail.W002",
        )
    ]


@checks.register()
def check_search_config(app_configs, **kwargs):
    return search_config_warnings(
        connection.vendor,
        getattr(settings, "WAGTAILSEARCH_BACKENDS", None),
        jw_settings.PRACTICE_EXAMPLE_SEARCH_CONFIG,
    )
