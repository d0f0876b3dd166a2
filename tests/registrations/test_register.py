"""Registering on an event page through HTTP: the form, its errors, places and the waiting
list, the opening and closing moments and the abuse guards."""

import datetime as dt

import pytest
from django.utils import timezone

from jeugdzorg_wagtail.models import Registration, RegistrationPrivacyVersion, SessionRegistration
from tests.utils import make_event, registration_form_data, registration_token

pytestmark = pytest.mark.django_db


def register_url(page):
    return page.url + "register/"


def post(client, page, **overrides):
    return client.post(register_url(page), registration_form_data(page, **overrides))


def test_the_form_shows_the_sessions_with_their_places_left(client, two_sessions):
    response = client.get(register_url(two_sessions))
    assert response.status_code == 200
    text = response.content.decode()
    assert "nog 2 plaatsen" in text and "nog 10 plaatsen" in text
    assert 'name="sessions"' in text and 'name="consent"' in text
    assert "We gebruiken je gegevens alleen voor deze bijeenkomst." in text


def test_the_event_page_leads_to_the_form_and_shows_the_places(client, event):
    text = client.get(event.url).content.decode()
    assert register_url(event) in text
    assert "nog 10 plaatsen" in text


def test_registering_for_two_sessions_in_one_form(client, two_sessions):
    sessions = list(two_sessions.sessions.order_by("start"))
    response = post(client, two_sessions, sessions=sessions)
    assert response.status_code == 302
    assert "/register/thanks/?r=" in response["Location"]
    registration = Registration.objects.get()
    assert registration.name == "Sanne de Vries"
    assert registration.organisation == "Jeugdzorg Zuid"
    assert registration.privacy_version == RegistrationPrivacyVersion.objects.get()
    statuses = {entry.session.city: entry.status for entry in registration.entries.all()}
    assert statuses == {"Zwolle": "confirmed", "Assen": "confirmed"}
    thanks = client.get(response["Location"]).content.decode()
    assert "Zwolle" in thanks and "Assen" in thanks
    text = client.get(register_url(two_sessions)).content.decode()
    assert "nog 1 plaats" in text and "nog 9 plaatsen" in text


def test_a_full_session_offers_the_waiting_list(client, two_sessions):
    zwolle = two_sessions.sessions.get(city="Zwolle")
    for number in range(3):
        response = post(client, two_sessions, sessions=[zwolle], email=f"p{number}@example.org")
        assert response.status_code == 302
    entries = SessionRegistration.objects.filter(session=zwolle).order_by("pk")
    assert [entry.status for entry in entries] == ["confirmed", "confirmed", "waiting"]
    text = client.get(register_url(two_sessions)).content.decode()
    assert "wachtlijst" in text
    thanks = client.get(response["Location"]).content.decode()
    assert "wachtlijst" in thanks


def test_errors_keep_what_was_typed_and_are_summarised(client, event):
    response = post(client, event, email="geen-adres", consent=None, dietary_wishes=None)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Sanne de Vries"' in text and 'value="geen-adres"' in text
    assert 'value="Jeugdzorg Zuid"' in text
    assert "jw-error-summary" in text or "error-summary" in text
    assert 'aria-invalid="true"' in text
    assert not Registration.objects.exists()


def test_one_place_per_address_per_session(client, event):
    assert post(client, event).status_code == 302
    response = post(client, event, email="SANNE@example.org")
    assert response.status_code == 200
    assert Registration.objects.count() == 1


def test_the_form_is_refused_before_it_opens_and_after_it_closes(client, agenda):
    now = timezone.now()
    later = make_event(
        agenda,
        "Later",
        registration_mode="open",
        privacy_statement="<p>Privacy</p>",
        registration_opens_at=now + dt.timedelta(days=2),
        sessions=[
            {
                "start": now + dt.timedelta(days=20),
                "end": now + dt.timedelta(days=20, hours=2),
                "city": "Zwolle",
                "places": 5,
            }
        ],
    )
    response = post(client, later)
    assert response.status_code == 400  # a registration form before it opens is refused
    assert not Registration.objects.exists()
    assert 'name="sessions"' not in client.get(register_url(later)).content.decode()

    closed = make_event(
        agenda,
        "Dicht",
        registration_mode="open",
        privacy_statement="<p>Privacy</p>",
        registration_closes_at=now - dt.timedelta(hours=1),
        sessions=[
            {
                "start": now + dt.timedelta(days=20),
                "end": now + dt.timedelta(days=20, hours=2),
                "city": "Zwolle",
                "places": 5,
            }
        ],
    )
    response = post(client, closed)
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_an_event_without_registration_on_the_site_has_no_form(client, agenda):
    page = make_event(agenda, "Zonder")
    assert client.get(register_url(page)).status_code == 404
    assert client.post(register_url(page), {}).status_code == 404


def test_the_honeypot_and_a_too_quick_form_are_refused(client, event):
    response = post(client, event, homepage="http://spam.example")
    assert response.status_code == 400
    response = post(client, event, jw_token=registration_token(event, seconds_ago=0))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_rate_limit_counts_only_accepted_and_refused_posts(client, event, settings):
    settings.JEUGDZORG_WAGTAIL = {"SUBMISSION_RATE_LIMIT": 2}
    for _attempt in range(4):  # mistakes do not count
        assert post(client, event, email="fout").status_code == 200
    assert post(client, event, email="a@example.org").status_code == 302
    assert post(client, event, email="b@example.org").status_code == 302
    response = post(client, event, email="c@example.org")
    assert response.status_code == 429
    assert 'value="c@example.org"' in response.content.decode()
    assert Registration.objects.count() == 2


def test_a_changed_privacy_statement_asks_again(client, event):
    data = registration_form_data(event, jw_privacy="oud")
    response = client.post(register_url(event), data)
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_a_session_that_is_not_offered_cannot_be_chosen(client, event, agenda):
    other = make_event(agenda, "Ander")
    foreign = other.sessions.get()
    response = post(client, event, sessions=[foreign])
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_without_a_waiting_list_a_full_session_is_refused(client, agenda):
    from tests.registrations.conftest import session_values
    from tests.utils import make_registration_event

    page = make_registration_event(
        agenda, "Vol", waiting_list=False, sessions=[session_values(5, "Ede", places=1)]
    )
    assert post(client, page).status_code == 302
    response = post(client, page, email="tweede@example.org")
    assert response.status_code == 200
    assert Registration.objects.count() == 1


def test_the_editor_sets_places_and_questions(client, agenda):
    from tests.registrations.conftest import session_values
    from tests.utils import make_registration_event

    page = make_registration_event(
        agenda,
        "Met lunch",
        ask_dietary_wishes="required",
        ask_organisation="",
        free_question="Welke workshop kies je?",
        free_question_required=True,
        sessions=[session_values(5, "Ede", places=3)],
    )
    text = client.get(register_url(page)).content.decode()
    assert 'name="dietary_wishes"' in text and 'name="organisation"' not in text
    assert "Welke workshop kies je?" in text
    response = post(client, page, organisation=None)
    assert response.status_code == 200  # dietary wishes and the answer are required
    response = post(client, page, dietary_wishes="vegetarisch", answer="De tweede")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.dietary_wishes, registration.answer) == ("vegetarisch", "De tweede")
    assert registration.question == "Welke workshop kies je?"
