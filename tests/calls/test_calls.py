"""A call for participation: its page, its deadline on the server, and the whole flow."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Page

from jeugdzorg_wagtail.models import (
    CallForParticipationPage,
    CallSubmission,
    NetworkSettings,
    SubmissionStatus,
    TargetGroup,
    Theme,
)
from tests.utils import aware, call_form_data, make_agenda, make_call, make_event

OPENS = aware(2026, 3, 1, 9)
CLOSES = aware(2026, 4, 1, 17)


@pytest.fixture
def call(root_page):
    return make_call(root_page, title="Oproep symposium", opens_at=OPENS, closes_at=CLOSES)


def token_from(response):
    match = re.search(r'name="jw_token" value="([^"]+)"', response.content.decode())
    assert match, "the form has no token"
    return match.group(1)


# The page and its states


def test_before_opening_the_page_says_when_it_opens_and_shows_no_form(client, call):
    with time_machine.travel(aware(2026, 2, 20, 12), tick=False):
        response = client.get(call.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze oproep opent op 1 maart 2026" in html
    assert "<form" not in html.split('<main id="main-content">')[1]


def test_while_open_the_page_shows_the_deadline_and_the_form(client, call):
    with time_machine.travel(aware(2026, 3, 10, 12), tick=False):
        response = client.get(call.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 april 2026, 17:00" in html
    assert 'id="jw-call-form"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "no-store" in response["Cache-Control"]


def test_after_closing_the_page_says_it_is_closed_and_shows_no_form(client, call):
    with time_machine.travel(aware(2026, 4, 1, 17), tick=False):
        response = client.get(call.url)
    html = response.content.decode()
    assert "Deze oproep is gesloten." in html
    assert 'id="jw-call-form"' not in html


def test_a_late_post_is_refused_and_nothing_is_stored(client, call):
    with time_machine.travel(aware(2026, 3, 31, 12), tick=False):
        data = call_form_data(call)
    with time_machine.travel(aware(2026, 4, 1, 17, 0), tick=False):
        response = client.post(call.url, data)
    assert response.status_code == 403
    assert "Deze oproep is gesloten." in response.content.decode()
    assert CallSubmission.objects.count() == 0
    assert mail.outbox == []


def test_an_early_post_is_refused_and_nothing_is_stored(client, call):
    with time_machine.travel(aware(2026, 2, 28, 12), tick=False):
        response = client.post(call.url, call_form_data(call))
    assert response.status_code == 403
    assert "Deze oproep is nog niet open." in response.content.decode()
    assert CallSubmission.objects.count() == 0


def test_a_call_without_opening_moment_is_open_at_once(root_page):
    page = make_call(root_page, closes_at=aware(2030, 1, 1))
    page.opens_at = None
    assert page.is_open(now=aware(2020, 1, 1))
    assert not page.is_open(now=aware(2030, 1, 1))


def test_a_call_must_close_after_it_opens(call):
    call.closes_at = call.opens_at
    with pytest.raises(ValidationError) as error:
        call.clean()
    assert "closes_at" in error.value.message_dict


def test_the_page_links_its_event(client, root_page):
    agenda = make_agenda(root_page)
    event = make_event(agenda, title="Symposium Jeugdzorg 2.0", slug="symposium")
    page = make_call(root_page, event=event)
    html = client.get(page.url).content.decode()
    assert f'href="{event.url}"' in html
    assert "Symposium Jeugdzorg 2.0" in html


def test_a_call_can_be_added_under_any_page(root_page):
    agenda = make_agenda(root_page)
    assert CallForParticipationPage.can_create_at(root_page)
    assert CallForParticipationPage.can_create_at(Page.objects.get(pk=root_page.pk))
    assert CallForParticipationPage.allowed_subpage_models() == []
    assert not CallForParticipationPage.can_create_at(agenda)  # the agenda holds only events


def test_submission_types_are_editable_per_call(client, root_page):
    page = make_call(root_page)
    assert [t["label"] for t in page.get_submission_types()] == [
        "Praktijkvoorbeeld",
        "Voorstel voor een workshop",
        "Presentatie",
        "Kraam op de open-spacemarkt",
    ]
    page.submission_types = [
        ("type", {"label": "Workshop", "description": "45 minuten, tot 20 deelnemers"}),
        ("type", {"label": "Marktkraam", "description": ""}),
    ]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "45 minuten, tot 20 deelnemers" in html
    assert 'value="Marktkraam"' in html
    assert 'value="Presentatie"' not in html
    response = client.post(page.url, call_form_data(page, submission_type="Presentatie"))
    assert response.status_code == 200
    assert "Kies een van de aangeboden mogelijkheden." in response.content.decode()
    assert CallSubmission.objects.count() == 0


def test_an_empty_list_of_types_offers_the_defaults(root_page):
    page = make_call(root_page, submission_types=[])
    assert len(page.get_submission_types()) == 4


# The whole flow


@pytest.mark.django_db(transaction=False)
def test_the_whole_flow_through_http(client, call, site, django_capture_on_commit_callbacks):
    NetworkSettings.objects.create(site=site, notification_email="redactie@example.org")
    theme = Theme.objects.create(name="De professional")
    group = TargetGroup.objects.create(name="Jeugdwerk")
    with time_machine.travel(aware(2026, 3, 10, 12), tick=False) as traveller:
        form_page = client.get(call.url)
        assert form_page.status_code == 200
        token = token_from(form_page)
        traveller.shift(dt.timedelta(minutes=12))
        data = call_form_data(
            call, jw_token=token, themes=[str(theme.pk)], target_groups=[str(group.pk)]
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(call.url, data)
        assert response.status_code == 302
        assert response["Location"] == call.url + "thanks/"
        thanks = client.get(response["Location"])

    assert thanks.status_code == 200
    assert "We laten binnen twee weken iets van ons horen." in thanks.content.decode()

    submission = CallSubmission.objects.get()
    assert submission.call_id == call.pk
    assert submission.status == SubmissionStatus.RECEIVED
    assert submission.name == "Sanne de Vries"
    assert submission.organisation == "Jeugdzorg Zuid"
    assert submission.role == "Gedragswetenschapper"
    assert submission.email == "sanne@example.org"
    assert submission.phone == "043 123 45 67"
    assert submission.region.name == "Limburg"
    assert submission.title == "Beveiligd chatten met gezinnen"
    assert submission.links == ["https://www.example.org/chat", "https://www.example.org/verslag"]
    assert list(submission.themes.all()) == [theme]
    assert list(submission.target_groups.all()) == [group]
    assert submission.consent_given_at == aware(2026, 3, 10, 12, 12)
    assert submission.language == "nl"
    assert not submission.attachment
    assert not submission.email_failed

    assert len(mail.outbox) == 2
    confirmation, notice = mail.outbox
    assert confirmation.to == ["sanne@example.org"]
    assert "Oproep symposium" in confirmation.subject
    assert "We laten binnen twee weken iets van ons horen." in confirmation.body
    assert notice.to == ["redactie@example.org"]
    assert f"/admin/jeugdzorg_wagtail/callsubmission/inspect/{submission.pk}/" in notice.body
    assert "http://testserver/admin/" in notice.body
    for personal in ("Sanne", "sanne@example.org", "043 123 45 67", "Gedragswetenschapper"):
        assert personal not in notice.body
        assert personal not in notice.subject


def test_the_call_own_addresses_replace_the_network_setting(call, site):
    NetworkSettings.objects.create(site=site, notification_email="redactie@example.org")
    assert call.get_notification_recipients() == ["redactie@example.org"]
    call.notify_emails = "a@example.org, b@example.org"
    assert call.get_notification_recipients() == ["a@example.org", "b@example.org"]


def test_invalid_addresses_to_notify_are_refused(call):
    call.notify_emails = "a@example.org, geen-adres"
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "notify_emails" in error.value.message_dict


def test_the_form_is_csrf_protected(call):
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(aware(2026, 3, 10, 12), tick=False):
        response = client.post(call.url, call_form_data(call))
    assert response.status_code == 403
    assert CallSubmission.objects.count() == 0


def test_the_thanks_page_is_a_route_of_the_page(client, call):
    assert call.reverse_subpage("thanks") == "thanks/"
    response = client.get(call.url + "thanks/")
    assert response.status_code == 200
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_other_methods_are_not_allowed(client, call):
    assert client.put(call.url).status_code == 405


def test_a_valid_post_takes_a_fixed_number_of_queries(
    client, call, django_assert_num_queries, site
):
    themes = [str(Theme.objects.create(name=name).pk) for name in ("Ouders", "Professional")]
    groups = [str(TargetGroup.objects.create(name=name).pk) for name in ("Jeugdwerk", "GGZ")]
    with time_machine.travel(aware(2026, 3, 10, 12), tick=False):
        data = call_form_data(call, themes=themes, target_groups=groups)
        client.get(call.url)  # warm Wagtail's site and page caches
        # Routing and view restrictions 5, region, themes and target groups 3, the savepoint
        # pair 2, the privacy version, the submission and one insert per relation 4.
        with django_assert_num_queries(14):
            response = client.post(call.url, data)
    assert response.status_code == 302
    submission = CallSubmission.objects.get()
    assert submission.themes.count() == 2
    assert submission.target_groups.count() == 2


# Demo content


def test_the_demo_adds_an_open_and_a_closed_call_once(root_page):
    from django.core.management import call_command

    from jeugdzorg_wagtail.demo import calls as demo_calls

    with time_machine.travel(aware(2026, 5, 4, 10), tick=False):
        call_command("jeugdzorg_demo", "--yes", stdout=io.StringIO())
        open_call = CallForParticipationPage.objects.get(slug="oproep-symposium-jeugdzorg-2-0")
        closed = CallForParticipationPage.objects.get(
            slug="oproep-symposium-jeugdzorg-2-0-limburg-2012"
        )
        assert open_call.live and closed.live
        assert open_call.title == "Wie doet er mee, en met welk praktijkvoorbeeld?"
        assert open_call.opens_at == aware(2026, 5, 3, 9)
        assert open_call.closes_at == aware(2026, 7, 3, 17)
        assert open_call.is_open()
        assert not closed.is_open()
        assert closed.closes_at.year == 2012
        assert open_call.get_notification_recipients() == [demo_calls.NOTIFY]
        assert "Twaalf maanden" in open_call.privacy_statement
        assert open_call.privacy_versions.count() == 1

    with time_machine.travel(aware(2026, 6, 1, 10), tick=False):
        out = io.StringIO()
        call_command("jeugdzorg_demo", "--yes", stdout=out)
    assert CallForParticipationPage.objects.count() == 2
    open_call.refresh_from_db()
    assert open_call.closes_at == aware(2026, 7, 3, 17)  # dates fixed on the first run


def test_the_demo_links_the_calls_to_their_events_when_the_agenda_has_them(root_page):
    from jeugdzorg_wagtail.demo import calls as demo_calls

    agenda = make_agenda(root_page)
    next_edition = make_event(agenda, title="Symposium", slug="symposium")
    old = make_event(agenda, title="Symposium 2012", slug="symposium-2012")
    context = {"events": {"symposium-next": next_edition, "symposium-2012": old}}
    demo_calls.load(root_page, [], context)
    assert context["calls"]["symposium-next"].event == next_edition
    assert context["calls"]["symposium-2012"].event == old
