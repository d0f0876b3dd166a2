"""Copy a partner's event into an event page of one's own, to edit it further.

:func:`copy_to_page` makes a **draft** event under an agenda: its title, a summary and the
description as text, a link back to the partner's page, the event's region, event type,
themes and target groups, and one session per date (the coming year's dates of a series, at
most :data:`MAX_SESSIONS`). The partner's event is then hidden, so that the agenda does not
show it twice; the page's history says it was created.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import Page

from ..core.conf import jw_settings
from ..events.choices import SessionStatus
from .choices import SourceEventStatus

__all__ = ["MAX_SESSIONS", "copy_to_page", "session_values"]

#: The most sessions a copy gets; the dates of a series within :data:`HORIZON`.
MAX_SESSIONS = 52
HORIZON = dt.timedelta(days=366)
INTRO_LENGTH = 600


def _known(user):
    return user if user is not None and user.is_authenticated else None


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a site's own event model without this field
        return False
    return True


def copy_dates(source_event, now=None):
    """The dates a copy gets: those of the coming year, or else the first ones."""
    now = now or timezone.now()
    found = source_event.occurrences(now, now + HORIZON, limit=MAX_SESSIONS)
    if not found:
        first = source_event.start
        found = source_event.occurrences(first, first + HORIZON, limit=MAX_SESSIONS)
    return found


def session_values(occurrence):
    """The fields of a session for one date (a :class:`~.parsing.Occurrence`)."""
    event = occurrence.event
    values = {"venue": event.location[:255]}
    if event.all_day:
        zone = jw_settings.calendar_zone
        first = occurrence.start
        last = max(occurrence.end - dt.timedelta(days=1), first)
        values["all_day"] = True
        values["start"] = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
        values["end"] = (
            dt.datetime.combine(last, dt.time.min, tzinfo=zone) if last > first else None
        )
    else:
        values["start"] = occurrence.start
        values["end"] = occurrence.end if occurrence.end > occurrence.start else None
    if event.status == SourceEventStatus.CANCELLED:
        values["status"] = SessionStatus.CANCELLED
    elif event.status == SourceEventStatus.TENTATIVE:
        values["note"] = gettext("To be confirmed")
    return values


def _body(source_event):
    """The description as paragraphs of rich text, and a link back to the partner's page."""
    paragraphs = [
        "<p>" + escape(part.strip()).replace("\n", "<br/>") + "</p>"
        for part in source_event.description.split("\n\n")
        if part.strip()
    ]
    source = escape(source_event.source.name)
    if source_event.url:
        text = escape(gettext("Taken over from the agenda of %(source)s: %(link)s")) % {
            "source": source,
            "link": format_html('<a href="{}">{}</a>', source_event.url, source_event.url),
        }
    else:
        text = escape(gettext("Taken over from the agenda of %(source)s.")) % {"source": source}
    paragraphs.append(f"<p>{text}</p>")
    return [("paragraph", "".join(paragraphs))]


def _free_slug(page_model, parent, title):
    base = slugify(title)[:200] or "bijeenkomst"
    reserved = set()
    guard = getattr(page_model, "get_reserved_slugs", None)
    if guard is not None:
        reserved = guard(parent)
    slug, number = base, 2
    while slug in reserved or not Page._slug_is_available(slug, parent):
        slug, number = f"{base}-{number}", number + 1
    return slug


def copy_to_page(source_event, agenda, user=None, now=None):
    """Make a draft event page under ``agenda`` from ``source_event``; hide the latter.

    The page model is the agenda's (``get_event_page_model()``); fields it does not have
    are left out. Returns the page.
    """
    agenda = agenda.specific
    page_model = agenda.get_event_page_model()
    session_model = page_model._meta.get_field("sessions").related_model
    title = source_event.summary or gettext("Event of %(source)s") % {
        "source": source_event.source.name
    }
    user = _known(user)
    with transaction.atomic():
        page = page_model(title=title[:255], slug=_free_slug(page_model, agenda, title), live=False)
        if _has_field(page_model, "intro"):
            first = source_event.description.split("\n\n", 1)[0]
            page.intro = Truncator(" ".join(first.split())).chars(INTRO_LENGTH)
        if _has_field(page_model, "body"):
            page.body = _body(source_event)
        for name in ("region", "event_type"):
            if _has_field(page_model, name):
                setattr(page, f"{name}_id", getattr(source_event, f"{name}_id"))
        for name in ("themes", "target_groups"):
            if _has_field(page_model, name):
                setattr(page, name, list(getattr(source_event, name).all()))
        page.sessions = [
            session_model(**session_values(occurrence))
            for occurrence in copy_dates(source_event, now)
        ]
        if user is not None:
            page.owner = user
        agenda.add_child(instance=page)
        page.save_revision(user=user)
        source_event.hidden = True
        source_event.copied_to = page
        source_event.save(update_fields=["hidden", "copied_to"])
    log(instance=page, action="wagtail.create", user=user)
    return page
