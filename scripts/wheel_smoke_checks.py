"""What a visitor meets on a fresh ``wagtail start`` site with the installed wheel and the demo.

Run by ``scripts/wheel-smoke.sh`` from the site's folder, after ``migrate`` and
``jeugdzorg_demo``, with the site's Python:

    cd <site> && <venv>/bin/python <repository>/scripts/wheel_smoke_checks.py

Every function marked ``@check`` is one check: it gets the :class:`Smoke` object (a client on
the site, the demo's pages, the sent e-mails) and fails with an ``AssertionError`` that says
what is wrong. Checks run in the order they are written; all of them run, and the script exits
non-zero when any failed. To add a check, add a function.
"""

import os
import sys
import time
import traceback
from html.parser import HTMLParser

CHECKS = []


def check(func):
    """Register ``func`` as a check."""
    CHECKS.append(func)
    return func


class FormParser(HTMLParser):
    """The fields of one ``<form>`` (found by its id) as the browser would send them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.hidden = {}  # name -> value of hidden inputs
        self.inputs = {}  # name -> list of attribute dicts
        self.options = {}  # select name -> option values
        self.textareas = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = self.found = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") == "hidden":
                self.hidden[name] = attrs.get("value", "")
            else:
                self.inputs.setdefault(name, []).append(attrs)
        elif tag == "select" and name:
            self._select = name
            self.options[name] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textareas.append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None


def parse_form(response, form_id):
    parser = FormParser(form_id)
    parser.feed(response.content.decode())
    assert parser.found, f"no form #{form_id} in {response.request['PATH_INFO']}"
    return parser


class Smoke:
    """The site under test: a client, the demo's pages and the e-mail outbox."""

    def __init__(self):
        from django.test import Client

        self.Client = Client
        self.client = self.new_client()

    def new_client(self):
        """A client that keeps cookies and enforces CSRF checks, as a browser meets them."""
        return self.Client(enforce_csrf_checks=True, HTTP_HOST="localhost")

    def page(self, model_name, condition=None):
        """The first live page of ``jeugdzorg_wagtail.<model_name>`` that meets ``condition``."""
        from jeugdzorg_wagtail import models

        model = getattr(models, model_name)
        for page in model.objects.live().order_by("path"):
            if condition is None or condition(page):
                return page
        raise AssertionError(f"the demo has no live {model_name} that fits")

    @staticmethod
    def outbox():
        from django.core import mail

        return mail.outbox

    def get(self, url, status=200, client=None):
        response = (client or self.client).get(url)
        assert response.status_code == status, f"GET {url}: {response.status_code}, not {status}"
        return response


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# The checks


@check
def package_comes_from_the_wheel(smoke):
    import jeugdzorg_wagtail

    assert "site-packages" in jeugdzorg_wagtail.__file__, jeugdzorg_wagtail.__file__


@check
def home_and_admin_login_render(smoke):
    smoke.get("/")
    smoke.get("/admin/login/")


@check
def every_demo_page_renders(smoke):
    from wagtail.models import Page

    pages = Page.objects.live().filter(content_type__app_label="jeugdzorg_wagtail").specific()
    assert len(pages) >= 6, f"only {len(pages)} demo pages"
    for page in pages:
        smoke.get(page.url)


# A visitor sends a call's form, once with the site in English (as `wagtail start` makes it)
# and once with the site in Dutch: (site language, visitor's address, subject start, line).
CALL_VISITS = [
    ("en-us", "visitor-en@example.org", "We received your submission to", "Reference number:"),
    ("nl", "bezoeker-nl@example.org", "We hebben je inzending voor", "Kenmerk:"),
]


def fill_call_form(form, address):
    """The data a visitor sends: the form's hidden fields and what they fill in."""
    data = dict(form.hidden)
    data.update(
        {
            "name": "Sam de Vries",
            "organisation": "Jeugdteam Maastricht",
            "role": "Jeugdprofessional",
            "email": address,
            "title": "Samen plannen met ouders",
            "summary": "Een gedeelde agenda voor gezin en hulpverleners.",
            "description": "Ouders plannen zelf afspraken met hun hulpverleners.\r\nDat werkt.",
            "homepage": "",
        }
    )
    for name, values in form.options.items():
        chosen = [value for value in values if value]
        if chosen:
            data[name] = chosen[0]
    radios = form.inputs.get("submission_type", [])
    assert radios, "the call form offers no submission type"
    data["submission_type"] = radios[0]["value"]
    assert "consent" in form.inputs, "the call form has no consent box"
    data["consent"] = form.inputs["consent"][0].get("value", "on")
    assert "csrfmiddlewaretoken" in data, "the call form has no CSRF token"
    return data


@check
def call_form_sends_both_emails_in_the_visitors_language(smoke):
    from django.test import override_settings

    from jeugdzorg_wagtail.core.conf import jw_settings
    from jeugdzorg_wagtail.models import CallSubmission

    call = smoke.page("CallForParticipationPage", lambda page: page.is_open())
    visits = []
    for language, address, _subject, _line in CALL_VISITS:
        client = smoke.new_client()
        with override_settings(LANGUAGE_CODE=language):
            form = parse_form(smoke.get(call.url, client=client), "jw-call-form")
        visits.append((client, fill_call_form(form, address)))
    # The form's signed timer refuses a form sent back sooner than this.
    time.sleep(jw_settings.FORM_MIN_SECONDS + 0.5)

    for (client, data), (language, address, subject, line) in zip(visits, CALL_VISITS, strict=True):
        before = len(smoke.outbox())
        with override_settings(LANGUAGE_CODE=language):
            response = client.post(call.url, data)
            assert response.status_code == 302, (
                f"{language}: the form was not accepted ({response.status_code})"
            )
            assert response["Location"].endswith("/thanks/"), response["Location"]
            smoke.get(response["Location"], client=client)
        sent = smoke.outbox()[before:]
        assert len(sent) == 2, f"{language}: {len(sent)} e-mails sent, not 2"
        confirmation = next((m for m in sent if m.to == [address]), None)
        assert confirmation is not None, f"{language}: no confirmation to {address}"
        assert confirmation.subject.startswith(subject), confirmation.subject
        assert line in confirmation.body, confirmation.body
        notice = next(m for m in sent if m is not confirmation)
        assert notice.to == ["redactie@example.org"], notice.to
        assert "/admin/" in notice.body, notice.body
        submission = CallSubmission.objects.get(email=address)
        assert not submission.email_failed, submission.email_notes
        assert submission.language.startswith(language[:2]), submission.language


@check
def registration_confirms_with_a_calendar_file_and_a_personal_link(smoke):
    from jeugdzorg_wagtail.core.conf import jw_settings
    from jeugdzorg_wagtail.models import Registration

    event = smoke.page("EventPage", lambda page: page.get_on_site_registration_state() == "open")
    client = smoke.new_client()
    form = parse_form(smoke.get(event.url + "register/", client=client), "jw-registration-form")
    data = dict(form.hidden)
    sessions = [attrs["value"] for attrs in form.inputs.get("sessions", [])]
    data.update(
        {
            "sessions": sessions[:1] or data.get("sessions", ""),
            "name": "Sam de Vries",
            "email": "deelnemer@example.org",
            "homepage": "",
            "consent": "on",
        }
    )
    for name in ("organisation", "role", "dietary_wishes", "answer"):
        if name in form.inputs or name in form.textareas:
            data[name] = "Jeugdteam Maastricht" if name == "organisation" else "-"
    time.sleep(jw_settings.FORM_MIN_SECONDS + 0.5)
    before = len(smoke.outbox())
    response = client.post(event.url + "register/", data)
    assert response.status_code == 302, f"the form was not accepted ({response.status_code})"
    assert "/register/thanks/?r=" in response["Location"], response["Location"]
    smoke.get(response["Location"], client=client)
    sent = smoke.outbox()[before:]
    assert [m.to for m in sent] == [["deelnemer@example.org"]], [m.to for m in sent]
    (name, content, mimetype), *_rest = sent[0].attachments
    text = content.decode() if isinstance(content, bytes) else content
    assert name.endswith(".ics") and "BEGIN:VEVENT" in text, name
    registration = Registration.objects.get(email="deelnemer@example.org")
    assert f"registration/{registration.token}/" in sent[0].body, sent[0].body
    smoke.get(event.url + f"registration/{registration.token}/", client=client)


@check
def csrf_failure_page_in_the_sites_layout(smoke):
    from django.test import override_settings

    call = smoke.page("CallForParticipationPage", lambda page: page.is_open())
    client = smoke.new_client()
    form = parse_form(smoke.get(call.url, client=client), "jw-call-form")
    data = {**fill_call_form(form, "verlopen@example.org"), "csrfmiddlewaretoken": "x" * 64}
    with override_settings(CSRF_FAILURE_VIEW="jeugdzorg_wagtail.views.csrf_failure"):
        response = client.post(call.url, data)
    html = response.content.decode()
    assert response.status_code == 403, response.status_code
    assert "Your form could not be sent" in html, html[:500]
    assert 'value="Samen plannen met ouders"' in html, "the typed title is not given back"
    # The layout of the site's own base.html (wagtail start's), with its static files.
    assert html.count("<body") == 1 and "css/mysite.css" in html, html[:500]


@check
def presentation_downloads(smoke):
    page = smoke.page("PresentationPage", lambda page: page.document_id is not None)
    response = smoke.get(page.url + "download/")
    assert response["Content-Type"] == "application/pdf", response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment"), response["Content-Disposition"]
    assert body(response).startswith(b"%PDF-"), "the download is no PDF"


def assert_calendar(response, filename):
    assert response["Content-Type"] == "text/calendar; charset=utf-8", response["Content-Type"]
    assert filename in response["Content-Disposition"], response["Content-Disposition"]
    text = body(response).decode()
    assert text.startswith("BEGIN:VCALENDAR"), text[:100]
    assert "BEGIN:VEVENT" in text, "the feed has no event"


@check
def agenda_feed(smoke):
    agenda = smoke.page("EventIndexPage")
    assert_calendar(smoke.get(agenda.url + "ical/"), "agenda.ics")


@check
def event_feed(smoke):
    event = smoke.page("EventPage", lambda page: page.sessions.exists())
    assert_calendar(smoke.get(event.url + "ical/"), f"{event.slug}.ics")


def head(smoke, url):
    """The ``<head>`` of the page at ``url``."""
    html = smoke.get(url).content.decode()
    return html[: html.index("</head>")]


@check
def stylesheet_noindex_and_feed_link_in_wagtail_starts_head(smoke):
    """The package's pages render inside wagtail start's own base.html: the stylesheet in
    ``<head>``, ``noindex`` in the head of a call's ``thanks/`` page, and the agenda's feed as
    ``<link rel="alternate" type="text/calendar">`` at an address that answers with the calendar.
    """
    import re

    call = smoke.page("CallForParticipationPage", lambda page: page.is_open())
    for url in ["/agenda/", "/praktijkvoorbeelden/", "/presentaties/", call.url]:
        assert "jeugdzorg_wagtail/css/jeugdzorg.css" in head(smoke, url), f"{url}: no stylesheet"
    noindex = '<meta name="robots" content="noindex">'
    assert noindex in head(smoke, call.url + "thanks/"), "thanks/: no noindex in <head>"
    link = r'<link rel="alternate" type="text/calendar" href="([^"]+)"'
    feed = re.search(link, head(smoke, "/agenda/"))
    assert feed, "/agenda/: no alternate link to the calendar feed in <head>"
    assert_calendar(smoke.get(feed[1]), "agenda.ics")


def main():
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    # The locmem e-mail backend (mail.outbox) and the test client's host allowed.
    setup_test_environment()
    smoke = Smoke()
    failed = []
    for func in CHECKS:
        try:
            func(smoke)
        except Exception:
            failed.append(func.__name__)
            print(f"FAIL {func.__name__}")
            traceback.print_exc()
        else:
            print(f"ok   {func.__name__}")
    if failed:
        sys.exit(f"{len(failed)} of {len(CHECKS)} smoke checks failed: {', '.join(failed)}")
    print(f"All {len(CHECKS)} smoke checks passed.")


if __name__ == "__main__":
    main()
