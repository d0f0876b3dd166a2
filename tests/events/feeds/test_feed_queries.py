"""A feed costs the same queries for 200 or 2,000 sessions; a 304 costs almost nothing."""

import datetime as dt

import pytest
from django.http import HttpResponse

from jeugdzorg_wagtail.models import EventIndexPage, EventType, Theme
from tests.utils import aware, count_queries, make_event, make_sessions

NOW = aware(2026, 6, 1, 12)


@pytest.fixture(autouse=True)
def no_feed_cache(settings):
    """These tests measure building a feed; test_feed_cache.py measures serving it cached."""
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": None}


@pytest.fixture
def pages(agenda):
    workshop = EventType.objects.create(name="Workshop")
    themes = [Theme.objects.create(name=f"Thema {i}") for i in range(3)]
    result = []
    for i in range(10):
        page = make_event(agenda, f"Reeks {i}", sessions=[], event_type=workshop)
        page.themes.set(themes[: i % 3 + 1])
        page.save_revision().publish()
        result.append(page)
    return result


@pytest.mark.django_db
def test_the_queries_of_a_feed_do_not_grow_with_its_sessions(client, pages):
    make_sessions(pages, 200, aware(2026, 6, 2, 9))
    client.get("/agenda/ical/")  # warm the site and settings caches
    small, small_queries = count_queries(client, "/agenda/ical/")
    assert small.content.count(b"BEGIN:VEVENT") == 200
    make_sessions(pages, 1800, aware(2026, 9, 1, 9))
    large, large_queries = count_queries(client, "/agenda/ical/")
    assert large.content.count(b"BEGIN:VEVENT") == 2000
    assert large.content.count(b"CATEGORIES:") == 2000
    assert large_queries == small_queries
    # The same holds for an event's own feed and for a filtered feed.
    _response, event_small = count_queries(client, f"/agenda/{pages[0].slug}/ical/")
    make_sessions(pages[:1], 300, aware(2027, 1, 1, 9))
    _response, event_large = count_queries(client, f"/agenda/{pages[0].slug}/ical/")
    assert event_large == event_small
    _response, filtered = count_queries(client, "/agenda/ical/?type=workshop&mode=offline")
    assert filtered <= large_queries + 1  # the event type looked up by slug


@pytest.mark.django_db
def test_a_304_costs_at_most_two_queries_more_than_the_page_served_without_our_work(
    client, agenda, pages, monkeypatch
):
    """The baseline is Wagtail serving the agenda page with its ``serve`` doing nothing.

    That request costs what Wagtail needs for any page at this place (site, routing down
    the tree, the specific page, view restrictions); the 304 may add the network settings
    and the one aggregate query, nothing else.
    """
    make_sessions(pages, 200, aware(2026, 6, 2, 9))
    etag = client.get("/agenda/ical/")["ETag"]  # also warms the caches

    with monkeypatch.context() as patch:
        patch.setattr(EventIndexPage, "serve", lambda self, request, *a, **kw: HttpResponse())
        client.get("/agenda/")
        page_response, page_queries = count_queries(client, "/agenda/")
    feed_response, feed_queries = count_queries(client, "/agenda/ical/", HTTP_IF_NONE_MATCH=etag)
    assert page_response.status_code == 200
    assert feed_response.status_code == 304
    assert feed_queries <= page_queries + 2, (feed_queries, page_queries)

    full_response, full_queries = count_queries(client, "/agenda/ical/")
    assert full_response.status_code == 200
    assert full_queries == feed_queries + 2  # the sessions and their themes


@pytest.mark.django_db
def test_a_304_builds_no_calendar(client, pages, monkeypatch):
    make_sessions(pages, 20, aware(2026, 6, 2, 9))
    etag = client.get("/agenda/ical/")["ETag"]

    def fail(*args, **kwargs):
        raise AssertionError("a calendar was built for a 304")

    monkeypatch.setattr("jeugdzorg_wagtail.events.ical.build_calendar", fail)
    monkeypatch.setattr("jeugdzorg_wagtail.events.feeds.feed_sessions", fail)
    assert client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    last_modified = (NOW + dt.timedelta(seconds=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    response = client.get("/agenda/ical/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
