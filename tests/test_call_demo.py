"""The demo calls: one open, one closed in the past, and a few submissions to review."""

import pytest

from jeugdzorg_wagtail.demo import load_demo
from jeugdzorg_wagtail.models import CallForParticipationPage, CallState, CallSubmission


@pytest.mark.django_db
def test_the_demo_has_an_open_and_a_closed_call_and_submissions_once(root_page, client):
    load_demo(root_page)
    states = {call.title: call.get_state() for call in CallForParticipationPage.objects.live()}
    assert sorted(states.values()) == sorted([CallState.OPEN, CallState.CLOSED])
    submissions = list(CallSubmission.objects.order_by("pk"))
    assert len(submissions) == 3
    assert {s.status for s in submissions} == {"received", "under_review", "accepted"}
    assert all(s.email.endswith("@example.org") for s in submissions)
    assert all(s.privacy_version_id for s in submissions)
    open_call = next(c for c in CallForParticipationPage.objects.live() if c.get_state() == "open")
    assert {s.call_id for s in submissions} == {open_call.pk}
    response = client.get(open_call.url)
    assert response.status_code == 200
    assert 'name="consent"' in response.content.decode()
    report = load_demo(root_page)
    assert [line for line, created in report if created] == []
    assert CallSubmission.objects.count() == 3
