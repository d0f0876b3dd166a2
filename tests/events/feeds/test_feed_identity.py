"""UID and SEQUENCE: what lets a calendar recognise a session and its updates."""

import datetime as dt

import pytest
import time_machine

from tests.ical_parsers import events
from tests.utils import aware, edit_sessions, make_event

NOW = aware(2026, 6, 1, 12)


@pytest.fixture
def event(agenda):
    return make_event(
        agenda,
        "Themacafé",
        sessions=[{"start": aware(2026, 7, 1, 19), "end": aware(2026, 7, 1, 21), "city": "Venlo"}],
    )


def feed_events(client):
    response = client.get("/agenda/ical/")
    assert response.status_code == 200
    return events(response.content)


def only(client):
    (item,) = feed_events(client).values()
    return item


@pytest.mark.django_db
def test_the_uid_is_the_session_qualified_with_the_site_domain(client, event):
    session = event.sessions.get()
    assert list(feed_events(client)) == [f"session-{session.pk}@localhost"]


@pytest.mark.django_db
def test_the_uid_domain_setting_qualifies_the_uid(client, event, settings):
    settings.JEUGDZORG_WAGTAIL = {"UID_DOMAIN": "agenda.example.org"}
    assert list(feed_events(client))[0].endswith("@agenda.example.org")


@pytest.mark.django_db
def test_the_uid_stays_after_an_edit_and_republish(client, event):
    before = list(feed_events(client))
    edit_sessions(event, start=aware(2026, 7, 2, 19), end=aware(2026, 7, 2, 21))
    after = feed_events(client)
    assert list(after) == before
    assert after[before[0]].decoded("DTSTART") == aware(2026, 7, 2, 19)


@pytest.mark.django_db
def test_a_copy_gets_new_uids(client, event):
    before = set(feed_events(client))
    copy = event.copy(update_attrs={"slug": "themacafe-2", "title": "Themacafé 2"})
    copy.save_revision().publish()
    after = feed_events(client)
    assert len(after) == 2
    new = set(after) - before
    assert len(new) == 1
    assert str(after[new.pop()]["SUMMARY"]) == "Themacafé 2"


@pytest.mark.django_db
def test_sequence_rises_after_a_published_time_change(client, event):
    assert only(client)["SEQUENCE"] == 0
    edit_sessions(event, start=aware(2026, 7, 1, 20), end=aware(2026, 7, 1, 22))
    assert only(client)["SEQUENCE"] == 1
    edit_sessions(event, city="Roermond")
    assert only(client)["SEQUENCE"] == 2
    edit_sessions(event, status="cancelled")
    assert only(client)["SEQUENCE"] == 3


@pytest.mark.django_db
def test_sequence_stays_after_a_draft_save_and_an_edit_that_moves_nothing(client, event):
    edit_sessions(event, publish=False, start=aware(2026, 7, 1, 20), end=aware(2026, 7, 1, 22))
    item = only(client)
    assert item["SEQUENCE"] == 0
    assert item.decoded("DTSTART") == aware(2026, 7, 1, 19)
    edit_sessions(event, note="Inloop vanaf 18:30")
    assert only(client)["SEQUENCE"] == 0


@pytest.mark.django_db
def test_sequence_never_falls_when_an_older_revision_is_published_again(client, event):
    first_revision = event.latest_revision
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        edit_sessions(event, start=aware(2026, 7, 1, 20), end=aware(2026, 7, 1, 22))
        edit_sessions(event, city="Roermond")
    assert only(client)["SEQUENCE"] == 2
    # Publishing the first revision again (a revert) moves the session back: calendars
    # must see a higher SEQUENCE, never the revision's old 0.
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        first_revision.publish()
    item = only(client)
    assert item.decoded("DTSTART") == aware(2026, 7, 1, 19)
    assert str(item["LOCATION"]) == "Venlo"
    assert item["SEQUENCE"] == 3
    assert item.decoded("LAST-MODIFIED") == NOW + dt.timedelta(hours=2)


@pytest.mark.django_db
def test_sequence_rises_when_a_scheduled_revision_goes_live(client, event):
    from django.core.management import call_command

    page = type(event).objects.get(pk=event.pk)
    session = page.sessions.get()
    session.start, session.end = aware(2026, 7, 1, 20), aware(2026, 7, 1, 22)
    page.sessions = [session]
    page.go_live_at = NOW + dt.timedelta(days=1)
    page.save_revision().publish()
    # Scheduled, not live yet: the feed keeps the old time and SEQUENCE.
    item = only(client)
    assert item.decoded("DTSTART") == aware(2026, 7, 1, 19)
    assert item["SEQUENCE"] == 0
    with time_machine.travel(NOW + dt.timedelta(days=1, minutes=1), tick=False):
        call_command("publish_scheduled")
        item = only(client)
    assert item.decoded("DTSTART") == aware(2026, 7, 1, 20)
    assert item["SEQUENCE"] == 1


@pytest.mark.django_db
def test_a_session_brought_back_by_a_revert_rises_above_what_calendars_saw(client, agenda):
    event = make_event(
        agenda,
        "Regiobijeenkomsten",
        sessions=[
            {"start": aware(2026, 7, 1, 19), "end": aware(2026, 7, 1, 21), "city": "Venlo"},
            {"start": aware(2026, 7, 8, 19), "end": aware(2026, 7, 8, 21), "city": "Roermond"},
        ],
    )
    first_revision = event.latest_revision
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        edit_sessions(event, status="cancelled")
    seen = {uid: item["SEQUENCE"] for uid, item in feed_events(client).items()}
    assert set(seen.values()) == {1}
    # The second session is removed, then the first revision is published again.
    page = type(event).objects.get(pk=event.pk)
    page.sessions = [page.sessions.order_by("start").first()]
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        page.save_revision().publish()
    assert len(feed_events(client)) == 1
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        first_revision.publish()
    after = feed_events(client)
    assert set(after) == set(seen)
    for uid, item in after.items():
        assert str(item["STATUS"]) == "CONFIRMED"
        assert item["SEQUENCE"] > seen[uid]
