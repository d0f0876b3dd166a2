"""An editor's work in the Wagtail admin, in a real browser: a new event with two sessions
published under the agenda and found in the feed, a submission's status changed, and an
import's dry run with the sample file."""

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_visitor_flow import OPEN_CALL, SEND_BUTTON, fill_call_form

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def unique():
    """A suffix that keeps titles apart when the tests run again against the same site."""
    return uuid.uuid4().hex[:6]


@pytest.fixture
def editor(page, base_url):
    """A tab logged in to the admin with the example site's local account."""
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("demo-admin")
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def test_editor_creates_an_event_with_two_sessions_and_finds_it_in_the_feed(
    editor, base_url, screenshot
):
    page = editor
    # The agenda's own page offers the editor a way into the admin (the user bar).
    page.goto(base_url + "/agenda/")
    edit_href = page.locator("a[href$='/edit/'][href*='/admin/pages/']").first.get_attribute("href")
    agenda_id = re.search(r"/admin/pages/(\d+)/edit/", edit_href).group(1)
    page.goto(f"{base_url}/admin/pages/{agenda_id}/add_subpage/")
    expect(page).to_have_url(re.compile(r"/admin/pages/add/jeugdzorg_wagtail/eventpage/"))

    title = f"Werkatelier wachttijden {unique()}"
    first = dt.date.today() + dt.timedelta(days=45)
    second = first + dt.timedelta(days=7)
    page.locator("#id_title").fill(title)
    page.locator("#id_intro").fill("Twee middagen over wat helpt tijdens het wachten.")
    page.locator("#id_sessions-0-start").fill(f"{first:%Y-%m-%d} 13:30")
    page.locator("#id_sessions-0-end").fill(f"{first:%Y-%m-%d} 16:30")
    page.locator("#id_sessions-0-city").fill("Leiden")
    page.locator("#id_sessions-ADD").click()
    page.locator("#id_sessions-1-start").fill(f"{second:%Y-%m-%d} 13:30")
    page.locator("#id_sessions-1-end").fill(f"{second:%Y-%m-%d} 16:30")
    page.locator("#id_sessions-1-city").fill("Gouda")
    page.keyboard.press("Escape")  # close a date picker left open
    screenshot(page, "admin-event-form")

    # By keyboard: a date picker that the typing opened may still cover the footer.
    page.locator("footer").get_by_role("button", name="Meer acties").press("Enter")
    page.locator("button[name=action-publish]").press("Enter")
    expect(page.locator(".messages")).to_contain_text(title)
    expect(page.locator(".messages .success, .messages [class*=success]").first).to_be_visible()

    response = page.request.get(base_url + "/agenda/ical/")
    assert response.status == 200
    feed = response.text().replace("\r\n ", "")
    assert feed.count(f"SUMMARY:{title}") == 2
    assert f"DTSTART;TZID=Europe/Amsterdam:{first:%Y%m%d}T133000" in feed
    assert f"DTSTART;TZID=Europe/Amsterdam:{second:%Y%m%d}T133000" in feed


def test_editor_changes_the_status_of_a_submission(editor, browser, base_url):
    title = f"Buddy's voor jongeren op de wachtlijst {unique()}"
    visitor = browser.new_context(locale="nl-NL").new_page()
    visitor.goto(base_url + OPEN_CALL)
    form = fill_call_form(visitor, email="noor@example.org")
    form.get_by_label("Titel").fill(title)
    visitor.wait_for_timeout(1100)  # the form refuses what comes back within FORM_MIN_SECONDS
    form.get_by_role("button", name=SEND_BUTTON).click()
    expect(visitor).to_have_url(re.compile(r"/thanks/$"))
    visitor.context.close()

    page = editor
    page.get_by_role("button", name="Netwerkgegevens").click()
    page.get_by_role("link", name="Inzendingen").click()
    row = page.locator("tr").filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ontvangen")
    row.get_by_role("link", name="Wijzig").first.click()

    page.locator("select[name=status]").select_option(label="in behandeling")
    page.locator("textarea[name=editor_notes]").fill("Past bij de open space markt.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_be_visible()
    row = page.locator("tr").filter(has_text=title)
    expect(row).to_contain_text("in behandeling")
    page.get_by_role("link", name="in behandeling").first.click()
    expect(page.locator("tr").filter(has_text=title)).to_have_count(1)


def test_editor_runs_an_import_dry_run_of_the_sample_events(editor, base_url, screenshot):
    page = editor
    page.get_by_role("button", name="Netwerkgegevens").click()
    page.get_by_role("link", name="Bijeenkomsten", exact=True).click()
    page.get_by_role("link", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importeren")

    page.get_by_label("Bestand").set_input_files(SAMPLES / "events.csv")
    page.get_by_label("Bovenliggende pagina voor nieuwe pagina's").select_option(label="Agenda")
    page.get_by_role("button", name="Bekijk de import vooraf").click()

    main = page.locator("main")
    expect(main).to_contain_text("Nieuw: 4. Bijgewerkt: 0.")
    expect(main).not_to_contain_text("Er is niets geïmporteerd")
    expect(main.get_by_role("button", name="Bevestig de import")).to_be_visible()
    expect(main).to_contain_text("Symposium Samen sterk voor de jeugd")
    expect(main).to_contain_text("Regiobijeenkomsten: wat werkt in de wijk")
    screenshot(page, "admin-import-preview")
    # A dry run stores nothing until the editor confirms.
    feed = page.request.get(base_url + "/agenda/ical/").text()
    assert "Samen sterk voor de jeugd" not in feed
