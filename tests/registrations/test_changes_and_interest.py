"""What those registered hear when an editor changes a session, the interest list before
registration opens (double opt-in, one message, a way out) and the structured data."""

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from jeugdzorg_wagtail.models import EventPage, RegistrationInterest
from tests.utils import make_registration, make_registration_event, registration_token

pytestmark = pytest.mark.django_db


def publish_change(page, **values):
    page = EventPage.objects.get(pk=page.pk)
    sessions = list(page.sessions.all())
    for name, value in values.items():
        setattr(sessions[0], name, value)
    page.sessions = sessions  # as the page editor sends them
    page.save_revision().publish()


def event_of(message):
    ((name, content, mimetype),) = message.attachments
    return Calendar.from_ical(content).walk("VEVENT")[0]


def test_cancelling_a_session_tells_everyone_registered_once(
    event, django_capture_on_commit_callbacks
):
    make_registration(event)
    make_registration(event, email="piet@example.org", name="Piet")
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(event, status="cancelled")
    assert sorted(m.to[0] for m in mail.outbox) == ["piet@example.org", "sanne@example.org"]
    vevent = event_of(mail.outbox[0])
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) >= 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()  # nothing changed
    assert mail.outbox == []


def test_moving_a_session_sends_the_new_time_with_a_higher_sequence(
    event, django_capture_on_commit_callbacks
):
    make_registration(event)
    session = event.sessions.first()
    before = session.sequence
    later = session.start + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(event, start=later, end=later + dt.timedelta(hours=4))
    (message,) = mail.outbox
    vevent = event_of(message)
    assert int(vevent["SEQUENCE"]) > before
    assert vevent.decoded("DTSTART") == later


def interest_post(client, page, email="sanne@example.org"):
    data = {
        "jw_token": registration_token(page, scope="interest"),
        "jw_privacy": page.get_privacy_text_hash(),
        "jw_form": "interest",
        "homepage": "",
        "email": email,
        "consent": "on",
    }
    return client.post(page.url + "register/", data)


def link(body, route):
    return re.search(rf"http://\S+/{route}/\S+/", body).group(0)


def test_interest_is_confirmed_twice_and_gets_one_message_with_a_way_out(
    client, agenda, django_capture_on_commit_callbacks
):
    now = timezone.now()
    page = make_registration_event(agenda, registration_opens_at=now + dt.timedelta(days=2))
    text = client.get(page.url + "register/").content.decode()
    assert 'name="email"' in text and 'name="sessions"' not in text
    with django_capture_on_commit_callbacks(execute=True):
        assert interest_post(client, page).status_code == 302
    interest = RegistrationInterest.objects.get()
    assert interest.confirmed_at is None
    (confirm,) = mail.outbox
    url = link(confirm.body, "register/interest").replace("http://testserver", "")
    assert client.get(url).status_code == 200  # asking only
    interest.refresh_from_db()
    assert interest.confirmed_at is None
    assert client.post(url).status_code == 200
    interest.refresh_from_db()
    assert interest.confirmed_at is not None
    # An unconfirmed address gets nothing when registration opens.
    with django_capture_on_commit_callbacks(execute=True):
        interest_post(client, page, email="onbevestigd@example.org")
    mail.outbox.clear()
    with time_travel(now + dt.timedelta(days=3)):
        call_command("jeugdzorg_registration_notices", stdout=StringIO())
        call_command("jeugdzorg_registration_notices", stdout=StringIO())
    (opened,) = mail.outbox
    assert opened.to == ["sanne@example.org"]
    assert page.url + "register/" in opened.body
    leave = link(opened.body, "register/leave")
    assert opened.extra_headers["List-Unsubscribe"] == f"<{leave}>"
    assert client.get(leave.replace("http://testserver", "")).status_code == 200
    assert not RegistrationInterest.objects.filter(email="sanne@example.org").exists()


def time_travel(moment):
    import time_machine

    return time_machine.travel(moment, tick=False)


def test_structured_data_has_offers_and_places_left(client, agenda):
    from tests.registrations.conftest import session_values

    page = make_registration_event(agenda, sessions=[session_values(10, "Zwolle", places=1)])
    data = structured(client, page)
    assert data["offers"]["availability"].endswith("InStock")
    sub = data.get("subEvent") or []
    assert any(item.get("remainingAttendeeCapacity") == 1 for item in [data, *sub])
    make_registration(page)
    data = structured(client, page)
    assert data["offers"]["availability"].endswith("BackOrder")


def structured(client, page):
    text = client.get(page.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    data = json.loads(block)
    return data


def test_removing_a_session_tells_those_registered_that_it_is_cancelled(
    two_sessions, django_capture_on_commit_callbacks
):
    zwolle, assen = two_sessions.sessions.order_by("start")
    make_registration(two_sessions, [zwolle])
    page = EventPage.objects.get(pk=two_sessions.pk)
    page.sessions = [session for session in page.sessions.all() if session.pk == assen.pk]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    (message,) = mail.outbox
    assert message.to == ["sanne@example.org"]
    assert str(event_of(message)["STATUS"]) == "CANCELLED"
