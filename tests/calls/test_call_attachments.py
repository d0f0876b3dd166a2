"""Attachments: what is accepted, what is refused, how it is stored and that no URL reaches it."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.test import override_settings
from PIL import Image

from jeugdzorg_wagtail.calls.attachments import (
    PrivateFileSystemStorage,
    get_attachment_storage,
    validate_attachment,
)
from jeugdzorg_wagtail.models import CallSubmission
from tests import files
from tests.utils import call_form_data

pytestmark = pytest.mark.usefixtures("open_clock", "delete_attachments")


def send(client, call, name, content):
    data = call_form_data(call)
    data["attachment"] = files.upload(name, content)
    return client.post(call.url, data)


# Accepted


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("verslag.pdf", files.PDF, "pdf"),
        ("Voorstel.DOCX", files.ooxml("docx"), "docx"),
        ("dia's.pptx", files.ooxml("pptx"), "pptx"),
        ("tekst.odt", files.odf("odt"), "odt"),
        ("dia.odp", files.odf("odp"), "odp"),
        ("foto.jpeg", files.jpeg_with_exif(), "jpeg"),
        ("foto.jpg", files.jpeg_with_exif(), "jpeg"),
        ("schema.png", files.png_with_text(), "png"),
    ],
)
def test_each_allowed_type_is_accepted_and_stored_under_a_random_name(
    client, call, name, content, kind
):
    response = send(client, call, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = CallSubmission.objects.get()
    assert submission.attachment_name == name
    assert submission.attachment_type == kind
    stored = submission.attachment.name
    assert name.split(".")[0] not in stored
    assert re.fullmatch(r"submissions/[0-9a-f]{32}\.(pdf|docx|pptx|odt|odp|jpg|png)", stored)
    assert submission.attachment.storage.exists(stored)


def test_image_metadata_is_stripped(client, call):
    assert b"Sanne de Vries" in files.jpeg_with_exif()
    send(client, call, "foto.jpg", files.jpeg_with_exif())
    submission = CallSubmission.objects.get()
    with submission.attachment.open("rb") as fh:
        data = fh.read()
    assert b"Sanne de Vries" not in data
    assert b"Camerafabriek" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (30, 40)  # the EXIF orientation was applied before dropping it


def test_png_text_chunks_are_stripped(client, call):
    send(client, call, "schema.png", files.png_with_text())
    with CallSubmission.objects.get().attachment.open("rb") as fh:
        data = fh.read()
    assert b"Sanne de Vries" not in data
    assert b"Maastricht" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (20, 10)
        assert image.mode == "RGBA"


# Refused


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("notities.txt", b"gewone tekst", "Bestanden van dit type worden niet aangenomen."),
        ("pagina.html", files.HTML, "Bestanden van dit type worden niet aangenomen."),
        ("pagina.htm", files.HTML, "Bestanden van dit type worden niet aangenomen."),
        ("logo.svg", files.SVG, "Bestanden van dit type worden niet aangenomen."),
        ("setup.exe", files.EXECUTABLE, "Bestanden van dit type worden niet aangenomen."),
        ("factuur.pdf", files.EXECUTABLE, "Het bestand lijkt geen PDF-bestand te zijn"),
        ("pagina.pdf", files.HTML, "Het bestand lijkt geen PDF-bestand te zijn"),
        ("logo.png", files.SVG, "Het bestand lijkt geen PNG-bestand te zijn"),
        ("foto.jpg", files.png_with_text(), "Het bestand lijkt geen JPEG-bestand te zijn"),
        ("archief.docx", files.plain_zip(), "Het bestand lijkt geen DOCX-bestand te zijn"),
        ("macro.docx", files.ooxml("docx", macros=True), "geen DOCX-bestand"),
        ("tekst.odt", files.odf("odp"), "Het bestand lijkt geen ODT-bestand te zijn"),
        ("dia.pptx", files.ooxml("docx"), "Het bestand lijkt geen PPTX-bestand te zijn"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(client, call, name, content, message):
    response = send(client, call, name, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'href="#id_attachment"' in html  # the summary links to the field
    assert CallSubmission.objects.count() == 0


def test_an_empty_file_is_refused(client, call):
    response = send(client, call, "leeg.pdf", b"")
    assert response.status_code == 200
    assert 'id="id_attachment_error"' in response.content.decode()
    assert CallSubmission.objects.count() == 0
    with pytest.raises(ValidationError, match="leeg"):
        validate_attachment(files.upload("leeg.pdf", b"x"[:0]))


@override_settings(JEUGDZORG_WAGTAIL={"ATTACHMENT_MAX_SIZE": 1000})
def test_a_file_over_the_size_limit_is_refused(client, call):
    response = send(client, call, "groot.pdf", files.PDF + b"0" * 1000)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is te groot: hoogstens 1000" in html
    assert CallSubmission.objects.count() == 0


@override_settings(JEUGDZORG_WAGTAIL={"ATTACHMENT_MAX_SIZE": 1000})
def test_a_request_far_over_the_limit_is_refused_before_it_is_read(client, call):
    response = send(client, call, "heel-groot.pdf", files.PDF + b"0" * 400_000)
    assert response.status_code == 413
    assert "Wat je verstuurde is te groot." in response.content.decode()
    assert CallSubmission.objects.count() == 0


def test_an_image_that_cannot_be_decoded_is_refused(client, call):
    broken = files.jpeg_with_exif()[:40]
    response = send(client, call, "kapot.jpg", broken)
    assert "De afbeelding kon niet worden gelezen." in response.content.decode()
    assert CallSubmission.objects.count() == 0


# Storage


def test_attachments_use_the_storage_alias_outside_media_root():
    storage = get_attachment_storage()
    assert storage is storages["jeugdzorg_attachments"]
    location = Path(storage.location).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert media_root not in location.parents and location != media_root
    assert CallSubmission._meta.get_field("attachment").storage is storage


def test_without_the_alias_a_private_folder_without_urls_is_used(tmp_path):
    storages_setting = {k: v for k, v in settings.STORAGES.items() if k != "jeugdzorg_attachments"}
    with override_settings(STORAGES=storages_setting, BASE_DIR=tmp_path):
        storage = get_attachment_storage()
        assert isinstance(storage, PrivateFileSystemStorage)
        assert Path(storage.location) == tmp_path / "private-attachments"
        with pytest.raises(ValueError):
            storage.url("submissions/x.pdf")
        with override_settings(JEUGDZORG_WAGTAIL={"ATTACHMENT_ROOT": str(tmp_path / "elders")}):
            assert Path(get_attachment_storage().location) == tmp_path / "elders"


@override_settings(ROOT_URLCONF="tests.urls_media")
def test_no_attachment_is_reachable_under_media_url(client, call):
    # The test site serves MEDIA_ROOT under MEDIA_URL, as a public site would.
    public = Path(settings.MEDIA_ROOT) / "probe.txt"
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_text("openbaar")
    assert client.get(settings.MEDIA_URL + "probe.txt").status_code == 200

    send(client, call, "verslag.pdf", files.PDF)
    stored = CallSubmission.objects.get().attachment.name
    assert client.get(settings.MEDIA_URL + stored).status_code == 404
    assert client.get(settings.MEDIA_URL + "submissions/").status_code == 404
    public.unlink()


def test_a_storage_inside_media_root_fails_the_system_check(tmp_path):
    from jeugdzorg_wagtail.calls.checks import check_attachment_storage

    assert check_attachment_storage(None) == []
    inside = {
        **settings.STORAGES,
        "jeugdzorg_attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media" / "private"},
        },
    }
    with override_settings(STORAGES=inside, MEDIA_ROOT=tmp_path / "media"):
        errors = check_attachment_storage(None)
    assert [e.id for e in errors] == ["jeugdzorg_wagtail.E004"]
