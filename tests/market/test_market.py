"""The open-space market: an accepted submission placed on the market of its call's event from
the inbox, shown on the event page and on the practice example's page."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from jeugdzorg_wagtail.models import MarketStand, PracticeExamplePage
from tests.utils import make_call, make_editor, make_event, make_submission

pytestmark = pytest.mark.django_db

INBOX = "/admin/jeugdzorg_wagtail/callsubmission/"


@pytest.fixture
def submission(root_page, agenda, library):
    event = make_event(agenda, "Symposium Jeugdzorg 2.0")
    call = make_call(root_page, event=event)
    return make_submission(call, status="accepted", title="Ouders aan tafel")


@pytest.fixture
def editor(django_user_model):
    user = make_editor(django_user_model, personal_data=True)
    group = user.groups.first()
    group.permissions.add(
        *Permission.objects.filter(codename__in=["add_marketstand", "view_marketstand"])
    )
    GroupPagePermission.objects.create(
        group=group, page_id=1, permission=Permission.objects.get(codename="add_page")
    )
    return user


def test_an_editor_places_an_accepted_submission_on_the_market(client, submission, editor, library):
    client.force_login(editor)
    url = f"{INBOX}market/{submission.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "12", "round": "", "library": library.pk})
    assert response.status_code == 302, response.content.decode()[-3000:]
    stand = MarketStand.objects.get()
    assert (stand.number, stand.title, stand.event_id) == (
        "12",
        "Ouders aan tafel",
        submission.call.event_id,
    )
    example = PracticeExamplePage.objects.get(pk=stand.practice_example_id)
    assert not example.live  # a draft, made from the submission
    event = submission.call.event
    text = client.get(event.url).content.decode()
    assert "Kraam 12" in text and "Ouders aan tafel" in text
    assert example.url not in text  # no link to a draft
    example.save_revision().publish()
    example.refresh_from_db()
    assert example.url in client.get(event.url).content.decode()
    page = client.get(example.url).content.decode()
    assert "op de open-space-markt, kraam 12" in page and event.title in page
    # Once is enough: the button and the view know the submission is on the market.
    assert client.post(url, {"number": "13"}).status_code == 302
    assert MarketStand.objects.count() == 1


def test_a_submission_that_is_not_accepted_cannot_be_placed(client, submission, editor):
    submission.status = "received"
    submission.save()
    client.force_login(editor)
    response = client.post(f"{INBOX}market/{submission.pk}/", {"number": "1"})
    assert response.status_code == 403
    assert not MarketStand.objects.exists()
