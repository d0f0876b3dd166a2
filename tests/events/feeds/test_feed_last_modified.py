"""Last-Modified never goes back, so a calendar app that asks with If-Modified-Since alone
never gets a 304 for a feed that lost an event."""

import pytest
import time_machine
from django.utils.http import http_date, parse_http_date
from wagtail.models import PageViewRestriction

from tests.utils import aware, make_agenda, make_event

DAY1, DAY2, DAY3, DAY4 = (aware(2026, 6, d, 12) for d in (1, 2, 3, 4))


def session(day):
    return [{"start": aware(2026, 7, day, 19), "end": aware(2026, 7, day, 21)}]


@pytest.fixture
def feed(root_page):
    with time_machine.travel(DAY1, tick=False):
        agenda = make_agenda(root_page)
        make_event(agenda, "Blijft", sessions=session(1))
    with time_machine.travel(DAY2, tick=False):
        leaving = make_event(agenda, "Verdwijnt", sessions=session(2))
    return leaving


def fetch(client, since=None):
    headers = {"if-modified-since": since} if since else {}
    return client.get("/agenda/ical/", headers=headers)


def removals():
    def unpublish(page):
        page.unpublish()

    def delete(page):
        page.delete()

    def restrict(page):
        PageViewRestriction.objects.create(page=page, restriction_type="login")

    return [unpublish, delete, restrict]


@pytest.mark.django_db
@pytest.mark.parametrize("cache_alias", ["default", None])
@pytest.mark.parametrize("remove", removals(), ids=lambda f: f.__name__)
def test_a_feed_that_loses_an_event_is_modified_later(client, feed, settings, remove, cache_alias):
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": cache_alias}
    with time_machine.travel(DAY2, tick=False):
        first = fetch(client)
        assert first.content.count(b"BEGIN:VEVENT") == 2
        assert first["Last-Modified"] == http_date(DAY2.timestamp())
        assert fetch(client, first["Last-Modified"]).status_code == 304
    with time_machine.travel(DAY3, tick=False):
        remove(feed)
        after = fetch(client, first["Last-Modified"])
    assert after.status_code == 200
    assert after.content.count(b"BEGIN:VEVENT") == 1
    assert parse_http_date(after["Last-Modified"]) == int(DAY3.timestamp())
    # Later the same day (the feed's window moves at midnight), nothing changed: 304.
    with time_machine.travel(aware(2026, 6, 3, 18), tick=False):
        assert fetch(client, after["Last-Modified"]).status_code == 304


@pytest.mark.django_db
def test_last_modified_does_not_fall_when_a_feed_returns_to_an_earlier_state(client, feed):
    with time_machine.travel(DAY2, tick=False):
        before = fetch(client)
    with time_machine.travel(DAY3, tick=False):
        feed.unpublish()
        without = fetch(client, before["Last-Modified"])
        assert without.status_code == 200
    with time_machine.travel(DAY4, tick=False):
        feed.save_revision().publish()
        again = fetch(client, without["Last-Modified"])
    assert again.status_code == 200
    assert again.content.count(b"BEGIN:VEVENT") == 2
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(without["Last-Modified"])
