"""The download/ route: attachments with safe names and types, privacy, serve methods, HEAD."""

import urllib.parse

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from wagtail.models import Collection, CollectionViewRestriction

from jeugdzorg_wagtail.models import PresentationPage
from tests.utils import make_agenda, make_document, make_event, make_presentation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def event(root_page):
    return make_event(make_agenda(root_page), "Themacafé Jeugdhulp")


def count(page):
    return PresentationPage.objects.get(pk=page.pk).download_count


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_a_document_is_downloaded_as_an_attachment_and_counted(client, event):
    presentation = make_presentation(event, document=make_document(content=PDF))
    response = client.get(presentation.url + "download/")
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Het kan beter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Length"] == str(len(PDF))
    assert count(presentation) == 1
    client.get(presentation.url + "download/")
    assert count(presentation) == 2


@pytest.mark.django_db
def test_file_names_with_quotes_and_accents_are_safe(client, event):
    title = 'Café “Zorg” en "jeugd"; ‘één’ \\ of /twee'
    presentation = make_presentation(event, title, document=make_document(content=PDF))
    disposition = client.get(presentation.url + "download/")["Content-Disposition"]
    ascii_part, star_part = disposition.split("; filename*=")
    assert ascii_part == 'attachment; filename="Cafe Zorg en _jeugd_; een _ of _twee.pdf"'
    assert star_part.startswith("UTF-8''")
    assert urllib.parse.unquote(star_part[len("UTF-8''") :]) == (
        'Café “Zorg” en "jeugd"; ‘één’ _ of _twee.pdf'
    )
    assert all(32 <= ord(ch) < 127 for ch in disposition)
    assert disposition.count('"') == 2  # only the quotes around the ASCII name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("pagina.html", b"<script>alert(1)</script>"),
        ("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("data.xml", b"<?xml version='1.0'?><a/>"),
    ],
)
def test_html_and_svg_are_never_served_inline(client, event, filename, content):
    presentation = make_presentation(
        event, document=make_document(filename=filename, content=content)
    )
    response = client.get(presentation.url + "download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_head_gives_the_headers_without_counting(client, event):
    presentation = make_presentation(event, document=make_document(content=PDF))
    response = client.head(presentation.url + "download/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(PDF))
    assert response["Content-Disposition"] == 'attachment; filename="Het kan beter.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert count(presentation) == 0


@pytest.mark.django_db
def test_other_methods_are_not_allowed(client, event):
    presentation = make_presentation(event, document=make_document(content=PDF))
    response = client.post(presentation.url + "download/")
    assert response.status_code == 405
    assert count(presentation) == 0


@pytest.mark.django_db
def test_conditional_request_gets_304_and_is_not_counted(client, event):
    presentation = make_presentation(event, document=make_document(content=PDF))
    etag = client.get(presentation.url + "download/")["ETag"]
    response = client.get(presentation.url + "download/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert count(presentation) == 1


@pytest.mark.django_db
def test_an_external_link_redirects_and_counts(client, event):
    presentation = make_presentation(event, external_url="https://slides.example.org/dias")
    page = client.get(presentation.url).content.decode()
    assert (
        "View the slides of ‘Het kan beter’ (on slides.example.org)"
        in client.get(presentation.url, headers={"accept-language": "en"}).content.decode()
    )
    assert f'href="{presentation.url}download/"' in page
    response = client.get(presentation.url + "download/")
    assert response.status_code == 302
    assert response["Location"] == "https://slides.example.org/dias"
    assert count(presentation) == 1
    assert client.head(presentation.url + "download/").status_code == 302
    assert count(presentation) == 1


@pytest.mark.django_db
def test_serve_method_redirect_sends_to_the_storage_url(client, event, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    document = make_document(content=PDF)
    presentation = make_presentation(event, document=document)
    response = client.get(presentation.url + "download/")
    assert response.status_code == 302
    assert response["Location"] == document.file.url
    assert count(presentation) == 1


@pytest.mark.django_db
@override_settings(WAGTAILDOCS_SERVE_METHOD="serve_view")
def test_serve_method_serve_view_streams(client, event):
    presentation = make_presentation(event, document=make_document(content=PDF))
    response = client.get(presentation.url + "download/")
    assert response.status_code == 200
    assert body(response) == PDF


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Besloten")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.mark.django_db
def test_a_private_collection_document_is_refused_to_anonymous_visitors(
    client, event, private_collection
):
    document = make_document(content=PDF, collection=private_collection)
    presentation = make_presentation(event, document=document)
    response = client.get(presentation.url + "download/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=" in response["Location"]
    assert PDF not in body(response)
    assert client.head(presentation.url + "download/").status_code == 302
    assert count(presentation) == 0
    # Wagtail's own document URL refuses it too: the same rule.
    assert client.get(document.url).status_code == 302


@pytest.mark.django_db
def test_a_private_collection_document_is_served_to_a_logged_in_user(
    admin_client, event, private_collection
):
    document = make_document(content=PDF, collection=private_collection)
    presentation = make_presentation(event, document=document)
    response = admin_client.get(presentation.url + "download/")
    assert response.status_code == 200
    assert body(response) == PDF
    assert "private" in response["Cache-Control"]
    assert count(presentation) == 1


@pytest.mark.django_db
def test_a_group_restricted_document_is_refused_to_other_users(client, django_user_model, event):
    collection = Collection.get_first_root_node().add_child(name="Alleen redactie")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Redactie"))
    presentation = make_presentation(
        event, document=make_document(content=PDF, collection=collection)
    )
    client.force_login(django_user_model.objects.create_user("lezer", password="x"))
    response = client.get(presentation.url + "download/")
    assert response.status_code in (302, 403)
    assert PDF not in body(response)
    assert count(presentation) == 0


@pytest.mark.django_db
def test_a_password_protected_collection_asks_for_the_password(client, event):
    collection = Collection.get_first_root_node().add_child(name="Met wachtwoord")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="geheim",
    )
    presentation = make_presentation(
        event, document=make_document(content=PDF, collection=collection)
    )
    response = client.get(presentation.url + "download/")
    assert PDF not in body(response)
    assert 'name="password"' in response.content.decode()
    assert count(presentation) == 0


@pytest.mark.django_db
def test_a_download_keeps_counting_after_an_older_revision_is_published(client, event):
    presentation = make_presentation(event, document=make_document(content=PDF))
    old_revision = presentation.latest_revision
    client.get(presentation.url + "download/")
    client.get(presentation.url + "download/")
    page = PresentationPage.objects.get(pk=presentation.pk)
    page.summary = "Nieuwe samenvatting"
    page.save_revision().publish()
    old_revision.publish()
    assert count(presentation) == 2
    copy = presentation.copy(update_attrs={"slug": "kopie", "title": "Kopie"})
    assert copy.download_count == 0
    assert count(presentation) == 2
