"""The agenda's cost does not grow with the number of events: counted in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jeugdzorg_wagtail.models import (
    EventOrganisation,
    EventType,
    Organisation,
    OrganisationRole,
    Region,
    Theme,
)
from tests.utils import aware, make_agenda, make_event, make_many_events


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


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
    queries_small, response_small = count_queries(client, f"/klein/{query}")
    queries_large, response_large = count_queries(client, f"/groot/{query}")
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
    queries_small, _ = count_queries(client, "/klein/past/?region=limburg")
    queries_large, response = count_queries(client, "/groot/past/?region=limburg")
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
    queries_one, _ = count_queries(client, one.url)
    queries_six, _ = count_queries(client, six.url)
    assert queries_one == queries_six
