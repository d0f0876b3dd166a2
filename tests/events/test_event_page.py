"""An event page as a visitor sees it: sessions, status, places, links, registration."""

import re

import pytest
import time_machine

from jeugdzorg_wagtail.models import (
    EventOrganisation,
    EventType,
    Organisation,
    OrganisationRole,
    Region,
    SessionStatus,
    TargetGroup,
    Theme,
)
from tests.utils import aware, make_event

NOW = aware(2031, 5, 1, 12)


def text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def session(day, start=10, end=12, **values):
    return {"start": aware(2031, *day, start), "end": aware(2031, *day, end), **values}


@pytest.mark.django_db
def test_sessions_show_date_time_and_place_in_the_calendar_zone(agenda, client):
    event = make_event(
        agenda,
        "Symposium",
        intro="Een open space markt.",
        sessions=[
            session(
                (6, 11),
                12,
                17,
                venue="Provinciehuis",
                address="Limburglaan 10",
                postal_code="6229 GA",
                city="Maastricht",
            )
        ],
    )
    html = text(client.get(event.url))
    assert "<h1>Symposium</h1>" in html
    assert "Een open space markt." in html
    assert (
        '<time datetime="2031-06-11T12:00:00+02:00">woensdag 11 juni 2031, 12:00</time>–'
        '<time datetime="2031-06-11T17:00:00+02:00">17:00</time>'
    ) in html
    assert "Provinciehuis" in html
    assert "Limburglaan 10, 6229 GA Maastricht" in html
    assert "Datum en plaats" in html


@pytest.mark.django_db
def test_a_whole_day_session_shows_dates_without_times(agenda, client):
    event = make_event(
        agenda,
        "Actiedag",
        sessions=[
            {
                "start": aware(2031, 6, 2, 9),
                "end": aware(2031, 6, 3, 18),
                "all_day": True,
                "city": "Utrecht",
            }
        ],
    )
    html = text(client.get(event.url))
    assert (
        '<time datetime="2031-06-02">maandag 2 juni 2031</time> – '
        '<time datetime="2031-06-03">dinsdag 3 juni 2031</time>'
    ) in html
    assert "00:00" not in html and "09:00" not in html


@pytest.mark.django_db
def test_a_series_lists_every_session(agenda, client):
    cities = ["Zwolle", "Amsterdam", "Amersfoort", "Eindhoven", "Rotterdam", "Arnhem"]
    event = make_event(
        agenda,
        "Regiobijeenkomsten",
        sessions=[session((6, i + 1), city=city) for i, city in enumerate(cities)],
    )
    html = text(client.get(event.url))
    assert html.count('class="jw-session"') == 6
    assert [c for c in cities if c in html] == cities
    assert "Data en plaatsen" in html


@pytest.mark.django_db
def test_a_cancelled_session_is_plainly_marked_with_its_note(agenda, client):
    event = make_event(
        agenda,
        "Themacafé",
        sessions=[
            session((6, 1), city="Leiden"),
            session(
                (6, 8),
                city="Leiden",
                status=SessionStatus.CANCELLED,
                note="Te weinig aanmeldingen",
            ),
            session((6, 15), city="Leiden", status=SessionStatus.POSTPONED, note="Nieuwe datum"),
            session(
                (6, 22),
                city="Leiden",
                status=SessionStatus.MOVED_ONLINE,
                online_url="https://meet.example.org/x",
                online_url_public=True,
            ),
        ],
    )
    html = text(client.get(event.url))
    assert "<strong>Geannuleerd</strong>: Te weinig aanmeldingen" in html
    assert "<strong>Uitgesteld</strong>: Nieuwe datum" in html
    assert "<strong>Verplaatst naar online</strong>" in html
    assert 'class="jw-session jw-session--cancelled"' in html
    # The session moved online shows its link, not the place
    moved = html[html.index("Verplaatst naar online") :]
    moved = moved[: moved.index("</li>")]
    assert 'href="https://meet.example.org/x"' in moved
    assert "Leiden" not in moved


@pytest.mark.django_db
def test_a_hybrid_session_shows_place_and_public_link(agenda, client):
    event = make_event(
        agenda,
        "Wat als… (vervolg)",
        sessions=[
            session(
                (10, 13),
                10,
                12,
                venue="Stadskantoor",
                city="Utrecht",
                online_url="https://live.example.org/wat-als",
                online_url_public=True,
            )
        ],
    )
    html = text(client.get(event.url))
    assert "Utrecht" in html
    assert "Ook online." in html
    assert '<a href="https://live.example.org/wat-als">Online meedoen</a>' in html


@pytest.mark.django_db
def test_a_private_online_link_is_never_shown(agenda, client):
    event = make_event(
        agenda,
        "Webinar",
        sessions=[session((6, 1), online_url="https://secret.example.org/room-42")],
    )
    html = text(client.get(event.url))
    assert "secret.example.org" not in html
    assert "De link ontvang je na aanmelding." in html
    assert "Online." in html


@pytest.mark.django_db
def test_classification_cost_and_organisations_by_role(agenda, client):
    event = make_event(
        agenda,
        "Regiobijeenkomsten",
        is_free=True,
        event_type=EventType.objects.create(name="Regiobijeenkomst"),
        region=Region.objects.create(name="Landelijk"),
        sessions=[session((6, 11))],
    )
    event.themes.set([Theme.objects.create(name="De professional")])
    event.target_groups.set([TargetGroup.objects.create(name="Jeugdwerk")])
    for name, role in [
        ("ActiZ", OrganisationRole.ORGANISER),
        ("VGN", OrganisationRole.ORGANISER),
        ("NJi", OrganisationRole.PARTNER),
        ("ZonMw", OrganisationRole.FUNDER),
    ]:
        organisation = Organisation.objects.create(
            name=name, website=f"https://{name}.example.org/"
        )
        event.organisation_roles.add(EventOrganisation(organisation=organisation, role=role))
    event.save_revision().publish()
    html = text(client.get(event.url))
    for fact in ["Regiobijeenkomst", "De professional", "Jeugdwerk", "Landelijk", "Gratis"]:
        assert fact in html
    organisations = html[html.index('class="jw-event__organisations"') :]
    assert re.search(
        r"<dt>Georganiseerd door</dt> <dd><ul><li>.*ActiZ.*VGN.*</ul></dd>", organisations
    )
    assert "<dt>Partners</dt>" in organisations and "NJi" in organisations
    assert "<dt>Mogelijk gemaakt door</dt>" in organisations and "ZonMw" in organisations
    assert organisations.index("ActiZ") < organisations.index("NJi") < organisations.index("ZonMw")


@pytest.mark.django_db
def test_cost_is_shown_when_not_free(agenda, client):
    event = make_event(agenda, "Symposium", cost="€ 25, leden gratis", sessions=[session((6, 1))])
    assert "€ 25, leden gratis" in text(client.get(event.url))


@pytest.mark.django_db
def test_nothing_is_said_about_cost_when_it_is_not_known(agenda, client):
    event = make_event(agenda, "Intervisie", sessions=[session((6, 1))])
    html = text(client.get(event.url))
    assert "Kosten" not in html
    assert "Zie de beschrijving" not in html
    # No facts at all: no empty list of facts either.
    assert "jw-event__facts" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "expected", "absent"),
    [
        (
            {"registration_url": "https://example.org/aanmelden"},
            '<a class="jw-button" href="https://example.org/aanmelden">Aanmelden</a>',
            "belangstelling",
        ),
        (
            {
                "registration_url": "https://example.org/aanmelden",
                "interest_url": "https://example.org/interesse",
                "registration_opens_at": aware(2031, 5, 15, 9),
            },
            '<a class="jw-button" href="https://example.org/interesse">'
            "Geef je belangstelling door</a>",
            "example.org/aanmelden",
        ),
        (
            {
                "registration_url": "https://example.org/aanmelden",
                "interest_url": "https://example.org/interesse",
                "registration_opens_at": aware(2031, 4, 15, 9),
                "registration_closes_at": aware(2031, 5, 20, 9),
            },
            "Aanmelden kan tot 20 mei 2031, 09:00.",
            "example.org/interesse",
        ),
        (
            {
                "registration_url": "https://example.org/aanmelden",
                "registration_closes_at": aware(2031, 4, 30, 12),
            },
            "Aanmelden is gesloten.",
            "example.org/aanmelden",
        ),
    ],
)
def test_registration_follows_its_dates(agenda, client, fields, expected, absent):
    event = make_event(agenda, "Symposium", sessions=[session((6, 1))], **fields)
    html = text(client.get(event.url))
    assert expected in html
    assert absent not in html


@pytest.mark.django_db
def test_registration_opens_on_a_date_is_announced(agenda, client):
    event = make_event(
        agenda,
        "Symposium",
        registration_url="https://example.org/aanmelden",
        registration_opens_at=aware(2031, 5, 15, 9),
        sessions=[session((6, 1))],
    )
    html = text(client.get(event.url))
    assert "Aanmelden kan vanaf 15 mei 2031." in html
    assert "example.org/aanmelden" not in html


@pytest.mark.django_db
def test_the_report_is_shown_only_once_every_session_is_over(agenda, client):
    event = make_event(
        agenda,
        "Themacafé",
        report="<p>Terugkoppeling van de avond.</p>",
        registration_url="https://example.org/aanmelden",
        sessions=[session((5, 2), 19, 21), session((5, 9), 19, 21)],
    )
    assert "Terugkoppeling" not in text(client.get(event.url))
    with time_machine.travel(aware(2031, 5, 5, 12), tick=False):
        assert "Terugkoppeling" not in text(client.get(event.url))
    with time_machine.travel(aware(2031, 5, 9, 21, 1), tick=False):
        html = text(client.get(event.url))
        assert '<h2 id="jw-report-heading">Verslag</h2>' in html
        assert "Terugkoppeling van de avond." in html
        assert "example.org/aanmelden" not in html  # no registration once it is over


@pytest.mark.django_db
def test_the_programme_is_listed(agenda, client):
    event = make_event(
        agenda,
        "Themacafé",
        sessions=[session((5, 23), 19, 22)],
        programme=[
            ("item", {"start_time": "19:30", "title": "Opening", "speaker": "Burgemeester"}),
            (
                "item",
                {
                    "start_time": "19:45",
                    "end_time": "20:15",
                    "title": "Het kan beter",
                    "room": "Aula",
                },
            ),
        ],
    )
    html = text(client.get(event.url))
    assert "19:30" in html and "Opening" in html and "Burgemeester" in html
    assert "19:45–20:15" in html and "Zaal: Aula" in html


@pytest.mark.django_db
def test_previous_and_next_editions_link_each_other(agenda, client):
    first = make_event(agenda, "Symposium 2011", sessions=[session((1, 5))])
    second = make_event(
        agenda, "Symposium 2012", previous_edition=first, sessions=[session((6, 1))]
    )
    make_event(agenda, "Concept 2013", previous_edition=second, publish=False)
    html = text(client.get(second.url))
    assert f'Vorige editie: <a href="{first.url}">Symposium 2011</a>' in html
    assert "Concept 2013" not in html
    html = text(client.get(first.url))
    assert f'Volgende editie: <a href="{second.url}">Symposium 2012</a>' in html


@pytest.mark.django_db
def test_the_shared_includes_are_in_the_templates(agenda, client):
    from django.template.loader import get_template

    source = get_template("jeugdzorg_wagtail/event_page.html").template.source
    assert '{% include "jeugdzorg_wagtail/includes/add_to_calendar.html" %}' in source
    assert '{% include "jeugdzorg_wagtail/includes/event_presentations.html" %}' in source
    source = get_template("jeugdzorg_wagtail/event_index_page.html").template.source
    assert '{% include "jeugdzorg_wagtail/includes/subscribe.html" %}' in source


@pytest.mark.django_db
def test_the_preview_shows_sessions_and_organisations_not_saved_yet(agenda):
    from jeugdzorg_wagtail.models import EventSession

    event = make_event(agenda, "Voorbeeld", sessions=[session((6, 1), city="Leiden")])
    event.sessions.add(
        EventSession(
            start=aware(2031, 7, 1, 10),
            end=aware(2031, 7, 1, 12),
            city="Delft",
            online_url="https://live.example.org/delft",
            online_url_public=True,
        )
    )
    event.organisation_roles.add(
        EventOrganisation(organisation=Organisation.objects.create(name="NJi"))
    )
    response = event.make_preview_request()
    assert response.status_code == 200
    html = text(response)
    assert "Leiden" in html and "Delft" in html and "NJi" in html
    assert "https://schema.org/MixedEventAttendanceMode" in html
