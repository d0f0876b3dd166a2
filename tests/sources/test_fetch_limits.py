"""A huge, compressed-to-explode, slow or trickling feed is stopped at its limit."""

import gzip
import threading

import pytest

from jeugdzorg_wagtail.sources.fetching import FetchTimeout, TooLarge, fetch

from .conftest import SIMPLE_FEED, stub_resolver

LIMIT = 64 * 1024


@pytest.fixture
def limited(source_settings):
    source_settings(SOURCES_MAX_BYTES=LIMIT)


def test_a_feed_at_the_limit_is_fetched(feed_server, limited):
    body = SIMPLE_FEED + b" " * (LIMIT - len(SIMPLE_FEED))
    feed_server.serve("/agenda.ics", body)

    assert fetch(feed_server.url("/agenda.ics")).content == body


def test_a_larger_content_length_is_refused_before_reading(feed_server, limited):
    sent = []

    @feed_server.route("/agenda.ics")
    def announced(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(50 * 1024 * 1024))
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(200):  # 50 MB would follow; the client hangs up long before
            handler.wfile.write(b"x" * 256 * 1024)
            sent.append(1)

    with pytest.raises(TooLarge) as caught:
        fetch(feed_server.url("/agenda.ics"))

    assert caught.value.code == "too_large"
    assert caught.value.detail == f"length {50 * 1024 * 1024}"
    assert str(caught.value) == "Het bestand is groter dan 64 kB."


def test_a_body_without_length_is_cut_off_at_the_limit(feed_server, limited):
    @feed_server.route("/agenda.ics")
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"X-FILLER:" + b"x" * 4000 + b"\r\n"
        for _ in range(10_000):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    with pytest.raises(TooLarge) as caught:
        fetch(feed_server.url("/agenda.ics"))

    assert caught.value.detail == "as sent"
    assert str(caught.value) == "Het bestand is groter dan 64 kB."


def test_a_gzip_bomb_is_stopped_at_the_limit_after_unpacking(feed_server, limited):
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    assert len(bomb) < LIMIT  # small on the wire, 20 MB unpacked
    feed_server.serve("/agenda.ics", bomb, headers={"Content-Encoding": "gzip"})

    with pytest.raises(TooLarge) as caught:
        fetch(feed_server.url("/agenda.ics"))

    assert caught.value.detail == "after decompression"
    assert str(caught.value) == "Het bestand is groter dan 64 kB."


def test_the_size_in_the_message_follows_the_setting(feed_server, source_settings):
    source_settings(SOURCES_MAX_BYTES=5 * 1024 * 1024)

    @feed_server.route("/agenda.ics")
    def big(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(6 * 1024 * 1024))
        handler.send_header("Connection", "close")
        handler.end_headers()

    with pytest.raises(TooLarge) as caught:
        fetch(feed_server.url("/agenda.ics"))
    assert str(caught.value) == "Het bestand is groter dan 5,00 MB."


def test_a_body_sent_a_byte_at_a_time_is_stopped_at_the_deadline(feed_server, source_settings):
    source_settings(SOURCES_TIMEOUT=0.5)

    @feed_server.route("/agenda.ics")
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(SIMPLE_FEED)))
        handler.end_headers()
        handler.wfile.flush()
        feed_server.trickle(handler, SIMPLE_FEED)

    with pytest.raises(FetchTimeout) as caught:
        fetch(feed_server.url("/agenda.ics"))

    assert caught.value.code == "timeout"
    assert str(caught.value) == "De server antwoordde niet binnen 0,5 seconden."


def test_headers_sent_a_byte_at_a_time_are_stopped_at_the_deadline(feed_server, source_settings):
    source_settings(SOURCES_TIMEOUT=0.5)

    @feed_server.route("/agenda.ics")
    def trickle(handler):
        feed_server.trickle(handler, b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 1000)

    with pytest.raises(FetchTimeout):
        fetch(feed_server.url("/agenda.ics"))


def test_a_server_that_never_answers_is_stopped_at_the_deadline(feed_server, source_settings):
    source_settings(SOURCES_TIMEOUT=0.3)

    @feed_server.route("/agenda.ics")
    def silent(handler):
        feed_server.stop.wait(10)

    with pytest.raises(FetchTimeout) as caught:
        fetch(feed_server.url("/agenda.ics"))
    assert str(caught.value) == "De server antwoordde niet binnen 0,3 seconden."


def test_a_hanging_name_lookup_counts_against_the_deadline(source_settings, connections):
    source_settings(SOURCES_TIMEOUT=0.3)
    release = threading.Event()
    answer = stub_resolver(["127.0.0.1"])

    def slow_resolver(*args, **kwargs):
        release.wait(10)
        return answer(*args, **kwargs)

    try:
        with pytest.raises(FetchTimeout):
            fetch("http://agenda.partner.test/feed.ics", resolver=slow_resolver)
    finally:
        release.set()
    assert connections.attempts == []


def test_one_second_is_stated_as_such(feed_server, source_settings):
    source_settings(SOURCES_TIMEOUT=1)

    @feed_server.route("/agenda.ics")
    def silent(handler):
        feed_server.stop.wait(10)

    with pytest.raises(FetchTimeout) as caught:
        fetch(feed_server.url("/agenda.ics"))
    assert str(caught.value) == "De server antwoordde niet binnen 1 seconde."
