"""The demo calls: one open, one closed in the past, and a few submissions to review."""

import re

import pytest
from django.core import mail

from jeugdzorg_wagtail.demo import load_demo
from jeugdzorg_wagtail.models import (
    CallForParticipationPage,
    CallState,
    CallSubmission,
    MarketStand,
)
from tests.utils import call_form_data


@pytest.mark.django_db
def test_the_demo_has_an_open_and_a_closed_call_and_submissions_once(root_page, client):
    load_demo(root_page)
    states = {call.title: call.get_state() for call in CallForParticipationPage.objects.live()}
    assert sorted(states.values()) == sorted([CallState.OPEN, CallState.CLOSED])
    open_call = next(c for c in CallForParticipationPage.objects.live() if c.get_state() == "open")
    submissions = list(CallSubmission.objects.filter(call=open_call).order_by("pk"))
    assert len(submissions) == 3
    assert {s.status for s in submissions} == {"received", "under_review", "accepted"}
    everything = CallSubmission.objects.all()
    assert all(s.email.endswith("@example.org") for s in everything)
    assert all(s.privacy_version_id for s in everything)
    # The closed call of 2012: its accepted submissions became the stands of its market.
    closed = everything.exclude(call=open_call)
    assert {s.status for s in closed} == {"accepted"}
    stands = MarketStand.objects.order_by("number")
    assert [stand.submission_id for stand in stands] == [s.pk for s in closed.order_by("pk")]
    event = closed.first().call.event
    text = client.get(event.url).content.decode()
    assert "Kraam 1" in text and stands[0].practice_example.url in text
    response = client.get(open_call.url)
    assert response.status_code == 200
    assert 'name="consent"' in response.content.decode()
    report = load_demo(root_page)
    assert [line for line, created in report if created] == []
    assert CallSubmission.objects.count() == 3 + len(closed)
    assert MarketStand.objects.count() == len(closed) == 3


@pytest.mark.django_db
def test_the_demo_call_thanks_once_and_reads_as_one_page(
    root_page, client, django_capture_on_commit_callbacks
):
    load_demo(root_page)
    call = next(c for c in CallForParticipationPage.objects.live() if c.is_open())
    page = client.get(call.url).content.decode()
    # The body's headings sit under the page's own "Wat we vragen": no heading right after it.
    assert re.search(r'<h2 id="jw-call-asked">Wat we vragen</h2>\s*<p>', page)
    assert "<h2>" not in page[page.index("jw-call-asked") : page.index("jw-call-types")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.url, call_form_data(call), follow=True)
    thanks = response.content.decode()
    assert len(re.findall(r"Dank je wel|Bedankt", thanks)) == 1
    confirmation = mail.outbox[0]
    assert len(re.findall(r"Dank je wel|Bedankt", confirmation.body)) == 1
