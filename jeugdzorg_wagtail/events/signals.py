"""Signal handlers. Features connect their handlers here so that ``apps.ready`` loads them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move


@receiver(post_delete, sender="jeugdzorg_wagtail.EventSession")
def remember_removed_session(sender, instance, **kwargs):
    """Keep the sequence of a removed session, so that a revert that restores it rises."""
    from .models import RemovedSession

    removed, created = RemovedSession.objects.get_or_create(
        session_id=instance.pk, defaults={"sequence": instance.sequence}
    )
    if not created and removed.sequence < instance.sequence:
        RemovedSession.objects.filter(pk=removed.pk).update(sequence=instance.sequence)


# The feed cache (jeugdzorg_wagtail.events.feed_cache): raise the generations of the feeds a change
# can reach.


@receiver(page_published)
@receiver(page_unpublished)
def invalidate_feeds_of_page(sender, instance, **kwargs):
    """A page published or unpublished: the feeds of the page and of its ancestors."""
    from .feed_cache import invalidate

    invalidate(instance)


@receiver(post_page_move)
def invalidate_feeds_on_move(sender, instance, **kwargs):
    """A page moved: its URLs and the agendas it belongs to change, so all feeds."""
    from .feed_cache import invalidate

    invalidate()


@receiver(post_delete)
def invalidate_feeds_on_page_delete(sender, instance, **kwargs):
    """A page deleted (also each page below one): all feeds."""
    if isinstance(instance, Page):
        from .feed_cache import invalidate

        invalidate()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def invalidate_feeds(sender, **kwargs):
    """A view restriction or a site changed: all feeds."""
    from .feed_cache import invalidate

    invalidate()


@receiver(post_save)
@receiver(post_delete)
def invalidate_feeds_on_settings_or_term_change(sender, created=False, **kwargs):
    """The network settings or a taxonomy term (an event type or theme name) changed.

    A new row is in no feed yet (the network settings are created with their defaults on
    the first request that reads them).
    """
    from ..core.models import NetworkSettings
    from ..taxonomy.models import TaxonomyTerm

    if not created and issubclass(sender, (NetworkSettings, TaxonomyTerm)):
        from .feed_cache import invalidate

        invalidate()
