"""The presentations a listing or an event page shows, with what a row needs."""

from django.db.models import Prefetch, Q

__all__ = ["presentations_of_event", "with_listing_data"]


def with_listing_data(presentations):
    """Add what a listing row needs (event, document, speakers, themes) to ``presentations``
    in a fixed number of queries."""
    speakers = presentations.model._meta.get_field("speakers").related_model
    return presentations.select_related("event", "document").prefetch_related(
        Prefetch("speakers", queryset=speakers.objects.select_related("organisation")),
        "themes",
    )


def presentations_of_event(presentation_model, event):
    """Live, public presentations (of ``presentation_model``) under ``event`` and those whose
    ``event`` is ``event``, with what a listing row needs, in a fixed number of queries."""
    pages = presentation_model.objects.live().public().filter(alias_of__isnull=True)
    pages = pages.filter(Q(pages.child_of_q(event)) | Q(event=event))
    return with_listing_data(pages.order_by("date", "path"))
