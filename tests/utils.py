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


def make_sessions(pages, count, first_start, step=dt.timedelta(hours=6), **values):
    """``count`` sessions spread over ``pages`` from ``first_start`` on, in one bulk insert.

    The derived fields (``end_bound``, ``attendance_mode``) are set here, since
    ``bulk_create`` does not call ``save()``.
    """
    from jeugdzorg_wagtail.models import AttendanceMode

    sessions = []
    for i in range(count):
        start = first_start + i * step
        end = start + dt.timedelta(hours=2)
        sessions.append(
            EventSession(
                page=pages[i % len(pages)],
                start=start,
                end=end,
                end_bound=end,
                city=values.get("city", "Utrecht"),
                attendance_mode=AttendanceMode.OFFLINE,
                sort_order=i,
            )
        )
    return EventSession.objects.bulk_create(sessions)


def edit_sessions(page, publish=True, **changes):
    """Change every session of ``page`` through a new revision (published unless told not)."""
    page = type(page).objects.get(pk=page.pk)
    sessions = list(page.sessions.all())
    for session in sessions:
        for name, value in changes.items():
            setattr(session, name, value)
    page.sessions = sessions
    revision = page.save_revision()
    if publish:
        revision.publish()
    return revision
