"""The cache of rendered pages: a page read again by an anonymous visitor is served from the
cache, byte for byte the same, and every change that shows on it (publishing, unpublishing, a
move, a view restriction, a renamed term, a partner's feed, a registration) shows on the next
request. Logged-in editors, forms and other hosts or languages never get someone else's copy."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from jeugdzorg_wagtail.events import feed_cache
from jeugdzorg_wagtail.models import EventPage, EventType, Theme
from tests.fake_redis import server
from tests.utils import (
    AMS,
    count_queries,
    import_partner_events,
    make_agenda,
    make_event,
    make_library,
    make_practice_example,
    make_registration,
    make_registration_event,
    make_source,
)

pytestmark = pytest.mark.django_db

#: Queries of a cached page one level below the site's root: Wagtail's routing (the site, the
#: page, its specific row, its view restrictions), as for a cached feed; nothing of the page's
#: own. Each level deeper costs Wagtail's routing two more (see :func:`hit_queries`).
HIT_QUERIES = 5


def hit_queries(url):
    """The queries of a cached copy of ``url``: Wagtail's routing only."""
    levels = {"event": 2, "example": 2}
    return HIT_QUERIES + 2 * (levels.get(url, 1) - 1)


def anonymous():
    return Client()


def titles_in(response):
    assert response.status_code == 200
    return response.content.decode()


def rename(page, title, publish=True):
    page = type(page).objects.get(pk=page.pk)
    page.title = title
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@pytest.fixture
def pages(root_page):
    agenda = make_agenda(root_page)
    theme = Theme.objects.create(name="Jeugdhulp")
    event = make_event(agenda, "Themacafé", slug="themacafe", event_type=None)
    event.themes.add(theme)
    event.save_revision().publish()
    library = make_library(root_page)
    example = make_practice_example(library, "Haven 71", themes=[theme])
    today = dt.date.today()
    return {
        "agenda": agenda,
        "event": EventPage.objects.get(pk=event.pk),
        "theme": theme,
        "library": library,
        "example": example,
        "urls": {
            "agenda": "/agenda/",
            "event": "/agenda/themacafe/",
            "example": example.url,
            "library": "/praktijkvoorbeelden/",
            "library search": "/praktijkvoorbeelden/?q=haven&theme=jeugdhulp",
            "month calendar": f"/agenda/calendar/{today.year}/{today.month}/",
            "agenda filtered": "/agenda/?theme=jeugdhulp",
        },
    }


URLS = [
    "agenda",
    "event",
    "example",
    "library",
    "library search",
    "month calendar",
    "agenda filtered",
]


@pytest.mark.parametrize("name", URLS)
def test_a_page_read_again_is_served_from_the_cache_with_the_same_bytes(pages, name):
    url = pages["urls"][name]
    first, rendering = count_queries(anonymous(), url)
    again, cached = count_queries(anonymous(), url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert dict(again.headers) == dict(first.headers)
    for header in ("Content-Type", "Content-Language", "Vary"):
        assert again[header] == first[header]
    assert cached == hit_queries(name) < rendering
    head = anonymous().head(url)
    assert head.status_code == 200
    assert dict(head.headers) == dict(first.headers)


def test_a_page_that_reads_the_session_gets_the_same_headers_from_the_cache(pages, monkeypatch):
    """Wagtail's user bar asks who the visitor is, which reads the (empty) session, so Django
    adds ``Vary: Cookie``: the cached copy says the same."""
    monkeypatch.setattr(EventPage, "template", "page_cache/event_with_userbar.html")
    first = anonymous().get("/agenda/themacafe/")
    again, queries = count_queries(anonymous(), "/agenda/themacafe/")
    assert "Cookie" in first["Vary"]
    assert queries == hit_queries("event")
    assert dict(again.headers) == dict(first.headers)
    assert again.content == first.content


def test_a_cached_page_costs_the_same_queries_with_more_events(pages):
    for day in range(1, 30):
        make_event(pages["agenda"], f"Werkplaats {day}")
    anonymous().get("/agenda/")
    response, queries = count_queries(anonymous(), "/agenda/")
    assert "Werkplaats" in titles_in(response)
    assert queries == HIT_QUERIES


def test_the_query_parameters_are_part_of_the_key_in_any_order(pages):
    anonymous().get("/praktijkvoorbeelden/?q=haven&theme=jeugdhulp")
    swapped, queries = count_queries(anonymous(), "/praktijkvoorbeelden/?theme=jeugdhulp&q=haven")
    assert "Haven 71" in titles_in(swapped)
    assert queries == HIT_QUERIES
    other = anonymous().get("/praktijkvoorbeelden/?q=onbekend")
    assert "Haven 71" not in titles_in(other).split("<main")[1]


def test_an_unpublished_event_leaves_the_agenda_and_its_page_at_once(pages):
    visitor = anonymous()
    assert "Themacafé" in titles_in(visitor.get("/agenda/"))
    assert visitor.get("/agenda/themacafe/").status_code == 200
    pages["event"].unpublish()
    assert "Themacafé" not in titles_in(visitor.get("/agenda/"))
    assert visitor.get("/agenda/themacafe/").status_code == 404


def test_a_draft_changes_nothing_and_publishing_it_shows_it(pages):
    visitor = anonymous()
    visitor.get("/agenda/")
    visitor.get("/agenda/themacafe/")
    rename(pages["event"], "Themacafé over pleegzorg", publish=False)
    for name, url in (("agenda", "/agenda/"), ("event", "/agenda/themacafe/")):
        response, queries = count_queries(visitor, url)
        assert "Themacafé over pleegzorg" not in titles_in(response)
        assert queries == hit_queries(name)  # still the cached copy
    rename(pages["event"], "Themacafé over pleegzorg")
    for url in ("/agenda/", "/agenda/themacafe/"):
        assert "Themacafé over pleegzorg" in titles_in(visitor.get(url))


def test_publishing_any_page_of_the_site_drops_the_cached_pages(pages):
    """The site's own menu or links may show any page: a new one shows on the next request."""
    visitor = anonymous()
    visitor.get("/praktijkvoorbeelden/")
    make_practice_example(pages["library"], "Garage2020")
    assert "Garage2020" in titles_in(visitor.get("/praktijkvoorbeelden/"))


def test_a_moved_event_shows_in_its_new_agenda(pages, root_page):
    other = make_agenda(root_page, title="Agenda Zuid", slug="agenda-zuid")
    visitor = anonymous()
    visitor.get("/agenda/")
    visitor.get("/agenda-zuid/")
    Page.objects.get(pk=pages["event"].pk).move(other, pos="last-child")
    assert "Themacafé" not in titles_in(visitor.get("/agenda/"))
    assert "Themacafé" in titles_in(visitor.get("/agenda-zuid/"))
    assert visitor.get("/agenda-zuid/themacafe/").status_code == 200


@pytest.mark.parametrize("kind", ["login", "password"])
def test_a_view_restriction_added_is_never_served_around(pages, kind):
    visitor = anonymous()
    for url in ("/agenda/", "/agenda/themacafe/", "/praktijkvoorbeelden/"):
        assert visitor.get(url).status_code == 200
    PageViewRestriction.objects.create(page=pages["agenda"], restriction_type=kind, password="x")
    for url in ("/agenda/", "/agenda/themacafe/"):
        response = visitor.get(url)
        assert response.status_code in (200, 302)
        assert "Themacafé" not in response.content.decode()
        assert "Themacafé" not in anonymous().get(url).content.decode()
    # The agenda left the site's public pages: the library's cached copy is dropped too.
    library, queries = count_queries(visitor, "/praktijkvoorbeelden/")
    assert library.status_code == 200 and queries > HIT_QUERIES


def test_a_restricted_page_is_never_kept(pages, django_user_model):
    PageViewRestriction.objects.create(page=pages["agenda"], restriction_type="login")
    editor = django_user_model.objects.create_user("lezer", password="geheim123")
    member = Client()
    member.force_login(editor)
    assert "Themacafé" in titles_in(member.get("/agenda/themacafe/"))
    response = anonymous().get("/agenda/themacafe/")
    assert response.status_code == 302
    assert "Themacafé" not in response.content.decode()


def test_a_renamed_theme_shows_on_the_cached_pages(pages):
    visitor = anonymous()
    for url in ("/agenda/themacafe/", pages["urls"]["example"]):
        assert "Jeugdhulp" in titles_in(visitor.get(url))
    theme = Theme.objects.get(pk=pages["theme"].pk)
    theme.name = "Jeugdhulp thuis"
    theme.save()
    for url in ("/agenda/themacafe/", pages["urls"]["example"]):
        assert "Jeugdhulp thuis" in titles_in(visitor.get(url))


def test_another_host_gets_its_own_copy(pages, root_page):
    Site.objects.create(hostname="zuid.example.org", port=80, root_page=root_page)
    here = anonymous().get("/agenda/")
    there = anonymous().get("/agenda/", HTTP_HOST="zuid.example.org")
    assert "webcal://zuid.example.org/agenda/ical/" in titles_in(there)
    assert "webcal://zuid.example.org" not in titles_in(here)


def test_each_language_gets_its_own_copy(pages):
    dutch = anonymous().get("/agenda/", HTTP_ACCEPT_LANGUAGE="nl")
    english = anonymous().get("/agenda/", HTTP_ACCEPT_LANGUAGE="en")
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    assert "Past events" in titles_in(english) and "Past events" not in titles_in(dutch)
    for language in ("nl", "en"):
        again = anonymous().get("/agenda/", HTTP_ACCEPT_LANGUAGE=language)
        assert again.content == (dutch if language == "nl" else english).content


def test_a_logged_in_editor_gets_a_fresh_page_and_leaves_nothing_behind(pages):
    editor = User.objects.create_superuser("hoofdredacteur", password="geheim123")
    anonymous().get("/agenda/themacafe/")  # cached for visitors
    rename(pages["event"], "Themacafé (concept)", publish=False)
    signed_in = Client()
    signed_in.force_login(editor)
    first, rendering = count_queries(signed_in, "/agenda/themacafe/")
    again, queries = count_queries(signed_in, "/agenda/themacafe/")
    assert queries == rendering > HIT_QUERIES
    assert first.content == again.content
    response = anonymous().get("/agenda/themacafe/")
    assert "(concept)" not in titles_in(response)


@pytest.mark.parametrize("name", ["event", "example"])
def test_a_preview_of_a_draft_is_never_kept_nor_served_a_copy(pages, name):
    page = pages[name]
    url = pages["urls"][name]
    anonymous().get(url)  # cached for visitors
    draft = rename(page, f"{page.title} (concept)", publish=False)
    preview = draft.get_latest_revision_as_object().make_preview_request()
    assert "(concept)" in preview.content.decode()
    assert "(concept)" not in titles_in(anonymous().get(url))


def test_a_page_that_uses_a_csrf_token_is_never_kept(pages, monkeypatch):
    """Detected from the rendering, not from a list: here the event page gets a form."""
    monkeypatch.setattr(EventPage, "template", "page_cache/event_with_form.html")
    for _ in range(2):
        response, queries = count_queries(anonymous(), "/agenda/themacafe/")
        assert 'name="csrfmiddlewaretoken"' in titles_in(response)
        assert "csrftoken" in response.cookies  # the token of this visitor
        assert queries > HIT_QUERIES


def test_a_form_route_is_never_kept(pages, agenda_with_registration):
    for _ in range(2):
        response = anonymous().get("/agenda/regiobijeenkomst/register/")
        assert 'name="csrfmiddlewaretoken"' in titles_in(response)
        assert "csrftoken" in response.cookies


@pytest.fixture
def agenda_with_registration(pages):
    return make_registration_event(pages["agenda"])


def test_the_places_left_change_with_each_registration(agenda_with_registration):
    event = agenda_with_registration
    visitor = anonymous()
    assert "nog 10 plaatsen" in titles_in(visitor.get("/agenda/regiobijeenkomst/"))
    cached, queries = count_queries(visitor, "/agenda/regiobijeenkomst/")
    assert "nog 10 plaatsen" in titles_in(cached) and queries == hit_queries("event")
    registration = make_registration(event)
    assert "nog 9 plaatsen" in titles_in(visitor.get("/agenda/regiobijeenkomst/"))
    registration.delete()
    assert "nog 10 plaatsen" in titles_in(visitor.get("/agenda/regiobijeenkomst/"))


def test_a_partner_feed_merged_shows_in_the_agenda(pages):
    source = make_source(agendas=[pages["agenda"]])
    visitor = anonymous()
    visitor.get("/agenda/")
    start = (dt.date.today() + dt.timedelta(days=5)).strftime("%Y%m%d")
    import_partner_events(source, ("p-1", "Ouderavond Zuid", f"{start}T190000", f"{start}T210000"))
    assert "Ouderavond Zuid" in titles_in(visitor.get("/agenda/"))


def test_a_renamed_event_type_shows(pages):
    visitor = anonymous()
    visitor.get("/agenda/themacafe/")
    kind = EventType.objects.create(name="Werkplaats")
    EventPage.objects.filter(pk=pages["event"].pk).update(event_type=kind)  # no signal
    kind.name = "Leerwerkplaats"
    kind.save()  # a renamed term drops every cached page
    assert "Leerwerkplaats" in titles_in(visitor.get("/agenda/themacafe/"))


def test_an_upcoming_session_leaves_the_agenda_when_it_has_ended(root_page):
    agenda = make_agenda(root_page)
    start = dt.datetime.now(tz=AMS).replace(microsecond=0) + dt.timedelta(minutes=10)
    make_event(
        agenda, "Inloopuur", sessions=[{"start": start, "end": start + dt.timedelta(minutes=30)}]
    )
    visitor = anonymous()
    assert "Inloopuur" in titles_in(visitor.get("/agenda/"))
    with time_machine.travel(start + dt.timedelta(minutes=31)):
        assert "Inloopuur" not in titles_in(visitor.get("/agenda/"))


def test_the_cache_can_be_switched_off(pages, settings):
    settings.JEUGDZORG_WAGTAIL = {"PAGE_CACHE_TIMEOUT": 0}
    anonymous().get("/agenda/")
    _response, first = count_queries(anonymous(), "/agenda/")
    _response, again = count_queries(anonymous(), "/agenda/")
    assert first == again > HIT_QUERIES


def test_a_visitor_with_a_session_is_not_served_a_copy(pages):
    anonymous().get("/agenda/")
    visitor = anonymous()
    visitor.cookies["sessionid"] = "onbekend"
    _response, queries = count_queries(visitor, "/agenda/")
    assert queries > HIT_QUERIES


_runs = itertools.count()


@pytest.mark.parametrize("kind", ["stop", "hang"])
def test_pages_answer_while_the_cache_is_down(pages, settings, kind):
    location = f"redis://fake-pages-{next(_runs)}"
    options = {"FAILURE_RETRY_AFTER": 0}
    backend = "tests.fake_redis.FakeFailSafeRedisCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": f"{location}/1", "OPTIONS": options},
        "feeds": {"BACKEND": backend, "LOCATION": f"{location}/2", "OPTIONS": options},
    }
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": "feeds"}
    try:
        urls = list(pages["urls"].values())
        cached = {url: anonymous().get(url).content for url in urls}
        _response, queries = count_queries(anonymous(), "/agenda/")
        assert queries == HIT_QUERIES
        for fake in (server(f"{location}/1"), server(f"{location}/2")):
            fake.stop() if kind == "stop" else fake.hang()
        rename(pages["event"], "Themacafé in de bieb")
        for url in urls:
            response = anonymous().get(url)
            assert response.status_code == 200
        assert "Themacafé in de bieb" in titles_in(anonymous().get("/agenda/"))
        for fake in (server(f"{location}/1"), server(f"{location}/2")):
            fake.resume()
        feed_cache._epoch_checks.clear()  # as after the check interval
        # Back: the copies kept before the outage are not served (the lost bump was recorded).
        assert "Themacafé in de bieb" in titles_in(anonymous().get("/agenda/"))
        assert cached
    finally:
        feed_cache._epoch_checks.clear()


def test_a_new_day_starts_a_new_copy(pages, settings):
    """Today's date (in the calendar's zone) is in the key: at midnight "today" moves on,
    however long the copies are kept."""
    settings.JEUGDZORG_WAGTAIL = {"PAGE_CACHE_TIMEOUT": 3600}
    evening = dt.datetime.combine(dt.date.today(), dt.time(23, 59), tzinfo=AMS)
    with time_machine.travel(evening, tick=False):
        anonymous().get("/agenda/")
        _response, queries = count_queries(anonymous(), "/agenda/")
        assert queries == HIT_QUERIES
    with time_machine.travel(evening + dt.timedelta(minutes=2), tick=False):
        _response, queries = count_queries(anonymous(), "/agenda/")
        assert queries > HIT_QUERIES
