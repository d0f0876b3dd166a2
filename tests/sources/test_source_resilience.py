"""Nothing a partner's server does wipes what the last good fetch brought: a failed, broken,
huge, slow, endlessly redirecting or unreadable feed leaves the events as they were, records
the reason in plain Dutch for the editor, and the next good fetch goes on from there."""

import gzip
import socket

import pytest
from django.db import DatabaseError
from django.utils import timezone, translation

from jeugdzorg_wagtail.sources import importing
from jeugdzorg_wagtail.sources.importing import fetch_source

from .conftest import calendar, event_rows, vevent

pytestmark = pytest.mark.django_db

GOOD = calendar(
    *(
        vevent(
            f"avond-{n}@partner.example",
            DTSTART=f";TZID=Europe/Amsterdam:2030030{n + 1}T190000",
            DTEND=f";TZID=Europe/Amsterdam:2030030{n + 1}T210000",
            SUMMARY=f"Avond {n}",
        )
        for n in range(3)
    )
)


def snapshot(source):
    """What the editor and the agendas see of the source's events, and its last success."""
    source.refresh_from_db()
    rows = sorted(source.events.values_list("uid", "summary", "start", "fingerprint", "removed_at"))
    return {
        "rows": rows,
        "counts": (
            source.count_new,
            source.count_changed,
            source.count_removed,
            source.count_unchanged,
        ),  # fmt: skip
        "last_success_at": source.last_success_at,
        "etag": source.etag,
    }


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trickle(feed_server):
    def handler(h):
        h.send_response(200)
        h.send_header("Content-Length", str(len(GOOD)))
        h.end_headers()
        feed_server.trickle(h, GOOD)

    return handler


def announce_huge(h):
    h.send_response(200)
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.send_header("Connection", "close")
    h.end_headers()


NO_UIDS = calendar(*(vevent(None, DTSTART="20300301T190000Z", SUMMARY=f"Zonder UID {n}")
                     for n in range(3)))  # fmt: skip
TOO_MANY = calendar(*(vevent(f"e{n}@p", DTSTART="20300301T190000Z") for n in range(6)))
BOMB = gzip.compress(b"BEGIN:VCALENDAR\r\n" + b"X-FILLER:" + b"x" * (2 * 1024 * 1024))


# (name, how the server answers, the message the editor reads)
BROKEN = [
    ("not found", lambda fs: fs.serve("/agenda.ics", b"weg", status=404),
     "De agenda is niet gevonden op dit adres (HTTP 404)."),
    ("server error", lambda fs: fs.serve("/agenda.ics", b"oeps", status=500),
     "De server van de partner gaf een fout (HTTP 500). Bij de volgende keer ophalen proberen we "
     "het opnieuw."),
    ("no access", lambda fs: fs.serve("/agenda.ics", b"nee", status=403),
     "De server weigert toegang tot de agenda (HTTP 403). Is de agenda openbaar?"),
    ("web page", lambda fs: fs.serve("/agenda.ics", b"<!DOCTYPE html><html><body>Agenda</body>",
                                     content_type="text/html"),
     "Dit adres geeft een webpagina, geen agenda."),
    ("empty", lambda fs: fs.serve("/agenda.ics", b""), "Het agendabestand is leeg."),
    ("cut off", lambda fs: fs.serve("/agenda.ics", GOOD[: len(GOOD) // 2]),
     "Het agendabestand is onvolledig: het einde ontbreekt."),
    ("json", lambda fs: fs.serve("/agenda.ics", b'["vcalendar", [], []]'),
     "Dit bestand is geen iCal-agenda."),
    ("damaged", lambda fs: fs.serve("/agenda.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
                                    b"END:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
     "Het agendabestand is beschadigd en kan niet worden gelezen."),
    ("too many events", lambda fs: fs.serve("/agenda.ics", TOO_MANY),
     "De agenda bevat 6 bijeenkomsten; van één bron worden er hoogstens 5 overgenomen."),
    ("no event readable", lambda fs: fs.serve("/agenda.ics", NO_UIDS),
     "Geen enkele bijeenkomst uit de agenda kon worden gelezen"),
    ("too large", lambda fs: fs.route("/agenda.ics")(announce_huge),
     "Het bestand is groter dan 64 kB."),
    ("zip bomb", lambda fs: fs.serve("/agenda.ics", BOMB, headers={"Content-Encoding": "gzip"}),
     "Het bestand is groter dan 64 kB."),
    ("slow", lambda fs: fs.route("/agenda.ics")(trickle(fs)),
     "De server antwoordde niet binnen 1 seconde."),
    ("redirect loop", lambda fs: (fs.redirect("/agenda.ics", "/b.ics"),
                                  fs.redirect("/b.ics", "/agenda.ics")),
     "Het adres stuurt in een kringetje door."),
    ("too many redirects", lambda fs: [fs.redirect(f"/{p}", f"/{p}x")
                                       for p in ("agenda.ics", "agenda.icsx", "agenda.icsxx",
                                                 "agenda.icsxxx")],
     "Het adres stuurt meer dan 3 keer door."),
]  # fmt: skip


@pytest.mark.parametrize("serve, message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_fetch_keeps_the_last_good_events(
    feed_server, partner, source_settings, serve, message
):
    source_settings(SOURCES_MAX_EVENTS=5, SOURCES_MAX_BYTES=64 * 1024, SOURCES_TIMEOUT=1)
    feed_server.serve("/agenda.ics", GOOD, headers={"ETag": '"goed"'})
    assert fetch_source(partner).ok
    good = snapshot(partner)
    feed_server.routes.clear()
    serve(feed_server)

    outcome = fetch_source(partner, now=partner.last_attempt_at.replace(year=2031))

    assert outcome.state == "failed"
    assert snapshot(partner) == good
    assert partner.last_result == "failed"
    assert message in partner.last_error_message
    assert message in outcome.message
    assert outcome.message.endswith("De bijeenkomsten van de vorige keer blijven staan.")
    with translation.override("en"):  # stored as a code: read in each editor's language
        english = partner.last_error_message
        assert english and message not in english
        assert partner.get_result_text() == f"Failed: {english}"


def test_an_unreachable_server_keeps_the_last_good_events(feed_server, partner):
    feed_server.serve("/agenda.ics", GOOD)
    fetch_source(partner)
    good = snapshot(partner)
    partner.url = f"http://127.0.0.1:{closed_port()}/agenda.ics"
    partner.save()

    outcome = fetch_source(partner)

    assert outcome.state == "failed"
    assert snapshot(partner)["rows"] == good["rows"]
    assert partner.last_error_message == "De server 127.0.0.1 weigert de verbinding."


def test_an_address_in_the_hosts_own_network_is_never_fetched(feed_server, partner, connections):
    feed_server.serve("/agenda.ics", GOOD)
    fetch_source(partner)
    good = snapshot(partner)
    type(partner).objects.filter(pk=partner.pk).update(url="http://169.254.169.254/latest/")
    partner.refresh_from_db()

    outcome = fetch_source(partner)

    assert outcome.state == "failed"
    assert snapshot(partner)["rows"] == good["rows"]
    assert partner.last_error_message == (
        "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."
    )
    assert all(host == "127.0.0.1" for host, _port in connections.attempts)


def test_a_feed_that_is_not_utf8_is_read_and_keeps_its_accents(feed_server, partner):
    body = calendar(vevent("cafe@partner.example", DTSTART="20300301T190000Z",
                           SUMMARY="Themacafé over privé en één")).decode()  # fmt: skip
    feed_server.serve("/agenda.ics", body.encode("cp1252"), content_type="text/calendar")

    outcome = fetch_source(partner)

    assert outcome.state == "imported"
    assert event_rows(partner)["cafe@partner.example"].summary == "Themacafé over privé en één"
    [(subject, message, skipped)] = partner.get_problem_messages()
    assert "niet in UTF-8" in message and "Windows-1252" in message and not skipped


def test_an_error_while_storing_writes_nothing_at_all(feed_server, partner, monkeypatch):
    feed_server.serve("/agenda.ics", GOOD)
    fetch_source(partner)
    good = snapshot(partner)
    feed_server.serve("/agenda.ics", calendar(vevent("nieuw@partner.example",
                                                     DTSTART="20300401T190000Z")))  # fmt: skip

    def fail(source, rows):
        assert rows and rows[0].pk  # the new row was inserted in the transaction
        raise DatabaseError("disk full")

    monkeypatch.setattr(importing, "_give_default_terms", fail)
    with pytest.raises(DatabaseError):
        fetch_source(partner)

    assert snapshot(partner)["rows"] == good["rows"]  # the insert and the removals rolled back
    assert partner.last_result == "failed"
    assert partner.last_error_message == "De bijeenkomsten konden niet worden opgeslagen."
    partner.refresh_from_db()
    assert partner.fetching_since is None  # the next fetch may run


def test_the_next_good_fetch_goes_on_from_the_last_good_one(feed_server, partner):
    feed_server.serve("/agenda.ics", GOOD)
    fetch_source(partner)
    feed_server.serve("/agenda.ics", b"<html>onderhoud</html>", content_type="text/html")
    fetch_source(partner)
    feed_server.serve("/agenda.ics", GOOD)

    outcome = fetch_source(partner)

    assert outcome.state == "imported"
    assert partner.get_counts_text() == "0 nieuw, 0 gewijzigd, 0 verwijderd, 3 ongewijzigd"
    assert partner.last_error_message  # the last error stays readable, with its time
    assert partner.last_success_at > partner.last_error_at


def test_a_fetch_already_running_is_not_started_twice(feed_server, partner):
    feed_server.serve("/agenda.ics", GOOD)
    type(partner).objects.filter(pk=partner.pk).update(fetching_since=partner.created_at)

    outcome = fetch_source(partner, now=partner.created_at)

    assert outcome.state == "busy"
    assert feed_server.requests == []
    assert outcome.message == (
        "“Jeugdzorg Zuid” wordt op dit moment al opgehaald. Probeer het over een minuut opnieuw."
    )
    # A claim of a process that died is taken over after the deadline.
    later = timezone.now() + importing.CLAIM_MARGIN * 2
    assert fetch_source(partner, now=later).ok
