"""Signal handlers of the calls; ``apps.ready()`` calls :func:`connect`."""

from wagtail.signals import page_published

from ..core.signals import connect_each, page_models_with
from .mixins import CallPrivacyMixin

__all__ = ["connect"]


def record_privacy_statement_version(sender, instance, revision=None, **kwargs):
    """Keep each published text of a call's privacy statement as a version of its own."""
    instance.get_privacy_version(revision=revision)


def connect():
    """Connect the handlers to the page models with a privacy statement."""
    connect_each(
        page_published, record_privacy_statement_version, page_models_with(CallPrivacyMixin)
    )
