"""Only live pages that anyone may view, of the site that serves the feed, reach a feed."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageViewRestriction, Site

from tests.ical_parsers import events
from tests.utils import aware, make_agenda, make_event

NOW = aware(2026, 6, 1, 12)


def summaries(response):
    assert response.status_code == 200, response
    return sorted(str(e["SUMMARY"]) for e in events(response.content).values())


@pytest.mark.django_db
def test_drafts_and_private_pages_are_not_in_the_feed(client, agenda):
    make_event(agenda, "Openbaar")
    make_event(agenda, "Concept", publish=False)
    private = make_event(agenda, "Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    withdrawn = make_event(agenda, "Ingetrokken")
    withdrawn.unpublish()
    assert summaries(client.get("/agenda/ical/")) == ["Openbaar"]


@pytest.mark.django_db
def test_a_page_below_a_private_section_is_not_in_the_feed(client, root_page):
    """Restricting an intermediate page hides the events under it (not only the page)."""
    section = Page(title="Intern", slug="intern")
    root_page.add_child(instance=section)
    section.save_revision().publish()
    inner = make_agenda(section, title="Interne agenda", slug="agenda")
    make_event(inner, "Intern overleg")
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    assert list(inner.get_event_pages()) == []
    assert not Page.objects.filter(pk=inner.pk).public().exists()


@pytest.mark.django_db
def test_the_feed_of_an_event_that_is_not_live_is_not_found(client, agenda):
    draft = make_event(agenda, "Concept", publish=False)
    assert client.get(f"/agenda/{draft.slug}/ical/").status_code == 404


@pytest.mark.django_db
def test_the_feed_of_a_private_event_is_not_given_to_anonymous_visitors(client, agenda):
    private = make_event(agenda, "Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get(f"/agenda/{private.slug}/ical/")
    assert response.status_code == 302
    assert b"VEVENT" not in response.content


@pytest.mark.django_db
def test_a_restricted_agendas_feed_gives_its_events_to_no_one_who_may_not_view_it(client, agenda):
    make_event(agenda, "Ledenbijeenkomst")
    PageViewRestriction.objects.create(page=agenda, restriction_type="login")
    response = client.get("/agenda/ical/")
    assert response.status_code == 302
    assert b"Ledenbijeenkomst" not in response.content
    # Not even a signed-in member gets the events through the public feed: calendar apps
    # cannot sign in, so a restricted agenda has no subscribable events.
    user = get_user_model().objects.create_user("lid", password="pw")
    client.force_login(user)
    assert summaries(client.get("/agenda/ical/")) == []


@pytest.mark.django_db
def test_an_alias_never_puts_an_event_in_a_feed_twice(client, agenda):
    event = make_event(agenda, "Gedeeld")
    alias = event.create_alias(update_slug="gedeeld-kopie")
    assert alias.live
    assert summaries(client.get("/agenda/ical/")) == ["Gedeeld"]
    # The alias's own feed gives the original's sessions, with the same UIDs.
    original = events(client.get(f"/agenda/{event.slug}/ical/").content)
    via_alias = events(client.get("/agenda/gedeeld-kopie/ical/").content)
    assert list(via_alias) == list(original)


@pytest.mark.django_db
def test_events_of_another_site_are_not_in_the_feed(client, agenda, tree_root):
    make_event(agenda, "Hier")
    other_home = Page(title="Ander netwerk", slug="ander-netwerk")
    tree_root.add_child(instance=other_home)
    Site.objects.create(hostname="ander.example.org", root_page=other_home)
    other_agenda = make_agenda(other_home)
    make_event(other_agenda, "Elders")
    assert summaries(client.get("/agenda/ical/")) == ["Hier"]
    other = client.get("/agenda/ical/", HTTP_HOST="ander.example.org")
    assert summaries(other) == ["Elders"]
    # The UIDs carry the serving site's host name.
    assert list(events(other.content))[0].endswith("@ander.example.org")
