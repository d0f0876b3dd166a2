"""A shared cache of rendered pages for anonymous visitors, invalidated by the feed cache's
generations.

The agenda (with its month calendar and partner events), event pages, the practice library and
practice examples are the pages visitors read most, and each costs a few dozen queries and a
template render. :class:`PageCacheMixin` keeps their rendered HTML in the feed cache
(``FEED_CACHE_ALIAS``) for at most ``PAGE_CACHE_TIMEOUT`` seconds (``0`` switches it off).

**When a response is served from the cache.** Only inside the page's ``serve()``, which Wagtail
calls after routing (a draft, an unpublished or a deleted page is a 404 before it) and after its
``before_serve_page`` hooks (a page with a view restriction that the visitor has not passed is
answered there, by a login or password form). Then only for a ``GET`` or ``HEAD`` that is not a
preview, from a visitor who is not logged in and sends no session or messages cookie (so no
pending messages and no passed password), with a query string of at most
:data:`MAX_QUERY_LENGTH` characters.

**What a response is kept under.** A hash of the page (id, tree path and URL path), the
request's path (the route) and its query parameters (sorted), the host, the scheme, the
language, today's date in the calendar's zone, the package's version and its settings; and,
inside the entry, the generations it was rendered under (see :mod:`.feed_cache`):

* the generation for everything, raised by a move, a deletion, a view restriction, a site, the
  network settings or any other site setting, a taxonomy term, an image or a document, an
  agenda source;
* the generation of the root of the page tree, raised by every publish or unpublish of any page
  (publishing raises the generations of the page and of all its ancestors), and by the merge of
  a partner feed or an editor's change to a partner event;
* the page's own *page generation* (``jw:page:gen:<path>``), raised for an event page and its
  ancestors when a registration or a place changes (``post_save``/``post_delete`` of
  registrations and their sessions), so the places left are never stale. It is not a feed
  generation: a registration does not rebuild the agenda's feed.

An entry counts only when its generations are the current ones; reading them and the entry is
one ``get_many``.

**What is never kept.** A response that is not a ``200`` HTML page, that streams, sets a cookie,
says ``Vary: Cookie`` or ``Cache-Control: private``/``no-cache``/``no-store``, that used a CSRF
token (any form rendered with ``{% csrf_token %}``, detected from the request after rendering,
so the call form, the registration form and a visitor's own registration never are), that
changed the session, or that was rendered for a page with a view restriction (one query, only
when storing).

**Time.** Everything that depends on the clock ("upcoming", registration opening and closing,
the month calendar's today) is at most ``PAGE_CACHE_TIMEOUT`` seconds late (default 60), and the
date in the key starts a new entry at midnight.

**A hit** is the same response as a fresh one: status, body and headers are stored as rendered,
and the middleware adds its headers (``Content-Language``, ``Vary``, ...) to both alike. When
the rendering read the (empty) session, for example through ``{% wagtailuserbar %}``, a hit
reads it too, so that Django's session middleware adds the same ``Vary: Cookie``.

When the cache cannot be reached, pages are rendered for each request and nothing is stored.
Changes that send no signal (``QuerySet.update()``, raw SQL) show after ``PAGE_CACHE_TIMEOUT``,
or at once after :func:`~.feed_cache.invalidate`.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import has_vary_header
from django.utils.functional import SimpleLazyObject, empty

from .. import __version__
from ..core.conf import DEFAULTS, jw_settings
from . import feed_cache

__all__ = [
    "PageCacheMixin",
    "invalidate_page",
    "invalidate_pages",
    "invalidate_pages_of_tree",
    "page_cache_exempt",
]

logger = logging.getLogger("jeugdzorg_wagtail.page_cache")

PAGE_GLOBAL_KEY = "jw:page:gen"
PAGE_KEY = "jw:page:gen:{path}"
ENTRY_KEY = "jw:page:e:{digest}"
#: Raise when the stored entries' shape changes.
ENTRY_VERSION = 1
#: Longer query strings are not cached (they are rare and would only fill the cache).
MAX_QUERY_LENGTH = 512
_NOT_KEPT = {"private", "no-cache", "no-store"}
#: Splits a ``Cache-Control`` header into its directives.
_DIRECTIVES = re.compile(r"\s*,\s*")


def page_cache_exempt(view):
    """Marks a route of a page whose responses are never looked up in nor kept in the cache of
    rendered pages (the ``ical/`` feeds, which have a cache of their own)."""
    view.page_cache = False
    return view


def page_cache_timeout():
    """Seconds a rendered page is kept (``PAGE_CACHE_TIMEOUT``), ``0`` when switched off."""
    return int(jw_settings.PAGE_CACHE_TIMEOUT or 0)


def invalidate_page(path):
    """Drop the renderings of the page at tree path ``path`` and its ancestors (not feeds)."""
    feed_cache.bump(PAGE_KEY.format(path=path[:end]) for end in _ends(path))


def invalidate_pages():
    """Drop every rendered page (not the feeds)."""
    feed_cache.bump([PAGE_GLOBAL_KEY])


def invalidate_pages_of_tree(page):
    """Drop every rendered page of the tree ``page`` is in (the root's feed generation)."""
    feed_cache.bump([_tree_key(page.path)])


def _tree_key(path):
    return feed_cache.PATH_KEY.format(path=path[: feed_cache.STEPLEN])


def _ends(path):
    return range(feed_cache.STEPLEN, len(path) + 1, feed_cache.STEPLEN)


def request_may_use_cache(request):
    """True for a ``GET``/``HEAD`` of an anonymous visitor without session, messages or preview."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        # Django's authentication, not asked yet: without a session cookie it can only find an
        # anonymous visitor, and asking would read the session (and add ``Vary: Cookie``).
        return True
    return not (user is not None and user.is_authenticated)


def _digest(request, page):
    parts = (
        ENTRY_VERSION,
        page.pk,
        page.path,
        page.url_path,
        request.path,
        sorted(request.GET.lists()),
        request.get_host(),
        request.scheme,
        translation.get_language(),
        timezone.localdate(timezone=jw_settings.calendar_zone).isoformat(),
        __version__,
        [(name, getattr(jw_settings, name)) for name in DEFAULTS],
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class _Slot:
    def __init__(self, cache, key, generations):
        self.cache = cache
        self.key = key
        self.generations = generations


def read(request, page):
    """``(slot, response)``: where the page's rendering for ``request`` is kept, and a copy of it.

    ``response`` is ``None`` on a miss; ``slot`` is ``None`` when nothing can be kept (the cache
    is off, keeps nothing, or cannot be reached). One ``get_many``.
    """
    try:
        return _read(request, page)
    except Exception:  # a cache that is down must not take the pages down with it
        logger.exception("The page cache could not be read.")
        return None, None


def _read(request, page):
    cache = feed_cache.get_cache()
    if cache is None:
        return None, None
    key = ENTRY_KEY.format(digest=_digest(request, page))
    generation_keys = [
        feed_cache.GLOBAL_KEY,
        PAGE_GLOBAL_KEY,
        _tree_key(page.path),
        PAGE_KEY.format(path=page.path),
    ]
    values = cache.get_many([*generation_keys, key])
    generations = feed_cache.current_generations(
        cache, generation_keys, {k: v for k, v in values.items() if k in generation_keys}
    )
    if None in generations:
        return None, None
    if feed_cache.epoch_check_due(cache) and feed_cache.check_epoch(cache):
        generations = feed_cache.current_generations(cache, generation_keys)
        if None in generations:
            return None, None
    slot = _Slot(cache, key, generations)
    entry = values.get(key)
    if not isinstance(entry, tuple) or entry[:2] != (ENTRY_VERSION, generations):
        return slot, None
    _version, _generations, status, headers, content, touched_session = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    if touched_session:
        # The rendering read the (empty) session: so does the copy, for the same headers.
        request.session.get(None)
    return slot, response


def _keepable(request, page, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if has_vary_header(response, "Cookie"):
        return False
    control = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip().lower() for part in _DIRECTIVES.split(control)}
    if directives & _NOT_KEPT:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    return not page.get_view_restrictions().exists()


def store(slot, request, page, response, touched_before):
    """Keep the rendered ``response`` in ``slot`` when it may be shared (see the module)."""
    if slot is None or not _keepable(request, page, response):
        return
    session = getattr(request, "session", None)
    touched = bool(session is not None and session.accessed and not touched_before)
    entry = (
        ENTRY_VERSION,
        slot.generations,
        response.status_code,
        list(response.headers.items()),
        response.content,
        touched,
    )
    try:
        slot.cache.set(slot.key, entry, timeout=page_cache_timeout())
    except Exception:
        logger.exception("The page cache could not be written.")


class PageCacheMixin:
    """Serves a page to anonymous visitors from the cache of rendered pages (see the module).

    The agenda, event, practice example and library mixins include it. You can switch it off
    for a page class with ``page_cache = False``, for a route with :func:`page_cache_exempt`,
    or per request by overriding :meth:`use_page_cache`.
    """

    #: Whether renderings of this page type are kept.
    page_cache = True

    def use_page_cache(self, request):
        """Whether ``request`` may be answered from, and stored in, the cache of rendered pages.

        Not for a route marked with :func:`page_cache_exempt` or one that takes a ``POST``
        (a form: see :func:`~jeugdzorg_wagtail.core.pages.allow_methods`).
        """
        if not self.page_cache or page_cache_timeout() <= 0:
            return False
        match = getattr(request, "routable_resolver_match", None)
        if match is not None:
            if not getattr(match.func, "page_cache", True):
                return False
            if "POST" in getattr(match.func, "allowed_methods", ()):
                return False
        return request_may_use_cache(request)

    def serve(self, request, *args, **kwargs):
        if not self.use_page_cache(request):
            return super().serve(request, *args, **kwargs)
        slot, cached = read(request, self)
        if cached is not None:
            return cached
        session = getattr(request, "session", None)
        touched_before = bool(session is not None and session.accessed)
        response = super().serve(request, *args, **kwargs)
        if slot is None:
            return response
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            response.add_post_render_callback(
                lambda rendered: store(slot, request, self, rendered, touched_before)
            )
        else:
            store(slot, request, self, response, touched_before)
        return response
