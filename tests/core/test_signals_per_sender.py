"""Signal handlers run for the models they concern, never for every model of the site: a
change elsewhere in the host site leaves the cached feeds alone, a change that shows in a feed
drops them."""

import pytest
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.signals import page_published

from jeugdzorg_wagtail.events import feeds
from jeugdzorg_wagtail.events import signals as event_signals
from jeugdzorg_wagtail.models import EventPage, NetworkSettings, Region
from tests.utils import aware, make_event

NOW = aware(2026, 6, 1, 12)

pytestmark = pytest.mark.django_db


def fail(*args, **kwargs):
    raise AssertionError("the feed was built again instead of served from the cache")


@pytest.fixture
def cached_feed(client, agenda):
    make_event(agenda, "Themacafé", sessions=[{"start": aware(2026, 6, 10, 19)}])
    first = client.get("/agenda/ical/")
    assert first.status_code == 200
    return first


def test_a_change_to_another_model_of_the_site_leaves_the_feed_cached(
    client, root_page, cached_feed, monkeypatch
):
    Redirect.objects.create(old_path="/oud", redirect_link="https://example.org/")
    page = Page(title="Over ons", slug="over-ons")
    root_page.add_child(instance=page)
    page.save_revision().publish()
    monkeypatch.setattr("jeugdzorg_wagtail.events.feeds.feed_state", fail)
    assert client.get("/agenda/ical/").content == cached_feed.content


@pytest.mark.parametrize(
    "change",
    ["publish an event", "rename a term", "change the settings", "delete a page", "move a page"],
)
def test_a_change_that_may_show_in_a_feed_drops_it(
    client, root_page, agenda, site, cached_feed, monkeypatch, change
):
    region = Region.objects.create(name="Limburg")
    page = Page(title="Over ons", slug="over-ons")
    root_page.add_child(instance=page)
    client.get("/agenda/ical/")  # the feed again, cached after the new rows
    built = []
    real_feed_state = feeds.feed_state
    monkeypatch.setattr(
        "jeugdzorg_wagtail.events.feeds.feed_state",
        lambda *args, **kwargs: built.append(1) or real_feed_state(*args, **kwargs),
    )
    if change == "publish an event":
        make_event(agenda, "Symposium", sessions=[{"start": aware(2026, 7, 1, 9)}])
    elif change == "rename a term":
        region.name = "Zuid-Limburg"
        region.save()
    elif change == "change the settings":
        NetworkSettings.for_site(site).save()
    elif change == "delete a page":
        Page.objects.get(pk=page.pk).delete()
    else:
        Page.objects.get(pk=page.pk).move(agenda, pos="last-child")
    assert client.get("/agenda/ical/").status_code == 200
    assert built == [1]


def test_handlers_are_connected_per_sender_and_once(settings):
    def receivers(signal, sender):
        return [r for r in signal._live_receivers(sender)[0] if r.__module__.startswith("jeugd")]

    assert receivers(post_save, Redirect) == []
    # A plain page published drops the rendered pages of its tree (their menus), not the feeds.
    assert receivers(page_published, Page) == [event_signals.invalidate_pages_on_publish]
    assert event_signals.invalidate_feeds_of_page in receivers(page_published, EventPage)
    before = len(post_delete.receivers)
    event_signals.connect()
    assert len(post_delete.receivers) == before
