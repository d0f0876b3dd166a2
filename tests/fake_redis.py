"""A stand-in for Redis behind Django's ``RedisCache``: a dict per location that can be made
unreachable, as a stopped Redis (connection refused) or a hung one (the process paused, so
reads time out and the data is kept).

``FakeFailSafeRedisCache`` is :class:`~jeugdzorg_wagtail.core.cache.FailSafeRedisCache` on this
client; a test puts it in ``settings.CACHES`` and calls :func:`server` to stop, hang or resume it.
"""

import pickle

import redis

from jeugdzorg_wagtail.core.cache import FailSafeRedisCache


class FakeServer:
    def __init__(self):
        self.data = {}
        self.state = "up"  # "up", "stopped" (refused, data lost) or "hung" (timeouts, data kept)
        self.calls = []  # (method name, keys) of the calls that reached the server
        self.options = {}

    def stop(self):
        self.state = "stopped"
        self.data.clear()

    def hang(self):
        self.state = "hung"

    def resume(self):
        self.state = "up"

    def keys_read(self):
        return [key for name, keys in self.calls if name in ("get", "get_many") for key in keys]


_servers = {}


def server(location):
    """The fake Redis at ``location`` (made on first use)."""
    return _servers.setdefault(location, FakeServer())


class FakeRedisClient:
    """What Django's ``RedisCache`` calls on its ``RedisCacheClient``."""

    def __init__(self, servers, **options):
        self.server = server(servers[0])
        self.server.options = options

    def _reach(self, name, keys=()):
        state = self.server.state
        if state == "stopped":
            raise redis.ConnectionError("Error 111 connecting. Connection refused.")
        if state == "hung":
            raise redis.TimeoutError("Timeout reading from socket")
        self.server.calls.append((name, list(keys)))
        return self.server.data

    @staticmethod
    def _copy(value):
        return pickle.loads(pickle.dumps(value))  # noqa: S301 (its own bytes, as Redis keeps them)

    def get(self, key, default):
        data = self._reach("get", [key])
        return self._copy(data[key]) if key in data else default

    def get_many(self, keys):
        keys = list(keys)
        data = self._reach("get_many", keys)
        return {key: self._copy(data[key]) for key in keys if key in data}

    def set(self, key, value, timeout):
        self._reach("set", [key])[key] = self._copy(value)

    def set_many(self, data, timeout):
        for key, value in data.items():
            self.set(key, value, timeout)
        return []

    def add(self, key, value, timeout):
        data = self._reach("add", [key])
        if key in data:
            return False
        data[key] = self._copy(value)
        return True

    def touch(self, key, timeout):
        return key in self._reach("touch", [key])

    def has_key(self, key):
        return key in self._reach("has_key", [key])

    def delete(self, key):
        return self._reach("delete", [key]).pop(key, None) is not None

    def delete_many(self, keys):
        data = self._reach("delete_many", keys)
        for key in keys:
            data.pop(key, None)

    def incr(self, key, delta):
        data = self._reach("incr", [key])
        if key not in data:
            raise ValueError(f"Key '{key}' not found.")
        data[key] += delta
        return data[key]

    def clear(self):
        self._reach("clear").clear()
        return True


class FakeFailSafeRedisCache(FailSafeRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FakeRedisClient
