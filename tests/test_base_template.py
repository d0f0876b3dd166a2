"""Every page type renders inside the layout named by BASE_TEMPLATE, with nothing lost when the
layout has only the blocks of a `wagtail start` site (no ``extra_head``)."""

import pytest
from django.test import override_settings

from .utils import (
    aware,
    make_agenda,
    make_call,
    make_event,
    make_library,
    make_practice_example,
    make_presentation,
)

LAYOUT = "Site met een eigen opmaak"


@pytest.fixture
def plain_layout():
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": "wagtail_start_base.html"}):
        yield


@pytest.fixture
def pages(root_page):
    agenda = make_agenda(root_page)
    event = make_event(
        agenda,
        "Themacafé Jeugdhulp",
        sessions=[{"start": aware(2031, 5, 23, 19), "end": aware(2031, 5, 23, 22)}],
    )
    presentation = make_presentation(event, "Het kan beter")
    library = make_library(root_page)
    example = make_practice_example(library, "Haven 71")
    call = make_call(root_page)
    return {
        "agenda": agenda,
        "event": event,
        "presentation": presentation,
        "library": library,
        "example": example,
        "call": call,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["agenda", "event", "presentation", "library", "example", "call"])
def test_each_page_type_renders_in_the_sites_layout(client, plain_layout, pages, name):
    page = pages[name]
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert LAYOUT in html
    assert page.title in html[html.index("<main") :]


@pytest.mark.django_db
def test_the_default_layout_is_base_html(client, pages):
    html = client.get(pages["event"].url).content.decode()
    assert LAYOUT not in html
    assert "| Testsite</title>" in html


@pytest.mark.django_db
def test_json_ld_and_the_form_script_survive_a_layout_without_extra_head(
    client, plain_layout, pages
):
    event = client.get(pages["event"].url).content.decode()
    main = event[event.index("<main") :]
    assert '<script type="application/ld+json">' in main
    assert '"name": "Themacafé Jeugdhulp"' in main
    call = client.get(pages["call"].url).content.decode()
    assert "jeugdzorg_wagtail/js/call-form.js" in call[call.index("<main") :]


@pytest.mark.django_db
def test_the_thanks_page_is_not_indexed_whatever_the_layout(client, plain_layout, pages):
    call = pages["call"]
    response = client.get(call.url + "thanks/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert LAYOUT in response.content.decode()
