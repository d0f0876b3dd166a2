"""HTTPS to a pinned address still checks the certificate against the host name."""

import pytest

from jeugdzorg_wagtail.sources.fetching import FetchError, TLSError, fetch

from .conftest import SIMPLE_FEED, stub_resolver


def test_a_trusted_certificate_for_the_host_name_is_accepted(
    tls_server, source_settings, trusting_context, connections
):
    tls_server.serve("/agenda.ics")
    resolver = stub_resolver(["127.0.0.1"])

    result = fetch(
        tls_server.url("/agenda.ics", host="feed.test"),
        resolver=resolver,
        ssl_context=trusting_context,
    )

    assert result.content == SIMPLE_FEED
    assert result.url == f"https://feed.test:{tls_server.port}/agenda.ics"
    assert tls_server.requests[0][1]["Host"] == f"feed.test:{tls_server.port}"
    assert connections.attempts == [("127.0.0.1", tls_server.port)]


def test_a_certificate_for_another_name_is_refused(tls_server, source_settings, trusting_context):
    tls_server.serve("/agenda.ics")
    resolver = stub_resolver(["127.0.0.1"])

    with pytest.raises(TLSError) as caught:
        fetch(
            tls_server.url("/agenda.ics", host="other.test"),
            resolver=resolver,
            ssl_context=trusting_context,
        )

    assert caught.value.code == "tls_certificate"
    assert str(caught.value) == (
        "Het beveiligingscertificaat dat de server stuurde, is niet van other.test."
    )
    assert tls_server.requests == []


def test_a_certificate_from_an_unknown_authority_is_refused(tls_server, source_settings):
    tls_server.serve("/agenda.ics")
    resolver = stub_resolver(["127.0.0.1"])

    with pytest.raises(TLSError) as caught:
        fetch(tls_server.url("/agenda.ics", host="feed.test"), resolver=resolver)

    assert caught.value.code == "tls_certificate"
    assert str(caught.value) == "Het beveiligingscertificaat van feed.test wordt niet vertrouwd."
    assert tls_server.requests == []


def test_plain_http_to_a_tls_port_is_a_fetch_error(tls_server, source_settings):
    tls_server.serve("/agenda.ics")

    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{tls_server.port}/agenda.ics")

    assert caught.value.code in {"protocol", "connect"}  # an alert or a reset, as it comes
