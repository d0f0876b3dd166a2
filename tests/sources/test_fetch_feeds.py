"""Fetching a partner's feed from the local feed server: content, headers, validators."""

import gzip
import zlib

import pytest

from jeugdzorg_wagtail import __version__
from jeugdzorg_wagtail.sources.fetching import (
    ConnectError,
    FetchError,
    HTTPStatusError,
    ProtocolError,
    fetch,
)

from .conftest import SIMPLE_FEED, stub_resolver


def test_a_feed_comes_back_as_sent_with_its_validators(feed_server, source_settings):
    feed_server.serve(
        "/agenda.ics",
        SIMPLE_FEED,
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 09:00:00 GMT"},
    )

    result = fetch(feed_server.url("/agenda.ics"))

    assert result.status == 200
    assert not result.not_modified
    assert result.content == SIMPLE_FEED
    assert result.content_type == "text/calendar"
    assert result.charset == "utf-8"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 Jan 2025 09:00:00 GMT"
    assert result.url == feed_server.url("/agenda.ics")
    assert result.redirects == ()


def test_the_request_names_the_package_asks_for_compression_and_keeps_the_host(
    feed_server, source_settings
):
    feed_server.serve("/agenda.ics")
    resolver = stub_resolver(["127.0.0.1"])

    fetch(
        feed_server.url("/agenda.ics?range=future", host="agenda.partner.test"), resolver=resolver
    )

    [(path, headers)] = feed_server.requests
    assert path == "/agenda.ics?range=future"
    assert headers["Host"] == f"agenda.partner.test:{feed_server.port}"
    assert headers["User-Agent"].startswith(f"jeugdzorg-wagtail/{__version__} ")
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert "text/calendar" in headers["Accept"]
    assert "If-None-Match" not in headers
    assert resolver.calls == ["agenda.partner.test"]


@pytest.mark.parametrize(
    "encoding, compress",
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
    ],
)
def test_compressed_feeds_are_unpacked(feed_server, source_settings, encoding, compress):
    feed_server.serve("/agenda.ics", compress(SIMPLE_FEED), headers={"Content-Encoding": encoding})

    assert fetch(feed_server.url("/agenda.ics")).content == SIMPLE_FEED


def test_concatenated_gzip_members_are_one_feed(feed_server, source_settings):
    half = len(SIMPLE_FEED) // 2
    body = gzip.compress(SIMPLE_FEED[:half]) + gzip.compress(SIMPLE_FEED[half:])
    feed_server.serve("/agenda.ics", body, headers={"Content-Encoding": "gzip"})

    assert fetch(feed_server.url("/agenda.ics")).content == SIMPLE_FEED


def test_damaged_or_cut_compression_is_an_error(feed_server, source_settings):
    packed = gzip.compress(SIMPLE_FEED)
    feed_server.serve("/cut.ics", packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"})
    feed_server.serve("/bad.ics", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    feed_server.serve("/br.ics", b"\x1b\x00", headers={"Content-Encoding": "br"})

    for path, text in [
        ("/cut.ics", "De server stuurde de agenda ingepakt, maar onvolledig."),
        ("/bad.ics", "De server stuurde de agenda ingepakt, maar beschadigd."),
        ("/br.ics", "De server stuurde de agenda ingepakt op een manier die niet te lezen is."),
    ]:
        with pytest.raises(ProtocolError) as caught:
            fetch(feed_server.url(path))
        assert caught.value.code == "content_encoding"
        assert str(caught.value) == text


def test_a_matching_etag_gets_not_modified(feed_server, source_settings):
    @feed_server.route("/agenda.ics")
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_body(b"", status=304, content_type=None, headers={"ETag": '"v1"'})
        else:
            handler.send_body(SIMPLE_FEED, headers={"ETag": '"v1"'})

    first = fetch(feed_server.url("/agenda.ics"))
    second = fetch(feed_server.url("/agenda.ics"), etag=first.etag)

    assert second.not_modified
    assert second.content == b""
    assert second.etag == '"v1"'
    assert feed_server.requests[1][1]["If-None-Match"] == '"v1"'


def test_a_matching_last_modified_gets_not_modified_and_keeps_the_validator(
    feed_server, source_settings
):
    stamp = "Wed, 01 Jan 2025 09:00:00 GMT"

    @feed_server.route("/agenda.ics")
    def conditional(handler):
        if handler.headers.get("If-Modified-Since") == stamp:
            handler.send_body(b"", status=304, content_type=None)
        else:
            handler.send_body(SIMPLE_FEED, headers={"Last-Modified": stamp})

    result = fetch(feed_server.url("/agenda.ics"), last_modified=stamp)

    assert result.not_modified
    assert result.last_modified == stamp
    assert feed_server.requests[0][1]["If-Modified-Since"] == stamp


def test_a_validator_that_cannot_be_a_header_is_not_sent(feed_server, source_settings):
    feed_server.serve("/agenda.ics")

    fetch(feed_server.url("/agenda.ics"), etag='"v1"\r\nX-Injected: yes')

    headers = feed_server.requests[0][1]
    assert "If-None-Match" not in headers
    assert "X-Injected" not in headers


def test_not_modified_without_having_asked_is_an_error(feed_server, source_settings):
    feed_server.serve("/agenda.ics", b"", status=304, content_type=None)

    with pytest.raises(HTTPStatusError) as caught:
        fetch(feed_server.url("/agenda.ics"))
    assert caught.value.status == 304


@pytest.mark.parametrize(
    "content_type",
    [
        "text/calendar; charset=utf-8",
        "text/plain",
        "application/octet-stream",
        "text/html; charset=utf-8",
        None,
    ],
)
def test_every_content_type_is_fetched_and_reported(feed_server, source_settings, content_type):
    feed_server.serve("/agenda.ics", SIMPLE_FEED, content_type=content_type)

    result = fetch(feed_server.url("/agenda.ics"))

    assert result.content == SIMPLE_FEED
    assert result.content_type == (content_type or "").split(";")[0]


def test_bytes_that_are_not_utf8_come_back_untouched_with_the_declared_charset(
    feed_server, source_settings
):
    body = SIMPLE_FEED.replace(b"Inloopavond", "Caf\u00e9avond".encode("cp1252"))
    feed_server.serve("/agenda.ics", body, content_type='text/calendar; charset="Windows-1252"')

    result = fetch(feed_server.url("/agenda.ics"))

    assert result.content == body
    assert result.charset == "windows-1252"


@pytest.mark.parametrize(
    "status, text",
    [
        (404, "De agenda is niet gevonden op dit adres (HTTP 404)."),
        (410, "De agenda is niet gevonden op dit adres (HTTP 410)."),
        (403, "De server weigert toegang tot de agenda (HTTP 403). Is de agenda openbaar?"),
        (401, "De server weigert toegang tot de agenda (HTTP 401). Is de agenda openbaar?"),
        (
            429,
            "De server krijgt te veel verzoeken (HTTP 429). "
            "Bij de volgende keer ophalen proberen we het opnieuw.",
        ),
        (
            500,
            "De server van de partner gaf een fout (HTTP 500). "
            "Bij de volgende keer ophalen proberen we het opnieuw.",
        ),
        (204, "De server antwoordde met HTTP 204 in plaats van de agenda."),
        (418, "De server antwoordde met HTTP 418 in plaats van de agenda."),
    ],
)
def test_http_errors_are_explained(feed_server, source_settings, status, text):
    feed_server.serve("/agenda.ics", b"nope", status=status, content_type="text/plain")

    with pytest.raises(HTTPStatusError) as caught:
        fetch(feed_server.url("/agenda.ics"))

    assert caught.value.code == "http_status"
    assert caught.value.status == status
    assert caught.value.message == text


def test_a_body_shorter_than_announced_is_an_error(feed_server, source_settings):
    @feed_server.route("/agenda.ics")
    def short(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "5000")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(SIMPLE_FEED)

    with pytest.raises(ProtocolError) as caught:
        fetch(feed_server.url("/agenda.ics"))
    assert str(caught.value) == "De server stuurde een onvolledig of onleesbaar antwoord."


def test_a_closed_port_is_a_refused_connection(feed_server, source_settings):
    port = feed_server.port
    feed_server.close()

    with pytest.raises(ConnectError) as caught:
        fetch(f"http://127.0.0.1:{port}/agenda.ics")
    assert caught.value.code == "connection_refused"
    assert str(caught.value) == "De server 127.0.0.1 weigert de verbinding."


def test_a_name_that_does_not_resolve_is_explained(source_settings, dns):
    with pytest.raises(FetchError) as caught:
        fetch("https://agenda.partner.invalid/feed.ics")

    assert caught.value.code == "dns"
    assert str(caught.value) == (
        "De servernaam agenda.partner.invalid is niet gevonden. Klopt het adres?"
    )
    assert dns == ["agenda.partner.invalid"]


def test_errors_speak_english_too(feed_server, source_settings):
    from django.utils import translation

    feed_server.serve("/agenda.ics", b"", status=404, content_type=None)
    with pytest.raises(HTTPStatusError) as caught:
        fetch(feed_server.url("/agenda.ics"))

    with translation.override("en"):
        assert str(caught.value) == "The calendar was not found at this address (HTTP 404)."
