"""Public pages in a real browser: they render, pass axe-core's WCAG 2.1 AA rules, and work
with the keyboard alone."""

import pytest
from playwright.sync_api import expect


def test_home_page_is_accessible_and_reaches_every_section(page, base_url, axe, screenshot):
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Netwerk Jeugdzorg"
    # The home page is the network: its name once, not "Netwerk Jeugdzorg | Netwerk Jeugdzorg".
    assert page.title() == "Netwerk Jeugdzorg"
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Agenda").count() == 1
    # The open call is on the home page, and its event says so too.
    calls = page.get_by_role("region", name="Doe mee")
    calls.get_by_role("link", name="Wie doet er mee, en met welk praktijkvoorbeeld?").click()
    event_link = page.locator(".jw-call__status a")
    event_title = event_link.inner_text()
    event_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event_title)
    expect(page.locator(".jw-event__calls")).to_contain_text("Doe mee: stuur je voorstel in vóór")
    page.goto(base_url + "/")
    assert axe(page) == []
    screenshot(page, "home")


def test_skip_link_is_the_first_stop_and_is_visible_on_focus(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_language_switch_to_english_and_back(page, base_url):
    page.goto(base_url + "/agenda/")
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main menu").count() == 1
    page.locator("button[name=language][value=nl]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"


# Every public page type, and the states a visitor meets on them.
PUBLIC_PAGES = {
    "agenda": "/agenda/",
    "agenda-filtered": "/agenda/?region=limburg&type=symposium",
    "agenda-past": "/agenda/past/",
    "agenda-calendar": "/agenda/calendar/",
    "agenda-calendar-filtered": "/agenda/calendar/?region=holland-rijnland&mode=offline",
    "event-series": "/agenda/vervolgavonden-themacafe/",
    "event": "/agenda/symposium-jeugdzorg-2-0-limburg/",
    "event-sessions": "/agenda/regiobijeenkomsten-samen-voor-jeugd/",
    "event-report": "/agenda/themacafe-jeugdhulp-2018/",
    "presentation": "/agenda/themacafe-jeugdhulp-2018/het-kan-beter/",
    "presentation-withdrawn": "/agenda/themacafe-jeugdhulp-2018/haven-71-op-de-leo-kannerschool/",
    "presentations": "/presentaties/",
    "presentations-filtered": "/presentaties/?theme=de-professional",
    "practice-examples": "/praktijkvoorbeelden/",
    "practice-examples-facet": "/praktijkvoorbeelden/?region=limburg",
    "practice-examples-none": "/praktijkvoorbeelden/?q=onvindbaarwoord",
    "practice-example": "/praktijkvoorbeelden/garage2020/",
    "call": "/oproep-symposium-jeugdzorg-2-0/",
    "call-closed": "/oproep-symposium-jeugdzorg-2-0-limburg-2012/",
    "call-thanks": "/oproep-symposium-jeugdzorg-2-0/thanks/",
    # Registration on the site (the whole way, with a registration of one's own, is in
    # test_registration_flow.py).
    "registration-form": "/agenda/themacafe-jeugdhulp/register/",
    "registration-interest-form": "/agenda/regiobijeenkomsten-samen-voor-jeugd/register/",
    "registration-thanks": "/agenda/themacafe-jeugdhulp/register/thanks/",
    "registration-find": "/agenda/themacafe-jeugdhulp/registration/",
}
ENGLISH_PAGES = {
    "en-home": "/",
    "en-agenda": "/agenda/",
    "en-event": "/agenda/themacafe-jeugdhulp-2018/",
    "en-call": "/oproep-symposium-jeugdzorg-2-0/",
    "en-registration-form": "/agenda/themacafe-jeugdhulp/register/",
    "en-practice-examples": "/praktijkvoorbeelden/?theme=de-professional",
}


# What the result count (a live region) says on a listing in a given state.
EXPECTED_STATUS = {
    "agenda-filtered": "1 bijeenkomst voldoet aan de filters.",
    "practice-examples-none": "0 praktijkvoorbeelden passen bij je keuze.",
}

# The pages whose screenshots are kept (and some shown in the docs).
SCREENSHOTS = {
    "agenda",
    "agenda-calendar",
    "event",
    "event-report",
    "presentation",
    "presentation-withdrawn",
    "presentations",
    "practice-examples-facet",
    "practice-example",
    "call",
    "call-thanks",
    "en-agenda",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_pass_axe(reader, base_url, axe, screenshot, name):
    response = reader.goto(base_url + PUBLIC_PAGES[name])
    assert response.status == 200
    assert reader.locator("html").get_attribute("lang") == "nl"
    assert reader.locator("h1").count() == 1
    if name in EXPECTED_STATUS:
        assert reader.get_by_role("status").inner_text().strip() == EXPECTED_STATUS[name]
    assert axe(reader) == []
    if name in SCREENSHOTS:
        screenshot(reader, name)


def test_withdrawn_download_gone_page_passes_axe(reader, base_url, axe, screenshot):
    path = PUBLIC_PAGES["presentation-withdrawn"] + "download/"
    response = reader.goto(base_url + path)
    assert response.status == 410
    assert "niet langer beschikbaar" in reader.locator("h1").inner_text()
    assert axe(reader) == []
    screenshot(reader, "presentation-gone")


def test_call_form_with_errors_shown_passes_axe(reader, base_url, axe, screenshot):
    reader.goto(base_url + PUBLIC_PAGES["call"])
    reader.wait_for_timeout(1100)  # the form refuses what comes back within FORM_MIN_SECONDS
    reader.get_by_role("button", name="Stuur je voorstel in").click()
    summary = reader.locator("#jw-error-summary")
    assert summary.get_attribute("role") == "alert"
    assert reader.locator("[aria-invalid=true]").count() >= 8
    assert axe(reader) == []
    screenshot(reader, "call-form-errors")


@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_english_pages_pass_axe(english_reader, base_url, axe, screenshot, name):
    page = english_reader
    page.goto(base_url + ENGLISH_PAGES[name])
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main menu").count() == 1
    assert axe(page) == []
    if name in SCREENSHOTS:
        screenshot(page, name)


def test_axe_reports_what_it_finds(reader, base_url, axe):
    """The check above can fail: an unlabelled field and pale text are reported."""
    reader.goto(base_url + "/")
    reader.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML("beforeend",
        '<input type="text"><p style="color:#ccc;background:#fff">Bleke tekst</p>')"""
    )
    found = {violation["id"] for violation in axe(reader)}
    assert {"label", "color-contrast"} <= found
