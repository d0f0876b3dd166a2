"""Signal handlers of the calls."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .mixins import CallPrivacyMixin


@receiver(page_published)
def record_privacy_statement_version(sender, instance, revision=None, **kwargs):
    """Keep each published text of a call's privacy statement as a version of its own."""
    if isinstance(instance, CallPrivacyMixin):
        instance.get_privacy_version(revision=revision)
