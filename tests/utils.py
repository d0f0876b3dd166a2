"""Small ``make_*`` helpers to build pages and data in tests (as Wagtail's own tests do)."""

import datetime as dt
import zoneinfo

from jeugdzorg_wagtail.models import EventIndexPage, EventPage, EventSession

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def aware(year, month, day, hour=0, minute=0, tz=AMS):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def make_agenda(parent, title="Agenda", slug="agenda", **kwargs):
    page = EventIndexPage(title=title, slug=slug, **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_event(parent, title="Themacafé", sessions=None, publish=True, **kwargs):
    """An event under ``parent`` with ``sessions`` (dicts of EventSession fields).

    Without ``sessions`` the event gets one session tomorrow from 19:00 to 21:00.
    """
    kwargs.setdefault("slug", None)
    if not kwargs["slug"]:
        kwargs.pop("slug")
    page = EventPage(title=title, **kwargs)
    if sessions is None:
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        sessions = [
            {
                "start": dt.datetime.combine(tomorrow, dt.time(19), tzinfo=AMS),
                "end": dt.datetime.combine(tomorrow, dt.time(21), tzinfo=AMS),
                "city": "Utrecht",
            }
        ]
    page.sessions = [EventSession(**values) for values in sessions]
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    else:
        page.unpublish() if page.live else None
    return page


def make_document(title="Dia's", filename="dias.pdf", content=b"%PDF-1.4\n%%EOF\n", **kwargs):
    """A Wagtail document with ``content`` stored under ``filename`` (size and hash filled)."""
    import hashlib

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(
        title=title,
        file=ContentFile(content, name=filename),
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324 (same hash as Wagtail)
        **kwargs,
    )
    document.save()
    return document


def make_presentation(parent, title="Het kan beter", speakers=None, publish=True, **kwargs):
    """A presentation under ``parent`` with ``speakers`` (dicts of PresentationSpeaker fields).

    Without a document, link or ``withdrawn`` it gets an external link.
    """
    from jeugdzorg_wagtail.models import PresentationPage, PresentationSpeaker

    if not (kwargs.get("document") or kwargs.get("external_url") or kwargs.get("withdrawn")):
        kwargs["external_url"] = "https://slides.example.org/het-kan-beter"
    themes = kwargs.pop("themes", [])
    kwargs.setdefault("live", publish)
    page = PresentationPage(title=title, **kwargs)
    page.speakers = [PresentationSpeaker(**values) for values in (speakers or [])]
    parent.add_child(instance=page)
    if themes:
        page.themes.set(themes)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page
