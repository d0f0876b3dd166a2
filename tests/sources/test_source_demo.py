"""The demo's partner agenda: a calendar the site serves itself, taken in by the demo without
any fetch, and fetched from this machine only."""

import io

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model

from jeugdzorg_wagtail.demo.sources import FEED_FILE, SOURCE_NAME
from jeugdzorg_wagtail.models import AgendaSource, EventIndexPage
from jeugdzorg_wagtail.sources.importing import fetch_source

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("jeugdzorg_demo", "--yes", stdout=out)
    return out.getvalue()


def test_the_demo_adds_a_partner_agenda_with_its_events_once(root_page, connections):
    output = load_demo()

    source = AgendaSource.objects.get()
    assert source.name == SOURCE_NAME
    document = get_document_model().objects.get(title__startswith="Agenda Radicale")
    assert source.url == f"http://127.0.0.1{document.url}"
    assert list(source.agendas.all()) == [EventIndexPage.objects.get().page_ptr]
    assert source.region.name == "Landelijk"
    events = {row.summary: row for row in source.events.all()}
    assert set(events) == {
        "Wat als…? Online gesprek over alternatieven in de jeugdzorg",
        "Actiedag jeugdzorg anders",
        "Terugkomdag voor ervaringsdeskundigen",
    }
    series = events["Wat als…? Online gesprek over alternatieven in de jeugdzorg"]
    assert series.is_recurring and len(series.overrides) == 2 and len(series.exdates) == 2
    assert events["Actiedag jeugdzorg anders"].all_day
    assert events["Terugkomdag voor ervaringsdeskundigen"].status == "TENTATIVE"
    assert source.last_result == "imported" and source.count_new == 3
    assert "jeugdzorg_fetch_sources --all" in output
    assert connections.attempts == []  # the demo fetched nothing

    assert "The demo content is already there; nothing changed." in load_demo()
    assert AgendaSource.objects.count() == 1 and source.events.count() == 3


def test_the_site_serves_the_demo_calendar_and_fetching_it_changes_nothing(
    root_page, client, feed_server, source_settings
):
    load_demo()
    source = AgendaSource.objects.get()
    served = client.get(source.url.removeprefix("http://127.0.0.1"))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == FEED_FILE.read_bytes()
    # The same bytes from a server on 127.0.0.1, as the running site would give them.
    feed_server.serve("/documents/agenda.ics", FEED_FILE.read_bytes())
    source.url = feed_server.url("/documents/agenda.ics")
    source.save()

    outcome = fetch_source(source)

    assert outcome.ok
    assert source.get_counts_text() == "0 nieuw, 0 gewijzigd, 0 verwijderd, 3 ongewijzigd"


def test_without_loopback_the_demo_source_is_refused_before_any_connection(root_page, connections):
    load_demo()
    source = AgendaSource.objects.get()

    outcome = fetch_source(source)

    assert outcome.state == "failed"
    assert source.last_error_message == (
        "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."
    )
    assert connections.attempts == []
    assert source.events.present().count() == 3
