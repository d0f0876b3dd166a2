"""A visitor's way through the site in a real browser: the agenda and its filters, an event
and its calendar file, the subscribe box, a call's form (with an error, then sent), and the
presentations of an evening, one of them withdrawn."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

UPCOMING_SYMPOSIUM = "Symposium Jeugdzorg 2.0 Limburg: de volgende editie"
UPCOMING_THEMACAFE = "Themacafé Jeugdhulp: hoe staan we ervoor?"
OPEN_CALL = "/oproep-symposium-jeugdzorg-2-0/"
THEMACAFE_2018 = "/agenda/themacafe-jeugdhulp-2018/"
SEND_BUTTON = "Stuur je voorstel in"
EMAIL_ERROR = "Vul een e-mailadres in zoals naam@example.org."


def test_agenda_filter_by_region_then_event_and_its_calendar_file(page, base_url, screenshot):
    page.goto(base_url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    listing = page.locator(".jw-agenda__list")
    expect(listing.get_by_role("link", name=UPCOMING_THEMACAFE).first).to_be_visible()

    filters = page.locator("form.jw-filters")
    filters.get_by_role("group", name="Regio").get_by_label("Limburg").check()
    filters.get_by_role("button", name="Toon bijeenkomsten").click()

    expect(page).to_have_url(re.compile(r"/agenda/\?(.*&)?region=limburg"))
    expect(filters.get_by_label("Limburg")).to_be_checked()
    expect(listing.get_by_role("link", name=UPCOMING_SYMPOSIUM)).to_be_visible()
    expect(listing.get_by_role("link", name=UPCOMING_THEMACAFE)).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("1 bijeenkomst voldoet aan de filters.")
    screenshot(page, "agenda-filtered")

    listing.get_by_role("link", name=UPCOMING_SYMPOSIUM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(UPCOMING_SYMPOSIUM)
    screenshot(page, "event")

    box = page.get_by_role("region", name="Zet in mijn agenda")
    calendar_link = box.get_by_role("link", name=re.compile("Agendabestand"))
    href = calendar_link.get_attribute("href")
    # A link within the site: relative.
    assert href == "/agenda/symposium-jeugdzorg-2-0-limburg/ical/"
    response = page.request.get(base_url + href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "Symposium Jeugdzorg 2.0 Limburg" in body
    assert box.get_by_role("link", name=re.compile("Google Calendar")).count() == 1


def test_subscribe_box_offers_the_webcal_address_of_the_feed(page, base_url):
    page.goto(base_url + "/agenda/")
    box = page.get_by_role("region", name="Abonneren op de agenda")
    expect(box).to_be_visible()
    webcal = box.get_by_role("link", name="Abonneren in je agenda-app").get_attribute("href")
    host = urlsplit(base_url).netloc
    assert webcal == f"webcal://{host}/agenda/ical/"
    copy_field = box.get_by_label(re.compile("Adres van de agendafeed"))
    expect(copy_field).to_have_value(f"{base_url}/agenda/ical/")

    response = page.request.get("http" + webcal.removeprefix("webcal"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert UPCOMING_SYMPOSIUM.split(":")[0] in response.text()


def fill_call_form(page, email):
    form = page.locator("#jw-call-form")
    form.get_by_label("Je naam").fill("Sanne de Vries")
    form.get_by_label("Organisatie", exact=True).fill("Jeugdteam Maastricht")
    form.get_by_label("Je rol of functie").fill("Jeugdhulpverlener")
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_label("Regio").select_option(label="Limburg")
    form.get_by_role("radio", name="Praktijkvoorbeeld").check()
    form.get_by_label("Titel").fill("Chatten met jongeren in de wachttijd")
    form.get_by_label("Samenvatting").fill("Wie op de wachtlijst staat, chat met een hulpverlener.")
    form.get_by_label("Beschrijving").fill("Wat we doen, voor wie en wat het oplevert.")
    form.get_by_role("checkbox", name="De professional").check()
    form.get_by_role("checkbox", name=re.compile("privacyverklaring")).check()
    return form


def test_call_form_with_one_error_then_corrected(page, base_url, screenshot):
    page.goto(base_url + OPEN_CALL)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wie doet er mee, en met welk praktijkvoorbeeld?"
    )
    form = fill_call_form(page, email="sanne.example.org")
    page.wait_for_timeout(1100)  # the form refuses what comes back within FORM_MIN_SECONDS
    form.get_by_role("button", name=SEND_BUTTON).click()

    summary = page.get_by_role("alert").filter(has_text="Je formulier is niet verstuurd")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(
        "Je formulier is niet verstuurd: er is 1 probleem"
    )
    expect(summary.get_by_role("link")).to_have_text(EMAIL_ERROR)
    # The summary takes the focus, so a screen reader announces it first.
    assert page.evaluate("document.activeElement.id") == "jw-error-summary"
    assert page.title().startswith("Fout:")
    screenshot(page, "call-form-errors")

    email = page.locator("#jw-call-form").get_by_label("E-mailadres")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("sanne.example.org")
    error_id = email.get_attribute("aria-describedby").split()[0]
    expect(page.locator(f"#{error_id}")).to_contain_text("Fout: " + EMAIL_ERROR)
    # What was typed is still there.
    form = page.locator("#jw-call-form")
    expect(form.get_by_label("Je naam")).to_have_value("Sanne de Vries")
    expect(form.get_by_label("Titel")).to_have_value("Chatten met jongeren in de wachttijd")
    expect(form.get_by_label("Regio")).to_have_value(re.compile(r"\d+"))
    expect(form.get_by_role("radio", name="Praktijkvoorbeeld")).to_be_checked()
    expect(form.get_by_role("checkbox", name="De professional")).to_be_checked()

    summary.get_by_role("link").click()
    expect(email).to_be_focused()
    email.fill("sanne@example.org")
    expect(form.get_by_role("checkbox", name=re.compile("privacyverklaring"))).to_be_checked()
    form.get_by_role("button", name=SEND_BUTTON).click()

    expect(page).to_have_url(re.compile(r"/thanks/$"))
    expect(page.get_by_role("status")).to_contain_text("Dank je wel: je inzending is ontvangen.")
    screenshot(page, "call-thanks")


def test_presentation_download_and_a_withdrawn_one(page, base_url, screenshot):
    page.goto(base_url + "/presentaties/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Presentaties")
    page.goto(base_url + THEMACAFE_2018)
    presentations = page.get_by_role("region", name="Presentaties")
    expect(presentations.get_by_role("heading", level=3)).to_have_count(2)

    with page.expect_download() as download_info:
        presentations.get_by_role("link", name=re.compile("Download ‘Het kan beter’")).click()
    download = download_info.value
    assert download.suggested_filename == "Het kan beter.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    presentations.get_by_role("link", name="Haven 71 op de Leo Kannerschool").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Haven 71 op de Leo Kannerschool")
    expect(page.locator(".jw-notice--unavailable")).to_contain_text("Niet langer beschikbaar")
    expect(page.get_by_role("link", name=re.compile("^Download"))).to_have_count(0)
    screenshot(page, "presentation-withdrawn")

    response = page.goto(page.url + "download/")
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "‘Haven 71 op de Leo Kannerschool’ is niet langer beschikbaar"
    )
    screenshot(page, "presentation-gone")
