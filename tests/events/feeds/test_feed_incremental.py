"""A feed rebuilt from the VEVENTs a process serialised before is byte for byte the feed built in
full, after any sequence of changes; and whatever a VEVENT shows changes the feed's ETag."""

import datetime as dt
import random

import pytest
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from jeugdzorg_wagtail.events import feeds
from jeugdzorg_wagtail.models import EventPage, EventType, SourceEvent, Theme, ThemeIndexPage
from tests.utils import (
    aware,
    edit_sessions,
    import_partner_events,
    make_agenda,
    make_event,
    make_source,
)

NOW = aware(2026, 6, 1, 12)
pytestmark = pytest.mark.django_db

FEEDS = ("/agenda/ical/", "/themas/gezin/ical/")

SERIES = {
    "start": aware(2026, 6, 3, 19, 30),
    "end": aware(2026, 6, 3, 21, 30),
    "city": "Oegstgeest",
    "venue": "Het Petrahuis",
    "repeat_frequency": "weekly",
    "repeat_interval": 1,
    "repeat_weekdays": "WE",
    "repeat_until": dt.date(2026, 9, 30),
}

TZ = ";TZID=Europe/Amsterdam"


def partner_events(title="Inloopavond pleegzorg", moved="20260619T200000"):
    return [
        ("reeks@zuid.example", title, "20260605T190000", "20260605T210000",
         {"RRULE": "FREQ=WEEKLY;COUNT=6", f"EXDATE{TZ}": "20260612T190000",
          "URL": "https://zuid.example/inloop"}),
        ("reeks@zuid.example", title, moved, "20260619T220000",
         {f"RECURRENCE-ID{TZ}": "20260619T190000"}),
        ("congres@zuid.example", "Congres jeugdhulp", "20260704", "20260706", {}),
    ]  # fmt: skip


@pytest.fixture
def world(root_page, settings):
    """Two agendas, a theme page, events with themes and types, a series and a partner."""
    settings.JEUGDZORG_WAGTAIL = {"SOURCES_IN_FEEDS": True}
    gezin = Theme.objects.create(name="Gezin", slug="gezin")
    school = Theme.objects.create(name="School", slug="school")
    workshop = EventType.objects.create(name="Workshop", slug="workshop")
    lezing = EventType.objects.create(name="Lezing", slug="lezing")
    agenda = make_agenda(root_page)
    other = make_agenda(root_page, title="Regio-agenda", slug="regio")
    root_page.add_child(instance=ThemeIndexPage(title="Thema's", slug="themas"))
    for i in range(6):
        make_event(
            agenda if i % 3 else other,
            f"Themacafé {i}",
            sessions=[
                {"start": aware(2026, 6, 5 + i, 19), "end": aware(2026, 6, 5 + i, 21),
                 "city": "Utrecht"},
                *([{"start": aware(2026, 7, 5 + i, 10), "all_day": True}] if i % 2 else []),
            ],
            event_type=(workshop, lezing, None)[i % 3],
            themes=[(gezin,), (gezin, school), (school,)][i % 3],
            intro=f"Een avond over samenwerken, deel {i}.",
        )  # fmt: skip
    make_event(agenda, "Vervolgavond", sessions=[SERIES], themes=[gezin])
    source = make_source("Jeugdzorg Zuid", agendas=[agenda])
    import_partner_events(source, *partner_events())
    return {"agenda": agenda, "other": other, "source": source}


def feed_requests(client):
    """Each feed three ways: served (feed cache and VEVENTs kept), built in full, and built
    with no VEVENT kept; all must be the same bytes."""
    served = {url: client.get(url) for url in FEEDS}
    base = {"SOURCES_IN_FEEDS": True, "FEED_CACHE_ALIAS": None}
    with override_settings(JEUGDZORG_WAGTAIL={**base, "FEED_VEVENT_CACHE_SIZE": 0}):
        full = {url: client.get(url) for url in FEEDS}
    feeds.VEVENTS.clear()
    with override_settings(JEUGDZORG_WAGTAIL=base):
        cold = {url: client.get(url) for url in FEEDS}
    for url in FEEDS:
        assert served[url].status_code == full[url].status_code == cold[url].status_code == 200
        assert served[url].content == full[url].content, url
        assert cold[url].content == full[url].content, url
        assert served[url]["ETag"] == full[url]["ETag"]
    return served


def live_events():
    return list(EventPage.objects.live().order_by("pk"))


def edit(rng, world):
    page = rng.choice(live_events())
    change = rng.choice(["title", "venue", "start", "note", "status"])
    if change == "title":
        page.title = f"{page.title} (nieuw)"
        page.save_revision().publish()
        return f"renamed {page.pk}"
    values = {
        "venue": {"venue": f"Zaal {rng.randint(1, 99)}"},
        "start": {"start": aware(2026, 6, rng.randint(2, 28), rng.randint(9, 20))},
        "note": {"note": f"Neem je laptop mee ({rng.randint(1, 99)})"},
        "status": {"status": rng.choice(["cancelled", "postponed", "moved_online", "scheduled"])},
    }[change]
    edit_sessions(page, **values)
    return f"{change} of {page.pk}"


def publish(rng, world):
    hidden = list(EventPage.objects.filter(live=False))
    if hidden and rng.random() < 0.6:
        page = rng.choice(hidden)
        page.save_revision().publish()
        return f"published {page.pk} again"
    day = rng.randint(2, 28)
    page = make_event(
        rng.choice([world["agenda"], world["other"]]),
        f"Nieuw {rng.randint(1, 999)}",
        sessions=[{"start": aware(2026, 6, day, 14), "end": aware(2026, 6, day, 16)}],
        themes=list(Theme.objects.filter(slug="gezin")),
    )
    return f"published new {page.pk}"


def unpublish(rng, world):
    page = rng.choice(live_events())
    page.unpublish()
    return f"unpublished {page.pk}"


def move(rng, world):
    page = Page.objects.get(pk=rng.choice(live_events()).pk)
    target = world["other"] if page.get_parent().pk == world["agenda"].pk else world["agenda"]
    page.move(Page.objects.get(pk=target.pk), pos="last-child")
    return f"moved {page.pk}"


def restrict(rng, world):
    restriction = PageViewRestriction.objects.first()
    if restriction is not None and rng.random() < 0.5:
        restriction.delete()
        return "lifted a view restriction"
    page = rng.choice(live_events())
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    return f"restricted {page.pk}"


def rename_term(rng, world):
    term = rng.choice(list(Theme.objects.all()) + list(EventType.objects.all()))
    term.name = f"{term.name}+"
    term.save()
    return f"renamed term {term.name}"


def rename_parent(rng, world):
    other = Page.objects.get(pk=world["other"].pk).specific
    other.slug = f"regio-{rng.randint(1, 999)}"
    other.save_revision().publish()
    return f"slug of the other agenda {other.slug}"


def change_series(rng, world):
    page = EventPage.objects.get(title="Vervolgavond")
    session = page.sessions.get()
    blocks = list(session.repeat_exceptions.raw_data)
    day = dt.date(2026, 6, 3) + dt.timedelta(weeks=rng.randint(1, 16))
    if rng.random() < 0.5:
        blocks.append({"type": "skip", "value": {"date": day.isoformat()}})
    else:
        blocks.append(
            {
                "type": "change",
                "value": {
                    "date": day.isoformat(),
                    "status": "scheduled",
                    "start_time": f"{rng.randint(18, 20)}:00:00",
                    "venue": "Bibliotheek Oegstgeest",
                    "note": f"Deze keer in de bibliotheek ({rng.randint(1, 99)})",
                },
            }
        )
    blocks = list({block["value"]["date"]: block for block in blocks}.values())
    edit_sessions(page, repeat_exceptions=blocks)
    return f"series exceptions {[b['value']['date'] for b in blocks]}"


def change_partner(rng, world):
    if rng.random() < 0.5:
        title = rng.choice(["Inloopavond pleegzorg", "Inloopavond", "Open avond pleegzorg"])
        moved = rng.choice(["20260619T200000", "20260619T203000"])
        import_partner_events(world["source"], *partner_events(title, moved))
        return f"partner changed ({title}, {moved})"
    event = rng.choice(list(SourceEvent.objects.filter(recurrence_key="").order_by("pk")))
    event.event_type = rng.choice([None, *EventType.objects.all()])
    event.taxonomy_edited = True
    event.save()
    return f"classified partner event {event.pk}"


STEPS = [
    edit,
    publish,
    unpublish,
    move,
    restrict,
    rename_term,
    rename_parent,
    change_series,
    change_partner,
]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_served_feed_is_the_full_build_after_every_change(
    seed, world, client, clock, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    previous = feed_requests(client)
    done = []
    for _step in range(14):
        clock.shift(dt.timedelta(minutes=1))
        step = rng.choice(STEPS)
        with django_capture_on_commit_callbacks(execute=True):
            done.append(step(rng, world))
        served = feed_requests(client)
        for url in FEEDS:
            if served[url].content != previous[url].content:
                # A calendar app holding the old feed gets the new one, not a 304.
                assert served[url]["ETag"] != previous[url]["ETag"], (url, done)
                again = client.get(url, HTTP_IF_NONE_MATCH=previous[url]["ETag"])
                assert again.status_code == 200, (url, done)
                assert again.content == served[url].content
        previous = served
    assert len({text.split()[0] for text in done}) >= 5, done  # several kinds of change


def test_a_renamed_theme_reaches_a_calendar_holding_the_old_feed(world, client):
    first = client.get("/agenda/ical/")
    assert b"CATEGORIES:Lezing,Gezin,School\r\n" in first.content
    assert client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    theme = Theme.objects.get(slug="gezin")
    theme.name = "Gezin en opvoeding"
    theme.save()
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"CATEGORIES:Lezing,Gezin en opvoeding,School\r\n" in response.content
    assert b"CATEGORIES:Lezing,Gezin,School\r\n" not in response.content
    assert response["ETag"] != first["ETag"]


def test_a_renamed_theme_changes_the_etag_without_the_feed_cache(world, client, settings):
    settings.JEUGDZORG_WAGTAIL = {"SOURCES_IN_FEEDS": True, "FEED_CACHE_ALIAS": None}
    first = client.get("/agenda/ical/")
    assert b"CATEGORIES:Lezing,Gezin,School\r\n" in first.content
    lezing = EventType.objects.get(slug="lezing")
    lezing.name = "Voordracht"
    lezing.save()
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"CATEGORIES:Voordracht,Gezin,School\r\n" in response.content


def test_a_parent_slug_change_reaches_a_calendar_holding_the_theme_feed(
    world, client, django_capture_on_commit_callbacks
):
    first = client.get("/themas/gezin/ical/")
    assert b"URL:http://localhost/regio/" in first.content
    other = Page.objects.get(pk=world["other"].pk).specific
    other.slug = "regio-noord"
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    response = client.get("/themas/gezin/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"URL:http://localhost/regio-noord/" in response.content
    assert b"URL:http://localhost/regio/" not in response.content


def test_a_classified_partner_event_reaches_a_calendar_holding_the_old_feed(world, client):
    first = client.get("/agenda/ical/")
    assert b"CATEGORIES:Lezing\r\n" not in first.content
    congress = SourceEvent.objects.get(uid="congres@zuid.example")
    congress.event_type = EventType.objects.get(slug="lezing")
    congress.taxonomy_edited = True
    congress.save()
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"SUMMARY:Congres jeugdhulp\r\n" in response.content
    assert b"CATEGORIES:Lezing\r\n" in response.content


def test_a_slug_change_outside_every_feed_keeps_the_etag(
    world, root_page, client, django_capture_on_commit_callbacks
):
    leaf = root_page.add_child(instance=Page(title="Over ons", slug="over-ons"))
    leaf.save_revision().publish()
    first = client.get("/agenda/ical/")
    leaf = Page.objects.get(pk=leaf.pk)
    leaf.slug = "over-het-netwerk"
    with django_capture_on_commit_callbacks(execute=True):
        leaf.save_revision().publish()
    assert client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
