"""A shared cache of built feeds, invalidated by generation counters.

A feed response is kept in the Django cache named by ``FEED_CACHE_ALIAS`` for
``FEED_CACHE_TIMEOUT`` seconds, in two entries: a small *head* (``jw:feed:h:<digest>``: the
generations it was built under, its ``ETag``, ``Last-Modified`` and file name) and the *body*
(``jw:feed:b:<digest>``: the ``ETag`` again and the bytes). The digest is a hash of everything
that shapes the feed and is known without a query: the page (id, tree path and URL path), the
filter parameters and the first day of the window, the host, scheme, language and UID domain.

A request reads the feed's *generations* and the head in one ``get_many`` (one round trip to
Redis). The head counts only when its generations are the current ones. A conditional request
that matches its validators is answered ``304`` from the head alone, without reading the body
(a 1.6 MB read for 2,000 sessions); any other request reads the body in the same
``get_many``, and a body counts only when its ``ETag`` is the head's.

A generation is a number in the same cache:

* one per place in the page tree (``jw:feed:gen:<path>``): publishing or unpublishing a page
  raises the generation of the page and of each of its ancestors, so an agenda's feeds are
  rebuilt when one of its events changes, and no other agenda's;
* one for everything (``jw:feed:gen``): raised when a page is moved or deleted, when a view
  restriction is added, changed or removed, and when the network settings, a site or a
  taxonomy term change.

Raising a generation is one ``incr`` per key (atomic in Redis), so invalidation costs the same
whatever the number of cached feeds, and with a shared cache it holds for every process at
once: the old entries are never read again and expire. A generation that is missing (evicted,
or never set) starts at a random number, never at a value an old entry may have been stored
under.

When the cache cannot be reached (Redis stopped or hung), feeds are built for each request and
publishing still works. A generation that could not be raised then is not lost: the failure
raises the ``"feeds"`` :class:`~jeugdzorg_wagtail.core.models.CacheEpoch` in the database (in
the publishing transaction). A process compares that epoch with the one the cache last saw
(``jw:feed:epoch``) at its first feed, after its cache backend reports a recovery
(:class:`~jeugdzorg_wagtail.core.cache.FailSafeRedisCache`) and every
``EPOCH_CHECK_INTERVAL`` seconds; when they differ, it raises the generation for everything,
so that no feed stored before the outage is served after it (and drops Wagtail's cached site
root paths, in case a site was changed meanwhile). A cache in the process's own
memory cannot be unreachable and is never checked.

Changes that bypass Wagtail's publishing (``QuerySet.update()``, ``bulk_create()``, raw SQL)
send no signals: call :func:`invalidate` after them, or wait ``FEED_CACHE_TIMEOUT``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass

from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.http import parse_http_date
from wagtail.models import Site

from ..core.cache import cache_health
from ..core.conf import jw_settings
from ..core.models import CacheEpoch

__all__ = [
    "get_cache",
    "invalidate",
    "never_earlier",
    "read_body",
    "read_entry",
    "store_entry",
]

# A fixed name, which a site's LOGGING may name.
logger = logging.getLogger("jeugdzorg_wagtail.feed_cache")

GLOBAL_KEY = "jw:feed:gen"
PATH_KEY = "jw:feed:gen:{path}"
HEAD_KEY = "jw:feed:h:{digest}"
BODY_KEY = "jw:feed:b:{digest}"
#: Raise when the stored entries' shape changes.
ENTRY_VERSION = 2
EPOCH_KEY = "jw:feed:epoch"
#: The :class:`~jeugdzorg_wagtail.core.models.CacheEpoch` of the feed cache.
EPOCH_NAME = "feeds"
#: Seconds between two comparisons of the epoch in one process.
EPOCH_CHECK_INTERVAL = 30
# Wagtail's (treebeard's) number of characters per level of a page's ``path``.
STEPLEN = 4


def get_cache():
    """The cache of built feeds (``FEED_CACHE_ALIAS``), or ``None`` when it is switched off."""
    alias = jw_settings.FEED_CACHE_ALIAS
    if not alias:
        return None
    try:
        return caches[alias]
    except InvalidCacheBackendError:
        logger.error("FEED_CACHE_ALIAS %r is not in settings.CACHES; feeds are not cached.", alias)
        return None


def new_generation():
    """A random start for a generation that is missing."""
    return secrets.randbits(48)


def path_keys(path):
    """The generation keys of a page at tree path ``path`` and of each of its ancestors."""
    return [PATH_KEY.format(path=path[:end]) for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def current_generations(cache, keys, values=None):
    """The current values of the generation ``keys``, starting those that are missing.

    ``values`` are those already read (by a ``get_many`` that read other keys too).
    """
    values = dict(cache.get_many(keys) if values is None else values)
    missing = [key for key in keys if key not in values]
    if missing:
        for key in missing:
            cache.add(key, new_generation(), timeout=None)
        values.update(cache.get_many(missing))  # another process may have started it first
    return tuple(values.get(key) for key in keys)


def _bump(keys):
    cache = get_cache()
    if cache is None:
        return
    health = cache_health(cache)
    failures = health.failures if health else 0
    try:
        for key in keys:
            try:
                cache.incr(key)
            except ValueError:  # missing: any new random value differs from the old one
                cache.set(key, new_generation(), timeout=None)
    except Exception:  # the cache being down must not stop an editor from publishing
        logger.exception("Could not invalidate the feed cache (keys %s).", keys)
        lost = True
    else:  # a fail-safe cache drops the write and counts it
        lost = health is not None and health.failures != failures
    if lost:
        try:
            CacheEpoch.advance(EPOCH_NAME)
        except Exception:
            logger.exception("Could not record the lost invalidation of the feed cache.")


def bump(keys):
    """Raise the generations ``keys`` now and again when the current transaction commits.

    Now, so that this process sees the change at once; on commit, so that no process
    stores a feed built from data read before the commit under the new generation.
    """
    keys = list(keys)
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def invalidate(page=None):
    """Drop the cached feeds that ``page`` appears in, or all cached feeds without ``page``.

    You can call this after changing pages or sessions in ways that send no signals.
    """
    if page is None:
        bump([GLOBAL_KEY])
    else:
        bump(path_keys(page.path))


@dataclass(frozen=True)
class Slot:
    """Where a feed is kept: the cache, its head and body keys, and the generations read."""

    cache: object
    head_key: str
    body_key: str
    generations: tuple


def entry_digest(request, page, key, uid_domain):
    """The hash that names a feed's entries (no queries; see the module's docstring)."""
    parts = (
        ENTRY_VERSION,
        page.pk,
        page.path,
        page.url_path,
        key,
        uid_domain,
        request.get_host(),
        request.scheme,
        translation.get_language(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


_epoch_checks = {}  # (alias, location) -> (time.monotonic() of the check, recoveries then)
_epoch_lock = threading.Lock()


def _epoch_check_key(cache):
    return (jw_settings.FEED_CACHE_ALIAS, getattr(cache, "location", None))


def epoch_check_due(cache):
    """True when this process should compare the feed cache's epoch with the database's."""
    if isinstance(cache, LocMemCache | DummyCache):  # in this process: never unreachable
        return False
    health = cache_health(cache)
    recoveries = health.recoveries if health else 0
    last = _epoch_checks.get(_epoch_check_key(cache))
    return (
        last is None or last[1] != recoveries or time.monotonic() >= last[0] + EPOCH_CHECK_INTERVAL
    )


def check_epoch(cache):
    """Raise the generation for everything when the database's epoch is not the cache's.

    Returns True when it did. One query, and a read (and then two writes) of the cache.
    """
    health = cache_health(cache)
    recoveries = health.recoveries if health else 0
    epoch = CacheEpoch.current(EPOCH_NAME)
    raised = False
    if cache.get(EPOCH_KEY) != epoch:
        try:
            cache.incr(GLOBAL_KEY)
        except ValueError:
            cache.set(GLOBAL_KEY, new_generation(), timeout=None)
        cache.set(EPOCH_KEY, epoch, timeout=None)
        # A site changed during the outage could not drop Wagtail's cached root paths either.
        Site.clear_site_root_paths_cache()
        raised = True
    with _epoch_lock:
        _epoch_checks[_epoch_check_key(cache)] = (time.monotonic(), recoveries)
    return raised


def read_entry(request, page, key, uid_domain, scope=None, body=True):
    """``(slot, entry)``: where the feed of ``page`` served to ``request`` is kept, and what is.

    ``key`` holds the feed's other inputs, for example its filters and window. The entry is
    dropped when the generation of ``scope`` (default ``page``) or of one of its ancestors
    rises: a feed that shows pages from all over a site takes the site's root page.

    ``entry`` is ``None`` when nothing current is stored, else a dict of ``etag``,
    ``last_modified``, ``disposition`` and ``content``: the bytes, or ``None`` when ``body`` is
    false (read them with :func:`read_body` when the answer is not a ``304``) or the body is
    missing. ``slot`` is ``None`` when feeds are not cached, or the cache is down: the feed is
    then built and not kept. One ``get_many``.
    """
    try:
        return _read_entry(request, page, key, uid_domain, scope or page, body)
    except Exception:  # a cache that is down must not take the feeds down with it
        logger.exception("The feed cache could not be read.")
        return None, None


def _read_entry(request, page, key, uid_domain, scope, body):
    cache = get_cache()
    if cache is None:
        return None, None
    digest = entry_digest(request, page, key, uid_domain)
    head_key, body_key = HEAD_KEY.format(digest=digest), BODY_KEY.format(digest=digest)
    generation_keys = [GLOBAL_KEY, PATH_KEY.format(path=scope.path)]
    values = cache.get_many([*generation_keys, head_key, *([body_key] if body else [])])
    generations = current_generations(
        cache, generation_keys, {k: v for k, v in values.items() if k in generation_keys}
    )
    if None in generations:  # a cache that keeps nothing (DummyCache, or one that is down)
        return None, None
    if epoch_check_due(cache) and check_epoch(cache):
        generations = current_generations(cache, generation_keys)
        if None in generations:
            return None, None
    slot = Slot(cache, head_key, body_key, generations)
    head = values.get(head_key)
    if not isinstance(head, tuple) or head[:2] != (ENTRY_VERSION, generations):
        return slot, None
    _version, _generations, etag, last_modified, disposition = head
    entry = {"etag": etag, "last_modified": last_modified, "disposition": disposition}
    entry["content"] = _content(values.get(body_key), etag)
    return slot, entry


def _content(body, etag):
    if isinstance(body, tuple) and len(body) == 2 and body[0] == etag:
        return body[1]
    return None


def read_body(slot, entry):
    """The bytes of a feed whose ``entry`` was read without them (``None`` when missing)."""
    try:
        return _content(slot.cache.get(slot.body_key), entry["etag"])
    except Exception:
        logger.exception("The feed cache could not be read.")
        return None


def store_entry(slot, response):
    """Keep a built feed ``response`` (a ``200``, not streaming) in ``slot``."""
    if slot is None or response.status_code != 200 or response.streaming:
        return
    last_modified = response.get("Last-Modified")
    etag = response["ETag"]
    head = (
        ENTRY_VERSION,
        slot.generations,
        etag,
        parse_http_date(last_modified) if last_modified else None,
        response["Content-Disposition"],
    )
    try:
        slot.cache.set_many(
            {slot.head_key: head, slot.body_key: (etag, response.content)},
            timeout=jw_settings.FEED_CACHE_TIMEOUT,
        )
    except Exception:
        logger.exception("The feed cache could not be written.")


#: How long the last ETag of a feed and its Last-Modified are remembered (30 days).
LAST_SEEN_TIMEOUT = 30 * 24 * 60 * 60


def never_earlier(request, page, key, etag, last_modified, uid_domain):
    """``last_modified``, raised so that a feed's ``Last-Modified`` never goes back.

    The publishing dates of the events in a feed say when one was added or changed, not when
    one left it (unpublished, deleted, made private, past the window): then the newest date
    left can be older than the one a calendar app holds, and an ``If-Modified-Since`` alone
    would get a wrong ``304``. So the feed's last ETag is remembered with its
    ``Last-Modified`` (in the feed cache, or the default cache when that is off); when the
    ETag changes, ``Last-Modified`` becomes at least now.
    """
    store = get_cache() or default_cache
    parts = (page.pk, key, uid_domain, request.get_host(), request.scheme)
    parts += (translation.get_language(),)
    cache_key = "jw:feed:seen:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    try:
        seen = store.get(cache_key)
    except Exception:  # a cache that is down: the publishing dates alone
        logger.exception("The feed cache could not be read.")
        return last_modified
    if seen is not None:
        seen_etag, seen_modified = seen
        if seen_etag == etag:
            return max(filter(None, (last_modified, seen_modified)))
        now = timezone.now().replace(microsecond=0)
        last_modified = max(filter(None, (last_modified, seen_modified, now)))
    if seen is None or seen[0] != etag:
        try:
            store.set(cache_key, (etag, last_modified), timeout=LAST_SEEN_TIMEOUT)
        except Exception:
            logger.exception("The feed cache could not be written.")
    return last_modified
