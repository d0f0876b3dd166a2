"""Template tags of the presentations: ``{% load jeugdzorg_presentations %}``.

- ``{{ bytes|filesize_local }}``: a file size in the active language ("1,01 MB" in Dutch).
- ``{% event_presentations event as presentations %}``: the presentations of an event.
"""

from django import template
from django.db.models import Q

from ..core.sizes import format_file_size
from ..models import PresentationIndexPage, PresentationPage

register = template.Library()


@register.filter
def filesize_local(value):
    """A size in bytes as text in the active language: ``1,01 MB`` (nl), ``1.01 MB`` (en)."""
    return format_file_size(value)


def presentations_of_event(event):
    """Live, public presentations under ``event`` and those whose ``event`` is ``event``,
    with what a listing row needs, in a fixed number of queries."""
    pages = PresentationPage.objects.live().public().filter(alias_of__isnull=True)
    pages = pages.filter(Q(pages.child_of_q(event)) | Q(event=event))
    pages = pages.order_by("date", "path")
    return PresentationIndexPage.with_listing_data(pages)


@register.simple_tag
def event_presentations(event):
    """``{% event_presentations page as presentations %}``: the presentations of an event."""
    if event is None or not getattr(event, "pk", None):
        return PresentationPage.objects.none()
    return presentations_of_event(event)
