"""File sizes in the reader's language, and the download link that says type and size."""

import pytest
from django.template import Context, Template
from django.utils import translation

from jeugdzorg_wagtail.core.sizes import format_file_size
from tests.utils import make_agenda, make_document, make_event, make_presentation


@pytest.mark.parametrize(
    ("size", "dutch", "english"),
    [
        (1_058_000, "1,01 MB", "1.01 MB"),
        (0, "0 bytes", "0 bytes"),
        (1, "1 byte", "1 byte"),
        (999, "999 bytes", "999 bytes"),
        (1024, "1 kB", "1 kB"),
        (1536, "2 kB", "2 kB"),
        (512_000, "500 kB", "500 kB"),
        (1_048_575, "1,00 MB", "1.00 MB"),
        (1_048_576, "1,00 MB", "1.00 MB"),
        (25_500_000, "24,32 MB", "24.32 MB"),
        (3 * 1024**3 + 300 * 1024**2, "3,29 GB", "3.29 GB"),
        (2048 * 1024**3, "2.048,00 GB", "2,048.00 GB"),
    ],
)
def test_sizes_in_dutch_and_english(size, dutch, english):
    with translation.override("nl"):
        assert format_file_size(size) == dutch
    with translation.override("en"):
        assert format_file_size(size) == english


def test_unknown_sizes_give_no_text():
    assert format_file_size(None) == ""
    assert format_file_size("") == ""
    assert format_file_size("veel") == ""
    assert format_file_size(-1) == ""


def test_filesize_local_filter():
    template = Template("{% load jeugdzorg_presentations %}{{ size|filesize_local }}")
    with translation.override("nl"):
        assert template.render(Context({"size": 1_058_000})) == "1,01 MB"
    with translation.override("en"):
        assert template.render(Context({"size": 1_058_000})) == "1.01 MB"


@pytest.fixture
def presentation(root_page):
    event = make_event(make_agenda(root_page), "Themacafé Jeugdhulp")
    document = make_document(filename="het-kan-beter.pdf", content=b"%PDF-1.4\n" + b"x" * 50)
    document.file_size = 1_058_000  # as Wagtail stored it on upload
    document.save()
    return make_presentation(event, "Het kan beter", document=document)


@pytest.mark.django_db
def test_the_link_text_says_type_and_size_in_the_readers_language(client, presentation):
    html = client.get(presentation.url, headers={"accept-language": "nl"}).content.decode()
    assert "Download ‘Het kan beter’ (PDF, 1,01 MB)" in html
    assert f'href="{presentation.url}download/"' in html
    assert 'type="application/pdf"' in html
    html = client.get(presentation.url, headers={"accept-language": "en"}).content.decode()
    assert "Download ‘Het kan beter’ (PDF, 1.01 MB)" in html


@pytest.mark.django_db
def test_size_is_read_without_opening_the_file(presentation, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def refuse(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(FileSystemStorage, "open", refuse)
    presentation.refresh_from_db()
    with translation.override("nl"):
        assert presentation.get_file_info() == "PDF, 1,01 MB"
