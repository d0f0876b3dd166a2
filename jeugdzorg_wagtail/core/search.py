"""Search indexing in bulk: each saved page once, at the end of a batch of saves.

Saving a page through a revision and publishing it saves it three times, and Wagtail's search
signal handler updates the index on every save (a practice example also indexes itself once
more, after its relations are stored). With the database search backend each update also
refreshes a statistic over the whole index, so an import of a thousand pages spent much of its
time indexing, and more per page the larger the library.

Within :class:`IndexAtTheEnd`, saves of the model in the current thread are only noted;
``flush()`` then indexes every noted object once with the backend's bulk call (as
``update_index`` does). Saves in other threads are indexed as usual.
"""

import logging
import threading

from django.db.models.signals import post_save
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler

# A fixed name, which a site's LOGGING may name.
logger = logging.getLogger("jeugdzorg_wagtail.search_index")

_active = threading.local()


def index_now_or_later(instance):
    """Update the search index for ``instance``, or note it when a batch defers its model."""
    batch = getattr(_active, "batches", {}).get(type(instance))
    if batch is not None:
        batch.saved.add(instance.pk)
    else:
        index.insert_or_update_object(instance)


class ReindexAfterRelationsMixin:
    """For a page whose search index entry includes relations written after its own row.

    Wagtail indexes a page when its row is saved, before its child rows (sessions,
    organisations) and many-to-many relations (themes) are stored, so that entry misses them.
    This saves the page and then indexes it again, now or, within :class:`IndexAtTheEnd`,
    once at the end of the batch. Each class names its relations in ``search_relations``
    (the mixins of a page add theirs up); a save with ``update_fields`` indexes again only
    when it names one of them.

    A plain class: a site's migrations name it in the ``bases`` of pages that compose
    :class:`~jeugdzorg_wagtail.taxonomy.models.TaxonomyMixin`, so it must never get fields.
    """

    #: The relations that are written after the page row and that the search index reads.
    search_relations = ()

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # Historical models (in data migrations) are not indexed.
        if (
            isinstance(self, index.Indexed)
            and getattr(self, "search_auto_update", True)
            and (update_fields is None or set(update_fields) & self.get_search_relations())
        ):
            index_now_or_later(self)
        return result

    @classmethod
    def get_search_relations(cls):
        """The ``search_relations`` of this class and of every class it derives from."""
        names = set()
        for klass in cls.__mro__:
            names.update(vars(klass).get("search_relations", ()))
        return names


class IndexAtTheEnd:
    """A context manager that defers the search index updates of ``model`` in this thread."""

    chunk_size = 500

    def __init__(self, model):
        self.model = model
        self.saved = set()
        self.thread = None
        self.handler = None

    def __enter__(self):
        batches = getattr(_active, "batches", None)
        if batches is None:
            batches = _active.batches = {}
        if self.model in batches:  # already deferred by an outer batch
            return batches[self.model]
        self.thread = threading.get_ident()
        batches[self.model] = self
        # When the site turned automatic updates off for the model, saves index nothing.
        if post_save.disconnect(post_save_signal_handler, sender=self.model):
            self.handler = post_save_signal_handler
            post_save.connect(self.note, sender=self.model, weak=False, dispatch_uid=id(self))
        return self

    def __exit__(self, *exc_info):
        if self.thread is None:  # the outer batch does the work
            return False
        if _active.batches.get(self.model) is self:
            del _active.batches[self.model]
        if self.handler is not None:
            post_save.disconnect(sender=self.model, dispatch_uid=id(self))
            post_save.connect(self.handler, sender=self.model)
            self.handler = None
        return False

    def note(self, sender, instance, **kwargs):
        if threading.get_ident() != self.thread:
            self.handler(sender=sender, instance=instance, **kwargs)
        elif not kwargs.get("raw", False):
            self.saved.add(instance.pk)

    def flush(self):
        """Index every object saved so far, once, in bulk."""
        pks, self.saved = sorted(self.saved), set()
        if not pks:
            return
        backends = list(get_search_backends(with_auto_update=True))
        for start in range(0, len(pks), self.chunk_size):
            chunk = pks[start : start + self.chunk_size]
            objects = list(self.model.get_indexed_objects().filter(pk__in=chunk))
            for backend in backends:
                try:
                    backend.add_bulk(self.model, objects)
                except Exception:
                    # As Wagtail's own handler: an external service that is down must not
                    # cost the saved data; a database backend's error must surface.
                    if not getattr(backend, "catch_indexing_errors", False):
                        raise
                    logger.exception("Could not index %d objects in %r", len(objects), backend)


class NoDeferredIndex:
    """The same interface, deferring nothing: saves index as they happen."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def flush(self):
        pass
