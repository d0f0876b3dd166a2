"""Withdrawn, deleted and missing slides: the page stays with a notice, download/ is 410."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from jeugdzorg_wagtail.models import Availability, PresentationPage
from tests.utils import make_agenda, make_document, make_event, make_presentation

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def event(root_page):
    return make_event(make_agenda(root_page), "Themacafé Jeugdhulp")


def assert_gone(client, presentation, reason=None):
    page = client.get(presentation.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "niet langer beschikbaar" in html
    assert "download/" not in html
    if reason:
        assert reason in html
    for method in (client.get, client.head):
        response = method(presentation.url + "download/")
        assert response.status_code == 410
    gone = client.get(presentation.url + "download/")
    html = gone.content.decode()
    assert "<main" in html  # inside the site's layout
    assert "niet langer beschikbaar" in html
    assert f'href="{presentation.url}"' in html
    if reason:
        assert reason in html
    assert PresentationPage.objects.get(pk=presentation.pk).download_count == 0
    english = client.get(presentation.url, headers={"accept-language": "en"})
    assert "no longer available" in english.content.decode()


@pytest.mark.django_db
def test_withdrawn_slides_give_the_notice_with_the_reason_and_410(client, event):
    presentation = make_presentation(
        event,
        "Haven 71 op school",
        document=make_document(content=PDF),
        withdrawn=True,
        withdrawn_reason="Op verzoek van de sprekers teruggetrokken.",
    )
    assert presentation.availability == Availability.WITHDRAWN
    assert_gone(client, presentation, reason="Op verzoek van de sprekers teruggetrokken.")


@pytest.mark.django_db
def test_withdrawn_external_link_is_not_followed(client, event):
    presentation = make_presentation(
        event, external_url="https://slides.example.org/x", withdrawn=True
    )
    assert_gone(client, presentation)


@pytest.mark.django_db
def test_a_deleted_document_gives_the_same(client, event):
    document = make_document(content=PDF)
    presentation = make_presentation(event, document=document)
    document.delete()
    presentation.refresh_from_db()
    assert presentation.document_id is None
    assert presentation.availability == Availability.REMOVED
    assert_gone(client, presentation)


@pytest.mark.django_db
def test_a_file_missing_from_storage_gives_the_same(client, event):
    document = make_document(content=PDF)
    presentation = make_presentation(event, document=document)
    document.file.storage.delete(document.file.name)
    assert_gone(client, presentation)


@pytest.mark.django_db
def test_a_file_that_cannot_be_opened_gives_410_not_500(client, event, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    presentation = make_presentation(event, document=make_document(content=PDF))

    def broken_open(self, name, mode="rb"):
        raise FileNotFoundError(name)

    monkeypatch.setattr(FileSystemStorage, "open", broken_open)
    assert client.get(presentation.url + "download/").status_code == 410
    assert PresentationPage.objects.get(pk=presentation.pk).download_count == 0


@pytest.mark.django_db
def test_a_remote_storage_missing_file_is_found_on_download(client, event, monkeypatch):
    """For storages without local paths the page trusts the document; download/ asks."""
    from django.core.files.storage import FileSystemStorage

    presentation = make_presentation(event, document=make_document(content=PDF))

    def no_path(self, name):
        raise NotImplementedError

    monkeypatch.setattr(FileSystemStorage, "path", no_path)
    monkeypatch.setattr(FileSystemStorage, "exists", lambda self, name: False)
    assert "download/" in client.get(presentation.url).content.decode()
    assert client.get(presentation.url + "download/").status_code == 410


@pytest.mark.django_db
def test_an_unknown_sub_path_is_still_a_404(client, event):
    presentation = make_presentation(event)
    assert client.get(presentation.url + "iets-anders/").status_code == 404


@pytest.mark.django_db
def test_a_document_or_a_link_is_required_unless_withdrawn(event):
    page = PresentationPage(title="Zonder dia's", slug="zonder", live=False)
    event.add_child(instance=page)  # a draft may be saved without slides
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "document" in error.value.message_dict
    page.document = make_document(content=PDF)
    page.external_url = "https://slides.example.org/x"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "external_url" in error.value.message_dict
    page.external_url = ""
    page.full_clean()
    page.document = None
    page.withdrawn = True
    page.full_clean()


@pytest.mark.django_db
def test_the_event_and_date_come_from_the_parent_event(event, root_page):
    presentation = make_presentation(event)
    assert presentation.event_id == event.pk
    assert presentation.date == event.sessions.first().start_date
    # A presentation elsewhere keeps what the editor chose.
    from jeugdzorg_wagtail.models import PresentationIndexPage

    listing = PresentationIndexPage(title="Presentaties", slug="presentaties")
    root_page.add_child(instance=listing)
    other = make_presentation(listing, "Los", event=None)
    assert other.event_id is None and other.date is None


@pytest.mark.django_db
def test_the_add_form_under_an_event_suggests_the_event(admin_client, event):
    url = reverse(
        "wagtailadmin_pages:add",
        args=["jeugdzorg_wagtail", "presentationpage", event.pk],
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="event" value="{event.pk}"' in html


@pytest.mark.django_db
def test_an_editor_adds_a_presentation_with_speakers_in_the_admin(admin_client, event):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from jeugdzorg_wagtail.models import Organisation

    two = Organisation.objects.create(name="TWO Jeugdhulp")
    document = make_document(content=PDF)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["jeugdzorg_wagtail", "presentationpage", event.pk],
    )
    data = nested_form_data(
        {
            "title": "Het kan beter",
            "slug": "het-kan-beter",
            "speakers": inline_formset(
                [
                    {"name": "", "role": "Manager", "organisation": two.pk},
                    {"name": "Anna de Vries", "organisation_name": "Gemeente Leiden"},
                ]
            ),
            "event": event.pk,
            "summary": "Wat er vanaf 2020 beter kan.",
            "document": document.pk,
            "external_url": "",
            "withdrawn_reason": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PresentationPage.objects.get(slug="het-kan-beter")
    assert page.live
    assert page.event_id == event.pk
    assert [str(s) for s in page.speakers.all()] == [
        "Manager, TWO Jeugdhulp",
        "Anna de Vries, Gemeente Leiden",
    ]
    page.count_download()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    assert 'name="download_count"' not in edit.content.decode()  # shown, not editable
    assert page.get_download_url() == page.url + "download/"


@pytest.mark.django_db
def test_editors_can_place_the_pages(root_page, event):
    from jeugdzorg_wagtail.models import EventPage, PresentationIndexPage

    assert PresentationPage.can_create_at(event)
    assert PresentationIndexPage.can_create_at(root_page)
    assert PresentationIndexPage.can_create_at(Page.get_first_root_node()) is not None
    assert PresentationPage in PresentationIndexPage.allowed_subpage_models()
    assert PresentationPage in EventPage.allowed_subpage_models()


@pytest.mark.django_db
def test_a_presentation_under_an_event_may_not_take_the_feed_slug(event):
    presentation = make_presentation(event, "Het kan beter")
    presentation.slug = "ical"
    with pytest.raises(ValidationError) as error:
        presentation.full_clean()
    assert "slug" in error.value.message_dict
    # Under the site-wide listing, which has no routes, the slug is free.
    from jeugdzorg_wagtail.models import PresentationIndexPage

    listing = PresentationIndexPage(title="Presentaties", slug="presentaties")
    Page.objects.get(pk=event.get_parent().get_parent().pk).add_child(instance=listing)
    elsewhere = make_presentation(listing, "Elders", slug="ical")
    elsewhere.full_clean()
    assert elsewhere.slug == "ical"
