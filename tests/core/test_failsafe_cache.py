"""The fail-safe Redis cache: an unreachable Redis is a cache that keeps nothing, tried again
after a pause, and logged once."""

import itertools
import logging

import pytest
import redis

from jeugdzorg_wagtail.core import cache as failsafe
from jeugdzorg_wagtail.core.cache import cache_health
from tests.fake_redis import FakeFailSafeRedisCache, server

_locations = itertools.count()


@pytest.fixture
def location():
    return f"redis://fake-{next(_locations)}/1"


def make_cache(location, **options):
    return FakeFailSafeRedisCache(location, {"OPTIONS": options})


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(failsafe.time, "monotonic", clock)
    return clock


def test_it_works_as_redis_cache_while_redis_answers(location):
    cache = make_cache(location)
    cache.set("a", {"x": 1})
    assert cache.get("a") == {"x": 1}
    assert cache.add("n", 1) is True
    assert cache.add("n", 5) is False
    assert cache.incr("n") == 2
    assert cache.get_many(["a", "n", "z"]) == {"a": {"x": 1}, "n": 2}
    assert cache.set_many({"b": 1}) == []
    assert cache.has_key("b")
    assert cache.get_or_set("c", 3) == 3
    assert cache.delete("b") is True
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache_health(cache).failures == 0


def test_short_socket_timeouts_reach_redis_and_the_pause_does_not(location):
    cache = make_cache(location, FAILURE_RETRY_AFTER=2, socket_timeout=1)
    cache.get("a")
    assert server(location).options == {"socket_connect_timeout": 0.25, "socket_timeout": 1}
    assert cache.retry_after == 2.0


@pytest.mark.parametrize("outage", ["stop", "hang"])
def test_an_unreachable_redis_is_a_cache_that_keeps_nothing(location, clock, caplog, outage):
    cache = make_cache(location)
    cache.set("a", 1)
    getattr(server(location), outage)()
    with caplog.at_level(logging.WARNING, logger="jeugdzorg_wagtail.cache"):
        assert cache.get("a") is None
        assert cache.get("a", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set("a", 2) is None
        assert cache.add("b", 1) is False
        assert cache.has_key("a") is False
        assert cache.set_many({"c": 1, "d": 2}) == ["c", "d"]
        assert cache.get_or_set("e", 5) == 5
        assert cache.delete("a") is False
        assert cache.delete_many(["a"]) is None
        assert cache.touch("a") is False
        with pytest.raises(ValueError):
            cache.incr("a")
        with pytest.raises(ValueError):
            cache.decr("a")
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1
    assert f"The cache at {location} cannot be reached" in messages[0]
    assert cache_health(cache).failures == 15  # get_or_set is a get and an add


def test_after_a_failure_redis_is_skipped_for_a_while_then_tried_again(location, clock, caplog):
    cache = make_cache(location, FAILURE_RETRY_AFTER=5)
    fake = server(location)
    fake.hang()
    cache.get("a")
    fake.resume()
    clock.now += 4.9
    fake.calls.clear()
    assert cache.get("a") is None
    assert fake.calls == []  # skipped: a hung Redis costs one timeout per pause, not per call
    clock.now += 0.2
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="jeugdzorg_wagtail.cache"):
        cache.set("a", 1)
        assert cache.get("a") == 1
    assert [r.getMessage() for r in caplog.records] == [f"The cache at {location} answers again."]
    assert cache_health(cache).recoveries == 1
    # Another instance of the same location (another thread or alias) shares the state.
    fake.stop()
    assert make_cache(location).get("a") is None
    fake.resume()
    assert cache.get("a") is None  # still skipped by the first instance too
    assert cache_health(cache).failures == 4  # two failed, two skipped


def test_other_redis_errors_still_raise(location, monkeypatch):
    cache = make_cache(location)

    def full(*args, **kwargs):
        raise redis.ResponseError("OOM command not allowed when used memory > 'maxmemory'.")

    monkeypatch.setattr(cache._cache, "set", full)
    with pytest.raises(redis.ResponseError):
        cache.set("a", 1)
