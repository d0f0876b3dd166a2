"""Feeds are served from the shared cache, and every relevant change shows in the next one."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from wagtail.models import PageViewRestriction

from jeugdzorg_wagtail.events import feed_cache
from jeugdzorg_wagtail.models import EventIndexPage, EventPage, NetworkSettings, Theme
from tests.utils import aware, count_queries, edit_sessions, make_agenda, make_event

NOW = aware(2026, 6, 1, 12)


@pytest.fixture
def events(agenda):
    return [
        make_event(
            agenda,
            f"Themacafé {i}",
            sessions=[{"start": aware(2026, 6, 10 + i, 19), "end": aware(2026, 6, 10 + i, 21)}],
        )
        for i in range(3)
    ]


def summaries(response):
    assert response.status_code == 200
    return sorted(
        line.removeprefix("SUMMARY:")
        for line in response.content.decode().split("\r\n")
        if line.startswith("SUMMARY:")
    )


def fail(*args, **kwargs):
    raise AssertionError("a feed was built instead of served from the cache")


@pytest.mark.django_db
def test_a_cached_feed_costs_what_wagtail_needs_to_serve_the_page(
    client, agenda, events, monkeypatch
):
    """The baseline is Wagtail serving the agenda page with a ``serve`` that does nothing."""
    client.get("/agenda/ical/?mode=online")  # warms the settings and content type caches
    built, built_queries = count_queries(client, "/agenda/ical/")
    assert built.status_code == 200
    event_url = f"{events[0].url}ical/"
    event_feed = client.get(event_url)
    filtered = client.get("/agenda/ical/?mode=offline")
    with monkeypatch.context() as patch:
        patch.setattr(EventIndexPage, "serve", lambda self, request, *a, **kw: HttpResponse())
        _response, page_queries = count_queries(client, "/agenda/")
        patch.setattr(EventPage, "serve", lambda self, request, *a, **kw: HttpResponse())
        _response, event_page_queries = count_queries(client, events[0].url)

    monkeypatch.setattr("jeugdzorg_wagtail.events.feeds.feed_state", fail)
    monkeypatch.setattr("jeugdzorg_wagtail.events.ical.build_calendar", fail)
    cached, cached_queries = count_queries(client, "/agenda/ical/")
    assert cached.content == built.content
    assert cached["ETag"] == built["ETag"]
    assert cached["Last-Modified"] == built["Last-Modified"]
    assert cached["Content-Type"] == "text/calendar; charset=utf-8"
    assert cached["Content-Disposition"] == built["Content-Disposition"]
    assert cached["Cache-Control"] == built["Cache-Control"]
    # The site, its root page, the agenda below it, the ancestors and their view restrictions.
    assert page_queries == 5
    assert cached_queries == page_queries
    assert built_queries == page_queries + 4  # settings, aggregate, sessions, themes

    # An event's own feed and a filtered feed too.
    response, queries = count_queries(client, event_url)
    assert response.content == event_feed.content
    assert event_page_queries == 7  # one level deeper in the tree
    assert queries == event_page_queries
    response, queries = count_queries(client, "/agenda/ical/?mode=offline")
    assert response.content == filtered.content
    assert queries == page_queries


@pytest.mark.django_db
def test_conditional_requests_are_answered_from_the_cache(client, agenda, events, monkeypatch):
    first = client.get("/agenda/ical/")
    monkeypatch.setattr("jeugdzorg_wagtail.events.feeds.feed_state", fail)
    monkeypatch.setattr("jeugdzorg_wagtail.events.ical.build_calendar", fail)

    response, queries = count_queries(client, "/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]
    assert response.content == b""
    assert queries == 5  # what Wagtail needs to find and check the agenda page
    response = client.get("/agenda/ical/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH='"another"')
    assert response.status_code == 200
    assert response.content == first.content


@pytest.mark.django_db
def test_publishing_a_new_event_shows_in_the_next_feed(client, agenda, events):
    assert summaries(client.get("/agenda/ical/")) == ["Themacafé 0", "Themacafé 1", "Themacafé 2"]
    make_event(agenda, "Symposium", sessions=[{"start": aware(2026, 7, 1, 9)}])
    assert "Symposium" in summaries(client.get("/agenda/ical/"))


@pytest.mark.django_db
def test_publishing_a_change_shows_in_the_agenda_and_event_feeds(client, agenda, events):
    etag = client.get("/agenda/ical/")["ETag"]
    event_feed = f"{events[0].url}ical/"
    assert b"Utrecht" not in client.get(event_feed).content
    edit_sessions(events[0], city="Utrecht")
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"LOCATION:Utrecht" in response.content
    assert b"LOCATION:Utrecht" in client.get(event_feed).content


@pytest.mark.django_db
def test_unpublishing_an_event_removes_it_from_the_next_feed(client, agenda, events):
    client.get("/agenda/ical/")
    events[1].unpublish()
    assert summaries(client.get("/agenda/ical/")) == ["Themacafé 0", "Themacafé 2"]
    assert client.get(f"/agenda/{events[1].slug}/ical/").status_code == 404


@pytest.mark.django_db
def test_moving_an_event_moves_it_between_the_feeds(client, root_page, agenda, events):
    other = make_agenda(root_page, title="Regio", slug="regio")
    client.get("/agenda/ical/")
    assert summaries(client.get("/regio/ical/")) == []
    EventPage.objects.get(pk=events[2].pk).move(other, pos="last-child")
    assert summaries(client.get("/agenda/ical/")) == ["Themacafé 0", "Themacafé 1"]
    response = client.get("/regio/ical/")
    assert summaries(response) == ["Themacafé 2"]
    assert b"URL:http://localhost/regio/themacaf%C3%A9-2/" in response.content


@pytest.mark.django_db
def test_deleting_an_event_removes_it_from_the_next_feed(client, agenda, events):
    client.get("/agenda/ical/")
    EventPage.objects.get(pk=events[0].pk).delete()
    assert summaries(client.get("/agenda/ical/")) == ["Themacafé 1", "Themacafé 2"]


@pytest.mark.django_db
def test_a_view_restriction_removes_an_event_and_lifting_it_brings_it_back(client, agenda, events):
    client.get("/agenda/ical/")
    restriction = PageViewRestriction.objects.create(page=events[0], restriction_type="login")
    assert summaries(client.get("/agenda/ical/")) == ["Themacafé 1", "Themacafé 2"]
    restriction.delete()
    assert summaries(client.get("/agenda/ical/")) == ["Themacafé 0", "Themacafé 1", "Themacafé 2"]


@pytest.mark.django_db
def test_renaming_the_network_or_a_theme_shows_in_the_next_feed(client, site, agenda, events):
    theme = Theme.objects.create(name="Veiligheid")
    events[0].themes.set([theme])
    events[0].save_revision().publish()
    assert b"CATEGORIES:Veiligheid" in client.get("/agenda/ical/").content
    theme.name = "Veilig opgroeien"
    theme.save()
    assert b"CATEGORIES:Veilig opgroeien" in client.get("/agenda/ical/").content
    settings = NetworkSettings.for_site(site)
    settings.name = "Jeugdzorgnetwerk Limburg"
    settings.save()
    assert "Jeugdzorgnetwerk Limburg" in client.get("/agenda/ical/").content.decode()


@pytest.mark.django_db
def test_a_change_in_one_agenda_keeps_the_cached_feed_of_another(
    client, root_page, agenda, events, monkeypatch
):
    other = make_agenda(root_page, title="Regio", slug="regio")
    make_event(other, "Regiodag", sessions=[{"start": aware(2026, 6, 20, 9)}])
    client.get("/regio/ical/")
    make_event(agenda, "Symposium", sessions=[{"start": aware(2026, 7, 1, 9)}])
    monkeypatch.setattr("jeugdzorg_wagtail.events.ical.build_calendar", fail)
    assert summaries(client.get("/regio/ical/")) == ["Regiodag"]


@pytest.mark.django_db
def test_a_lost_generation_never_brings_back_an_old_feed(client, agenda, events):
    """A generation evicted from the cache restarts at a random value, not at an old one."""
    client.get("/agenda/ical/")
    EventPage.objects.filter(pk=events[0].pk).update(title="Stil gewijzigd")  # no signal
    cache.delete(feed_cache.GLOBAL_KEY)
    assert "Stil gewijzigd" in summaries(client.get("/agenda/ical/"))


@pytest.mark.django_db
def test_invalidate_drops_feeds_after_changes_without_signals(client, agenda, events):
    client.get("/agenda/ical/")
    EventPage.objects.filter(pk=events[0].pk).update(title="Stil gewijzigd")
    assert "Stil gewijzigd" not in summaries(client.get("/agenda/ical/"))
    feed_cache.invalidate(events[0])
    assert "Stil gewijzigd" in summaries(client.get("/agenda/ical/"))


@pytest.mark.django_db
def test_errors_are_not_cached_and_a_post_is_refused(client, agenda, events):
    assert client.get("/agenda/ical/?region=atlantis").status_code == 400
    assert client.get("/agenda/ical/?region=atlantis").status_code == 400
    assert client.post("/agenda/ical/").status_code == 405
    assert client.head("/agenda/ical/").status_code == 200


@pytest.mark.django_db
def test_feeds_work_when_the_cache_is_switched_off_or_unknown(client, settings, agenda, events):
    for alias in (None, "no-such-cache"):
        settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": alias}
        assert len(summaries(client.get("/agenda/ical/"))) == 3
        EventPage.objects.get(pk=events[0].pk).unpublish()
        assert len(summaries(client.get("/agenda/ical/"))) == 2
        EventPage.objects.get(pk=events[0].pk).save_revision().publish()
