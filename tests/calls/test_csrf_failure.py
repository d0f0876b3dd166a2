"""A form that fails the CSRF check: a page in the site's language and layout that says what
happened and how to send again, and gives back what was typed (or says it was not kept)."""

import re

import pytest
from django.test import Client, override_settings

from jeugdzorg_wagtail.models import CallSubmission
from tests.utils import call_form_data, make_agenda

pytestmark = [
    pytest.mark.usefixtures("open_clock"),
    pytest.mark.django_db,
    pytest.mark.usefixtures("csrf_failure_view"),
]


@pytest.fixture
def csrf_failure_view():
    with override_settings(CSRF_FAILURE_VIEW="jeugdzorg_wagtail.views.csrf_failure"):
        yield


def opened_form(call, **headers):
    """A browser that has opened the call's form: its cookie and the form's CSRF token."""
    browser = Client(enforce_csrf_checks=True, **headers)
    html = browser.get(call.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return browser, token


def typed(call, **overrides):
    return call_form_data(
        call,
        title="Samen plannen met ouders",
        description="Eerste regel.\nTweede regel met <b>opmaak</b>.",
        **overrides,
    )


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_with_its_token_the_form_is_sent(call):
    browser, token = opened_form(call)
    response = browser.post(call.url, {**typed(call), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert CallSubmission.objects.count() == 1


def test_a_stale_token_gives_a_page_that_explains_and_gives_back_the_text(call):
    browser, _token = opened_form(call)
    response = browser.post(call.url, {**typed(call), "csrfmiddlewaretoken": "x" * 64})
    html = text(response)
    assert response.status_code == 403
    assert CallSubmission.objects.count() == 0
    # In the site's layout and language.
    assert "| Testsite</title>" in html
    assert '<html lang="nl">' in html
    assert "<h1>Je formulier kon niet worden verstuurd</h1>" in html
    assert "er is niets verstuurd of bewaard" in html
    assert "lang open heeft gestaan" in html
    # How to send it again: a link to the form.
    assert f'<a href="{call.url}">Open het formulier opnieuw</a>' in html
    # What was typed, to copy, escaped.
    assert re.search(
        r'<label for="jw-typed-title">Titel</label> <input type="text" id="jw-typed-title" '
        r'value="Samen plannen met ouders" readonly>',
        html,
    )
    description = re.search(
        r'<textarea id="jw-typed-description" rows="6" readonly>(.*?)</textarea>',
        response.content.decode(),
        re.S,
    ).group(1)
    assert description == "Eerste regel.\nTweede regel met &lt;b&gt;opmaak&lt;/b&gt;."
    assert re.search(r'<p id="jw-fill-again">Vul deze opnieuw in.*<li>Regio</li>', html)
    assert "no-store" in response["Cache-Control"]


def test_without_the_cookie_the_page_says_to_allow_cookies(call):
    browser = Client(enforce_csrf_checks=True)  # never opened the form: no cookie
    response = browser.post(call.url, typed(call))
    assert response.status_code == 403
    assert "Sta cookies toe voor deze website" in text(response)
    assert "Samen plannen met ouders" in text(response)


def test_the_page_is_in_the_visitors_language(call):
    browser, _token = opened_form(call, HTTP_ACCEPT_LANGUAGE="en")
    response = browser.post(call.url, typed(call), HTTP_ACCEPT_LANGUAGE="en")
    html = text(response)
    assert response.status_code == 403
    assert "<h1>Your form could not be sent</h1>" in html
    assert "Open the form again" in html


def test_a_form_the_package_does_not_know_is_not_given_back_but_the_page_says_so(root_page):
    agenda = make_agenda(root_page)
    browser = Client(enforce_csrf_checks=True)
    browser.get("/admin/login/")
    response = browser.post(
        "/admin/login/", {"username": "redactie", "password": "geheim-wachtwoord-123"}
    )
    html = text(response)
    assert response.status_code == 403
    assert "geheim-wachtwoord-123" not in html
    assert "redactie" not in html
    assert "Wat je hebt getypt is niet verstuurd en niet bewaard." in html
    response = browser.post(agenda.url, {"q": "jongeren"})
    assert response.status_code == 403
    assert "jongeren" not in text(response)
