"""The visitor's ways through the site with the keyboard alone (Tab, Shift+Tab, Enter, Space
and typing), with a visible focus indicator on every element the focus reaches."""

import re

from playwright.sync_api import expect

from .test_visitor_flow import EMAIL_ERROR, OPEN_CALL, THEMACAFE_2018, UPCOMING_SYMPOSIUM

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name") || "",
    type: el.getAttribute("type") || "",
    text: (el.textContent || "").replace(/\\s+/g, " ").trim(),
    label: label.replace(/\\s+/g, " ").trim(),
    href: el.getAttribute("href") || "",
    // Tab also stops on the calendar button inside a date field: the browser draws its own
    // focus ring there, and the field itself does not match :focus.
    calendarButton: el.type === "date" && !el.matches(":focus") && el.matches(":focus-within"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    outlineStyle: style.outlineStyle + " " + style.outlineWidth + " " + style.outlineColor,
    onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0,
  };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def assert_visible_focus(info):
    assert info is not None, "The focus left the page."
    assert info["onScreen"], f"The focused element is off screen: {info}"
    if info["calendarButton"]:
        return
    assert info["outline"] or info["shadow"], f"No visible focus indicator: {info}"


def tab_to(page, matches, limit=150, key="Tab"):
    """Press Tab until the focused element matches, checking the focus is visible each time."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        assert_visible_focus(info)
        if matches(info):
            return info
        seen.append(info["text"] or info["label"] or info["name"])
    raise AssertionError(f"Tab never reached the element; it passed: {seen}")


def enter_to_page(page, heading):
    """Press Enter on a link or button and wait until the next page and its styles are in."""
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.wait_for_load_state("load")


def text_is(text):
    return lambda info: info["text"] == text


def label_starts(text):
    return lambda info: info["label"].startswith(text)


def test_agenda_filter_event_and_calendar_file_by_keyboard(page, base_url):
    page.goto(base_url + "/")
    tab_to(page, text_is("Agenda"))
    enter_to_page(page, "Agenda")

    tab_to(page, label_starts("Limburg"))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Limburg")).to_be_checked()
    tab_to(page, text_is("Toon bijeenkomsten"))
    enter_to_page(page, "Agenda")
    expect(page).to_have_url(re.compile(r"region=limburg"))
    expect(page.get_by_role("status")).to_have_text("1 bijeenkomst voldoet aan de filters.")

    tab_to(page, text_is(UPCOMING_SYMPOSIUM))
    enter_to_page(page, UPCOMING_SYMPOSIUM)

    tab_to(page, lambda info: info["text"].startswith("Agendabestand"))
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename == "symposium-jeugdzorg-2-0-limburg.ics"


def test_month_calendar_by_keyboard(page, base_url):
    page.goto(base_url + "/agenda/")
    tab_to(page, text_is("Maandkalender"))
    enter_to_page(page, "Agenda")
    expect(page).to_have_url(re.compile(r"/agenda/calendar/$"))
    this_month = page.locator("caption").inner_text()
    # The next month, whose fourth Wednesday holds an evening of the themacafé's series.
    tab_to(page, lambda info: "/calendar/" in info["href"] and info["text"].endswith("→"))
    page.keyboard.press("Enter")
    expect(page.locator("caption")).not_to_have_text(this_month)
    page.wait_for_load_state("load")
    tab_to(page, lambda info: info["text"].endswith("Vervolgavonden Themacafé Jeugdhulp"))
    enter_to_page(page, "Vervolgavonden Themacafé Jeugdhulp")


def test_subscribe_box_by_keyboard(page, base_url):
    page.goto(base_url + "/agenda/")
    link = tab_to(page, text_is("Abonneren in je agenda-app"))
    assert link["href"].startswith("webcal://")
    tab_to(page, label_starts("Adres van de agendafeed"))
    tab_to(page, text_is("Outlook"))
    page.keyboard.press("Enter")
    expect(page.locator(".jw-subscribe__help").first).to_have_attribute("open", "")
    tab_to(page, text_is("Google Calendar"))
    page.keyboard.press("Space")
    expect(page.locator(".jw-subscribe__help").nth(1)).to_have_attribute("open", "")


def test_call_form_by_keyboard_with_an_error_then_sent(page, base_url):
    page.goto(base_url + OPEN_CALL)
    tab_to(page, label_starts("Je naam"))
    page.keyboard.type("Ahmed Bakker")
    for text in ("Stichting Samen", "Coördinator"):
        page.keyboard.press("Tab")
        assert_visible_focus(focused(page))
        page.keyboard.type(text)
    tab_to(page, label_starts("E-mailadres"))
    page.keyboard.type("ahmed@")
    tab_to(page, label_starts("Regio"))
    page.keyboard.type("Limb")
    expect(page.get_by_label("Regio")).to_have_value(re.compile(r"\d+"))
    # Tab enters the radio group on its first option; Space chooses it.
    tab_to(page, label_starts("Praktijkvoorbeeld"))
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Praktijkvoorbeeld")).to_be_checked()
    tab_to(page, label_starts("Titel"))
    page.keyboard.type("Een buddy voor elke jongere")
    page.keyboard.press("Tab")
    page.keyboard.type("Vrijwilligers als maatje voor jongeren in de jeugdhulp.")
    page.keyboard.press("Tab")
    page.keyboard.type("Hoe we buddy's werven, koppelen en begeleiden.")
    tab_to(page, label_starts("Ik heb de privacyverklaring gelezen"))
    page.keyboard.press("Space")
    tab_to(page, text_is("Stuur je voorstel in"))
    page.wait_for_timeout(1100)  # the form refuses what comes back within FORM_MIN_SECONDS
    enter_to_page(page, "Wie doet er mee, en met welk praktijkvoorbeeld?")

    summary = page.locator("#jw-error-summary")
    expect(summary).to_be_focused()
    assert_visible_focus(focused(page))
    expect(summary.get_by_role("link")).to_have_text(EMAIL_ERROR)
    tab_to(page, text_is(EMAIL_ERROR))
    page.keyboard.press("Enter")
    email = page.locator("#jw-call-form").get_by_label("E-mailadres")
    expect(email).to_be_focused()
    expect(email).to_have_value("ahmed@")
    assert_visible_focus(focused(page))
    page.keyboard.press("End")
    page.keyboard.type("example.org")
    # The ticked consent stays ticked.
    expect(page.get_by_role("checkbox", name=re.compile("privacyverklaring"))).to_be_checked()
    tab_to(page, text_is("Stuur je voorstel in"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/thanks/$"))
    expect(page.get_by_role("status")).to_contain_text("Dank je wel")


def test_presentation_download_and_withdrawn_one_by_keyboard(page, base_url):
    page.goto(base_url + THEMACAFE_2018)
    tab_to(page, lambda info: info["text"].startswith("Download ‘Het kan beter’"))
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename == "Het kan beter.pdf"

    tab_to(page, text_is("Haven 71 op de Leo Kannerschool"))
    enter_to_page(page, "Haven 71 op de Leo Kannerschool")
    expect(page.locator(".jw-notice--unavailable")).to_contain_text("Niet langer beschikbaar")
