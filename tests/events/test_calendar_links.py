"""How visitors subscribe to the agenda and add an event to their calendar."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.utils import aware, make_event

NOW = aware(2026, 6, 1, 12)


def render(template, page, query=""):
    request = RequestFactory().get(f"/agenda/?{query}")
    context = {"page": page, "request": request}
    return render_to_string(f"jeugdzorg_wagtail/includes/{template}", context)


def links(markup, start):
    """The query strings of the links in ``markup`` that start with ``start``."""
    found = []
    for part in markup.split('href="')[1:]:
        url = html.unescape(part.split('"', 1)[0])
        if url.startswith(start):
            found.append(parse_qs(urlsplit(url).query))
    return found


@pytest.mark.django_db
def test_the_subscribe_box_offers_webcal_the_url_to_copy_and_the_ical_link(agenda):
    markup = render("subscribe.html", agenda)
    assert 'href="webcal://localhost/agenda/ical/"' in markup
    # Absolute addresses come from the Site record; the link within the site is relative.
    assert '<a type="text/calendar" href="/agenda/ical/">' in markup
    assert 'value="http://localhost/agenda/ical/" readonly' in markup
    field_id = f"jw-feed-url-{agenda.pk}"
    assert f'<label for="{field_id}">' in markup
    assert f'<input id="{field_id}"' in markup
    for app in ("Outlook", "Google Calendar", "Apple Calendar"):
        assert f"<summary>{app}</summary>" in markup


@pytest.mark.django_db
def test_the_subscribe_box_keeps_the_current_filters(agenda):
    markup = render("subscribe.html", agenda, "region=limburg&mode=online&page=2&utm=x")
    assert 'href="webcal://localhost/agenda/ical/?region=limburg&amp;mode=online"' in markup
    assert 'value="http://localhost/agenda/ical/?region=limburg&amp;mode=online"' in markup


@pytest.mark.django_db
def test_the_subscribe_instructions_are_in_dutch_and_english(agenda):
    with translation.override("nl"):
        dutch = render("subscribe.html", agenda)
    with translation.override("en"):
        english = render("subscribe.html", agenda)
    assert "Abonneren op de agenda" in dutch
    assert "Subscribe to the agenda" in english


@pytest.mark.django_db
def test_add_to_calendar_offers_the_ical_file_and_google_and_outlook_per_session(agenda):
    page = make_event(
        agenda,
        "Regiobijeenkomst",
        intro="Kennismaken met de regio.",
        sessions=[
            {"start": aware(2026, 7, 1, 19), "end": aware(2026, 7, 1, 21), "city": "Venlo"},
            {
                "start": aware(2026, 12, 1, 19),
                "end": aware(2026, 12, 1, 21),
                "venue": "Stadhuis",
                "city": "Heerlen",
                "online_url": "https://meet.example.org/regio",
                "online_url_public": True,
            },
            {
                "start": aware(2026, 8, 1, 19),
                "end": aware(2026, 8, 1, 21),
                "city": "Sittard",
                "status": "cancelled",
            },
            {"start": aware(2026, 5, 1, 19), "end": aware(2026, 5, 1, 21), "city": "Weert"},
        ],
    )
    markup = render("add_to_calendar.html", page)
    assert f'<a type="text/calendar" href="/agenda/{page.slug}/ical/">' in markup
    google = links(markup, "https://calendar.google.com/calendar/render?")
    outlook = links(markup, "https://outlook.live.com/calendar/0/action/compose?")
    # Upcoming sessions that are not cancelled: Venlo in July, Heerlen in December.
    assert [g["location"] for g in google] == [["Venlo"], ["Stadhuis, Heerlen"]]
    assert google[0]["action"] == ["TEMPLATE"]
    assert google[0]["text"] == ["Regiobijeenkomst"]
    assert google[0]["dates"] == ["20260701T170000Z/20260701T190000Z"]
    assert google[1]["dates"] == ["20261201T180000Z/20261201T200000Z"]
    assert "http://localhost/agenda/regiobijeenkomst/" in google[0]["details"][0]
    assert "https://meet.example.org/regio" in google[1]["details"][0]
    assert [o["location"] for o in outlook] == [["Venlo"], ["Stadhuis, Heerlen"]]
    assert outlook[0]["startdt"] == ["2026-07-01T19:00:00+02:00"]
    assert outlook[0]["enddt"] == ["2026-07-01T21:00:00+02:00"]
    assert outlook[1]["startdt"] == ["2026-12-01T19:00:00+01:00"]
    assert outlook[0]["subject"] == ["Regiobijeenkomst"]
    assert outlook[0]["allday"] == ["false"]


@pytest.mark.django_db
def test_calendar_links_of_a_whole_day_session_use_dates(agenda):
    page = make_event(
        agenda,
        "Actiedag",
        sessions=[{"start": aware(2026, 7, 1), "end": aware(2026, 7, 2), "all_day": True}],
    )
    markup = render("add_to_calendar.html", page)
    (google,) = links(markup, "https://calendar.google.com/")
    (outlook,) = links(markup, "https://outlook.live.com/")
    assert google["dates"] == ["20260701/20260703"]
    assert outlook["startdt"] == ["2026-07-01"]
    assert outlook["enddt"] == ["2026-07-03"]
    assert outlook["allday"] == ["true"]


@pytest.mark.django_db
def test_calendar_links_never_carry_an_online_link_that_is_not_public(agenda):
    page = make_event(
        agenda,
        "Webinar",
        sessions=[
            {
                "start": aware(2026, 7, 1, 10),
                "end": aware(2026, 7, 1, 11),
                "online_url": "https://meet.example.org/geheim",
            }
        ],
    )
    assert "geheim" not in render("add_to_calendar.html", page)


@pytest.mark.django_db
def test_the_subscribe_box_offers_only_the_filters_the_agenda_accepted(client, agenda):
    from jeugdzorg_wagtail.models import Theme

    Theme.objects.create(name="De professional", slug="de-professional")
    page = client.get("/agenda/?theme=bestaat-niet&mode=online").content.decode()
    assert 'href="webcal://localhost/agenda/ical/?mode=online"' in page
    assert 'href="/agenda/ical/?mode=online"' in page
    assert client.get("/agenda/ical/?mode=online").status_code == 200

    only_rejected = client.get("/agenda/?theme=bestaat-niet").content.decode()
    assert 'href="webcal://localhost/agenda/ical/"' in only_rejected
    assert "Het abonnement houdt de filters aan" not in only_rejected
    kept = client.get("/agenda/?theme=de-professional").content.decode()
    assert 'href="webcal://localhost/agenda/ical/?theme=de-professional"' in kept
    assert "Het abonnement houdt de filters aan" in kept
