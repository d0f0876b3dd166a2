"""Agendabronnen in the admin: the listing, the form that refuses an address it will never
fetch, "fetch now", and the partner events: hide, show, classify and copy into an event."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, Page, Site
from wagtail.users.models import UserProfile

from jeugdzorg_wagtail.models import AgendaSource, EventPage, Region, SourceEvent, Theme
from jeugdzorg_wagtail.sources.importing import fetch_source
from tests.utils import make_agenda, make_source

from .conftest import calendar, vevent

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
SOURCES = "/admin/jeugdzorg_wagtail/agendasource/"
EVENTS = "/admin/jeugdzorg_wagtail/sourceevent/"
pytestmark = pytest.mark.django_db

FEED = calendar(
    vevent(
        "inloop@partner.example",
        DTSTART=";TZID=Europe/Amsterdam:20300306T193000",
        DTEND=";TZID=Europe/Amsterdam:20300306T213000",
        SUMMARY="Inloopavond pleegzorg",
        DESCRIPTION="Kom langs met je vragen.\\n\\nKoffie staat klaar.",
        LOCATION="Buurthuis De Linde, Utrecht",
        URL="https://partner.example/inloop",
    ),
    vevent(
        "reeks@partner.example",
        DTSTART=";TZID=Europe/Amsterdam:20300103T100000",
        DTEND=";TZID=Europe/Amsterdam:20300103T120000",
        RRULE="FREQ=MONTHLY;BYDAY=1TH;COUNT=4",
        SUMMARY="Spreekuur",
    ),
    vevent(
        "reeks@partner.example",
        RECURRENCE_ID=";TZID=Europe/Amsterdam:20300207T100000",
        DTSTART=";TZID=Europe/Amsterdam:20300207T100000",
        DTEND=";TZID=Europe/Amsterdam:20300207T120000",
        SUMMARY="Spreekuur",
        STATUS="CANCELLED",
    ),
)


def text(response):
    return " ".join(response.content.decode().split())


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


@pytest.fixture
def agenda(root_page):
    return make_agenda(root_page)


@pytest.fixture
def fetched(feed_server, source_settings, agenda):
    feed_server.serve("/agenda.ics", FEED)
    source = make_source("Jeugdzorg Zuid", url=feed_server.url("/agenda.ics"), agendas=[agenda])
    assert fetch_source(source).ok
    return source


def editor(django_user_model, username, codenames, agenda=None, page_permissions=()):
    user = django_user_model.objects.create_user(username, password="geheim-wachtwoord-1")
    group = Group.objects.create(name=f"Groep {username}")
    group.permissions.add(*Permission.objects.filter(codename__in=[*codenames, "access_admin"]))
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=agenda,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user.groups.add(group)
    return user


SOURCE_PERMISSIONS = ["add_agendasource", "change_agendasource", "view_agendasource",
                      "delete_agendasource", "view_sourceevent", "change_sourceevent"]  # fmt: skip


# The listing


def test_the_menu_has_agendabronnen_and_partnerbijeenkomsten(admin_client):
    menu = text(admin_client.get("/admin/"))
    assert "Agendabronnen" in menu and "Partnerbijeenkomsten" in menu


def test_the_listing_shows_how_each_source_was_fetched(admin_client, fetched):
    make_source("Jeugdzorg Noord", url="https://agenda.noord.example/a.ics")

    html = text(admin_client.get(SOURCES))

    assert "Jeugdzorg Zuid" in html and "Jeugdzorg Noord" in html
    assert "2 nieuw, 0 gewijzigd, 0 verwijderd, 0 ongewijzigd" in html
    assert "Nog niet opgehaald." in html
    assert f'href="{EVENTS}?source__id__exact={fetched.pk}">2</a>' in html
    assert f'formaction="{SOURCES}fetch/{fetched.pk}/"' in html
    assert 'aria-label="Jeugdzorg Zuid nu ophalen"' in html


# The form


def source_form(agenda, **values):
    data = {"name": "Jeugdzorg Zuid", "url": "https://agenda.zuid.example/agenda.ics",
            "agendas": [agenda.pk], "enabled": "on", "fetch_interval": "60"}  # fmt: skip
    data.update(values)
    return data


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://agenda.zuid.example/a.ics",
         "Alleen adressen die met http:// of https:// beginnen, worden opgehaald."),
        ("https://sanne:geheim@agenda.zuid.example/a.ics",
         "Het adres bevat een gebruikersnaam of wachtwoord."),
        ("http://10.1.2.3/agenda.ics",
         "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."),
        ("http://169.254.169.254/latest/meta-data/",
         "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."),
        ("http://127.0.0.1:8000/agenda.ics",
         "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."),
        ("http://[::ffff:192.168.1.1]/agenda.ics",
         "Dit adres verwijst naar een intern netwerk en wordt niet opgehaald."),
        ("https://agenda.zuid.example:99999/a.ics", "Het poortnummer in het adres klopt niet."),
        ("agenda van de partner",
         "Alleen adressen die met http:// of https:// beginnen, worden opgehaald."),
        ("https://", "Dit is geen geldig webadres."),
    ],
)  # fmt: skip
def test_the_form_refuses_an_address_that_would_never_be_fetched(
    admin_client, agenda, connections, url, message
):
    response = admin_client.post(f"{SOURCES}create/", source_form(agenda, url=url))

    assert response.status_code == 200
    html = text(response)
    assert message in html
    assert f'value="{url}"'.replace("&", "&amp;") in html  # the editor's text stays
    assert not AgendaSource.objects.exists()
    assert connections.attempts == []  # nothing was fetched to decide


def test_a_subscribe_address_is_stored_as_the_https_address(admin_client, agenda):
    response = admin_client.post(
        f"{SOURCES}create/", source_form(agenda, url="webcal://Agenda.Zuid.example/feed.ics")
    )

    assert response.status_code == 302
    source = AgendaSource.objects.get()
    assert source.url == "https://agenda.zuid.example/feed.ics"
    assert list(source.agendas.all()) == [agenda.page_ptr]
    assert source.last_result == "" and not source.events.exists()  # fetched on the next run


def test_an_editor_attaches_only_agendas_they_may_publish_and_keeps_the_others(
    client, django_user_model, root_page, agenda
):
    other_root = Page.get_first_root_node().add_child(title="Andere site", slug="andere-site")
    Site.objects.create(hostname="andere.example", root_page=other_root, site_name="Andere site")
    other_agenda = make_agenda(other_root, title="Agenda andere site")
    user = editor(django_user_model, "redacteur", SOURCE_PERMISSIONS, agenda,
                  page_permissions=["publish_page", "change_page"])  # fmt: skip
    source = make_source("Gedeeld", url="https://gedeeld.example/a.ics", agendas=[other_agenda])
    client.force_login(user)

    form = text(client.get(f"{SOURCES}edit/{source.pk}/"))
    assert "Agenda (Testnetwerk)" in form or "Agenda (localhost)" in form
    assert "Agenda andere site" not in form

    response = client.post(f"{SOURCES}edit/{source.pk}/", source_form(
        agenda, name="Gedeeld", url=source.url, agendas=[agenda.pk]))  # fmt: skip
    assert response.status_code == 302
    assert set(source.agendas.values_list("pk", flat=True)) == {agenda.pk, other_agenda.pk}

    client.post(f"{SOURCES}edit/{source.pk}/", source_form(
        agenda, name="Gedeeld", url="https://gedeeld.example/a.ics", agendas=[]))  # fmt: skip
    assert list(source.agendas.values_list("pk", flat=True)) == [other_agenda.pk]

    # An agenda the editor may not publish cannot be sent either.
    another = make_source("Ander", url="https://ander.example/a.ics")
    response = client.post(f"{SOURCES}edit/{another.pk}/", source_form(
        agenda, name="Ander", url=another.url, agendas=[other_agenda.pk]))  # fmt: skip
    assert response.status_code == 200
    assert not another.agendas.exists()


def test_a_new_address_is_fetched_in_full_at_the_next_run(admin_client, fetched, agenda):
    AgendaSource.objects.filter(pk=fetched.pk).update(etag='"v1"', last_modified_header="x")

    admin_client.post(f"{SOURCES}edit/{fetched.pk}/", source_form(
        agenda, url="https://nieuw.zuid.example/agenda.ics"))  # fmt: skip

    fetched.refresh_from_db()
    assert (fetched.etag, fetched.last_modified_header, fetched.next_fetch_at) == ("", "", None)


def test_new_defaults_reach_the_events_nobody_classified(admin_client, fetched, agenda):
    limburg = Region.objects.create(name="Limburg")
    theme = Theme.objects.create(name="De professional")
    kept = fetched.events.get(uid="reeks@partner.example")
    utrecht = Region.objects.create(name="Utrecht")
    admin_client.post(f"{EVENTS}edit/{kept.pk}/", {"region": utrecht.pk})

    admin_client.post(f"{SOURCES}edit/{fetched.pk}/", source_form(
        agenda, url=fetched.url, region=limburg.pk, themes=[theme.pk]))  # fmt: skip

    other = fetched.events.get(uid="inloop@partner.example")
    assert other.region == limburg and list(other.themes.all()) == [theme]
    kept.refresh_from_db()
    assert kept.region == utrecht and not kept.themes.exists()


# Fetch now


def test_fetch_now_is_a_post_with_the_csrf_token_and_says_how_it_went(
    django_user_model, feed_server, source_settings, fetched
):
    user = django_user_model.objects.create_superuser("beheer", password="geheim-wachtwoord-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    listing = client.get(SOURCES).content.decode()
    url = f"{SOURCES}fetch/{fetched.pk}/"
    feed_server.requests.clear()

    assert client.post(url).status_code == 403  # no CSRF token
    assert feed_server.requests == []
    page = client.get(url)  # a GET only shows what the button does
    assert "Nu ophalen" in text(page) and feed_server.requests == []

    response = client.post(
        url, {"csrfmiddlewaretoken": csrf_token(listing), "next": SOURCES}, follow=True
    )

    assert len(feed_server.requests) == 1
    assert response.redirect_chain[-1][0] == SOURCES
    assert "“Jeugdzorg Zuid” opgehaald: 0 nieuw, 0 gewijzigd, 0 verwijderd, 2 ongewijzigd." in (
        text(response)
    )


def test_fetch_now_shows_a_partners_failure_as_an_error_message(admin_client, feed_server, fetched):
    feed_server.serve("/agenda.ics", b"", status=503)

    response = admin_client.post(f"{SOURCES}fetch/{fetched.pk}/", follow=True)

    html = text(response)
    assert "“Jeugdzorg Zuid” kon niet worden opgehaald: De server van de partner gaf een fout " \
           "(HTTP 503)." in html  # fmt: skip
    assert fetched.events.present().count() == 2


def test_only_who_may_change_sources_can_fetch_one(client, django_user_model, feed_server,
                                                   fetched):  # fmt: skip
    reader = editor(django_user_model, "lezer", ["view_agendasource", "view_sourceevent"])
    client.force_login(reader)
    feed_server.requests.clear()

    listing = text(client.get(SOURCES))
    assert "Jeugdzorg Zuid" in listing and "Nu ophalen" not in listing
    assert client.post(f"{SOURCES}fetch/{fetched.pk}/").status_code == 403
    assert client.post(f"{EVENTS}hide/{fetched.events.first().pk}/").status_code == 403
    assert feed_server.requests == []
    client.logout()
    response = client.post(f"{SOURCES}fetch/{fetched.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_detail_lists_the_last_error_and_skipped_events_in_the_readers_language(
    admin_client, django_user_model, feed_server, fetched
):
    feed_server.serve("/agenda.ics", calendar(vevent(None, DTSTART="20300101T100000Z",
                                                     SUMMARY="Zonder UID")))  # fmt: skip
    fetch_source(fetched)

    html = text(admin_client.get(f"{SOURCES}inspect/{fetched.pk}/"))
    assert "Geen enkele bijeenkomst uit de agenda kon worden gelezen" in html
    assert "Zonder UID" in html and "niet overgenomen" in html

    english = django_user_model.objects.create_superuser("admin-en", password="x")
    profile = UserProfile.get_for_user(english)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(english)
    html = text(client.get(f"{SOURCES}inspect/{fetched.pk}/"))
    assert "Not one event of the calendar could be read" in html
    assert "The event has no UID" in html


# The partner events


def test_the_events_of_one_source_are_listed_with_their_dates(admin_client, fetched):
    other = make_source("Jeugdzorg Noord", url="https://noord.example/a.ics")
    SourceEvent.objects.filter(source=fetched, uid="inloop@partner.example").update(
        removed_at=fetched.last_success_at
    )

    html = text(admin_client.get(f"{EVENTS}?source__id__exact={fetched.pk}"))
    assert "Spreekuur" in html
    assert "herhaalt zich, voor het eerst op 3 januari 2030 10:00–12:00" in html
    assert "Inloopavond" not in html  # no longer in the feed
    assert other.name not in html.split("Filter")[0]


def test_an_event_is_hidden_and_shown_again(admin_client, fetched):
    event = fetched.events.get(uid="inloop@partner.example")
    url = f"{EVENTS}hide/{event.pk}/"
    assert "De agenda's tonen deze bijeenkomst niet meer." in text(admin_client.get(url))

    response = admin_client.post(url, {"next": f"{EVENTS}?source__id__exact={fetched.pk}"},
                                 follow=True)  # fmt: skip
    event.refresh_from_db()
    assert event.hidden
    assert "“Inloopavond pleegzorg” is verborgen" in text(response)
    assert not SourceEvent.objects.shown().filter(pk=event.pk).exists()

    admin_client.post(url)
    event.refresh_from_db()
    assert not event.hidden
    assert SourceEvent.objects.for_agenda(fetched.agendas.get()).filter(pk=event.pk).exists()


def test_the_editor_classifies_an_event_and_the_next_fetch_keeps_it(
    admin_client, feed_server, fetched
):
    event = fetched.events.get(uid="inloop@partner.example")
    theme = Theme.objects.create(name="Jongeren en ouders")
    response = admin_client.post(f"{EVENTS}edit/{event.pk}/", {"themes": [theme.pk]})
    assert response.status_code == 302
    changed = FEED.replace(b"Inloopavond pleegzorg", b"Inloopavond pleegzorg en adoptie")
    feed_server.serve("/agenda.ics", changed)

    fetch_source(fetched)

    event.refresh_from_db()
    assert event.summary == "Inloopavond pleegzorg en adoptie"
    assert list(event.themes.all()) == [theme] and event.taxonomy_edited


def test_nobody_adds_or_deletes_partner_events_in_the_admin(admin_client, fetched):
    event = fetched.events.first()
    assert admin_client.get(f"{EVENTS}create/").status_code in (302, 403)
    admin_client.post(f"{EVENTS}delete/{event.pk}/")
    assert SourceEvent.objects.filter(pk=event.pk).exists()


def test_an_event_is_copied_into_a_draft_event_page(admin_client, fetched, agenda):
    limburg = Region.objects.create(name="Limburg")
    event = fetched.events.get(uid="inloop@partner.example")
    event.region = limburg
    event.save()
    url = f"{EVENTS}copy/{event.pk}/"
    form = text(admin_client.get(url))
    assert f'<option value="{agenda.pk}" selected>Agenda</option>' in form

    response = admin_client.post(url, {"agenda": agenda.pk})

    page = EventPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.get_parent().pk == agenda.pk
    assert page.title == "Inloopavond pleegzorg"
    assert page.region == limburg
    assert page.intro == "Kom langs met je vragen."
    body = str(page.body)
    assert "<p>Koffie staat klaar.</p>" in body
    assert '<a href="https://partner.example/inloop">https://partner.example/inloop</a>' in body
    assert "Overgenomen uit de agenda van Jeugdzorg Zuid" in body
    [session] = page.sessions.all()
    assert (session.start, session.end) == (
        dt.datetime(2030, 3, 6, 19, 30, tzinfo=AMS),
        dt.datetime(2030, 3, 6, 21, 30, tzinfo=AMS),
    )
    assert session.venue == "Buurthuis De Linde, Utrecht"
    event.refresh_from_db()
    assert event.hidden and event.copied_to_id == page.pk
    assert page.get_latest_revision() is not None


def test_a_series_is_copied_with_a_session_per_date(admin_client, fetched, agenda):
    event = fetched.events.get(uid="reeks@partner.example")

    admin_client.post(f"{EVENTS}copy/{event.pk}/", {"agenda": agenda.pk})

    sessions = list(EventPage.objects.get().sessions.order_by("start"))
    assert [(s.start.date(), s.status) for s in sessions] == [
        (dt.date(2030, 1, 3), "scheduled"),
        (dt.date(2030, 2, 7), "cancelled"),
        (dt.date(2030, 3, 7), "scheduled"),
        (dt.date(2030, 4, 4), "scheduled"),
    ]


def test_a_copy_goes_only_under_an_agenda_the_editor_may_add_to(
    client, django_user_model, root_page, fetched, agenda
):
    other = make_agenda(root_page, title="Andere agenda", slug="andere-agenda")
    user = editor(django_user_model, "redacteur", SOURCE_PERMISSIONS, other,
                  page_permissions=["add_page"])  # fmt: skip
    client.force_login(user)
    event = fetched.events.first()

    response = client.post(f"{EVENTS}copy/{event.pk}/", {"agenda": agenda.pk})

    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in text(response)
    assert not EventPage.objects.exists()
