"""What a cached feed reads from Redis: one round trip, and for a ``304`` only the small head
with the validators, never the body (1.6 MB at 2,000 sessions)."""

import itertools

import pytest

from jeugdzorg_wagtail.events import feed_cache
from tests.fake_redis import server
from tests.utils import aware, count_queries, make_event

_runs = itertools.count()


@pytest.fixture
def redis(settings):
    location = f"redis://fake-reads-{next(_runs)}/2"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "feeds": {"BACKEND": "tests.fake_redis.FakeFailSafeRedisCache", "LOCATION": location},
    }
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": "feeds"}
    yield server(location)
    feed_cache._epoch_checks.clear()


@pytest.fixture
def feed(client, agenda, redis):
    for day in (10, 11):
        make_event(agenda, f"Themacafé {day}", sessions=[{"start": aware(2031, 6, day, 19)}])
    first = client.get("/agenda/ical/")
    client.get("/agenda/ical/")  # Wagtail's site root paths are cached too
    return first


def reads(fake):
    """The calls that reached Redis, each key shortened to its kind ("ge", "h:", "b:")."""
    return [
        (name, [key.rsplit(":jw:feed:", 1)[1][:2] for key in keys]) for name, keys in fake.calls
    ]


@pytest.mark.django_db
def test_a_304_reads_the_validators_and_not_the_body(client, redis, feed):
    redis.calls.clear()
    response, queries = count_queries(client, "/agenda/ical/", HTTP_IF_NONE_MATCH=feed["ETag"])
    assert response.status_code == 304
    assert response["ETag"] == feed["ETag"]
    assert queries == 5  # Wagtail's routing only
    # One get_many: the two generations and the head ("h:"), no body ("b:").
    assert reads(redis) == [("get_many", ["ge", "ge", "h:"])]
    assert not any(":jw:feed:b:" in key for key in redis.keys_read())

    redis.calls.clear()
    since = client.get("/agenda/ical/", HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"])
    assert since.status_code == 304
    assert reads(redis) == [("get_many", ["ge", "ge", "h:"])]


@pytest.mark.django_db
def test_a_full_response_reads_everything_in_one_round_trip(client, redis, feed):
    redis.calls.clear()
    response, queries = count_queries(client, "/agenda/ical/")
    assert response.status_code == 200
    assert response.content == feed.content
    assert response["ETag"] == feed["ETag"]
    assert queries == 5
    assert reads(redis) == [("get_many", ["ge", "ge", "h:", "b:"])]


@pytest.mark.django_db
def test_a_conditional_request_that_does_not_match_reads_the_body_after(client, redis, feed):
    redis.calls.clear()
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH='"an-older-one"')
    assert response.status_code == 200
    assert response.content == feed.content
    assert reads(redis) == [("get_many", ["ge", "ge", "h:"]), ("get", ["b:"])]


@pytest.mark.django_db
def test_a_head_without_its_body_is_built_again(client, redis, feed, agenda):
    """The body evicted (or from another build): the feed is built, never served empty."""
    body_keys = [key for key in redis.data if ":jw:feed:b:" in key]
    assert len(body_keys) == 1
    redis.data[body_keys[0]] = ('"another-etag"', b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    response = client.get("/agenda/ical/")
    assert response.content == feed.content
    del redis.data[body_keys[0]]
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH='"an-older-one"')
    assert response.content == feed.content
    assert response["ETag"] == feed["ETag"]


@pytest.mark.django_db
def test_a_head_from_older_generations_is_not_used(client, redis, feed, agenda):
    make_event(agenda, "Symposium", sessions=[{"start": aware(2031, 7, 1, 9)}])
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=feed["ETag"])
    assert response.status_code == 200
    assert b"SUMMARY:Symposium" in response.content
