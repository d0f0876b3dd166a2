"""Signal handlers of the agenda: the sequence of removed sessions, the generations of the
feed cache (:mod:`.feed_cache`) and of the cache of rendered pages (:mod:`.page_cache`) that a
change can reach, and the epoch that changes every feed's ``ETag``
(:data:`.feed_queries.INPUTS_EPOCH`) when feeds show something new without an event being
published. :func:`connect` connects each handler to the senders it is for;
``apps.ready()`` calls it."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from ..core.models import NetworkSettings
from ..core.signals import connect_each, models_derived_from, page_models_with
from ..taxonomy.models import TaxonomyTerm
from .feed_cache import invalidate
from .feed_queries import advance_inputs_epoch
from .mixins import EventIndexMixin, EventMixin
from .models import EventSession, RemovedSession
from .page_cache import invalidate_page, invalidate_pages, invalidate_pages_of_tree

__all__ = ["connect"]


def remember_removed_session(sender, instance, **kwargs):
    """Keep the sequence of a removed session, so that a revert that restores it rises."""
    removed, created = RemovedSession.objects.get_or_create(
        session_id=instance.pk, defaults={"sequence": instance.sequence}
    )
    if not created and removed.sequence < instance.sequence:
        RemovedSession.objects.filter(pk=removed.pk).update(sequence=instance.sequence)


def invalidate_feeds_of_page(sender, instance, **kwargs):
    """An event or agenda published or unpublished: the feeds of the page and its ancestors."""
    invalidate(instance)


def invalidate_feeds_on_move(sender, instance, **kwargs):
    """A page moved: its URLs and the agendas it belongs to change, so all feeds."""
    advance_inputs_epoch()
    invalidate()


def invalidate_feeds_on_slug_change(sender, instance, **kwargs):
    """A published page's slug changed: the URLs of the events at or below it, so all feeds
    (a page without children that is no event or agenda is in no feed)."""
    if not instance.numchild and not isinstance(instance, EventMixin | EventIndexMixin):
        return
    advance_inputs_epoch()
    invalidate()


def invalidate_feeds_on_page_delete(sender, instance, **kwargs):
    """A page deleted (also each page below one): all feeds."""
    invalidate()


def invalidate_feeds(sender, **kwargs):
    """A view restriction or a site changed: all feeds."""
    advance_inputs_epoch()
    invalidate()


def invalidate_feeds_on_settings_or_term_change(sender, created=False, **kwargs):
    """The network settings or a taxonomy term (an event type or theme name) changed.

    A new row is in no feed yet (the network settings are created with their defaults on
    the first request that reads them).
    """
    if not created:
        advance_inputs_epoch()
        invalidate()


def invalidate_feeds_on_source_change(sender, **kwargs):
    """An editor changed an agenda source (switched on or off, its agendas): all feeds."""
    invalidate()


def invalidate_feeds_of_source_event(sender, instance, **kwargs):
    """An editor hid, showed, classified or copied a partner's event: its agendas' feeds."""
    for page in instance.source.agendas.all():
        invalidate(page)


def invalidate_pages_on_publish(sender, instance, **kwargs):
    """Any other page published or unpublished: every rendered page of its tree (its menu,
    listings and links may show it). An event's or agenda's own handler raises the generations
    of all its ancestors, the tree's root included."""
    if not isinstance(instance, EventMixin | EventIndexMixin):
        invalidate_pages_of_tree(instance)


def invalidate_pages_on_registration(sender, instance, **kwargs):
    """A place taken, given up or handed on: the rendered event page and its ancestors (the
    places left), not the feeds."""
    path = EventSession.objects.filter(pk=instance.session_id).values_list("page__path").first()
    if path is not None:
        invalidate_page(path[0])


def invalidate_rendered_pages(sender, created=False, **kwargs):
    """A site setting, an image or a document changed: every rendered page (not the feeds)."""
    invalidate_pages()


def connect():
    """Connect the handlers, each to the senders whose changes it concerns."""
    connect_each(post_delete, remember_removed_session, [EventSession])
    feed_pages = page_models_with(EventMixin, EventIndexMixin)
    connect_each(page_published, invalidate_feeds_of_page, feed_pages)
    connect_each(page_unpublished, invalidate_feeds_of_page, feed_pages)
    for signal in (page_published, page_unpublished):
        connect_each(signal, invalidate_pages_on_publish, get_page_models())
    # The sender of post_page_move is the page's own class: every page model.
    connect_each(post_page_move, invalidate_feeds_on_move, get_page_models())
    connect_each(page_slug_changed, invalidate_feeds_on_slug_change, get_page_models())
    # Deleting a page of any type deletes its row of wagtailcore.Page too.
    connect_each(post_delete, invalidate_feeds_on_page_delete, [Page])
    source_model = apps.get_model("jeugdzorg_wagtail", "AgendaSource")
    for signal in (post_save, post_delete):
        connect_each(signal, invalidate_feeds_on_source_change, [source_model])
    agendas = source_model._meta.get_field("agendas").remote_field.through
    connect_each(m2m_changed, invalidate_feeds_on_source_change, [agendas])
    source_event_model = apps.get_model("jeugdzorg_wagtail", "SourceEvent")
    connect_each(post_save, invalidate_feeds_of_source_event, [source_event_model])
    for signal in (post_save, post_delete):
        connect_each(signal, invalidate_feeds, [PageViewRestriction, Site])
        connect_each(
            signal,
            invalidate_feeds_on_settings_or_term_change,
            [NetworkSettings, *models_derived_from(TaxonomyTerm)],
        )
    entry_model = apps.get_model("jeugdzorg_wagtail", "SessionRegistration")
    other_settings = [
        model
        for model in models_derived_from(BaseSiteSetting, BaseGenericSetting)
        if model is not NetworkSettings
    ]
    for signal in (post_save, post_delete):
        connect_each(signal, invalidate_pages_on_registration, [entry_model])
        connect_each(
            signal,
            invalidate_rendered_pages,
            [*other_settings, get_image_model(), get_document_model()],
        )
