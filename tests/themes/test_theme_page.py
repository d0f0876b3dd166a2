"""A theme's page: everything about one theme on this site (upcoming events, practice
examples, presentations, open calls), narrowed by region, and its own feed of the events."""

import re

import pytest
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase

from jeugdzorg_wagtail.models import Region, Theme, ThemeIndexPage
from tests.ical_parsers import events as vevents
from tests.utils import (
    aware,
    count_queries,
    make_agenda,
    make_call,
    make_event,
    make_library,
    make_practice_example,
    make_presentation,
)

NOW = aware(2026, 6, 1, 12)

pytestmark = pytest.mark.django_db


def add_page(parent, page, publish=True):
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def tag(page, theme, region=None):
    page.themes.set([theme])
    if region is not None:
        page.region = region
    page.save_revision().publish()
    return page


@pytest.fixture
def terms(db):
    return {
        "pro": Theme.objects.create(name="De professional", description="Slimmer samenwerken."),
        "beleid": Theme.objects.create(name="Beleid en management"),
        "limburg": Region.objects.create(name="Limburg"),
        "utrecht": Region.objects.create(name="Utrecht"),
    }


@pytest.fixture
def theme_page(root_page):
    return add_page(root_page, ThemeIndexPage(title="Thema's", slug="themas"))


@pytest.fixture
def content(root_page, tree_root, terms):
    """Pages of every kind: on the theme or another, in a region or another, visible or not."""
    pro, beleid, limburg, utrecht = (terms[k] for k in ("pro", "beleid", "limburg", "utrecht"))
    agenda = make_agenda(root_page)

    def event(title, start, theme=pro, region=limburg, **kwargs):
        return tag(make_event(agenda, title, sessions=[{"start": start}], **kwargs), theme, region)

    symposium = event("Symposium", aware(2026, 6, 10, 9))
    event("Regioavond Utrecht", aware(2026, 6, 12, 19), region=utrecht)
    event("Beleidsdag", aware(2026, 6, 15, 9), theme=beleid)
    event("Vorige maand", aware(2026, 5, 10, 19))
    draft = make_event(agenda, "Concept", sessions=[{"start": aware(2026, 6, 20, 9)}])
    draft.themes.set([pro])
    draft.save_revision()
    draft.unpublish()
    private = event("Besloten", aware(2026, 6, 21, 9))
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    library = make_library(root_page)
    tag(make_practice_example(library, "Haven 71"), pro, limburg)
    tag(make_practice_example(library, "Buurtmentoren"), pro, utrecht)
    tag(make_practice_example(library, "Samen inkopen"), beleid, limburg)

    tag(make_presentation(symposium, "Het kan beter", event=symposium), pro, limburg)
    tag(make_presentation(symposium, "Begroting 2027", event=symposium), beleid, limburg)

    tag(make_call(root_page, "Open oproep", slug="open-oproep"), pro, limburg)
    tag(
        make_call(
            root_page,
            "Gesloten oproep",
            slug="gesloten",
            opens_at=aware(2026, 1, 1, 9),
            closes_at=aware(2026, 2, 1, 9),
        ),
        pro,
        limburg,
    )
    tag(make_call(root_page, "Beleidsoproep", slug="beleidsoproep"), beleid, limburg)

    other_home = add_page(tree_root, Page(title="Ander netwerk", slug="ander"))
    Site.objects.create(hostname="ander.example.org", root_page=other_home)
    other = make_agenda(other_home, slug="agenda")
    tag(make_event(other, "Elders", sessions=[{"start": aware(2026, 6, 11, 9)}]), pro, limburg)
    return {"agenda": agenda, "library": library, "symposium": symposium}


def section_titles(response):
    sections = response.context["sections"]
    return {
        "events": [session.page.title for session in sections["events"]],
        "practice_examples": sorted(page.title for page in sections["practice_examples"]),
        "presentations": [page.title for page in sections["presentations"]],
        "calls": [page.title for page in sections["calls"]],
    }


def test_the_page_lists_every_theme_with_its_description_and_link(client, theme_page, terms):
    response = client.get(theme_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/themas/de-professional/">De professional</a>' in html
    assert '<a href="/themas/beleid-en-management/">Beleid en management</a>' in html
    assert "Slimmer samenwerken." in html


def test_a_theme_shows_its_upcoming_events_examples_presentations_and_open_calls(
    client, theme_page, content
):
    response = client.get("/themas/de-professional/")
    assert response.status_code == 200
    assert section_titles(response) == {
        "events": ["Symposium", "Regioavond Utrecht"],
        "practice_examples": ["Buurtmentoren", "Haven 71"],
        "presentations": ["Het kan beter"],
        "calls": ["Open oproep"],
    }
    html = response.content.decode()
    assert "<h1>De professional</h1>" in html
    # Each section leads to the full listing, filtered on the theme.
    assert 'href="/agenda/?theme=de-professional"' in html
    assert 'href="/praktijkvoorbeelden/?theme=de-professional"' in html


def test_the_region_narrows_every_section_and_the_links(client, theme_page, content):
    response = client.get("/themas/de-professional/", {"region": "utrecht"})
    assert section_titles(response) == {
        "events": ["Regioavond Utrecht"],
        "practice_examples": ["Buurtmentoren"],
        "presentations": [],
        "calls": [],
    }
    assert 'href="/agenda/?theme=de-professional&amp;region=utrecht"' in response.content.decode()


def test_an_unknown_region_is_a_form_error_and_shows_the_whole_theme(client, theme_page, content):
    response = client.get("/themas/de-professional/", {"region": "nergens"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["region"]
    assert section_titles(response)["events"] == ["Symposium", "Regioavond Utrecht"]
    assert "nergens" in response.content.decode()


@pytest.mark.parametrize("path", ["/themas/bestaat-niet/", "/themas/bestaat-niet/ical/"])
def test_an_unknown_theme_is_not_found(client, theme_page, terms, path):
    assert client.get(path).status_code == 404


def test_the_themes_feed_holds_its_events_of_this_site(client, theme_page, content):
    response = client.get("/themas/de-professional/ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="de-professional.ics"' in response["Content-Disposition"]
    summaries = sorted(str(event["SUMMARY"]) for event in vevents(response.content).values())
    assert summaries == ["Regioavond Utrecht", "Symposium", "Vorige maand"]
    assert b"NAME:De professional" in response.content
    narrowed = client.get("/themas/de-professional/ical/", {"region": "limburg"})
    assert sorted(str(e["SUMMARY"]) for e in vevents(narrowed.content).values()) == [
        "Symposium",
        "Vorige maand",
    ]
    assert client.get("/themas/de-professional/ical/", {"region": "nergens"}).status_code == 400
    again = client.get("/themas/de-professional/ical/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_page_links_its_feed_for_calendars(client, theme_page, content):
    html = client.get("/themas/de-professional/", {"region": "limburg"}).content.decode()
    assert '<a type="text/calendar" href="/themas/de-professional/ical/?region=limburg">' in html
    assert "webcal://localhost/themas/de-professional/ical/?region=limburg" in html
    assert re.search(r'<link rel="alternate" type="text/calendar"[^>]*de-professional/ical/', html)


def test_publishing_an_event_in_the_site_shows_in_the_themes_feed(
    client, theme_page, content, terms
):
    first = client.get("/themas/de-professional/ical/")
    tag(
        make_event(content["agenda"], "Nieuw", sessions=[{"start": aware(2026, 7, 1, 9)}]),
        terms["pro"],
    )
    response = client.get("/themas/de-professional/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"SUMMARY:Nieuw" in response.content


def test_the_page_and_its_feed_cost_the_same_queries_for_more_content(
    client, settings, theme_page, content, terms
):
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": ""}  # count building the feed each time
    urls = ["/themas/de-professional/", "/themas/de-professional/ical/?region=limburg"]
    for url in urls:
        client.get(url)  # warm Wagtail's caches
    before = [count_queries(client, url)[1] for url in urls]
    for i in range(4):
        event = make_event(
            content["agenda"], f"Extra {i}", sessions=[{"start": aware(2026, 7, i + 1, 9)}]
        )
        tag(event, terms["pro"], terms["limburg"])
        tag(make_practice_example(content["library"], f"Voorbeeld {i}"), terms["pro"])
        tag(make_presentation(event, f"Dia's {i}", event=event), terms["pro"])
    page, page_queries = count_queries(client, urls[0])
    feed, feed_queries = count_queries(client, urls[1])
    assert len(page.context["sections"]["events"]) == 6
    assert len(page.context["sections"]["presentations"]) == 5
    assert feed.content.count(b"BEGIN:VEVENT") == 6
    assert [page_queries, feed_queries] == before


class ThemePageTypeTest(WagtailPageTestCase):
    def test_a_theme_page_goes_anywhere_and_has_no_children(self):
        self.assertCanCreateAt(Page, ThemeIndexPage)
        self.assertAllowedSubpageTypes(ThemeIndexPage, set())
