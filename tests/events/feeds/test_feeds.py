"""The iCal feeds of the agenda and of an event, as calendar apps read them."""

import datetime as dt

import pytest
import time_machine
import vobject
from django.utils.http import http_date
from wagtail.contrib.redirects.models import Redirect

from jeugdzorg_wagtail.models import EventType, NetworkSettings, Region, Theme
from tests.ical_parsers import events, instants, with_vobject
from tests.utils import aware, make_event

NOW = aware(2026, 6, 1, 12)
UTC = dt.UTC


PAGE_FIELDS = {"slug", "region", "intro", "event_type"}


def one_session(agenda, title="Themacafé", **values):
    """An event with one session; ``values`` are session fields and a few page fields."""
    page_values = {k: values.pop(k) for k in PAGE_FIELDS & set(values)}
    values.setdefault("start", aware(2026, 7, 1, 12))
    values.setdefault("end", aware(2026, 7, 1, 14))
    return make_event(agenda, title, sessions=[values], **page_values)


def feed(client, url="/agenda/ical/", **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response


def only_event(response):
    (event,) = events(response.content).values()
    return event


@pytest.mark.django_db
def test_the_agenda_feed_is_a_calendar_with_its_file_name_and_caching_headers(client, agenda):
    one_session(agenda)
    response = feed(client)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="agenda.ics"'
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == http_date(NOW.timestamp())
    body = response.content
    for line in (
        b"VERSION:2.0",
        b"CALSCALE:GREGORIAN",
        b"METHOD:PUBLISH",
        b"NAME:Agenda",
        b"X-WR-CALNAME:Agenda",
        b"X-WR-TIMEZONE:Europe/Amsterdam",
        b"REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        b"X-PUBLISHED-TTL:PT12H",
        b"TZID:Europe/Amsterdam",
        b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    ):
        assert line + b"\r\n" in body
    assert body.count(b"BEGIN:VEVENT") == 1


@pytest.mark.django_db
def test_the_network_settings_name_the_calendar_and_set_its_refresh_interval(client, agenda, site):
    settings = NetworkSettings.for_site(site)
    settings.name = "Jeugdzorgnetwerk Limburg"
    settings.description = "Regionaal netwerk."
    settings.calendar_refresh_hours = 6
    settings.save()
    body = feed(client).content
    assert "NAME:Jeugdzorgnetwerk Limburg – Agenda\r\n".encode() in body
    assert b"X-WR-CALDESC:Regionaal netwerk.\r\n" in body
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in body


@pytest.mark.django_db
def test_a_session_over_the_end_of_summer_time_lasts_five_hours_in_every_parser(client, agenda):
    one_session(agenda, start=aware(2026, 10, 25, 0, 30), end=aware(2026, 10, 25, 4, 30))
    body = feed(client).content
    assert b"DTSTART;TZID=Europe/Amsterdam:20261025T003000\r\n" in body
    assert b"DTEND;TZID=Europe/Amsterdam:20261025T043000\r\n" in body
    ((start, end),) = instants(body).values()
    assert start == dt.datetime(2026, 10, 24, 22, 30, tzinfo=UTC)
    assert end - start == dt.timedelta(hours=5)


@pytest.mark.django_db
def test_a_july_session_keeps_its_noon_in_vobject(client, agenda):
    one_session(agenda, start=aware(2026, 7, 1, 12), end=aware(2026, 7, 1, 13))
    body = feed(client).content
    ((start, end),) = instants(body).values()
    assert start == dt.datetime(2026, 7, 1, 10, tzinfo=UTC)
    ((vobject_start, _end),) = with_vobject(body).values()
    # vobject reads the times in the feed's own VTIMEZONE
    event = vobject.readOne(body.decode()).vevent
    assert event.dtstart.value.hour == 12
    assert event.dtstart.value.utcoffset() == dt.timedelta(hours=2)
    assert vobject_start == start


@pytest.mark.django_db
def test_whole_day_sessions_are_dates_with_an_exclusive_end(client, agenda):
    one_session(agenda, start=aware(2026, 7, 1, 9), end=aware(2026, 7, 2, 17), all_day=True)
    body = feed(client).content
    assert b"DTSTART;VALUE=DATE:20260701\r\n" in body
    assert b"DTEND;VALUE=DATE:20260703\r\n" in body
    assert list(instants(body).values()) == [(dt.date(2026, 7, 1), dt.date(2026, 7, 3))]


@pytest.mark.django_db
def test_cancelled_sessions_stay_in_the_feed_marked_cancelled(client, agenda):
    one_session(agenda, "Netwerkdag", status="cancelled")
    event = only_event(feed(client, HTTP_ACCEPT_LANGUAGE="en"))
    assert event["STATUS"] == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Netwerkdag"


@pytest.mark.django_db
def test_postponed_sessions_are_tentative_with_a_marked_summary(client, agenda):
    one_session(agenda, "Netwerkdag", status="postponed", note="Nieuwe datum volgt")
    event = only_event(feed(client, HTTP_ACCEPT_LANGUAGE="nl"))
    assert event["STATUS"] == "TENTATIVE"
    assert str(event["SUMMARY"]) == "Uitgesteld: Netwerkdag"
    assert "Nieuwe datum volgt" in str(event["DESCRIPTION"])


@pytest.mark.django_db
def test_a_session_moved_online_has_its_link_as_place(client, agenda):
    one_session(
        agenda,
        city="Maastricht",
        status="moved_online",
        online_url="https://meet.example.org/netwerkdag",
        online_url_public=True,
    )
    event = only_event(feed(client))
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["LOCATION"]) == "https://meet.example.org/netwerkdag"


@pytest.mark.django_db
def test_a_hybrid_session_has_its_address_as_place_and_its_link_as_conference(client, agenda):
    one_session(
        agenda,
        venue="Huis van de Wijk",
        address="Markt 1",
        postal_code="6211 CK",
        city="Maastricht",
        online_url="https://meet.example.org/hybride",
        online_url_public=True,
    )
    body = feed(client).content
    event = only_event(feed(client))
    assert str(event["LOCATION"]) == "Huis van de Wijk, Markt 1, 6211 CK Maastricht"
    assert b"CONFERENCE;FEATURE=VIDEO;VALUE=URI:https://meet.example.org/hybride\r\n" in body
    assert "https://meet.example.org/hybride" in str(event["DESCRIPTION"])


@pytest.mark.django_db
def test_an_online_link_that_is_not_public_never_appears(client, agenda):
    one_session(
        agenda,
        city="Maastricht",
        online_url="https://meet.example.org/geheim",
        online_url_public=False,
    )
    one_session(
        agenda,
        "Webinar",
        status="moved_online",
        online_url="https://meet.example.org/ook-geheim",
    )
    body = feed(client).content
    assert b"geheim" not in body
    assert b"CONFERENCE" not in body
    locations = sorted(str(e["LOCATION"]) for e in events(body).values())
    assert locations == ["Maastricht", "Online"]


@pytest.mark.django_db
def test_summary_description_url_and_categories(client, agenda):
    workshop = EventType.objects.create(name="Workshop")
    themes = [Theme.objects.create(name="Veiligheid"), Theme.objects.create(name="Armoede")]
    page = make_event(
        agenda,
        "Werken met gezinnen",
        intro="Een middag over samenwerken.",
        event_type=workshop,
        sessions=[{"start": aware(2026, 7, 1, 13), "end": aware(2026, 7, 1, 17)}],
    )
    page.themes.set(themes)
    page.save_revision().publish()
    event = only_event(feed(client))
    assert str(event["SUMMARY"]) == "Werken met gezinnen"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Een middag over samenwerken.")
    assert description.endswith("http://localhost/agenda/werken-met-gezinnen/")
    assert str(event["URL"]) == "http://localhost/agenda/werken-met-gezinnen/"
    assert event["CATEGORIES"].cats == ["Workshop", "Armoede", "Veiligheid"]


@pytest.mark.django_db
def test_stamps_come_from_the_publishing_history_so_the_same_content_gives_the_same_bytes(
    client, agenda
):
    one_session(agenda)
    first = feed(client).content
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        again = feed(client).content
    assert again == first
    event = only_event(feed(client))
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("CREATED") == NOW
    assert event.decoded("LAST-MODIFIED") == NOW


@pytest.mark.django_db
def test_the_feed_holds_sessions_from_ninety_days_ago_on(client, agenda):
    one_session(agenda, "Lang geleden", start=aware(2026, 2, 1, 10), end=aware(2026, 2, 1, 12))
    one_session(agenda, "Vorige maand", start=aware(2026, 5, 1, 10), end=aware(2026, 5, 1, 12))
    one_session(agenda, "Straks")
    summaries = sorted(str(e["SUMMARY"]) for e in events(feed(client).content).values())
    assert summaries == ["Straks", "Vorige maand"]


@pytest.mark.django_db
def test_an_event_feed_holds_all_its_sessions_and_names_its_file(client, agenda):
    page = make_event(
        agenda,
        "Regiobijeenkomsten",
        sessions=[
            {"start": aware(2025, 9, 1, 10), "end": aware(2025, 9, 1, 12), "city": "Venlo"},
            {"start": aware(2026, 9, 1, 10), "end": aware(2026, 9, 1, 12), "city": "Heerlen"},
        ],
    )
    response = feed(client, f"/agenda/{page.slug}/ical/")
    assert response["Content-Disposition"] == 'inline; filename="regiobijeenkomsten.ics"'
    body = response.content
    assert body.count(b"BEGIN:VEVENT") == 2
    assert b"X-WR-CALNAME:Regiobijeenkomsten\r\n" in body
    assert sorted(str(e["LOCATION"]) for e in events(body).values()) == ["Heerlen", "Venlo"]


@pytest.mark.django_db
def test_a_non_ascii_slug_gives_an_encoded_file_name(client, agenda):
    page = one_session(agenda, "Café", slug="café")
    response = feed(client, f"/agenda/{page.slug}/ical/")
    assert response["Content-Disposition"] == "inline; filename*=utf-8''caf%C3%A9.ics"
    assert str(only_event(response)["URL"]) == "http://localhost/agenda/caf%C3%A9/"


@pytest.mark.django_db
def test_filters_narrow_the_feed_as_they_narrow_the_listing(client, agenda):
    limburg = Region.objects.create(name="Limburg")
    utrecht = Region.objects.create(name="Utrecht")
    one_session(agenda, "In Limburg", region=limburg)
    one_session(agenda, "In Utrecht", region=utrecht)
    one_session(agenda, "Online", online_url="https://meet.example.org/x", city="")
    body = feed(client, "/agenda/ical/?region=limburg").content
    assert [str(e["SUMMARY"]) for e in events(body).values()] == ["In Limburg"]
    body = feed(client, "/agenda/ical/?mode=online").content
    assert [str(e["SUMMARY"]) for e in events(body).values()] == ["Online"]
    body = feed(client, "/agenda/ical/?region=limburg&region=utrecht").content
    assert body.count(b"BEGIN:VEVENT") == 2


@pytest.mark.django_db
def test_a_malformed_filter_gets_a_400_with_a_plain_message(client, agenda):
    Region.objects.create(name="Limburg")
    response = client.get("/agenda/ical/?region=atlantis&from_date=2026-13-45")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "atlantis" in text
    assert "from_date" in text


@pytest.mark.django_db
def test_a_matching_if_none_match_gets_304_without_a_body(client, agenda):
    one_session(agenda)
    etag = feed(client)["ETag"]
    response = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=900"
    assert client.get("/agenda/ical/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.django_db
def test_a_matching_if_modified_since_gets_304(client, agenda):
    one_session(agenda)
    last_modified = feed(client)["Last-Modified"]
    response = client.get("/agenda/ical/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
    earlier = http_date((NOW - dt.timedelta(days=1)).timestamp())
    assert client.get("/agenda/ical/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


@pytest.mark.django_db
def test_the_etag_changes_with_a_published_change_the_filters_and_the_day(client, agenda):
    page = one_session(agenda)
    etag = feed(client)["ETag"]
    assert feed(client, "/agenda/ical/?mode=offline")["ETag"] != etag
    page.save_revision()  # a draft changes nothing
    assert feed(client)["ETag"] == etag
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        page.title = "Themacafé (nieuwe titel)"
        page.save_revision().publish()
    changed = feed(client)["ETag"]
    assert changed != etag
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert feed(client)["ETag"] != changed


@pytest.mark.django_db
def test_head_gives_the_headers_of_get(client, agenda):
    one_session(agenda)
    get = feed(client)
    head = client.head("/agenda/ical/")
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "Content-Disposition", "ETag", "Last-Modified"):
        assert head[header] == get[header]
    assert client.head("/agenda/ical/", HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


@pytest.mark.django_db
def test_a_post_to_a_feed_is_not_allowed(client, agenda):
    response = client.post("/agenda/ical/")
    assert response.status_code == 405


@pytest.mark.django_db
def test_the_feed_routes_are_in_the_route_and_cache_paths(agenda):
    page = one_session(agenda)
    for item in (agenda, page):
        assert "/ical/" in item.get_route_paths()
        assert "/ical/" in item.get_cached_paths()
        assert item.reverse_subpage("ical") == "ical/"


@pytest.mark.django_db
def test_moving_the_agenda_redirects_its_feed(client, agenda, django_capture_on_commit_callbacks):
    one_session(agenda)
    agenda.slug = "activiteiten"
    with django_capture_on_commit_callbacks(execute=True):
        agenda.save_revision().publish()
    assert Redirect.objects.filter(old_path="/agenda/ical").exists()
    response = client.get("/agenda/ical/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/activiteiten/ical/")
