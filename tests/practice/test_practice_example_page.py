"""A practice example's page: its taxonomy as links into the library, events, presentations,
related and suggested examples, contact, links and period; the rules for creating one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from jeugdzorg_wagtail.models import (
    EventIndexPage,
    Organisation,
    PracticeExampleIndexPage,
    PracticeExamplePage,
    Region,
    TargetGroup,
    Theme,
)
from jeugdzorg_wagtail.practice.checks import search_config_warnings
from tests.utils import (
    aware,
    make_agenda,
    make_event,
    make_practice_example,
    make_presentation,
)


@pytest.fixture
def themes(db):
    return [Theme.objects.create(name=name) for name in ["Eén", "Twee", "Drie", "Vier"]]


def html(response):
    return response.content.decode()


@pytest.mark.django_db
def test_taxonomy_and_organisations_link_into_the_library_facets(client, library):
    garage = Organisation.objects.create(name="Garage2020", website="https://garage.example.org/")
    example = make_practice_example(
        library,
        "Garage2020",
        region=Region.objects.create(name="Holland Rijnland"),
        themes=[Theme.objects.create(name="De professional")],
        target_groups=[TargetGroup.objects.create(name="Gemeenten")],
        organisations=[garage],
    )
    page = html(client.get(example.url))
    assert '<a href="/praktijkvoorbeelden/?region=holland-rijnland">Holland Rijnland</a>' in page
    assert '<a href="/praktijkvoorbeelden/?theme=de-professional">De professional</a>' in page
    assert '<a href="/praktijkvoorbeelden/?target_group=gemeenten">Gemeenten</a>' in page
    assert '<a href="/praktijkvoorbeelden/?organisation=garage2020">Garage2020</a>' in page
    assert 'href="https://garage.example.org/"' in page
    # A facet link leads to a library that shows this example
    response = client.get("/praktijkvoorbeelden/?theme=de-professional")
    assert [e.title for e in response.context["examples"]] == ["Garage2020"]


@pytest.mark.django_db
def test_contact_links_period_and_status(client, library):
    running = make_practice_example(
        library,
        "Loopt",
        start_year=2019,
        start_month=3,
        contact_name="Projectteam",
        contact_email="info@example.org",
        contact_url="https://www.example.org/contact/",
        links=[("link", {"title": "Verslag", "url": "https://www.example.org/verslag"})],
    )
    page = html(client.get(running.url))
    assert "sinds maart 2019" in page
    assert "Loopt nog" in page
    assert '<a href="mailto:info@example.org">info@example.org</a>' in page
    assert 'href="https://www.example.org/contact/"' in page
    assert '<a href="https://www.example.org/verslag">Verslag</a>' in page
    ended = make_practice_example(
        library, "Klaar", start_year=2012, end_year=2014, is_running=False
    )
    page = html(client.get(ended.url))
    assert "2012 – 2014" in page
    assert "Afgelopen" in page
    words = make_practice_example(library, "Vrij", period_text="sinds de fusie van 2019")
    assert "sinds de fusie van 2019" in html(client.get(words.url))


@pytest.mark.django_db
def test_the_period_must_make_sense(library):
    example = make_practice_example(library, "Periode")
    example.start_year, example.end_year = 2020, 2018
    with pytest.raises(ValidationError) as info:
        example.full_clean()
    assert "end_year" in info.value.message_dict
    example.start_year, example.start_month, example.end_year = None, 4, None
    with pytest.raises(ValidationError) as info:
        example.full_clean()
    assert "start_year" in info.value.message_dict


@pytest.mark.django_db
def test_events_and_presentations_only_live_and_public(client, root_page, library):
    agenda = make_agenda(root_page)
    live = make_event(
        agenda,
        "Themacafé Jeugdhulp",
        sessions=[{"start": aware(2018, 5, 23, 19), "end": aware(2018, 5, 23, 22)}],
    )
    draft = make_event(agenda, "Conceptbijeenkomst", publish=False)
    example = make_practice_example(library, "Haven 71", presented_at=[live, draft])
    make_presentation(live, "Het kan beter", practice_example=example)
    hidden = make_presentation(live, "Besloten dia's", practice_example=example)
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    page = html(client.get(example.url))
    assert "Themacafé Jeugdhulp</a> (23 mei 2018)" in page
    assert "Conceptbijeenkomst" not in page
    assert "Het kan beter" in page
    assert "Besloten dia" not in page


@pytest.mark.django_db
def test_chosen_related_examples_come_first(client, library, themes):
    other = make_practice_example(library, "Gekozen")
    sharing = make_practice_example(library, "Zelfde thema", themes=themes[:1])
    example = make_practice_example(library, "Hier", themes=themes[:1], related=[other])
    response = client.get(example.url)
    assert response.context["related_examples"] == [other]
    assert response.context["related_are_suggested"] is False
    assert "Gerelateerde voorbeelden" in html(response)
    assert sharing.title not in html(response)


@pytest.mark.django_db
def test_suggestions_share_most_themes_live_public_not_itself(client, library, themes):
    example = make_practice_example(library, "Hier", themes=themes[:3])
    two = make_practice_example(library, "Twee gedeeld", themes=themes[:2])
    three = make_practice_example(library, "Drie gedeeld", themes=themes[:3])
    one = make_practice_example(library, "Eén gedeeld", themes=[themes[2], themes[3]])
    make_practice_example(library, "Geen gedeeld", themes=[themes[3]])
    make_practice_example(library, "Concept", themes=themes[:3], publish=False)
    private = make_practice_example(library, "Besloten", themes=themes[:3])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert example.get_suggested_examples() == [three, two, one]
    response = client.get(example.url)
    assert response.context["related_are_suggested"] is True
    assert "Voorbeelden over dezelfde thema" in html(response)
    # A chosen example that is no longer live gives way to suggestions
    gone = make_practice_example(library, "Weg")
    example.related_example_links.create(example=gone)
    gone.unpublish()
    assert example.get_related_examples() == ([three, two, one], True)


@pytest.mark.django_db
def test_suggestions_take_a_bounded_number_of_queries(library, themes):
    example = make_practice_example(library, "Hier", themes=themes)

    def count():
        fresh = PracticeExamplePage.objects.get(pk=example.pk)
        with CaptureQueriesContext(connection) as ctx:
            fresh.get_related_examples()
        return len(ctx.captured_queries)

    make_practice_example(library, "Een", themes=themes[:1])
    few = count()
    for i in range(12):
        make_practice_example(library, f"Meer {i}", themes=themes[: 1 + i % 4])
    assert count() == few <= 5
    assert len(example.get_suggested_examples()) == example.related_examples_limit


@pytest.mark.django_db
def test_where_pages_may_be_created(root_page, library):
    assert PracticeExampleIndexPage.can_create_at(root_page)
    assert PracticeExamplePage.can_create_at(library)
    assert not PracticeExamplePage.can_create_at(root_page)
    agenda = EventIndexPage(title="Agenda", slug="agenda")
    root_page.add_child(instance=agenda)
    assert not PracticeExamplePage.can_create_at(agenda)
    assert PracticeExampleIndexPage.allowed_subpage_models() == [PracticeExamplePage]
    assert PracticeExamplePage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_an_editor_creates_an_example_in_the_admin(admin_client, library):
    garage = Organisation.objects.create(name="Garage2020")
    theme = Theme.objects.create(name="De professional")
    url = f"/admin/pages/add/jeugdzorg_wagtail/practiceexamplepage/{library.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "organisation_links" in html(response)
    data = nested_form_data(
        {
            "title": "Garage2020",
            "slug": "garage2020",
            "summary": "Werkplaatsen die vraagstukken anders bekijken.",
            "body": streamfield([("paragraph", rich_text("<p>Over de werkplaatsen.</p>"))]),
            "results": rich_text("<p>Nieuwe oplossingen.</p>"),
            "organisation_links": inline_formset([{"organisation": garage.pk}]),
            "start_year": "2015",
            "start_month": "",
            "end_year": "",
            "end_month": "",
            "period_text": "",
            "is_running": "on",
            "contact_name": "",
            "contact_email": "info@example.org",
            "contact_url": "",
            "links": streamfield([]),
            "related_example_links": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["themes"] = [theme.pk]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    example = PracticeExamplePage.objects.get(slug="garage2020")
    assert example.live
    assert [o.name for o in example.get_organisations()] == ["Garage2020"]
    assert list(example.themes.all()) == [theme]
    # Indexed with its organisation once the relations are stored
    assert list(PracticeExamplePage.objects.search("Garage2020")) == [example]


@pytest.mark.django_db
def test_api_fields(client, library):
    example = make_practice_example(
        library,
        "API",
        region=Region.objects.create(name="Limburg"),
        organisations=[Organisation.objects.create(name="NJi")],
        contact_email="info@example.org",
    )
    response = client.get(f"/api/v2/pages/{example.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["summary"] == example.summary
    assert data["region"] == {"name": "Limburg", "slug": "limburg"}
    assert data["organisation_links"][0]["name"] == "NJi"
    assert data["contact_email"] == "info@example.org"
    assert data["is_running"] is True


def test_search_configuration_check_warns_on_postgresql_only():
    backends = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    warnings = search_config_warnings("postgresql", backends, "dutch")
    assert [w.id for w in warnings] == ["jeugdzorg_wagtail.W002"]
    assert search_config_warnings("sqlite", backends, "dutch") == []
    assert search_config_warnings("postgresql", backends, None) == []
    dutch = {"default": {**backends["default"], "SEARCH_CONFIG": "dutch"}}
    assert search_config_warnings("postgresql", dutch, "dutch") == []
    elastic = {"default": {"BACKEND": "wagtail.search.backends.elasticsearch8"}}
    assert search_config_warnings("postgresql", elastic, "dutch") == []
