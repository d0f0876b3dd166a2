"""With the documented production cache settings (the fail-safe Redis backend, feeds on their
own alias), a Redis that is stopped or hung leaves the site answering, publishing working, and
the feeds fresh once Redis is back.

Redis is the fake of ``tests.fake_redis`` here; ``test_redis_outage.py`` does the same with a
real ``redis-server``."""

import itertools

import pytest
from django.contrib.auth.models import User
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from jeugdzorg_wagtail.core.models import CacheEpoch
from jeugdzorg_wagtail.events import feed_cache
from jeugdzorg_wagtail.models import EventPage, PracticeExamplePage
from tests.fake_redis import server
from tests.utils import make_every_page_type, page_routes

_runs = itertools.count()


@pytest.fixture
def redis(settings):
    """The documented ``CACHES`` on a fake Redis; yields its server (``stop``, ``hang``,
    ``resume``). A failure is tried again at the next call (``FAILURE_RETRY_AFTER`` 0)."""
    location = f"redis://fake-outage-{next(_runs)}"
    options = {"FAILURE_RETRY_AFTER": 0}
    backend = "tests.fake_redis.FakeFailSafeRedisCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": f"{location}/1", "OPTIONS": options},
        "feeds": {
            "BACKEND": backend,
            "LOCATION": f"{location}/2",
            "TIMEOUT": 3600,
            "OPTIONS": options,
        },
    }
    settings.JEUGDZORG_WAGTAIL = {"FEED_CACHE_ALIAS": "feeds"}
    yield server(f"{location}/2"), server(f"{location}/1")
    feed_cache._epoch_checks.clear()


def outage(servers, kind):
    for fake in servers:
        fake.stop() if kind == "stop" else fake.hang()


def resume(servers):
    for fake in servers:
        fake.resume()


def rename(page, title):
    page = type(page).objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()


def summaries(response):
    assert response.status_code == 200
    return [
        line.removeprefix("SUMMARY:")
        for line in response.content.decode().split("\r\n")
        if line.startswith("SUMMARY:")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["stop", "hang"])
def test_every_public_page_and_feed_answers_while_redis_is_down(client, root_page, redis, kind):
    site = make_every_page_type(root_page)
    agenda = site["pages"][EventPage].get_parent()
    urls = [url for page in site["pages"].values() for url in page_routes(page)]
    urls += [agenda.url, f"{agenda.url}ical/", f"{site['pages'][PracticeExamplePage].url}"]
    urls += [f"{site['pages'][PracticeExamplePage].get_parent().url}?q=voorbeeld"]
    expected = {url: client.get(url).status_code for url in urls}  # and warms the cache
    assert all(status == 200 for status in expected.values()), expected
    outage(redis, kind)
    answered = {url: client.get(url).status_code for url in urls}
    assert answered == expected
    resume(redis)
    assert {url: client.get(url).status_code for url in urls} == expected


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["stop", "hang"])
def test_a_change_published_while_redis_is_down_shows_once_it_is_back(
    client, root_page, redis, kind
):
    site = make_every_page_type(root_page)
    event = site["pages"][EventPage]
    agenda = event.get_parent()
    feed = f"{agenda.url}ical/"
    assert "Themacafé 0" in summaries(client.get(feed))  # now cached
    assert any(key.endswith(feed_cache.GLOBAL_KEY) for key in redis[0].data)

    outage(redis, kind)
    rename(event, "Themacafé verplaatst")
    assert CacheEpoch.current(feed_cache.EPOCH_NAME) >= 1  # the invalidation that got lost
    during = summaries(client.get(feed))
    assert "Themacafé verplaatst" in during
    assert "Themacafé 0" not in during

    resume(redis)
    after = summaries(client.get(feed))
    assert "Themacafé verplaatst" in after
    assert "Themacafé 0" not in after
    assert summaries(client.get(feed)) == after  # and cached again
    assert "Themacafé verplaatst" in summaries(client.get(f"{event.url}ical/"))


@pytest.mark.django_db
def test_a_process_that_did_not_see_the_outage_drops_old_feeds_within_the_interval(
    client, root_page, redis, monkeypatch
):
    """Another process published while Redis was hung and recorded the lost invalidation;
    this one never failed, so it notices by comparing the epoch after ``EPOCH_CHECK_INTERVAL``."""
    site = make_every_page_type(root_page)
    event = site["pages"][EventPage]
    feed = f"{event.get_parent().url}ical/"
    client.get(feed)
    EventPage.objects.filter(pk=event.pk).update(title="Elders gewijzigd")  # that process's change
    CacheEpoch.advance(feed_cache.EPOCH_NAME)
    assert "Themacafé 0" in summaries(client.get(feed))  # still the cached feed
    now = feed_cache.time.monotonic()
    later = now + feed_cache.EPOCH_CHECK_INTERVAL + 1
    monkeypatch.setattr(feed_cache.time, "monotonic", lambda: later)
    assert "Elders gewijzigd" in summaries(client.get(feed))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["stop", "hang"])
def test_editors_work_in_the_admin_while_redis_is_down(client, root_page, redis, kind):
    site = make_every_page_type(root_page)
    event = site["pages"][EventPage]
    library = site["pages"][PracticeExamplePage].get_parent()
    client.force_login(User.objects.create_superuser("beheer", "beheer@example.org", "geheim"))
    outage(redis, kind)
    for url in ["/admin/", f"/admin/pages/{library.pk}/", f"/admin/pages/{event.pk}/edit/"]:
        assert client.get(url).status_code == 200, url
    data = nested_form_data(
        {
            "title": "Garage2020",
            "slug": "garage2020",
            "summary": "Werkplaatsen die vraagstukken anders bekijken.",
            "body": streamfield([("paragraph", rich_text("<p>Over de werkplaatsen.</p>"))]),
            "results": rich_text("<p>Nieuwe oplossingen.</p>"),
            "organisation_links": inline_formset([]),
            "start_year": "2015",
            "start_month": "",
            "end_year": "",
            "end_month": "",
            "period_text": "",
            "contact_name": "",
            "contact_email": "info@example.org",
            "contact_url": "",
            "links": streamfield([]),
            "related_example_links": inline_formset([]),
            "action-publish": "publish",
        }
    )
    add = f"/admin/pages/add/jeugdzorg_wagtail/practiceexamplepage/{library.pk}/"
    response = client.post(add, data)
    assert response.status_code == 302, response.context["form"].errors
    assert PracticeExamplePage.objects.get(slug="garage2020").live
    response = client.post(f"/admin/pages/{event.pk}/unpublish/")
    assert response.status_code == 302
    assert not EventPage.objects.get(pk=event.pk).live
    assert client.get(f"{event.get_parent().url}ical/").status_code == 200
    assert client.get(event.url).status_code == 404
    resume(redis)
    assert "Themacafé 0" not in summaries(client.get(f"{event.get_parent().url}ical/"))


@pytest.mark.django_db
def test_when_redis_answers_nothing_is_checked_in_the_database_per_request(
    client, root_page, redis, django_assert_num_queries
):
    """The epoch costs one query per process every ``EPOCH_CHECK_INTERVAL``, not per feed."""
    make_every_page_type(root_page)
    client.get("/agenda/ical/")
    client.get("/agenda/ical/")  # the site root paths are cached
    with django_assert_num_queries(5):  # Wagtail's routing alone, as with a local cache
        assert client.get("/agenda/ical/").status_code == 200
