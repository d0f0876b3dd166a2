"""A site builds its own page classes from the package's mixins alone, on its own base page
(``tests/testapp``), and serves them: the agenda with its feed, a call whose submissions go to
the site's own models, the library and the presentations listing."""

import pytest
from django.core import mail

from jeugdzorg_wagtail.models import CallSubmission, PrivacyStatementVersion, Region
from tests.testapp.models import (
    SiteAgendaPage,
    SiteCallPage,
    SiteLibraryPage,
    SitePresentationsPage,
    SitePrivacyVersion,
    SiteSubmission,
)
from tests.utils import (
    aware,
    call_form_data,
    make_event,
    make_practice_example,
    make_presentation,
)

NOW = aware(2026, 3, 10, 12)

pytestmark = pytest.mark.django_db


def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def site_agenda(root_page):
    agenda = add_page(
        root_page, SiteAgendaPage(title="Onze agenda", slug="onze-agenda", strapline="Samen")
    )
    make_event(agenda, "Themacafé", sessions=[{"start": aware(2026, 3, 20, 19)}])
    make_event(
        agenda,
        "Regiobijeenkomsten",
        sessions=[{"start": aware(2026, 4, 2, 19)}, {"start": aware(2026, 4, 9, 19)}],
    )
    return agenda


def test_the_sites_agenda_lists_the_events_under_it_and_serves_their_feed(client, site_agenda):
    page = client.get(site_agenda.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Themacafé" in html and "Regiobijeenkomsten" in html
    assert 'type="text/calendar"' in html
    feed = client.get(f"{site_agenda.url}ical/")
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed.content.count(b"BEGIN:VEVENT") == 3
    again = client.get(f"{site_agenda.url}ical/", HTTP_IF_NONE_MATCH=feed["ETag"])
    assert again.status_code == 304


def test_publishing_an_event_under_the_sites_agenda_drops_its_cached_feed(client, site_agenda):
    client.get(f"{site_agenda.url}ical/")
    make_event(site_agenda, "Symposium", sessions=[{"start": aware(2026, 5, 1, 9)}])
    assert b"SUMMARY:Symposium" in client.get(f"{site_agenda.url}ical/").content


def test_the_sites_call_stores_submissions_in_the_sites_own_models(
    client, root_page, django_capture_on_commit_callbacks
):
    call = add_page(
        root_page,
        SiteCallPage(
            title="Onze oproep",
            slug="onze-oproep",
            opens_at=aware(2026, 3, 1, 9),
            closes_at=aware(2026, 4, 1, 17),
            privacy_statement="<p>We gebruiken je gegevens alleen voor deze oproep.</p>",
            confirmation_text="<p>Dank je wel.</p>",
            notify_emails="redactie@example.org",
        ),
    )
    form = client.get(call.url)
    assert form.status_code == 200
    assert 'name="jw_token"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.url, call_form_data(call))
    assert response.status_code == 302
    assert response["Location"] == f"{call.url}thanks/"
    submission = SiteSubmission.objects.get()
    assert submission.call == call
    assert submission.title == "Beveiligd chatten met gezinnen"
    assert submission.privacy_version == SitePrivacyVersion.objects.get(call=call)
    assert not CallSubmission.objects.exists()
    assert not PrivacyStatementVersion.objects.exists()
    confirmation, notice = mail.outbox
    assert confirmation.to == ["sanne@example.org"]
    assert "Dank je wel." in confirmation.body
    assert notice.to == ["redactie@example.org"]
    assert "/admin/" not in notice.body  # no admin shows the site's own submissions
    assert client.get(response["Location"]).status_code == 200


def test_the_sites_library_and_presentations_listing_render_with_their_filters(
    client, root_page, site_agenda
):
    region = Region.objects.create(name="Limburg")
    library = add_page(root_page, SiteLibraryPage(title="Voorbeelden", slug="voorbeelden"))
    make_practice_example(library, "Haven 71", region=region)
    make_practice_example(library, "Buurtmentoren")
    response = client.get(library.url, {"region": "limburg"})
    assert response.status_code == 200
    assert [page.title for page in response.context["examples"]] == ["Haven 71"]
    listing = add_page(root_page, SitePresentationsPage(title="Dia's", slug="dias"))
    event = site_agenda.get_children().first().specific
    make_presentation(event, "Het kan beter", event=event)
    response = client.get(listing.url, {"event": str(event.pk)})
    assert response.status_code == 200
    assert [page.title for page in response.context["presentations"]] == ["Het kan beter"]
