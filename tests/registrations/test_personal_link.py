"""After registering: the confirmation e-mail with its calendar files, the personal link to
see, change or cancel, and the waiting list moving up."""

import django
import pytest
from django.core import mail
from icalendar import Calendar

from jeugdzorg_wagtail.models import Registration, SessionRegistration
from tests.utils import registration_form_data

pytestmark = pytest.mark.django_db


def register(client, page, capture, **overrides):
    with capture(execute=True):
        response = client.post(page.url + "register/", registration_form_data(page, **overrides))
    assert response.status_code == 302
    return Registration.objects.get(email=overrides.get("email", "sanne@example.org"))


def uids(content):
    calendar = Calendar.from_ical(content)
    return [str(component["UID"]) for component in calendar.walk("VEVENT")]


def personal_url(page, registration):
    return page.url + f"registration/{registration.token}/"


def test_the_confirmation_carries_a_calendar_file_with_the_feeds_uid(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@example.org"]
    assert "Regiobijeenkomst" in message.subject
    assert personal_url(event, registration) in message.body
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    feed = client.get(event.url + "ical/")
    assert feed.status_code == 200
    assert uids(content) == uids(feed.content)


def test_a_failed_confirmation_keeps_the_registration_and_is_marked(
    client, event, django_capture_on_commit_callbacks, settings
):
    failing = "tests.registrations.failing_mail.FailingBackend"
    if django.VERSION >= (6, 1):
        settings.MAILERS = {"default": {"BACKEND": failing}}
    else:
        settings.EMAIL_BACKEND = failing
    registration = register(client, event, django_capture_on_commit_callbacks)
    registration.refresh_from_db()
    assert registration.email_failed
    assert "confirmation" in registration.email_notes
    assert registration.entries.get().status == "confirmed"


def test_the_personal_link_shows_the_registration_and_a_wrong_one_does_not(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    response = client.get(personal_url(event, registration))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sanne de Vries" in text and "Zwolle" in text
    assert response["X-Robots-Tag"] == "noindex"
    wrong = registration.token[:-2] + ("aa" if not registration.token.endswith("aa") else "bb")
    assert client.get(event.url + f"registration/{wrong}/").status_code == 404
    assert client.get(event.url + "registration/rommel/").status_code == 404


def test_changing_the_details_through_the_link(
    client, two_sessions, django_capture_on_commit_callbacks
):
    zwolle, assen = two_sessions.sessions.order_by("start")
    registration = register(client, two_sessions, django_capture_on_commit_callbacks)
    data = {
        "sessions": [str(zwolle.pk), str(assen.pk)],
        "name": "Sanne de Vries-Jansen",
        "email": "sanne@example.org",
        "organisation": "Jeugdzorg Noord",
        "role": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(personal_url(two_sessions, registration), data)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.name == "Sanne de Vries-Jansen"
    assert registration.organisation == "Jeugdzorg Noord"
    assert set(registration.entries.values_list("session__city", "status")) == {
        ("Zwolle", "confirmed"),
        ("Assen", "confirmed"),
    }
    assert "gewijzigd" in mail.outbox[-1].subject
    assert len(mail.outbox[-1].attachments) == 1  # the session added


def test_cancelling_frees_the_place_and_the_first_waiting_moves_up(
    client, two_sessions, django_capture_on_commit_callbacks
):
    zwolle = two_sessions.sessions.get(city="Zwolle")
    first = register(client, two_sessions, django_capture_on_commit_callbacks, sessions=[zwolle])
    register(
        client,
        two_sessions,
        django_capture_on_commit_callbacks,
        sessions=[zwolle],
        email="b@example.org",
    )
    third = register(
        client,
        two_sessions,
        django_capture_on_commit_callbacks,
        sessions=[zwolle],
        email="c@example.org",
    )
    register(
        client,
        two_sessions,
        django_capture_on_commit_callbacks,
        sessions=[zwolle],
        email="d@example.org",
    )
    assert third.entries.get().status == "waiting"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(personal_url(two_sessions, first), {"action": "cancel"})
    assert response.status_code == 302
    assert first.entries.get().status == "cancelled"
    assert third.entries.get().status == "confirmed"
    waiting = SessionRegistration.objects.filter(session=zwolle, status="waiting")
    assert [e.registration.email for e in waiting] == ["d@example.org"]
    (promotion,) = mail.outbox
    assert promotion.to == ["c@example.org"]
    assert "vrijgekomen" in promotion.subject
    assert len(promotion.attachments) == 1
    text = client.get(response["Location"]).content.decode()
    assert "geannuleerd" in text


def test_asking_for_the_link_again_tells_nobody_whether_an_address_registered(
    client, event, django_capture_on_commit_callbacks
):
    from tests.utils import registration_token

    register(client, event, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    url = event.url + "registration/"
    for address in ("sanne@example.org", "onbekend@example.org"):
        data = {
            "jw_token": registration_token(event, scope="find"),
            "homepage": "",
            "email": address,
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 200
        assert "link" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["sanne@example.org"]]
    assert "registration/" in mail.outbox[0].body
