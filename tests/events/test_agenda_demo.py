"""The demo agenda: the network's events with their real dates, and follow-ups."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jeugdzorg_wagtail.demo import load_demo
from jeugdzorg_wagtail.models import AgendaEntry, EventPage, EventSession, SessionStatus


@pytest.mark.django_db
def test_the_demo_agenda_holds_the_events_and_runs_again_without_changes(root_page, client):
    report = load_demo(root_page)
    assert any(created for _, created in report)
    events = {page.slug: page for page in EventPage.objects.all()}
    assert len(events) == 9
    regional = events["regiobijeenkomsten-samen-voor-jeugd-2013"]
    local = [(s.city, timezone.localtime(s.start)) for s in regional.sessions.all()]
    assert [(city, start.date().isoformat(), start.hour) for city, start in local] == [
        ("Zwolle", "2013-06-11", 12),
        ("Amsterdam", "2013-06-17", 12),
        ("Amersfoort", "2013-09-24", 12),
        ("Eindhoven", "2013-10-03", 12),
        ("Rotterdam", "2013-10-10", 12),
        ("Arnhem", "2013-10-14", 12),
    ]
    roles = {(r.organisation.name, r.role) for r in regional.organisation_roles.all()}
    assert ("VGN", "organiser") in roles and ("NJi", "partner") in roles
    assert ("ZonMw", "funder") in roles
    symposium = events["symposium-jeugdzorg-2-0-limburg-2012"]
    assert symposium.previous_edition.slug == "seminar-jeugdzorg-2-0"
    assert symposium.sessions.get().city == "Maastricht"
    hybrid = events["aan-de-slag-met-alternatieven-wat-als-vervolg"].sessions.get()
    assert hybrid.attendance_mode == "mixed" and hybrid.online_url_public
    assert "example.org" in hybrid.online_url
    assert events["themacafe-jeugdhulp-2018"].report
    assert (
        EventSession.objects.filter(
            page__slug="themacafe-jeugdhulp", status=SessionStatus.CANCELLED
        ).count()
        == 1
    )
    assert events["themacafe-jeugdhulp"].previous_edition == events["themacafe-jeugdhulp-2018"]
    # The follow-up evenings: every fourth Wednesday for a year, one summer evening cancelled,
    # one evening changed.
    series = events["vervolgavonden-themacafe"].sessions.get()
    assert series.repeat_description == "elke vierde woensdag van de maand"
    dates = list(AgendaEntry.objects.filter(session=series).order_by("start"))
    assert len(dates) == 12
    assert {timezone.localtime(d.start).weekday() for d in dates} == {2}
    (cancelled,) = [d for d in dates if d.status == SessionStatus.CANCELLED]
    assert timezone.localtime(cancelled.start).month in (7, 8)
    (changed,) = [d for d in dates if d.is_changed and d.is_scheduled]
    assert timezone.localtime(changed.start).hour == 20
    assert changed.venue == "Bibliotheek Oegstgeest"

    # Every page renders, the listing and the archive too
    for page in events.values():
        assert client.get(page.url).status_code == 200
    # The partner's evenings too (the demo's own partner calendar), marked with their source
    partner = AgendaEntry.objects.filter(source_event__isnull=False)
    now = timezone.now()
    assert partner.filter(end_bound__gt=now).exists()
    listing = client.get("/agenda/")
    upcoming_partner = partner.filter(end_bound__gt=now).count()
    assert listing.context["paginator"].count == 6 + 2 + 1 + 12 + upcoming_partner
    assert "Van: Netwerk Radicale vernieuwing jeugdzorg" in listing.content.decode()
    assert client.get("/agenda/calendar/").status_code == 200
    past_partner = partner.filter(end_bound__lte=now).count()
    assert client.get("/agenda/past/").context["paginator"].count == 10 + past_partner

    count = EventSession.objects.count()
    entries = AgendaEntry.objects.count()
    call_command("jeugdzorg_demo", "--yes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert EventSession.objects.count() == count
    assert AgendaEntry.objects.count() == entries
    assert EventPage.objects.count() == 9


@pytest.mark.django_db
def test_the_demo_step_gives_later_steps_the_events(root_page):
    context = {}
    from jeugdzorg_wagtail.demo import STEPS

    for step in STEPS:
        step(root_page, [], context)
    assert set(context["events"]) >= {"symposium-2012", "regional-2013", "themacafe-2018"}
    assert isinstance(context["events"]["themacafe-2018"], EventPage)


@pytest.mark.django_db
def test_the_demo_command_says_where_its_pages_are(site):
    site.hostname, site.port = "127.0.0.1", 8000
    site.save()
    out = io.StringIO()
    call_command("jeugdzorg_demo", "--yes", stdout=out)
    for line in (
        "Agenda: http://127.0.0.1:8000/agenda/",
        "Praktijkvoorbeelden: http://127.0.0.1:8000/praktijkvoorbeelden/",
        "Presentaties: http://127.0.0.1:8000/presentaties/",
        ": http://127.0.0.1:8000/oproep-symposium-jeugdzorg-2-0/",
    ):
        assert line in out.getvalue()
    again = io.StringIO()
    call_command("jeugdzorg_demo", "--yes", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert "Agenda: http://127.0.0.1:8000/agenda/" in again.getvalue()
