"""A form with errors: the summary, messages next to fields, kept input, the visitor's language."""

import re

import pytest

from jeugdzorg_wagtail.models import CallSubmission, Theme
from tests import files
from tests.utils import call_form_data

pytestmark = pytest.mark.usefixtures("open_clock")


def test_the_form_marks_personal_fields_for_autocomplete(client, call):
    html = client.get(call.url).content.decode()
    for name, token in [
        ("name", "name"),
        ("organisation", "organization"),
        ("role", "organization-title"),
        ("email", "email"),
        ("phone", "tel"),
    ]:
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{token}"' in tag


def test_every_input_has_a_label_and_groups_have_a_legend(client, call):
    Theme.objects.create(name="De professional")
    html = client.get(call.url).content.decode()
    form = html.split('id="jw-call-form"')[1]
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', form)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in form, input_id
    assert "<legend>Wat bied je aan?</legend>" in form
    assert "<legend>Thema&#x27;s (niet verplicht)</legend>" in form


def test_errors_are_summarised_at_the_top_with_links_to_each_field(client, call):
    data = call_form_data(call, name="", email="geen-adres", summary="x" * 601, consent=None)
    response = client.post(call.url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert CallSubmission.objects.count() == 0
    summary = re.search(r'<div class="jw-error-summary".*?</div>', html, re.S).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "er zijn 4 problemen" in summary
    assert '<a href="#id_name">Vul je naam in.</a>' in summary
    assert '<a href="#id_email">Vul een e-mailadres in zoals naam@example.org.</a>' in summary
    assert 'href="#id_summary"' in summary
    assert 'href="#id_consent"' in summary
    # The summary comes before the form.
    assert html.index("jw-error-summary") < html.index('id="jw-call-form"')
    assert "<title>Fout: " in html


def test_each_message_is_next_to_its_field_and_described_by(client, call):
    data = call_form_data(call, email="geen-adres")
    html = client.post(call.url, data).content.decode()
    assert '<p class="jw-field__error" id="id_email_error">' in html
    tag = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-describedby="id_email_error id_email_helptext"' in tag
    assert 'aria-invalid="true"' in tag
    name_tag = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert "aria-invalid" not in name_tag


def test_group_errors_link_to_the_first_option(client, call):
    html = client.post(call.url, call_form_data(call, submission_type="")).content.decode()
    assert '<a href="#id_submission_type_0">Kies wat je aanbiedt.</a>' in html
    assert 'aria-describedby="id_submission_type_error"' in html


def test_everything_typed_is_kept(client, call):
    theme = Theme.objects.create(name="De professional")
    data = call_form_data(call, email="geen-adres", themes=[str(theme.pk)])
    html = client.post(call.url, data).content.decode()
    assert 'value="Sanne de Vries"' in html
    assert 'value="Jeugdzorg Zuid"' in html
    assert 'value="043 123 45 67"' in html
    assert 'value="geen-adres"' in html
    assert "Een beveiligde website waar gezin en hulpverlener elkaar direct spreken." in html
    assert "https://www.example.org/chat\nhttps://www.example.org/verslag" in html
    assert re.search(rf'value="{theme.pk}"[^>]*checked', html)
    assert re.search(r'value="Praktijkvoorbeeld"[^>]*checked', html)
    assert re.search(r'<option value="\d+" selected>Limburg</option>', html)


def test_a_chosen_file_must_be_chosen_again_and_the_form_says_so(client, call):
    data = call_form_data(call, email="geen-adres")
    data["attachment"] = files.upload("mijn voorstel.pdf", files.PDF)
    html = client.post(call.url, data).content.decode()
    assert "Kies je bestand “mijn voorstel.pdf” opnieuw" in html
    assert 'id="id_attachment_rechoose"' in html
    tag = re.search(r'<input[^>]*name="attachment"[^>]*>', html).group(0)
    assert "id_attachment_rechoose" in tag


def test_missing_consent_stores_nothing(client, call):
    response = client.post(call.url, call_form_data(call, consent=None))
    html = response.content.decode()
    assert "Vink het vakje aan om akkoord te gaan met de privacyverklaring." in html
    assert CallSubmission.objects.count() == 0


def test_messages_are_in_the_visitors_language(client, call):
    data = call_form_data(call, name="")
    english = client.post(call.url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter your name." in english
    assert "Your form was not sent: there is 1 problem" in english
    dutch = client.post(call.url, data, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Vul je naam in." in dutch


def test_too_long_texts_and_bad_links_are_refused(client, call):
    data = call_form_data(
        call, description="x" * 5001, links="javascript:alert(1)\nhttps://www.example.org"
    )
    html = client.post(call.url, data).content.decode()
    assert 'href="#id_description"' in html
    assert "“javascript:alert(1)” is geen webadres." in html
    assert CallSubmission.objects.count() == 0
    data = call_form_data(call, links="\n".join(f"https://example.org/{n}" for n in range(6)))
    assert "Geef hoogstens 5 links." in client.post(call.url, data).content.decode()


def test_a_changed_privacy_statement_asks_for_consent_again(client, call):
    data = call_form_data(call)
    call.privacy_statement = "<p>Nieuwe tekst: we bewaren je gegevens twaalf maanden.</p>"
    call.save_revision().publish()
    html = client.post(call.url, data).content.decode()
    assert "De privacyverklaring is gewijzigd sinds je dit formulier opende." in html
    assert "twaalf maanden" in html
    assert f'value="{call.get_privacy_text_hash()}"' in html
    assert CallSubmission.objects.count() == 0


def test_region_is_needed_only_when_regions_exist(client, call):
    from jeugdzorg_wagtail.models import Region

    data = {**call_form_data(call), "region": ""}
    html = client.post(call.url, data).content.decode()
    assert '<a href="#id_region">Kies je regio.</a>' in html
    Region.objects.all().delete()
    assert client.post(call.url, data).status_code == 302


def test_after_a_bot_refusal_the_form_asks_for_the_file_again(client, call):
    data = call_form_data(call, jw_token="")
    data["attachment"] = files.upload("voorstel.pdf", files.PDF)
    html = client.post(call.url, data).content.decode()
    assert 'id="id_attachment_rechoose"' in html


@pytest.mark.parametrize("field", ["themes", "target_groups", "region"])
@pytest.mark.parametrize("value", ["9" * 30, "-1", "abc"])
def test_a_term_that_cannot_exist_is_a_form_error(client, call, field, value):
    Theme.objects.create(name="De professional")
    response = client.post(call.url, {**call_form_data(call), field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert "Beveiligd chatten met gezinnen" in html  # what was typed is kept
    assert CallSubmission.objects.count() == 0


def test_a_line_break_counts_as_one_character_as_in_the_browser(client, call):
    # 200 lines of "ab": 599 characters as the browser counts them (the last break is
    # trimmed), 799 as they are sent (CR LF).
    summary = "ab\r\n" * 200
    response = client.post(call.url, call_form_data(call, summary=summary))
    assert response.status_code == 302
    assert CallSubmission.objects.get().summary == ("ab\n" * 200).strip()


def test_a_text_over_the_limit_with_line_breaks_counted_once_is_still_refused(client, call):
    summary = "ab\r\n" * 200 + "xy"  # 602 characters as the browser counts them
    html = client.post(call.url, call_form_data(call, summary=summary)).content.decode()
    assert 'href="#id_summary"' in html
    assert CallSubmission.objects.count() == 0


@pytest.mark.parametrize(
    "line",
    [
        "https://www.example.org https://verslag.example.org",
        "https://www.example.org, verslag.example.org",
        "https://www.example.orghttps://verslag.example.org",
    ],
)
def test_two_addresses_on_one_line_are_named_as_such(client, call, line):
    html = client.post(call.url, call_form_data(call, links=line)).content.decode()
    assert "bevat meer dan één webadres. Zet elke link op een eigen regel." in html
    assert "Links beginnen met https://" not in html
    assert CallSubmission.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "hint"),
    [("www.example.org", True), ("example.org/verslag", True), ("https://exa mple", False)],
)
def test_links_start_with_https_is_said_only_when_it_does_not(client, call, line, hint):
    html = client.post(call.url, call_form_data(call, links=line)).content.decode()
    assert "geen geldig webadres" in html or "geen webadres" in html
    assert ("Links beginnen met https://" in html) is hint
