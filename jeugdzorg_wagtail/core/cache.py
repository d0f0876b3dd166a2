"""A Redis cache backend that a Redis outage cannot take the site down with.

Django's ``RedisCache`` raises when Redis cannot be reached, and Wagtail reads the default cache
on nearly every page (the site root paths behind ``{% pageurl %}`` and ``page.url``): with Redis
stopped every page would answer 500, and with Redis hung (the process paused, the port open)
every request would wait for redis-py's socket timeout first.

:class:`FailSafeRedisCache` is Django's ``RedisCache`` with three changes:

* short socket timeouts by default (``socket_connect_timeout`` 0.25 s, ``socket_timeout``
  0.5 s; set them in ``OPTIONS`` to change them);
* an unreachable Redis (refused, reset or timed out) is a cache that keeps nothing: a read is a
  miss (``get`` returns its default, ``get_many`` ``{}``), a write is dropped, ``incr`` raises
  ``ValueError`` as for a missing key;
* a circuit breaker: after a failure, every process skips Redis for ``FAILURE_RETRY_AFTER``
  seconds (an ``OPTIONS`` entry, default 5), so only one request per process and period pays
  the timeout. The failure is logged once (logger ``jeugdzorg_wagtail.cache``), and so is the
  recovery.

Other errors (a full Redis refusing writes, a value that cannot be pickled) still raise.

:func:`cache_health` gives a backend's :class:`CacheHealth`: its counters of failed or skipped
calls and of recoveries let the feed cache notice an invalidation that could not be written
(see :mod:`jeugdzorg_wagtail.events.feed_cache`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.redis import RedisCache

__all__ = ["CacheHealth", "FailSafeRedisCache", "cache_health"]

# A fixed name, which a site's LOGGING may name.
logger = logging.getLogger("jeugdzorg_wagtail.cache")

#: Socket timeouts (seconds) used unless ``OPTIONS`` gives others.
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
#: Seconds Redis is skipped after a failure (``OPTIONS["FAILURE_RETRY_AFTER"]``).
DEFAULT_RETRY_AFTER = 5.0


@dataclass
class CacheHealth:
    """The state of one Redis location in this process, shared by its threads and aliases."""

    #: Calls that failed or were skipped (their writes lost) since the process started.
    failures: int = 0
    #: Times the location answered again after failing.
    recoveries: int = 0
    #: ``time.monotonic()`` until which calls skip Redis.
    down_until: float = 0.0
    down: bool = False


_health: dict[str, CacheHealth] = {}
_health_lock = threading.Lock()


def cache_health(cache):
    """The :class:`CacheHealth` of a :class:`FailSafeRedisCache`, ``None`` for other caches."""
    return getattr(cache, "health", None)


def _health_of(location):
    with _health_lock:
        return _health.setdefault(location, CacheHealth())


class FailSafeRedisCache(RedisCache):
    """Django's ``RedisCache``; while Redis cannot be reached, a cache that keeps nothing."""

    def __init__(self, server, params):
        params = dict(params)
        options = {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}
        self.retry_after = float(options.pop("FAILURE_RETRY_AFTER", DEFAULT_RETRY_AFTER))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)
        self.health = _health_of(self.location)

    @property
    def unreachable_errors(self):
        import redis  # here, as in Django's RedisCacheClient: needed only when used

        return (redis.ConnectionError, redis.TimeoutError, OSError)

    def _call(self, default, method, *args, **kwargs):
        health = self.health
        if health.down_until > time.monotonic():
            health.failures += 1
            return default
        try:
            result = method(*args, **kwargs)
        except self.unreachable_errors as error:
            health.failures += 1
            health.down_until = time.monotonic() + self.retry_after
            if not health.down:
                health.down = True
                logger.warning(
                    "The cache at %s cannot be reached (%s); it is skipped for %s s at a time "
                    "until it answers again.",
                    self.location,
                    error,
                    self.retry_after,
                )
            return default
        if health.down:
            health.down = False
            health.recoveries += 1
            logger.warning("The cache at %s answers again.", self.location)
        return result

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def add(self, key, value, *args, **kwargs):
        return self._call(False, super().add, key, value, *args, **kwargs)

    def set(self, key, value, *args, **kwargs):
        return self._call(None, super().set, key, value, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._call(list(data), super().set_many, data, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        return self._call(False, super().touch, key, *args, **kwargs)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(missing, super().incr, key, delta, version)
        if result is missing:  # a counter that cannot be read must not look like a value
            raise ValueError(f"Key '{key}' not found: the cache cannot be reached.")
        return result
