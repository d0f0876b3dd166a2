"""One rule for absolute URLs: the Site record (hostname and port) is the truth, whatever host
a request used; links within the site are relative.

The site is set up as ``make demo`` sets up the example site (``127.0.0.1:8000``) and the
requests come in on another host name, as they do behind a proxy or through an alias.
"""

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from jeugdzorg_wagtail.models import CallSubmission
from tests.utils import call_form_data, make_agenda, make_call, make_event

ROOT = "http://127.0.0.1:8000"
OTHER_HOST = "localhost"


@pytest.fixture
def served(site, root_page):
    # What the example site's `set_site_address 127.0.0.1:8000` (run by `make demo`) does.
    site.hostname, site.port = "127.0.0.1", 8000
    site.save()
    agenda = make_agenda(root_page)
    event = make_event(agenda, "Themacafé Jeugdhulp", slug="themacafe")
    call = make_call(root_page, event=event, notify_emails="redactie@example.org")
    return {"agenda": agenda, "event": event, "call": call}


def absolute_urls(text):
    """Every http(s) or webcal URL in ``text`` whose host is not an outside service."""
    urls = re.findall(r"(?:https?|webcal)://[^\s\"'<>\\]+", html.unescape(text))
    return [u for u in urls if not u.startswith(("https://calendar.google", "https://outlook"))]


def hosts(urls):
    return {urlsplit(url).netloc for url in urls}


@pytest.mark.django_db
def test_the_agenda_page_offers_the_feed_on_the_site_address_and_links_it_relatively(
    client, served
):
    page = client.get("/agenda/?mode=online", HTTP_HOST=OTHER_HOST).content.decode()
    assert 'href="webcal://127.0.0.1:8000/agenda/ical/?mode=online"' in page
    assert f'value="{ROOT}/agenda/ical/?mode=online" readonly' in page
    assert '<a type="text/calendar" href="/agenda/ical/?mode=online">' in page
    assert hosts(absolute_urls(page)) == {"127.0.0.1:8000"}


@pytest.mark.django_db
def test_the_feeds_name_themselves_and_their_events_on_the_site_address(client, served):
    agenda = client.get("/agenda/ical/?mode=offline", HTTP_HOST=OTHER_HOST)
    calendar = Calendar.from_ical(agenda.content)
    assert str(calendar["URL"]) == f"{ROOT}/agenda/ical/?mode=offline"
    assert str(calendar["SOURCE"]) == f"{ROOT}/agenda/ical/?mode=offline"
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == f"{ROOT}/agenda/themacafe/"
    assert f"{ROOT}/agenda/themacafe/" in str(event["DESCRIPTION"])

    single = Calendar.from_ical(client.get("/agenda/themacafe/ical/", HTTP_HOST=OTHER_HOST).content)
    assert str(single["SOURCE"]) == f"{ROOT}/agenda/themacafe/ical/"
    assert hosts(absolute_urls(agenda.content.decode())) == {"127.0.0.1:8000"}


@pytest.mark.django_db
def test_the_event_page_structured_data_and_calendar_links_use_the_site_address(client, served):
    page = client.get("/agenda/themacafe/", HTTP_HOST=OTHER_HOST).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(script[1])
    assert data["url"] == f"{ROOT}/agenda/themacafe/"
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', page)[1]
    details = parse_qs(urlsplit(html.unescape(google)).query)["details"][0]
    assert f"{ROOT}/agenda/themacafe/" in details
    assert '<a type="text/calendar" href="/agenda/themacafe/ical/">' in page
    assert hosts(absolute_urls(page)) <= {"127.0.0.1:8000", "schema.org"}


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL="")
def test_the_emails_link_to_the_site_address(client, served, django_capture_on_commit_callbacks):
    call = served["call"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.url, call_form_data(call), HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    assert response["Location"] == "/oproep/thanks/"
    submission = CallSubmission.objects.get()
    confirmation, notice = mail.outbox
    assert f"{ROOT}/oproep/" in confirmation.body
    admin = f"{ROOT}/admin/jeugdzorg_wagtail/callsubmission/inspect/{submission.pk}/"
    assert admin in notice.body
    for message in (confirmation, notice):
        assert hosts(absolute_urls(message.body)) == {"127.0.0.1:8000"}


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL="https://beheer.example.org")
def test_the_notice_follows_wagtails_admin_base_url_when_it_is_set(
    client, served, django_capture_on_commit_callbacks
):
    call = served["call"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(call.url, call_form_data(call), HTTP_HOST=OTHER_HOST)
    submission = CallSubmission.objects.get()
    notice = mail.outbox[1]
    assert (
        f"https://beheer.example.org/admin/jeugdzorg_wagtail/callsubmission/inspect/{submission.pk}/"
        in notice.body
    )
