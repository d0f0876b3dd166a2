"""Signal handlers. Features connect their handlers here so that ``apps.ready`` loads them."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published)
def record_privacy_statement_version(sender, instance, revision=None, **kwargs):
    """Keep each published text of a call's privacy statement as a version of its own."""
    from .models.calls import CallForParticipationMixin

    if isinstance(instance, CallForParticipationMixin):
        instance.get_privacy_version(revision=revision)


@receiver(post_delete, sender="jeugdzorg_wagtail.EventSession")
def remember_removed_session(sender, instance, **kwargs):
    """Keep the sequence of a removed session, so that a revert that restores it rises."""
    from .models.events import RemovedSession

    removed, created = RemovedSession.objects.get_or_create(
        session_id=instance.pk, defaults={"sequence": instance.sequence}
    )
    if not created and removed.sequence < instance.sequence:
        RemovedSession.objects.filter(pk=removed.pk).update(sequence=instance.sequence)
