"""Visitors find a call for participation from its event and from the agenda, and the call
leads back to its event. Drafts and private calls are never shown."""

import datetime as dt

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests.utils import aware, make_call, make_event

NOW = aware(2026, 3, 10, 12)


def symposium(agenda, title="Symposium Jeugdzorg 2.0"):
    start = aware(2026, 5, 20, 9)
    end = start + dt.timedelta(hours=8)
    return make_event(agenda, title, sessions=[{"start": start, "end": end}])


@pytest.fixture
def event(agenda):
    return symposium(agenda)


def open_call(root_page, event, slug="oproep", **kwargs):
    return make_call(
        root_page,
        title="Doe mee met je praktijkvoorbeeld",
        slug=slug,
        event=event,
        opens_at=aware(2026, 3, 1, 9),
        closes_at=aware(2026, 4, 1, 17),
        **kwargs,
    )


@pytest.mark.django_db
def test_an_event_with_an_open_call_invites_visitors_to_take_part(client, root_page, event):
    call = open_call(root_page, event)
    html = client.get(event.url).content.decode()
    assert f'<a href="{call.url}">Doe mee met je praktijkvoorbeeld</a>' in html
    assert "Doe mee: stuur je voorstel in vóór 1 april 2026, 17:00." in html
    with translation.override("en"):
        english = client.get(event.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Take part: send in your proposal before 1 April 2026, 17:00." in english


@pytest.mark.django_db
def test_the_call_links_back_to_its_event(client, root_page, event):
    call = open_call(root_page, event)
    html = client.get(call.url).content.decode()
    assert f'Deze oproep is voor: <a href="{event.url}">{event.title}</a>' in html


@pytest.mark.django_db
def test_calls_not_open_yet_and_closed_calls_say_so(client, root_page, event):
    make_call(
        root_page,
        title="Volgende ronde",
        slug="volgende-ronde",
        event=event,
        opens_at=aware(2026, 4, 15, 9),
        closes_at=aware(2026, 5, 1, 17),
    )
    make_call(
        root_page,
        title="Eerste ronde",
        slug="eerste-ronde",
        event=event,
        opens_at=aware(2026, 1, 1, 9),
        closes_at=aware(2026, 2, 1, 17),
    )
    html = client.get(event.url).content.decode()
    assert "Oproepen" in html
    assert "Deze oproep opent op 15 april 2026, 09:00." in html
    assert "Deze oproep is gesloten." in html
    assert "Doe mee: stuur je voorstel in" not in html
    assert html.index("Volgende ronde") < html.index("Eerste ronde")


@pytest.mark.django_db
def test_drafts_and_private_calls_are_not_shown(client, root_page, event):
    draft = open_call(root_page, event, slug="concept")
    draft.unpublish()
    private = open_call(root_page, event, slug="besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = client.get(event.url).content.decode()
    assert "Doe mee met je praktijkvoorbeeld" not in html
    agenda = client.get("/agenda/").content.decode()
    assert "Doe mee: stuur je voorstel in" not in agenda


@pytest.mark.django_db
def test_the_agenda_marks_events_with_an_open_call(client, root_page, agenda, event):
    other = symposium(agenda, "Themacafé zonder oproep")
    closed = symposium(agenda, "Regiodag met gesloten oproep")
    open_call(root_page, event)
    make_call(
        root_page,
        slug="gesloten",
        event=closed,
        opens_at=aware(2026, 1, 1, 9),
        closes_at=aware(2026, 2, 1, 17),
    )
    html = client.get("/agenda/").content.decode()
    rows = {
        page.title: html[html.index(page.title) : html.index("</li>", html.index(page.title))]
        for page in (event, other, closed)
    }
    mark = "Doe mee: stuur je voorstel in vóór 1 april 2026, 17:00."
    assert mark in rows[event.title]
    assert mark not in rows[other.title]
    assert "Doe mee" not in rows[closed.title]
