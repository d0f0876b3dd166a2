"""Signal handlers of the calls; ``apps.ready()`` calls :func:`connect`."""

from wagtail.signals import page_published

from ..core.privacy_statement import record_privacy_statement_version
from ..core.signals import connect_each, page_models_with
from .mixins import CallPrivacyMixin

__all__ = ["connect"]


def connect():
    """Keep each published text of a call's privacy statement as a version of its own."""
    connect_each(
        page_published, record_privacy_statement_version, page_models_with(CallPrivacyMixin)
    )
