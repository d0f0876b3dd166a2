"""Benchmark of the agenda's iCal feed.

Run from the repository root::

    .venv/bin/python benchmarks/feeds.py

It builds an agenda with 200, 2,000 and 10,000 sessions in an in-memory database
(``DJANGO_SETTINGS_MODULE=tests.settings``) and prints for each size: the median time of a feed
request, its queries, its peak memory (tracemalloc), the time icalendar alone needs to build
and serialise the same VEVENTs from plain values, and the ratio of the two (target: at most
1.5 at 2,000 sessions); then the time and queries of a 304 answer. These are measured with
the feed cache switched off and no VEVENTs held by the process (built in full); then the same
feed served from the feed cache, and a 304 answered from it. When ``redis-server`` and the
``redis`` package are installed, the same two again through a Redis of its own on 127.0.0.1
(``FailSafeRedisCache``, as in production), where a 304 reads only the feed's validators and
not its body. ``main()`` returns the figures as a list of dicts.

At 2,000 sessions it also measures a feed rebuilt after one of its 20 events (100 sessions)
was edited and published: the request that finds the stored feed dropped and builds it again,
with the VEVENTs of the other events still held by the process (warm), and with none held
(cold), each against icalendar's own build of all sessions (target: warm at most 0.3).
"""

import contextlib
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# The page is rendered for each request, not served from the cache of rendered pages.
os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")

SIZES = (200, 2000, 10000)
TARGET_RATIO = 1.5
REBUILD_SIZE = 2000
TARGET_REBUILD_RATIO = 0.3


def _setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


class QueryCounter:
    """Counts the queries run inside ``with`` (as a database execute wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def _median_seconds(function, repeat):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def icalendar_alone(calendar, sessions):
    """What icalendar needs to build and serialise the VEVENTs, with its plain ``add`` API.

    The same properties and values as the feed, given as plain values; the VTIMEZONE is
    added ready-made (it is built once per zone in the feed too).
    """
    import zoneinfo

    from icalendar import Calendar, Event

    from jeugdzorg_wagtail.events.ical import ical_status, location_text, vtimezone

    zone = zoneinfo.ZoneInfo(calendar.time_zone)
    cal = Calendar()
    cal.add("prodid", calendar.prodid)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar.name)
    cal.add_component(vtimezone(calendar.time_zone))
    for s in sessions:
        event = Event()
        event.add("uid", s.uid)
        event.add("dtstamp", s.last_modified)
        event.add("created", s.created)
        event.add("last-modified", s.last_modified)
        event.add("sequence", s.sequence)
        event.add("summary", s.title)
        event.add("dtstart", s.start.astimezone(zone))
        event.add("dtend", s.end.astimezone(zone))
        event.add("status", ical_status(s.status))
        event.add("location", location_text(s))
        event.add("description", f"{s.intro}\n\nMore information: {s.url}")
        event.add("url", s.url)
        event.add("categories", list(s.categories))
        cal.add_component(event)
    return cal.to_ical()


def _populate(count):
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import EventSession, EventType, Theme
    from tests.utils import aware, make_agenda, make_event, make_sessions

    root = Site.objects.get(is_default_site=True).root_page
    agenda = make_agenda(root, slug=f"agenda-{count}")
    workshop, _created = EventType.objects.get_or_create(name="Workshop")
    themes = [Theme.objects.get_or_create(name=f"Thema {i}")[0] for i in range(3)]
    pages = []
    for i in range(20):
        page = make_event(
            agenda,
            f"Reeks {i}",
            sessions=[],
            slug=f"reeks-{count}-{i}",
            event_type=workshop,
            intro="Een middag over samenwerken rond gezinnen, met sprekers uit de regio.",
        )
        page.themes.set(themes[: i % 3 + 1])
        page.save_revision().publish()
        pages.append(page)
    first = aware(2026, 1, 1, 9) + dt.timedelta(days=1)
    make_sessions(pages, count, max(first, _now() + dt.timedelta(days=1)))
    assert EventSession.objects.filter(page__in=pages).count() == count
    return agenda


def _now():
    from django.utils import timezone

    return timezone.now()


@contextlib.contextmanager
def redis_server():
    """The URL of a ``redis-server`` started for the benchmark on 127.0.0.1, or ``None``."""
    binary = shutil.which("redis-server")
    try:
        import redis
    except ImportError:
        redis = None
    if binary is None or redis is None:
        yield None
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as directory:
        command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        command += ["--appendonly", "no", "--dir", directory]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        try:
            client = redis.Redis(host="127.0.0.1", port=port)
            for _ in range(100):
                with contextlib.suppress(redis.ConnectionError):
                    client.ping()
                    break
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def measure(count, client, repeat, redis_url=None):
    from django.test import override_settings

    agenda = _populate(count)
    url = agenda.url + agenda.reverse_subpage("ical")
    # Built in full for each request: no feed cache, no VEVENTs held by the process.
    full = {"FEED_CACHE_ALIAS": None, "FEED_VEVENT_CACHE_SIZE": 0}
    with override_settings(JEUGDZORG_WAGTAIL=full):
        result = measure_built(agenda, url, count, client, repeat)
    result.update(measure_cached(url, client, max(repeat, 5)))
    if count == REBUILD_SIZE:
        result.update(measure_rebuilt(agenda, url, client, max(repeat, 5), result))
    if redis_url:
        from django.conf import settings

        caches = {
            **settings.CACHES,
            "redis": {
                "BACKEND": "jeugdzorg_wagtail.core.cache.FailSafeRedisCache",
                "LOCATION": redis_url,
            },
        }
        with override_settings(CACHES=caches, JEUGDZORG_WAGTAIL={"FEED_CACHE_ALIAS": "redis"}):
            redis_result = measure_cached(url, client, max(repeat, 5))
        result.update({f"redis_{key}": value for key, value in redis_result.items()})
    return result


def measure_cached(url, client, repeat):
    """A feed served from the feed cache, and a 304 answered from it."""
    from django.core.cache import caches

    from jeugdzorg_wagtail.core.conf import jw_settings

    caches[jw_settings.FEED_CACHE_ALIAS].clear()
    first = client.get(url)  # builds and stores the feed
    with QueryCounter() as queries:
        cached = client.get(url)
    assert cached.content == first.content
    seconds = _median_seconds(lambda: client.get(url), repeat)
    etag = first["ETag"]
    with QueryCounter() as not_modified_queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    not_modified_seconds = _median_seconds(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), repeat)
    return {
        "cached_ms": round(seconds * 1000, 2),
        "cached_queries": queries.count,
        "cached_not_modified_ms": round(not_modified_seconds * 1000, 2),
        "cached_not_modified_queries": not_modified_queries.count,
        "cached_not_modified_ratio": round(not_modified_seconds / seconds, 2),
    }


def measure_rebuilt(agenda, url, client, repeat, built):
    """A feed rebuilt after one event was edited and published, with the VEVENTs of the
    others held by the process (warm) and with none held (cold); the feed cache is on."""
    from jeugdzorg_wagtail.events import feeds
    from jeugdzorg_wagtail.models import EventPage

    event = EventPage.objects.child_of(agenda).order_by("path").first()
    edits = iter(range(1, 1000))
    client.get(url)  # the VEVENTs of every session are held

    def change_one_event():
        page = EventPage.objects.get(pk=event.pk)
        page.title = f"{event.title} ({next(edits)})"
        page.save_revision().publish()

    def rebuilt(cold):
        timings, queries = [], []
        for _ in range(repeat):
            change_one_event()
            if cold:
                feeds.VEVENTS.clear()
            with QueryCounter() as counter:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
            assert f"SUMMARY:{event.title} (".encode() in response.content
            queries.append(counter.count)
        return statistics.median(timings), max(queries)

    cold_seconds, cold_queries = rebuilt(cold=True)
    warm_seconds, warm_queries = rebuilt(cold=False)
    alone_seconds = built["icalendar_alone_ms"] / 1000
    return {
        "rebuilt_ms": round(warm_seconds * 1000, 1),
        "rebuilt_queries": warm_queries,
        "rebuilt_ratio": round(warm_seconds / alone_seconds, 2),
        "rebuilt_cold_ms": round(cold_seconds * 1000, 1),
        "rebuilt_cold_queries": cold_queries,
        "rebuilt_cold_ratio": round(cold_seconds / alone_seconds, 2),
    }


def measure_built(agenda, url, count, client, repeat):
    """A feed built for each request (as the caller configured the caches), and a 304."""
    from jeugdzorg_wagtail.events import feed_queries, feeds

    first = client.get(url)  # warms the site, settings and time zone caches
    assert first.status_code == 200
    assert first.content.count(b"BEGIN:VEVENT") == count

    with QueryCounter() as queries:
        client.get(url)
    feed_seconds = _median_seconds(lambda: client.get(url), repeat)

    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # The same VEVENTs from plain values, built by icalendar alone.
    request = first.wsgi_request
    since = feeds.window_start()
    sessions = agenda.get_feed_sessions(request, since)
    values = feed_queries.feed_sessions(request, sessions, base_page=agenda)
    calendar = feeds.calendar_values(
        request, agenda.get_feed_title(), url=feeds.feed_url(request, agenda)
    )
    alone_seconds = _median_seconds(lambda: icalendar_alone(calendar, values), repeat)

    etag = first["ETag"]
    with QueryCounter() as not_modified_queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    not_modified_seconds = _median_seconds(
        lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), max(repeat, 5)
    )
    return {
        "benchmark": "feeds",
        "sessions": count,
        "feed_ms": round(feed_seconds * 1000, 1),
        "feed_queries": queries.count,
        "peak_memory_mb": round(peak / 1024 / 1024, 1),
        "icalendar_alone_ms": round(alone_seconds * 1000, 1),
        "ratio": round(feed_seconds / alone_seconds, 2),
        "not_modified_ms": round(not_modified_seconds * 1000, 2),
        "not_modified_queries": not_modified_queries.count,
        "bytes": len(first.content),
    }


def main(sizes=SIZES, repeat=7):
    """Run the benchmark; returns one dict of figures per size."""
    _setup()
    from django.test import Client

    client = Client()
    results = []
    with redis_server() as redis_url:
        for count in sizes:
            runs = repeat if count <= 2000 else max(1, repeat // 3)
            results.append(measure(count, client, runs, redis_url))
    return results


def print_table(results):
    columns = [
        ("sessions", "sessions"),
        ("feed_ms", "feed ms"),
        ("feed_queries", "queries"),
        ("peak_memory_mb", "peak MB"),
        ("icalendar_alone_ms", "icalendar alone ms"),
        ("ratio", "ratio"),
        ("not_modified_ms", "304 ms"),
        ("not_modified_queries", "304 queries"),
        ("cached_ms", "cached ms"),
        ("cached_queries", "cached queries"),
    ]
    print(" | ".join(title for _key, title in columns))
    for row in results:
        print(" | ".join(str(row[key]).rjust(len(title)) for key, title in columns))
    at_2000 = [r for r in results if r["sessions"] == 2000]
    if at_2000:
        ratio = at_2000[0]["ratio"]
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"ratio at 2,000 sessions: {ratio} (target <= {TARGET_RATIO}: {verdict})")
        if "rebuilt_ratio" in at_2000[0]:
            row = at_2000[0]
            ratio = row["rebuilt_ratio"]
            verdict = "met" if ratio <= TARGET_REBUILD_RATIO else "NOT met"
            print(
                f"rebuilt after one event changed: {row['rebuilt_ms']} ms warm, "
                f"{row['rebuilt_cold_ms']} ms cold; ratio {ratio} "
                f"(target <= {TARGET_REBUILD_RATIO}: {verdict})"
            )


if __name__ == "__main__":
    print_table(main())
