"""A repeating session in the page editor: the rule, its exceptions, the refusals and the
preview of the dates, in Dutch."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import streamfield
from wagtail.users.models import UserProfile

from jeugdzorg_wagtail.models import AgendaEntry, EventPage
from tests.events.test_agenda_pages import event_form, session_form
from tests.utils import aware, make_agenda

NOW = aware(2026, 5, 1, 12)


@pytest.fixture
def editor(client, django_user_model, root_page):
    admin = django_user_model.objects.create_superuser("redacteur", "r@example.org", "x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "nl"
    profile.save()
    client.force_login(admin)
    return client


@pytest.fixture
def add_url(root_page):
    agenda = make_agenda(root_page)
    return reverse("wagtailadmin_pages:add", args=["jeugdzorg_wagtail", "eventpage", agenda.pk])


def series_form(exceptions=(), **values):
    data = {
        "start": "2026-06-24 19:30",
        "end": "2026-06-24 21:30",
        "city": "Oegstgeest",
        "repeat_frequency": "monthly",
        "repeat_weekdays": "WE",
        "repeat_week_of_month": "4",
        "repeat_count": "6",
        "repeat_exceptions": streamfield(list(exceptions)),
    }
    data.update(values)
    return session_form(**data)


def post(client, url, session, action="action-publish"):
    return client.post(url, event_form(title="Themacafé", sessions=[session], **{action: "1"}))


@pytest.mark.django_db
def test_an_editor_publishes_a_series_with_a_left_out_and_a_changed_date(editor, add_url):
    exceptions = [
        ("skip", {"date": "2026-07-22"}),
        (
            "change",
            {
                "date": "2026-09-23",
                "status": "moved_online",
                "new_date": "",
                "start_time": "20:00",
                "end_time": "",
                "venue": "",
                "address": "",
                "postal_code": "",
                "city": "",
                "online_url": "https://meet.example.org/themacafe",
                "note": "Deze keer online",
            },
        ),
    ]
    response = post(editor, add_url, series_form(exceptions))
    assert response.status_code == 302
    event = EventPage.objects.get(slug="regiobijeenkomst")
    session = event.sessions.get()
    assert session.rrule.startswith("FREQ=MONTHLY;BYDAY=4WE;UNTIL=")
    entries = AgendaEntry.objects.filter(session=session).order_by("start")
    assert [e.start.date().isoformat() for e in entries] == [
        "2026-06-24",
        "2026-08-26",
        "2026-09-23",
        "2026-10-28",
        "2026-11-25",
    ]
    changed = entries.get(is_changed=True)
    assert changed.start == aware(2026, 9, 23, 20)
    assert changed.status == "moved_online"


@pytest.mark.parametrize(
    ("values", "exceptions", "message"),
    [
        pytest.param(
            {"repeat_frequency": "daily", "repeat_weekdays": "", "repeat_week_of_month": ""},
            [],
            "",
            id="no-end",
        ),
        pytest.param(
            {
                "repeat_frequency": "daily",
                "repeat_weekdays": "",
                "repeat_week_of_month": "",
                "repeat_count": "",
                "repeat_until": "2028-06-30",
            },
            [],
            "De regel geeft meer dan 500 datums.",
            id="more-than-500",
        ),
        pytest.param(
            {
                "repeat_frequency": "weekly",
                "repeat_weekdays": "MO",
                "repeat_week_of_month": "",
                "repeat_count": "",
                "repeat_until": "2026-06-26",
            },
            [],
            "De regel geeft geen enkele datum.",
            id="no-date",
        ),
        pytest.param(
            {},
            [("skip", {"date": "2026-07-15"})],
            "woensdag 15 juli 2026 is geen datum van de reeks.",
            id="exception-off-the-rule",
        ),
    ],
)
@pytest.mark.django_db
def test_a_rule_that_cannot_be_published_is_refused_with_a_clear_message(
    editor, add_url, values, exceptions, message
):
    if not message:
        values["repeat_count"] = ""
        message = "Geef een einddatum of een aantal keren: een reeks moet eindigen."
    response = post(editor, add_url, series_form(exceptions, **values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EventPage.objects.filter(slug="regiobijeenkomst").exists()
    assert not AgendaEntry.objects.exists()


@pytest.mark.django_db
def test_the_editor_shows_the_next_dates_in_dutch_after_saving_a_draft(editor, add_url):
    response = post(editor, add_url, series_form(), action="action-save_draft")
    assert response.status_code == 302
    event = EventPage.objects.get(slug="regiobijeenkomst")
    assert not event.live
    html = editor.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "Elke vierde woensdag van de maand" in html
    assert "6 datums" in html
    assert "woensdag 24 juni 2026, 19:30; woensdag 22 juli 2026, 19:30" in html
    # A draft puts no date in the agenda.
    assert "Themacafé" not in editor.get("/agenda/").content.decode()
