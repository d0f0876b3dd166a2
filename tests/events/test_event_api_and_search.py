"""Events in Wagtail's API (sessions as plain values) and in search."""

import pytest

from jeugdzorg_wagtail.models import EventPage, Region, SessionStatus, Theme
from tests.utils import aware, make_agenda, make_event


@pytest.fixture
def event(root_page):
    agenda = make_agenda(root_page)
    page = make_event(
        agenda,
        "Symposium Jeugdzorg 2.0 Limburg",
        intro="Een open space markt in het Gouvernement.",
        region=Region.objects.create(name="Limburg"),
        is_free=True,
        sessions=[
            {
                "start": aware(2031, 4, 26, 10),
                "end": aware(2031, 4, 26, 16),
                "venue": "Provinciehuis Limburg",
                "city": "Maastricht",
            },
            {
                "start": aware(2031, 5, 3, 10),
                "end": aware(2031, 5, 3, 12),
                "online_url": "https://secret.example.org/room",
                "status": SessionStatus.POSTPONED,
            },
        ],
    )
    page.themes.set([Theme.objects.create(name="De professional")])
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_the_api_gives_sessions_as_plain_values(event, client):
    response = client.get(f"/api/v2/pages/{event.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["intro"] == "Een open space markt in het Gouvernement."
    assert data["region"] == {"name": "Limburg", "slug": "limburg"}
    assert data["themes"] == [{"name": "De professional", "slug": "de-professional"}]
    assert data["is_free"] is True
    first, second = data["sessions"]
    assert first["start"] == "2031-04-26T10:00:00+02:00"
    assert first["city"] == "Maastricht"
    assert first["attendance_mode"] == "offline"
    assert first["status"] == "scheduled"
    assert second["status"] == "postponed"
    assert second["attendance_mode"] == "online"
    assert second["online_url"] == ""  # not public
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_the_api_lists_events_with_their_sessions(event, client):
    response = client.get("/api/v2/pages/?type=jeugdzorg_wagtail.EventPage&fields=sessions,region")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Symposium Jeugdzorg 2.0 Limburg"]
    assert len(items[0]["sessions"]) == 2


@pytest.mark.django_db
def test_events_are_found_by_intro_theme_and_region(event):
    for query in ["Gouvernement", "professional", "Limburg"]:
        assert list(EventPage.objects.live().search(query)) == [event], query


@pytest.mark.django_db
def test_events_are_found_by_the_city_of_a_session(event):
    assert list(EventPage.objects.live().search("Maastricht")) == [event]
