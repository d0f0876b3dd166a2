"""The demo's presentations: the theme evening's slides, one no longer available, a listing."""

import re

import pytest

from jeugdzorg_wagtail.demo import load_demo, taxonomy
from jeugdzorg_wagtail.demo import presentations as demo_presentations
from jeugdzorg_wagtail.models import (
    Availability,
    EventPage,
    PresentationIndexPage,
    PresentationPage,
)
from tests.utils import aware, make_agenda, make_event


def test_the_generated_pdf_is_valid():
    data = demo_presentations.minimal_pdf(demo_presentations.SLIDE_LINES)
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    xref = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
    assert data[xref:].startswith(b"xref\n0 7\n")
    offsets = [int(n) for n in re.findall(rb"(\d{10}) 00000 n ", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    assert "Themacafé".encode("cp1252") in data
    length = int(re.search(rb"/Length (\d+)", data).group(1))
    stream = data.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0]
    assert len(stream) == length


@pytest.fixture
def theme_evening(root_page):
    agenda = make_agenda(root_page)
    return make_event(
        agenda,
        "Themacafé Jeugdhulp: hoe organiseren we de jeugdhulp vanaf 2020?",
        slug="themacafe-jeugdhulp-2018",
        sessions=[
            {
                "start": aware(2018, 5, 23, 19, 30),
                "end": aware(2018, 5, 23, 22),
                "venue": "Leo Kannerschool",
                "city": "Oegstgeest",
            }
        ],
    )


@pytest.mark.django_db
def test_the_theme_evening_gets_its_two_presentations(client, root_page, theme_evening):
    report, context = [], {"agenda": theme_evening.get_parent().specific}
    taxonomy.load(root_page, report, context)
    demo_presentations.load(root_page, report, context)

    beter = PresentationPage.objects.get(slug="het-kan-beter")
    assert beter.get_parent().pk == theme_evening.pk
    assert beter.event_id == theme_evening.pk
    assert str(beter.date) == "2018-05-23"
    assert beter.availability == Availability.AVAILABLE
    assert beter.get_file_type() == "PDF"
    assert beter.speakers.get().organisation.name == "TWO Jeugdhulp"
    response = client.get(beter.url + "download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")

    haven = PresentationPage.objects.get(slug="haven-71-op-de-leo-kannerschool")
    assert haven.availability == Availability.WITHDRAWN
    assert haven.withdrawn_reason
    assert client.get(haven.url + "download/").status_code == 410

    listing = PresentationIndexPage.objects.get(slug="presentaties")
    assert listing.get_parent().pk == root_page.pk
    assert listing.show_in_menus and listing.live
    html = client.get(listing.url).content.decode()
    assert "Het kan beter" in html and "Haven 71 op de Leo Kannerschool" in html

    # Running again adds and changes nothing.
    again = []
    demo_presentations.load(root_page, again, context)
    assert again == []
    assert PresentationPage.objects.count() == 2


@pytest.mark.django_db
def test_the_theme_evening_is_found_by_its_key_in_the_context(root_page, theme_evening):
    other = make_event(theme_evening.get_parent(), "Regiobijeenkomst Zwolle")
    context = {"events": {"zwolle": other, "themacafe-2018": theme_evening}}
    assert demo_presentations.find_theme_evening(context).pk == theme_evening.pk
    assert demo_presentations.find_theme_evening({"events": {"zwolle": other}}) is None


@pytest.mark.django_db
def test_without_the_theme_evening_only_the_listing_is_made(root_page):
    load_demo(root_page)
    assert PresentationIndexPage.objects.filter(slug="presentaties").exists()
    # Presentations only under the theme evening, whichever events the agenda step made.
    for page in PresentationPage.objects.all():
        assert isinstance(page.get_parent().specific, EventPage)
        assert "Oegstgeest" in {s.city for s in page.get_parent().specific.sessions.all()}
    assert load_demo(root_page) == []
