"""Template tags of the presentations: ``{% load jeugdzorg_presentations %}``.

- ``{{ bytes|filesize_local }}``: a file size in the active language ("1,01 MB" in Dutch).
- ``{% event_presentations event as presentations %}``: the presentations of an event.
"""

from django import template

from ..core.sizes import format_file_size
from ..presentations import queries
from ..presentations.models import PresentationPage

register = template.Library()


@register.filter
def filesize_local(value):
    """A size in bytes as text in the active language: ``1,01 MB`` (nl), ``1.01 MB`` (en)."""
    return format_file_size(value)


@register.simple_tag
def event_presentations(event):
    """``{% event_presentations page as presentations %}``: the presentations of an event."""
    if event is None or not getattr(event, "pk", None):
        return PresentationPage.objects.none()
    return queries.presentations_of_event(PresentationPage, event)
