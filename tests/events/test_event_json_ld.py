"""schema.org Event data on event pages, read back from the HTML as a search engine does."""

import json
import re

import pytest

from jeugdzorg_wagtail.models import EventOrganisation, Organisation, OrganisationRole
from tests.utils import aware, make_event


def json_ld(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(scripts) == 1
    return json.loads(scripts[0])


def session(**values):
    return {"start": aware(2031, 6, 11, 12), "end": aware(2031, 6, 11, 17), **values}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("scheduled", "https://schema.org/EventScheduled"),
        ("cancelled", "https://schema.org/EventCancelled"),
        ("postponed", "https://schema.org/EventPostponed"),
        ("moved_online", "https://schema.org/EventMovedOnline"),
    ],
)
def test_event_status(agenda, client, status, expected):
    event = make_event(agenda, "Symposium", sessions=[session(city="Maastricht", status=status)])
    data = json_ld(client, event)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["eventStatus"] == expected
    if status == "moved_online":
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"]["@type"] == "VirtualLocation"


@pytest.mark.django_db
def test_an_event_on_site_has_a_place_with_its_address(agenda, client):
    event = make_event(
        agenda,
        "Symposium Jeugdzorg 2.0",
        intro="Een open space markt.",
        is_free=True,
        sessions=[
            session(
                venue="Provinciehuis Limburg",
                address="Limburglaan 10",
                postal_code="6229 GA",
                city="Maastricht",
            )
        ],
    )
    data = json_ld(client, event)
    assert data["name"] == "Symposium Jeugdzorg 2.0"
    assert data["description"] == "Een open space markt."
    assert data["url"] == "http://localhost/agenda/symposium-jeugdzorg-20/"
    assert data["startDate"] == "2031-06-11T12:00:00+02:00"
    assert data["endDate"] == "2031-06-11T17:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["isAccessibleForFree"] is True
    assert data["location"] == {
        "@type": "Place",
        "name": "Provinciehuis Limburg",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Limburglaan 10",
            "postalCode": "6229 GA",
            "addressLocality": "Maastricht",
        },
    }


@pytest.mark.django_db
def test_a_hybrid_event_has_a_place_and_a_virtual_location(agenda, client):
    event = make_event(
        agenda,
        "Wat als",
        sessions=[
            session(city="Utrecht", online_url="https://live.example.org/", online_url_public=True)
        ],
    )
    data = json_ld(client, event)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Utrecht"}},
        {"@type": "VirtualLocation", "url": "https://live.example.org/"},
    ]
    assert "isAccessibleForFree" not in data


@pytest.mark.django_db
def test_a_private_online_link_is_not_in_the_data(agenda, client):
    event = make_event(
        agenda, "Webinar", sessions=[session(online_url="https://secret.example.org/room")]
    )
    data = json_ld(client, event)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "url" not in data["location"]
    assert "secret" not in json.dumps(data)


@pytest.mark.django_db
def test_whole_days_are_dates_without_times(agenda, client):
    event = make_event(
        agenda,
        "Actiedag",
        sessions=[{"start": aware(2031, 6, 2, 9), "end": aware(2031, 6, 3, 9), "all_day": True}],
    )
    data = json_ld(client, event)
    assert data["startDate"] == "2031-06-02"
    assert data["endDate"] == "2031-06-03"


@pytest.mark.django_db
def test_a_series_gives_one_event_per_session(agenda, client):
    cities = ["Zwolle", "Amsterdam", "Amersfoort", "Eindhoven", "Rotterdam", "Arnhem"]
    event = make_event(
        agenda,
        "Regiobijeenkomsten",
        is_free=True,
        sessions=[
            {
                "start": aware(2031, 6, i + 1, 12),
                "end": aware(2031, 6, i + 1, 17),
                "city": city,
                "status": "cancelled" if city == "Eindhoven" else "scheduled",
            }
            for i, city in enumerate(cities)
        ],
    )
    organisation = Organisation.objects.create(name="VGN", website="https://vgn.example.org/")
    funder = Organisation.objects.create(name="ZonMw")
    event.organisation_roles.add(
        EventOrganisation(organisation=organisation, role=OrganisationRole.ORGANISER)
    )
    event.organisation_roles.add(
        EventOrganisation(organisation=funder, role=OrganisationRole.FUNDER)
    )
    event.save_revision().publish()
    data = json_ld(client, event)
    events = data["@graph"]
    assert [e["location"]["address"]["addressLocality"] for e in events] == cities
    assert all(e["@type"] == "Event" and e["name"] == "Regiobijeenkomsten" for e in events)
    assert [e["startDate"][:10] for e in events] == [f"2031-06-0{i}" for i in range(1, 7)]
    assert events[3]["eventStatus"] == "https://schema.org/EventCancelled"
    assert events[0]["eventStatus"] == "https://schema.org/EventScheduled"
    assert events[0]["organizer"] == {
        "@type": "Organization",
        "name": "VGN",
        "url": "https://vgn.example.org/",
    }


@pytest.mark.django_db
def test_the_data_cannot_break_out_of_its_script_element(agenda, client):
    event = make_event(
        agenda,
        "</script><script>alert(1)</script> & <!--",
        slug="gevaarlijk",
        sessions=[session(city="Utrecht")],
    )
    response = client.get(event.url)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld(client, event)
    assert data["name"] == "</script><script>alert(1)</script> & <!--"


@pytest.mark.django_db
def test_the_data_is_built_by_an_overridable_method(agenda, rf):
    event = make_event(agenda, "Symposium", sessions=[session(city="Utrecht")])
    data = event.get_json_ld()
    assert data["name"] == "Symposium"
    assert event.get_session_json_ld(event.sessions.get())["@type"] == "Event"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "expected"),
    [({"is_free": True}, True), ({"cost": "€ 25"}, False), ({"cost": "  "}, None), ({}, None)],
)
def test_free_of_charge_only_when_known(agenda, client, fields, expected):
    event = make_event(agenda, "Symposium", sessions=[session(city="Utrecht")], **fields)
    data = json_ld(client, event)
    assert data.get("isAccessibleForFree") is expected
