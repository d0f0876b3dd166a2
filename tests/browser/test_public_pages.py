"""Public pages in a real browser: they render, pass axe-core's WCAG 2.1 AA rules, and work
with the keyboard alone."""

import pytest


def test_home_page_is_accessible_and_reaches_every_section(page, base_url, axe, screenshot):
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Netwerk Jeugdzorg"
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Agenda").count() == 1
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


@pytest.mark.parametrize("path", ["/agenda/"])
def test_section_pages_pass_axe(page, base_url, axe, screenshot, path):
    page.goto(base_url + path)
    assert axe(page) == []
    screenshot(page, path.strip("/").replace("/", "-") or "home")
