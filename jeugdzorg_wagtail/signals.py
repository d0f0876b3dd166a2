"""Signal handlers. Features connect their handlers here so that ``apps.ready`` loads them."""

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published)
def record_privacy_statement_version(sender, instance, revision=None, **kwargs):
    """Keep each published text of a call's privacy statement as a version of its own."""
    from .models.calls import CallForParticipationMixin

    if isinstance(instance, CallForParticipationMixin):
        instance.get_privacy_version(revision=revision)
