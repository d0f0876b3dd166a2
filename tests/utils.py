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


def make_call(parent, title="Oproep", slug="oproep", opens_at=None, closes_at=None, **kwargs):
    """A published call under ``parent``: open since yesterday, closing in 30 days by default."""
    from django.utils import timezone

    from jeugdzorg_wagtail.models import CallForParticipationPage

    now = timezone.now()
    kwargs.setdefault(
        "privacy_statement", "<p>We gebruiken je gegevens alleen voor deze oproep.</p>"
    )
    kwargs.setdefault("confirmation_text", "<p>We laten binnen twee weken iets van ons horen.</p>")
    page = CallForParticipationPage(
        title=title,
        slug=slug,
        opens_at=opens_at if opens_at is not None else now - dt.timedelta(days=1),
        closes_at=closes_at if closes_at is not None else now + dt.timedelta(days=30),
        **kwargs,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def call_form_token(call, seconds_ago=10):
    """A form token as if the form had been shown ``seconds_ago`` seconds ago."""
    import time

    import time_machine

    from jeugdzorg_wagtail.abuse import make_form_token

    with time_machine.travel(time.time() - seconds_ago, tick=False):
        return make_form_token(call.pk)


def call_form_data(call, region=None, **overrides):
    """Valid POST data for the form of ``call`` (a token shown 10 seconds ago included)."""
    from jeugdzorg_wagtail.models import Region

    region = region or Region.objects.get_or_create(name="Limburg")[0]
    data = {
        "jw_token": call_form_token(call),
        "jw_privacy": call.get_privacy_text_hash(),
        "homepage": "",
        "name": "Sanne de Vries",
        "organisation": "Jeugdzorg Zuid",
        "role": "Gedragswetenschapper",
        "email": "sanne@example.org",
        "phone": "043 123 45 67",
        "region": str(region.pk),
        "submission_type": call.get_submission_types()[0]["label"],
        "title": "Beveiligd chatten met gezinnen",
        "summary": "Een beveiligde website waar gezin en hulpverlener elkaar direct spreken.",
        "description": "Hoe we het opzetten, wat het oplevert en wat we anders zouden doen.",
        "links": "https://www.example.org/chat\nhttps://www.example.org/verslag",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
