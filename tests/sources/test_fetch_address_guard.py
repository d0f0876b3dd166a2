"""No fetch reaches the host's own network: addresses are checked before any connection.

Every name here resolves through a stub resolver; the ``connections`` guard records (and
refuses) every connection outside 127.0.0.1, so these tests send nothing anywhere.
"""

import pytest

from jeugdzorg_wagtail.sources.fetching import (
    BlockedAddress,
    ConnectError,
    InvalidURL,
    fetch,
    is_allowed_address,
    validate_url,
)

from .conftest import stub_resolver

PUBLIC_V4 = "93.184.216.34"
PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946"

INTERNAL_ADDRESSES = [
    "10.0.0.1",  # private
    "172.16.5.4",  # private
    "192.168.1.10",  # private
    "127.0.0.1",  # loopback
    "127.8.8.8",  # loopback
    "169.254.169.254",  # link-local: cloud metadata
    "100.64.0.1",  # shared address space
    "0.0.0.0",  # unspecified  # noqa: S104
    "0.1.2.3",  # "this network"
    "192.0.0.170",  # IETF protocol assignments
    "192.0.2.1",  # documentation
    "198.18.0.1",  # benchmarking
    "192.88.99.1",  # 6to4 relay anycast
    "224.0.0.251",  # multicast
    "224.0.1.1",  # multicast (global scope, still refused)
    "240.0.0.1",  # reserved
    "255.255.255.255",  # broadcast
    "::1",  # loopback
    "::",  # unspecified
    "fd12:3456:789a::1",  # unique local (private)
    "fe80::1",  # link-local
    "fe80::1%eth0",  # link-local with a zone
    "fec0::1",  # site-local
    "ff02::1",  # multicast
    "::ffff:10.0.0.1",  # IPv4-mapped private
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:169.254.169.254",  # IPv4-mapped metadata service
    "::10.0.0.1",  # IPv4-compatible (deprecated)
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::a00:1",  # local-use NAT64
    "2002:0a00:0001::1",  # 6to4 of 10.0.0.1
    "2002:7f00:0001::",  # 6to4 of 127.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "2001:db8::1",  # documentation
    "100::1",  # discard
]


@pytest.mark.parametrize("address", INTERNAL_ADDRESSES)
def test_a_name_resolving_to_an_internal_address_is_refused_before_connecting(
    source_settings, connections, address
):
    source_settings(SOURCES_ALLOW_LOOPBACK=False)
    resolver = stub_resolver([address])

    with pytest.raises(BlockedAddress) as caught:
        fetch("https://agenda.partner.test/feed.ics", resolver=resolver)

    assert caught.value.code == "blocked_address"
    assert str(caught.value) == (
        "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."
    )
    assert resolver.calls == ["agenda.partner.test"]
    assert connections.attempts == []


@pytest.mark.parametrize("address", [a for a in INTERNAL_ADDRESSES if "%" not in a])
def test_an_internal_address_in_the_url_is_refused_before_connecting(
    source_settings, connections, address
):
    source_settings(SOURCES_ALLOW_LOOPBACK=False)
    host = f"[{address}]" if ":" in address else address

    with pytest.raises((BlockedAddress, InvalidURL)):
        fetch(f"http://{host}/feed.ics")

    assert connections.attempts == []


@pytest.mark.parametrize("address", INTERNAL_ADDRESSES)
def test_the_address_check_refuses_every_internal_address(address):
    assert not is_allowed_address(address)


def test_one_internal_address_among_public_ones_refuses_the_whole_name(
    source_settings, connections
):
    resolver = stub_resolver([PUBLIC_V4, PUBLIC_V6, "10.0.0.7"])

    with pytest.raises(BlockedAddress) as caught:
        fetch("https://agenda.partner.test/feed.ics", resolver=resolver)

    assert "10.0.0.7" in caught.value.detail
    assert connections.attempts == []


def test_loopback_needs_the_setting_and_the_setting_allows_nothing_else(source_settings):
    for address in ("127.0.0.1", "127.3.2.1", "::1"):
        assert not is_allowed_address(address)
        assert is_allowed_address(address, allow_loopback=True)
    for address in ("10.0.0.1", "169.254.169.254", "::ffff:127.0.0.1", "fd00::1", "0.0.0.0"):  # noqa: S104
        assert not is_allowed_address(address, allow_loopback=True)


def test_a_public_address_is_connected_to_as_resolved(source_settings, connections):
    """The fetcher connects to the checked address itself (the guard stops it there)."""
    resolver = stub_resolver([PUBLIC_V4])

    with pytest.raises(ConnectError):
        fetch("http://agenda.partner.test/feed.ics", resolver=resolver)

    assert connections.take_outside() == [(PUBLIC_V4, 80)]


def test_a_public_ipv6_address_is_connected_to_on_the_url_port(source_settings, connections):
    resolver = stub_resolver([PUBLIC_V6])

    with pytest.raises(ConnectError):
        fetch("https://agenda.partner.test:8443/feed.ics", resolver=resolver)

    assert connections.take_outside() == [(PUBLIC_V6, 8443)]


def test_every_checked_address_is_tried_in_turn(source_settings, connections):
    resolver = stub_resolver([PUBLIC_V6, PUBLIC_V4])

    with pytest.raises(ConnectError) as caught:
        fetch("http://agenda.partner.test/feed.ics", resolver=resolver)

    assert connections.take_outside() == [(PUBLIC_V6, 80), (PUBLIC_V4, 80)]
    assert str(caught.value) == "De server agenda.partner.test weigert de verbinding."


def test_a_changing_dns_answer_cannot_redirect_the_connection(source_settings, connections):
    """Public at the check, private a moment later: the name is resolved once per request
    and the connection goes to the address that was checked."""
    resolver = stub_resolver([PUBLIC_V4], ["10.0.0.1"])

    with pytest.raises(ConnectError):
        fetch("http://agenda.partner.test/feed.ics", resolver=resolver)

    assert resolver.calls == ["agenda.partner.test"]
    assert connections.take_outside() == [(PUBLIC_V4, 80)]


@pytest.mark.parametrize(
    "address",
    [
        PUBLIC_V4,
        "8.8.8.8",
        PUBLIC_V6,
        "2002:5db8:d822::1",
        "64:ff9b::5db8:d822",
        "::ffff:5db8:d822",
    ],
)
def test_public_addresses_are_allowed(address):
    assert is_allowed_address(address)


@pytest.mark.parametrize(
    "url, code, text",
    [
        ("ftp://partner.example/agenda.ics", "invalid_scheme",
         "Alleen adressen die met http:// of https:// beginnen, worden opgehaald."),
        ("file:///etc/passwd", "invalid_scheme",
         "Alleen adressen die met http:// of https:// beginnen, worden opgehaald."),
        ("javascript:alert(1)", "invalid_scheme",
         "Alleen adressen die met http:// of https:// beginnen, worden opgehaald."),
        ("agenda.partner.example/feed.ics", "invalid_scheme",
         "Alleen adressen die met http:// of https:// beginnen, worden opgehaald."),
        ("https://user:secret@partner.example/agenda.ics", "credentials_in_url",
         "Het adres bevat een gebruikersnaam of wachtwoord. Gebruik een openbare link naar "
         "de agenda zonder inloggegevens."),
        ("https://partner.example:0/agenda.ics", "invalid_port",
         "Het poortnummer in het adres klopt niet."),
        ("https://partner.example:99999/agenda.ics", "invalid_port",
         "Het poortnummer in het adres klopt niet."),
        ("https:///agenda.ics", "invalid_url", "Dit is geen geldig webadres."),
        ("https://part ner.example/", "invalid_url", "Dit is geen geldig webadres."),
        ("https://partner.example/\r\nX: y", "invalid_url", "Dit is geen geldig webadres."),
        ("https://" + "a" * 2100 + ".example/", "invalid_url", "Dit is geen geldig webadres."),
        ("", "invalid_url", "Dit is geen geldig webadres."),
    ],
)  # fmt: skip
def test_addresses_that_are_not_fetched_are_explained(connections, dns, url, code, text):
    with pytest.raises(InvalidURL) as caught:
        fetch(url)

    assert caught.value.code == code
    assert str(caught.value) == text
    assert connections.attempts == []
    assert dns == []


@pytest.mark.parametrize(
    "url, normalised",
    [
        ("https://Partner.Example/Agenda.ics", "https://partner.example/Agenda.ics"),
        ("  http://partner.example:80/a.ics#top ", "http://partner.example/a.ics"),
        ("https://partner.example:8443", "https://partner.example:8443/"),
        ("webcal://partner.example/agenda.ics", "https://partner.example/agenda.ics"),
        ("WEBCALS://partner.example/agenda.ics", "https://partner.example/agenda.ics"),
        ("https://jeugdzorg-\u00fcbung.example/a b.ics?x=1 2",
         "https://xn--jeugdzorg-bung-psb.example/a%20b.ics?x=1%202"),
        ("http://[2606:2800:220:1::1]:8080/a.ics", "http://[2606:2800:220:1::1]:8080/a.ics"),
    ],
)  # fmt: skip
def test_addresses_are_normalised(url, normalised):
    assert validate_url(url) == normalised
