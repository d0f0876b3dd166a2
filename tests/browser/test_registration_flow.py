"""Registering for an event in a real browser: a session with one place, a second visitor on
its waiting list, the first cancelling through the link in their e-mail, and the second
moving up. The e-mails are read from the site's mail directory (see ``mailbox``); each page
on the way passes axe-core."""

import os
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .conftest import manage

TITLE = "Kennismaken met het wijkteam Leiden"
SLUG = "kennismaken-met-het-wijkteam-leiden"
EVENT = f"/agenda/{SLUG}/"
FIRST = ("Sanne de Vries", "sanne.devries@example.org", "Jeugdteam Leiden-Noord")
SECOND = ("Ahmed Benali", "ahmed.benali@example.org", "Oudervereniging Leiden")
LINK = re.compile(r"https?://\S+/registration/\S+/")

# An upcoming evening with one place, a privacy statement and registration on the site, made
# the way an editor would (a published revision), and unpublished again after these tests.
SET_UP_EVENT = f"""
import datetime as dt
from django.utils import timezone
from jeugdzorg_wagtail.models import EventIndexPage, EventPage, EventSession
agenda = EventIndexPage.objects.get(slug="agenda")
start = (timezone.now() + dt.timedelta(days=30)).replace(hour=17, minute=0, second=0, microsecond=0)
page = EventPage(
    title="{TITLE}",
    slug="{SLUG}",
    intro="Een avond om het wijkteam te leren kennen, voor ouders en professionals.",
    is_free=True,
    registration_mode="open",
    privacy_statement="<p>We gebruiken je naam en e-mailadres alleen voor deze avond.</p>",
)
page.sessions = [
    EventSession(start=start, end=start + dt.timedelta(hours=2), venue="Bibliotheek Leiden",
                 city="Leiden", places=1)
]
agenda.add_child(instance=page)
page.save_revision().publish()
"""
UNPUBLISH_EVENT = f"""
from jeugdzorg_wagtail.models import EventPage
EventPage.objects.get(slug="{SLUG}").unpublish()
"""


@pytest.fixture(scope="module")
def event_url(site_env, base_url):
    if os.environ.get("BROWSER_TEST_BASE_URL"):
        pytest.fail("These tests set up an event and read the e-mails of the site they start.")
    manage(site_env, "shell", "-c", SET_UP_EVENT)
    yield base_url + EVENT
    manage(site_env, "shell", "-c", UNPUBLISH_EVENT)


def register(page, event_url, visitor):
    page.goto(event_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    expect(page).to_have_url(event_url + "register/")
    form = page.locator(".jw-registration-form")
    page.wait_for_timeout(1100)  # the form refuses what comes back within FORM_MIN_SECONDS
    name, address, organisation = visitor
    form.get_by_label("Je naam").fill(name)
    form.get_by_label("E-mailadres").fill(address)
    form.get_by_label("Organisatie").fill(organisation)
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(re.compile(re.escape(event_url) + r"register/thanks/\?r="))
    expect(page.get_by_role("status")).to_contain_text("Bedankt: je aanmelding is ontvangen.")


def subject(message):
    # A long encoded subject is folded onto the next line; a mail program drops the fold.
    return str(message["Subject"]).strip()


def personal_link(message):
    return LINK.search(message.get_body(("plain",)).get_content()).group(0)


def calendar_files(message):
    return [
        Calendar.from_ical(part.get_content())
        for part in message.iter_attachments()
        if part.get_filename().endswith(".ics")
    ]


def test_a_freed_place_goes_to_the_waiting_list(browser, event_url, mailbox, axe, screenshot):
    first = browser.new_context(locale="nl-NL").new_page()
    second = browser.new_context(locale="nl-NL").new_page()
    try:
        # The first visitor sees the one place and gets it.
        first.goto(event_url + "register/")
        expect(first.locator(".jw-registration__session")).to_contain_text("nog 1 plaats")
        register(first, event_url, FIRST)
        entries = first.locator(".jw-registration__entry")
        expect(entries).to_have_count(1)
        expect(entries).to_contain_text("Leiden: je hebt een plaats")
        assert axe(first) == []
        screenshot(first, "registration-thanks")

        # The second finds the session full and joins its waiting list.
        second.goto(event_url + "register/")
        expect(second.locator(".jw-registration__session")).to_contain_text(
            "vol: je kunt op de wachtlijst"
        )
        assert axe(second) == []
        register(second, event_url, SECOND)
        expect(second.locator(".jw-registration__entry")).to_contain_text(
            "je bent nummer 1 op de wachtlijst"
        )

        # The confirmations: where each stands, the personal link, a calendar file for a place.
        (confirmation,) = mailbox.wait_for(FIRST[1])
        assert subject(confirmation) == f"Je aanmelding voor „{TITLE}”"
        body = confirmation.get_body(("plain",)).get_content()
        assert f"Bedankt voor je aanmelding voor „{TITLE}”." in body
        assert "Bibliotheek Leiden, Leiden: je hebt een plaats" in body
        (calendar,) = calendar_files(confirmation)
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == TITLE
        assert "Leiden" in str(vevent["LOCATION"])
        (waiting,) = mailbox.wait_for(SECOND[1])
        waiting_body = waiting.get_body(("plain",)).get_content()
        assert "Bibliotheek Leiden, Leiden: je staat op de wachtlijst" in waiting_body
        assert calendar_files(waiting) == []

        # The first opens the link from the e-mail and cancels.
        first.goto(personal_link(confirmation))
        expect(first.get_by_role("heading", level=1)).to_have_text(f"Je aanmelding voor {TITLE}")
        expect(first.locator(".jw-registration__entry")).to_contain_text("je hebt een plaats")
        assert axe(first) == []
        screenshot(first, "registration-own")
        first.get_by_role("button", name="Mijn aanmelding annuleren").click()
        expect(first.get_by_role("status")).to_have_text("Je aanmelding is geannuleerd.")
        expect(first.locator(".jw-registration__entry")).to_contain_text("geannuleerd")
        expect(first.get_by_role("button", name="Mijn aanmelding annuleren")).to_have_count(0)
        assert axe(first) == []

        # The second moved up: an e-mail with the session for the calendar, and their page
        # shows the place.
        promoted = mailbox.wait_for(SECOND[1], count=2)[1]
        assert subject(promoted) == f"Er is een plaats vrijgekomen: je kunt naar „{TITLE}”"
        promoted_body = promoted.get_body(("plain",)).get_content()
        assert "Goed nieuws: er is een plaats vrijgekomen" in promoted_body
        assert "Bibliotheek Leiden, Leiden" in promoted_body
        (calendar,) = calendar_files(promoted)
        assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == TITLE
        assert personal_link(promoted) == personal_link(waiting)
        second.goto(personal_link(promoted))
        expect(second.locator(".jw-registration__entry")).to_contain_text("je hebt een plaats")
        assert axe(second) == []

        # And the form now offers the freed place to nobody else: the second holds it.
        first.goto(event_url + "register/")
        expect(first.locator(".jw-registration__session")).to_contain_text(
            "vol: je kunt op de wachtlijst"
        )
        # Nobody else was written to about this evening.
        about = [message for message in mailbox.messages() if TITLE in subject(message)]
        assert [message["To"] for message in about] == [FIRST[1], SECOND[1], SECOND[1]]
    finally:
        first.context.close()
        second.context.close()


def test_registration_form_with_errors_passes_axe(page, event_url, axe, screenshot):
    page.goto(event_url + "register/")
    assert axe(page) == []
    screenshot(page, "registration-form")
    page.wait_for_timeout(1100)
    form = page.locator(".jw-registration-form")
    form.get_by_label("Je naam").fill("Sanne de Vries")
    form.get_by_label("E-mailadres").fill("geen-adres")
    form.get_by_role("button", name="Aanmelden").click()
    summary = page.locator("#jw-error-summary")
    expect(summary).to_be_visible()
    assert summary.get_attribute("role") == "alert"
    expect(summary.get_by_role("heading")).to_have_text(
        "Je formulier is niet verstuurd: er zijn 3 problemen"
    )
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Vul een e-mailadres in zoals naam@example.org.",
            "Vul de naam van je organisatie in.",
            "Vink het vakje aan om akkoord te gaan met de privacyverklaring.",
        ]
    )
    # What was typed is kept; the fields in error say so.
    expect(form.get_by_label("Je naam")).to_have_value("Sanne de Vries")
    expect(form.get_by_label("E-mailadres")).to_have_value("geen-adres")
    expect(form.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_role("checkbox")).to_have_attribute("aria-invalid", "true")
    assert page.title().startswith("Fout:")
    assert axe(page) == []
    screenshot(page, "registration-form-errors")
