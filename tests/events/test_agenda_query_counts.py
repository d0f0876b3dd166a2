"""The agenda's cost does not grow with the number of events: counted in queries."""

import datetime as dt

import pytest

from jeugdzorg_wagtail.models import (
    EventOrganisation,
    EventType,
    Organisation,
    OrganisationRole,
    Region,
    Theme,
)
from tests.utils import (
    aware,
    count_queries,
    make_agenda,
    make_event,
    make_many_events,
    make_sessions,
)

# What a rendering costs: every request renders (the cache of rendered pages is off).
pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture
def terms(db):
    return {
        "region": Region.objects.create(name="Limburg"),
        "theme": Theme.objects.create(name="De professional"),
        "type": EventType.objects.create(name="Symposium"),
    }


def fill(agenda, terms, count):
    make_many_events(
        agenda, count, region=terms["region"], event_type=terms["type"], themes=[terms["theme"]]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?region=limburg&theme=de-professional",
        "?type=symposium&mode=offline&page=2",
        "?region=atlantis",
        "",
    ],
)
def test_the_listing_makes_as_many_queries_with_1000_events_as_with_50(
    root_page, terms, client, query
):
    small = make_agenda(root_page, title="Klein", slug="klein")
    large = make_agenda(root_page, title="Groot", slug="groot")
    fill(small, terms, 50)
    fill(large, terms, 1000)
    client.get(f"/klein/{query}")  # warm the site and content-type caches
    response_small, queries_small = count_queries(client, f"/klein/{query}")
    response_large, queries_large = count_queries(client, f"/groot/{query}")
    assert response_small.status_code == response_large.status_code == 200
    assert queries_small == queries_large
    assert queries_small <= 20, queries_small
    # An invalid filter is ignored, so every query here matches every event
    assert response_small.context["paginator"].count == 50
    assert response_large.context["paginator"].count == 1000
    # A full page of rows on both
    assert len(response_large.context["page_obj"].object_list) == 20


@pytest.mark.django_db
def test_the_archive_makes_as_many_queries_with_1000_events_as_with_50(root_page, terms, client):
    small = make_agenda(root_page, title="Klein", slug="klein")
    large = make_agenda(root_page, title="Groot", slug="groot")
    make_many_events(small, 50, first_day=aware(2020, 1, 1).date(), region=terms["region"])
    make_many_events(large, 1000, first_day=aware(2020, 1, 1).date(), region=terms["region"])
    client.get("/klein/past/?region=limburg")
    response_small, queries_small = count_queries(client, "/klein/past/?region=limburg")
    response, queries_large = count_queries(client, "/groot/past/?region=limburg")
    assert response_small.status_code == response.status_code == 200
    assert queries_small == queries_large
    assert response.context["paginator"].count == 1000


@pytest.mark.django_db
def test_an_event_page_makes_as_many_queries_with_six_sessions_as_with_one(root_page, client):
    agenda = make_agenda(root_page)
    organisations = [Organisation.objects.create(name=f"Organisatie {i}") for i in range(6)]

    def event(slug, count):
        page = make_event(
            agenda,
            slug,
            slug=slug,
            sessions=[
                {"start": aware(2031, 6, i + 1, 12), "end": aware(2031, 6, i + 1, 17)}
                for i in range(count)
            ],
        )
        for organisation in organisations[:count]:
            page.organisation_roles.add(
                EventOrganisation(organisation=organisation, role=OrganisationRole.ORGANISER)
            )
        page.save_revision().publish()
        return page

    one, six = event("een", 1), event("zes", 6)
    client.get(one.url)
    response_one, queries_one = count_queries(client, one.url)
    response_six, queries_six = count_queries(client, six.url)
    assert response_one.status_code == response_six.status_code == 200
    assert queries_one == queries_six


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?region=limburg&theme=de-professional&mode=offline"])
def test_the_month_calendar_makes_as_many_queries_with_600_dates_as_with_50(
    root_page, terms, client, query
):
    small = make_agenda(root_page, title="Klein", slug="klein")
    large = make_agenda(root_page, title="Groot", slug="groot")
    first = aware(2031, 3, 1, 8)
    for agenda, dates in ((small, 50), (large, 600)):
        events = make_many_events(
            agenda, 5, region=terms["region"], event_type=terms["type"], themes=[terms["theme"]]
        )
        make_sessions(events, dates, first, step=dt.timedelta(days=28) / dates)
    client.get(f"/klein/calendar/2031/3/{query}")  # warm the site and content-type caches
    response_small, queries_small = count_queries(client, f"/klein/calendar/2031/3/{query}")
    response_large, queries_large = count_queries(client, f"/groot/calendar/2031/3/{query}")
    assert response_small.status_code == response_large.status_code == 200
    assert queries_small == queries_large
    # Every date of the small month is there; the large month is cut at its first 500.
    small_html, large_html = response_small.content.decode(), response_large.content.decode()
    assert small_html.count("Bijeenkomst ") >= 50
    assert "meer datums dan de kalender toont" not in small_html
    assert "meer datums dan de kalender toont (de eerste 500)" in large_html
