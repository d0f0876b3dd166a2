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


def import_file(client, admin_path, content, name="import.csv", confirm=True, **options):
    """Upload ``content`` to the import view at ``admin_path`` and confirm it if it previews well.

    Returns ``(preview_response, confirm_response or None)``.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"import_file": SimpleUploadedFile(name, content), **options}
    preview = client.post(f"{admin_path}import/", data)
    form = preview.context.get("confirm_form") if preview.context else None
    if not confirm or form is None:
        return preview, None
    confirmed = client.post(
        f"{admin_path}import/confirm/",
        {"token": form["token"].value(), "file_name": name, **options},
    )
    return preview, confirmed
