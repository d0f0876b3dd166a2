"""Every page type renders inside the layout named by BASE_TEMPLATE, with nothing lost when the
layout has only the blocks of a `wagtail start` site (no ``extra_head``)."""

import re

import pytest
from django.test import override_settings

from tests.utils import (
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


def head(html):
    return html[: html.index("</head>")]


STYLESHEET = '<link rel="stylesheet" href="/static/jeugdzorg_wagtail/css/jeugdzorg.css">'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "layout", ["wagtail_start_base.html", "base.html", "extends_wagtail_start_base.html"]
)
@pytest.mark.parametrize("name", ["agenda", "event", "presentation", "library", "example", "call"])
def test_the_stylesheet_is_linked_once_in_the_head_of_every_page_type(client, pages, name, layout):
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": layout}):
        html = client.get(pages[name].url).content.decode()
    assert STYLESHEET in head(html)
    assert html.count("jeugdzorg_wagtail/css/jeugdzorg.css") == 1


@pytest.mark.django_db
def test_a_layout_without_a_head_block_still_renders_the_page(client, pages):
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": "no_head_block_base.html"}):
        response = client.get(pages["event"].url)
    assert response.status_code == 200
    assert "Themacafé Jeugdhulp" in response.content.decode()


@pytest.mark.django_db
def test_the_stylesheet_setting_changes_or_removes_the_link(client, pages, plain_layout):
    settings = {"BASE_TEMPLATE": "wagtail_start_base.html", "STYLESHEET": "css/eigen.css"}
    with override_settings(JEUGDZORG_WAGTAIL=settings):
        html = client.get(pages["event"].url).content.decode()
    assert '<link rel="stylesheet" href="/static/css/eigen.css">' in head(html)
    assert "jeugdzorg.css" not in html
    with override_settings(JEUGDZORG_WAGTAIL={**settings, "STYLESHEET": None}):
        html = client.get(pages["event"].url).content.decode()
    assert 'rel="stylesheet"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("layout", ["wagtail_start_base.html", "base.html"])
def test_the_thanks_page_says_noindex_in_its_head(client, pages, layout):
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": layout}):
        html = client.get(pages["call"].url + "thanks/").content.decode()
        call = client.get(pages["call"].url).content.decode()
    assert '<meta name="robots" content="noindex">' in head(html)
    assert "noindex" not in call


@pytest.mark.django_db
@pytest.mark.parametrize("layout", ["wagtail_start_base.html", "base.html"])
def test_agenda_and_event_link_their_calendar_feed_in_the_head(client, pages, layout):
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": layout}):
        agenda = client.get("/agenda/").content.decode()
        filtered = client.get("/agenda/?mode=online&theme=bestaat-niet&page=2").content.decode()
        event = client.get(pages["event"].url).content.decode()
        library = client.get(pages["library"].url).content.decode()
    assert (
        '<link rel="alternate" type="text/calendar" href="/agenda/ical/" title="Agenda">'
        in head(agenda)
    )
    # Only the filters the agenda accepted: the rejected theme would make the feed a 400.
    assert 'type="text/calendar" href="/agenda/ical/?mode=online"' in head(filtered)
    href = pages["event"].url + "ical/"
    assert f'<link rel="alternate" type="text/calendar" href="{href}"' in head(event)
    assert "text/calendar" not in head(library)
    for html in (agenda, event):
        feed = re.search(r'rel="alternate" type="text/calendar" href="([^"]+)"', html)[1]
        response = client.get(feed)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"


@pytest.mark.parametrize(
    ("layout", "ids"),
    [
        ("base.html", []),
        ("wagtail_start_base.html", []),
        ("no_head_block_base.html", ["jeugdzorg_wagtail.W003"]),
        ("does_not_exist.html", ["jeugdzorg_wagtail.E005"]),
    ],
)
def test_the_system_check_names_a_base_template_without_a_head_block(layout, ids):
    from jeugdzorg_wagtail.core.checks import check_base_template

    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": layout}):
        found = check_base_template(None)
    assert [message.id for message in found] == ids
