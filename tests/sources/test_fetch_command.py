"""``jeugdzorg_fetch_sources``: the sources that are due (or all, or the ones named) are
fetched; a partner's failure is reported, not fatal; an error of this site is."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.utils import timezone

from jeugdzorg_wagtail.sources import importing
from tests.utils import make_source

from .conftest import SIMPLE_FEED

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("jeugdzorg_fetch_sources", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def sources(feed_server, source_settings):
    feed_server.serve("/zuid.ics", SIMPLE_FEED)
    feed_server.serve("/noord.ics", SIMPLE_FEED)
    return {
        "zuid": make_source("Jeugdzorg Zuid", url=feed_server.url("/zuid.ics")),
        "noord": make_source(
            "Jeugdzorg Noord", url=feed_server.url("/noord.ics"), fetch_interval=1440
        ),  # fmt: skip
        "uit": make_source("Uitgezet", url=feed_server.url("/uit.ics"), enabled=False),
    }


def fetched(feed_server):
    return sorted(path for path, _headers in feed_server.requests)


def test_a_source_never_fetched_is_due_and_the_output_says_how_it_went(feed_server, sources):
    output = run()

    assert fetched(feed_server) == ["/noord.ics", "/zuid.ics"]
    assert f"[{sources['zuid'].pk}] “Jeugdzorg Zuid” fetched: 1 new, 0 changed, 0 removed, " \
           "0 unchanged." in output  # fmt: skip
    assert "2 source(s) fetched: 2 fine, 0 not." in output
    sources["zuid"].refresh_from_db()
    assert sources["zuid"].events.count() == 1


def test_a_source_is_due_again_after_its_interval(feed_server, sources, time_machine):
    run()
    feed_server.requests.clear()

    time_machine.move_to(timezone.now() + dt.timedelta(minutes=30))
    assert run() == "No source is due.\n"
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=31))
    run()
    assert fetched(feed_server) == ["/zuid.ics"]  # every hour; Noord once a day
    time_machine.move_to(timezone.now() + dt.timedelta(days=1))
    feed_server.requests.clear()
    run()
    assert fetched(feed_server) == ["/noord.ics", "/zuid.ics"]


def test_all_fetches_every_source_that_is_on(feed_server, sources):
    run()
    feed_server.requests.clear()

    run("--all")

    assert fetched(feed_server) == ["/noord.ics", "/zuid.ics"]


def test_a_source_can_be_named_also_when_it_is_off(feed_server, sources):
    output = run("--source", str(sources["uit"].pk))

    assert fetched(feed_server) == ["/uit.ics"]
    assert "could not be fetched: The calendar was not found at this address (HTTP 404)." in output
    assert "1 source(s) fetched: 0 fine, 1 not." in output
    with pytest.raises(CommandError, match="No source with ID 999999."):
        run("--source", "999999")


def test_a_partners_failure_is_reported_and_the_others_are_fetched(feed_server, sources):
    feed_server.serve("/zuid.ics", b"<html>onderhoud</html>", content_type="text/html")

    output = run()  # no exception: the exit status is 0

    assert "“Jeugdzorg Zuid” could not be fetched: This address gives a web page" in output
    assert "“Jeugdzorg Noord” fetched" in output
    sources["zuid"].refresh_from_db()
    assert sources["zuid"].last_result == "failed"


def test_an_error_of_this_site_fails_the_command_after_every_source(
    feed_server, sources, monkeypatch
):
    real = importing.import_feed

    def import_feed(source, *args, **kwargs):
        if source.name == "Jeugdzorg Noord":
            raise DatabaseError("disk full")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(importing, "import_feed", import_feed)
    with pytest.raises(CommandError, match="1 source.s. could not be stored"):
        run()

    assert fetched(feed_server) == ["/noord.ics", "/zuid.ics"]
    sources["zuid"].refresh_from_db()
    assert sources["zuid"].events.count() == 1
