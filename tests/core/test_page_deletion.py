"""Deleting a page that submissions or registrations belong to is refused with a message, never
a server error; a page without them is deleted as usual."""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Page

from jeugdzorg_wagtail.models import CallSubmission, Registration
from tests.utils import (
    make_agenda,
    make_call,
    make_event,
    make_registration,
    make_registration_event,
    make_submission,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return Page.objects.get(depth=2)


def delete(client, page):
    return client.post(f"/admin/pages/{page.pk}/delete/")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_event_with_registrations_is_kept(admin_client, home):
    event = make_registration_event(make_agenda(home))
    make_registration(event)
    response = delete(admin_client, event)
    assert response.status_code == 302
    assert Page.objects.filter(pk=event.pk).exists()
    assert Registration.objects.filter(event=event).count() == 1
    (message,) = messages_of(response)
    assert "Regiobijeenkomst" in message and "(1 in totaal)" in message


def test_a_call_with_submissions_is_kept(admin_client, home):
    call = make_call(home)
    make_submission(call)
    make_submission(call)
    response = delete(admin_client, call)
    assert response.status_code == 302
    assert Page.objects.filter(pk=call.pk).exists()
    assert CallSubmission.objects.filter(call=call).count() == 2
    assert "(2 in totaal)" in messages_of(response)[0]


def test_a_section_above_them_is_kept_too(admin_client, home):
    agenda = make_agenda(home)
    make_registration(make_registration_event(agenda))
    response = delete(admin_client, agenda)
    assert response.status_code == 302
    assert Page.objects.filter(pk=agenda.pk).exists()


def test_bulk_delete_is_refused_the_same_way(admin_client, home):
    event = make_registration_event(make_agenda(home))
    make_registration(event)
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={event.pk}", {"next": "/admin/"}
    )
    assert response.status_code == 302
    assert Page.objects.filter(pk=event.pk).exists()


def test_pages_without_them_are_deleted(admin_client, home):
    agenda = make_agenda(home)
    event = make_event(agenda)
    call = make_call(home)
    assert delete(admin_client, event).status_code == 302
    assert delete(admin_client, call).status_code == 302
    assert not Page.objects.filter(pk__in=[event.pk, call.pk]).exists()
