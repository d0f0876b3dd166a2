"""Work that an import does once at the end instead of on every save.

Creating and publishing a page saves it three times, and Wagtail updates the page's entries in
the reference index (the "usage" of images, documents, snippets and pages) on every save of the
page and of each of its child rows (sessions). :class:`ReferencesAtTheEnd` notes those saves in
the current thread and updates the index once per object, after the rows: the same rows as
before, because the index is computed from what is stored then.
"""

import threading
from collections import defaultdict

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import (
    disable_reference_index_auto_update,
    reference_index_auto_update_disabled,
)

from ..core.search import IndexAtTheEnd

__all__ = ["PageWorkAtTheEnd", "ReferencesAtTheEnd"]


def _parental_key(model):
    return next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None)


class ReferencesAtTheEnd:
    """A context manager that defers the reference index updates of saves in this thread.

    Deletes still update the index as they happen (as Wagtail's own handler does).
    ``flush()`` updates the index of every object saved so far; a saved child row (a
    session) updates its parent's, as Wagtail's ``update_reference_index_task`` does.
    """

    chunk_size = 500

    def __init__(self):
        self.saved = defaultdict(set)
        self.thread = None
        self._disabled = None

    def __enter__(self):
        if getattr(reference_index_auto_update_disabled, "value", False):
            return self  # updates are off already: nothing to note, nothing to do
        self.thread = threading.get_ident()
        self._disabled = disable_reference_index_auto_update()
        self._disabled.__enter__()
        post_save.connect(self.note_save, weak=False, dispatch_uid=("refs-save", id(self)))
        post_delete.connect(self.on_delete, weak=False, dispatch_uid=("refs-delete", id(self)))
        return self

    def __exit__(self, *exc_info):
        if self.thread is not None:
            post_save.disconnect(dispatch_uid=("refs-save", id(self)))
            post_delete.disconnect(dispatch_uid=("refs-delete", id(self)))
            self._disabled.__exit__(None, None, None)
            self.thread = None
        return False

    def _mine(self, sender, kwargs):
        return (
            threading.get_ident() == self.thread
            and not kwargs.get("raw", False)
            and sender in ReferenceIndex.tracked_models
        )

    def note_save(self, sender, instance, **kwargs):
        if self._mine(sender, kwargs):
            self.saved[instance._meta.model].add(instance.pk)

    def on_delete(self, sender, instance, **kwargs):
        if self._mine(sender, kwargs):
            with transaction.atomic():
                ReferenceIndex.remove_for_object(instance)
                ReferenceIndex.remove_references_to(instance)

    def flush(self):
        """Update the reference index of every object saved so far, once each."""
        saved, self.saved = self.saved, defaultdict(set)
        # A child row stands for its parent (and a grandchild for its grandparent).
        while True:
            children = [model for model in saved if _parental_key(model) is not None]
            if not children:
                break
            for model in children:
                key = _parental_key(model)
                parents = model._default_manager.filter(pk__in=saved.pop(model)).values_list(
                    key.attname, flat=True
                )
                saved[key.related_model].update(pk for pk in parents if pk is not None)
        for model, pks in saved.items():
            if not ReferenceIndex.is_indexed(model):
                continue
            pks = sorted(pks)
            for start in range(0, len(pks), self.chunk_size):
                chunk = pks[start : start + self.chunk_size]
                for obj in model._default_manager.filter(pk__in=chunk):
                    ReferenceIndex.create_or_update_for_object(obj)


class PageWorkAtTheEnd:
    """The search index (:class:`~jeugdzorg_wagtail.core.search.IndexAtTheEnd`) and the
    reference index (:class:`ReferencesAtTheEnd`) of an import of pages, each once at the
    end."""

    def __init__(self, model):
        self._search = IndexAtTheEnd(model)
        self.search = None  # the batch that notes the saves (an outer one, if any)
        self.references = ReferencesAtTheEnd()

    def __enter__(self):
        self.search = self._search.__enter__()
        self.references.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.references.__exit__(*exc_info)
        self._search.__exit__(*exc_info)
        return False

    def flush(self):
        self.references.flush()
        self.search.flush()
