"""Redirects are followed by hand, a few at most, and every new address is checked again."""

import pytest

from jeugdzorg_wagtail.sources.fetching import (
    BlockedAddress,
    InvalidURL,
    RedirectError,
    fetch,
)

from .conftest import SIMPLE_FEED, stub_resolver


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_followed_and_reported(feed_server, source_settings, status):
    feed_server.redirect("/old.ics", "/new.ics", status=status)
    feed_server.serve("/new.ics")

    result = fetch(feed_server.url("/old.ics"))

    assert result.content == SIMPLE_FEED
    assert result.url == feed_server.url("/new.ics")
    assert result.redirects == ((status, feed_server.url("/new.ics")),)
    assert [path for path, _headers in feed_server.requests] == ["/old.ics", "/new.ics"]


def test_only_permanent_redirects_give_a_new_address(feed_server, source_settings):
    feed_server.redirect("/a.ics", "/b.ics", status=301)
    feed_server.redirect("/b.ics", "/c.ics", status=308)
    feed_server.redirect("/t.ics", "/c.ics", status=302)
    feed_server.serve("/c.ics")

    assert fetch(feed_server.url("/a.ics")).moved_to == feed_server.url("/c.ics")
    assert fetch(feed_server.url("/t.ics")).moved_to is None
    assert fetch(feed_server.url("/c.ics")).moved_to is None


def test_a_redirect_loop_is_an_error(feed_server, source_settings):
    feed_server.redirect("/a.ics", "/b.ics")
    feed_server.redirect("/b.ics", feed_server.url("/a.ics"))

    with pytest.raises(RedirectError) as caught:
        fetch(feed_server.url("/a.ics"))

    assert caught.value.code == "redirect_loop"
    assert str(caught.value) == "Het adres stuurt in een kringetje door."
    assert len(feed_server.requests) == 2


def test_more_redirects_than_allowed_is_an_error(feed_server, source_settings):
    source_settings(SOURCES_MAX_REDIRECTS=3)
    for hop in range(1, 10):
        feed_server.redirect(f"/hop{hop}.ics", f"/hop{hop + 1}.ics")
    feed_server.serve("/hop4.ics")  # three redirects: still fine

    with pytest.raises(RedirectError) as caught:
        fetch(feed_server.url("/hop5.ics"))
    assert caught.value.code == "too_many_redirects"
    assert str(caught.value) == "Het adres stuurt meer dan 3 keer door."
    assert fetch(feed_server.url("/hop1.ics")).content == SIMPLE_FEED


def test_a_redirect_without_location_is_an_error(feed_server, source_settings):
    feed_server.serve("/agenda.ics", b"", status=302, content_type=None)

    with pytest.raises(RedirectError) as caught:
        fetch(feed_server.url("/agenda.ics"))
    assert caught.value.code == "redirect_without_location"


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.8/agenda.ics",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::8]/agenda.ics",
        "http://[::ffff:192.168.1.1]/agenda.ics",
        "http://0.0.0.0:8000/",
    ],
)
def test_a_redirect_to_an_internal_address_is_refused_before_connecting(
    feed_server, source_settings, connections, location
):
    feed_server.redirect("/agenda.ics", location)

    with pytest.raises(BlockedAddress):
        fetch(feed_server.url("/agenda.ics"))

    assert connections.attempts == [("127.0.0.1", feed_server.port)]


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://partner.example/agenda.ics", "gopher://x/", "javascript:x"],
)
def test_a_redirect_to_another_scheme_is_refused(
    feed_server, source_settings, connections, location
):
    feed_server.redirect("/agenda.ics", location)

    with pytest.raises(InvalidURL) as caught:
        fetch(feed_server.url("/agenda.ics"))

    assert caught.value.code == "invalid_scheme"
    assert connections.attempts == [("127.0.0.1", feed_server.port)]


def test_each_hop_is_resolved_and_checked_again(feed_server, source_settings, connections):
    """The second answer for the same name is internal (rebinding): refused at that hop."""
    feed_server.redirect("/agenda.ics", "/moved.ics")
    feed_server.serve("/moved.ics")
    resolver = stub_resolver(["127.0.0.1"], ["10.1.2.3"])

    with pytest.raises(BlockedAddress):
        fetch(feed_server.url("/agenda.ics", host="agenda.partner.test"), resolver=resolver)

    assert resolver.calls == ["agenda.partner.test", "agenda.partner.test"]
    assert connections.attempts == [("127.0.0.1", feed_server.port)]
    assert [path for path, _headers in feed_server.requests] == ["/agenda.ics"]


def test_a_redirect_to_another_host_resolves_that_host(feed_server, source_settings):
    feed_server.redirect("/agenda.ics", feed_server.url("/feed.ics", host="cdn.partner.test"))
    feed_server.serve("/feed.ics")
    resolver = stub_resolver(["127.0.0.1"])

    result = fetch(feed_server.url("/agenda.ics", host="agenda.partner.test"), resolver=resolver)

    assert result.content == SIMPLE_FEED
    assert resolver.calls == ["agenda.partner.test", "cdn.partner.test"]
    assert feed_server.requests[1][1]["Host"] == f"cdn.partner.test:{feed_server.port}"
