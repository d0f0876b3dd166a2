"""Fetch and merge a partner calendar of 2,000 events served on 127.0.0.1.

    DJANGO_SETTINGS_MODULE=tests.settings python benchmarks/source_fetch.py

Three fetches of one agenda source, each through the whole path (HTTP on 127.0.0.1, reading
the feed, merging it into the database in one transaction): the first one (2,000 new
events), the same feed again answered with ``304 Not Modified``, and the feed with 10 events
changed. Runs in a fresh test database; returns a list of result dicts (median time of
``repeat`` rounds, and the queries of one fetch).
"""

import http.server
import os
import socketserver
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# The page is rendered for each request, not served from the cache of rendered pages.
os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

EVENTS = 2000
CHANGED = 10


def feed(version=0, events=EVENTS, changed=CHANGED):
    """The partner's calendar; in ``version`` n > 0 the first ``changed`` events are new."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//Bench//NL"]
    for i in range(events):
        title = f"Bijeenkomst {i}" + (f" (versie {version})" if version and i < changed else "")
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{i}@partner.example",
            "DTSTAMP:20250101T090000Z",
            f"DTSTART;TZID=Europe/Amsterdam:2030{month:02d}{day:02d}T190000",
            f"DTEND;TZID=Europe/Amsterdam:2030{month:02d}{day:02d}T210000",
            f"SUMMARY:{title}",
            f"DESCRIPTION:Een avond over jeugdzorg in de regio\\, nummer {i}.",
            f"LOCATION:Buurthuis {i % 50}\\, Maastricht",
            f"URL:https://partner.example/agenda/{i}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body, etag = self.server.body, self.server.etag
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)  # no name lookup (getfqdn)
        self.server_name, self.server_port = self.server_address[:2]


def timed_fetch(source):
    from jeugdzorg_wagtail.sources.importing import fetch_source

    source.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        outcome = fetch_source(source)
        seconds = time.perf_counter() - started
    assert outcome.ok, outcome.message
    return seconds * 1000, len(queries), outcome


def measure(repeat=3):
    from django.test import override_settings

    from jeugdzorg_wagtail.models import AgendaSource, SourceEvent

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/agenda.ics"
    rounds = {"first": [], "304": [], "changed": []}
    queries = {}
    try:
        with override_settings(JEUGDZORG_WAGTAIL={"SOURCES_ALLOW_LOOPBACK": True}):
            for n in range(repeat):
                SourceEvent.objects.all().delete()
                AgendaSource.objects.all().delete()
                source = AgendaSource.objects.create(name="Partner", url=url)
                server.body, server.etag = feed(), f'"v{n}-0"'
                ms, count, outcome = timed_fetch(source)
                assert outcome.counts.new == EVENTS, outcome.counts
                rounds["first"].append(ms)
                queries["first"] = count
                ms, count, outcome = timed_fetch(source)
                assert outcome.counts.unchanged == EVENTS, outcome.counts
                rounds["304"].append(ms)
                queries["304"] = count
                server.body, server.etag = feed(version=1), f'"v{n}-1"'
                ms, count, outcome = timed_fetch(source)
                assert (outcome.counts.changed, outcome.counts.unchanged) == (
                    CHANGED,
                    EVENTS - CHANGED,
                ), outcome.counts
                rounds["changed"].append(ms)
                queries["changed"] = count
    finally:
        server.shutdown()
        server.server_close()
    labels = {
        "first": "partner agenda: first fetch",
        "304": "partner agenda: unchanged (304)",
        "changed": f"partner agenda: {CHANGED} changed",
    }
    return [
        {
            "benchmark": labels[key],
            "events": EVENTS,
            "median_ms": round(statistics.median(rounds[key]), 1),
            "queries": queries[key],
        }
        for key in ("first", "304", "changed")
    ]


def main(repeat=3):
    from django.conf import settings
    from django.test.utils import get_runner

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        return measure(repeat)
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    for row in main():
        print(row)
