"""What a theme page shows: the live, public pages of its site with one theme."""

from django.utils import timezone

from ..core.queries import not_in_private_section

__all__ = ["pages_with_theme", "upcoming_entries"]


def pages_with_theme(model, theme, scope):
    """Live pages of ``model`` with ``theme``, outside every private section, whose URL path
    starts with ``scope`` (a site's root path; ``None``: no pages), no aliases."""
    pages = model.objects.live().filter(not_in_private_section(), alias_of__isnull=True)
    if scope is None:
        return pages.none()
    return pages.filter(url_path__startswith=scope, themes=theme)


def upcoming_entries(event_pages, now=None):
    """The dates of the agenda (``AgendaEntry``: each session, each date of a series) of
    ``event_pages`` not over at ``now``, soonest first, with what a row of the agenda needs."""
    now = now or timezone.now()
    entry_model = event_pages.model._meta.get_field("agenda_entries").related_model
    return (
        entry_model.objects.filter(page__in=event_pages.values("pk"), end_bound__gt=now)
        .select_related("page", "page__event_type", "page__region", "session")
        .defer("session__repeat_exceptions", "session__exception_sequences")
        .order_by("start", "pk")
    )
