"""The practice example library: facets with counts, search, sorting, pagination, bad input."""

import re

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from jeugdzorg_wagtail.models import Organisation, Region, TargetGroup, Theme
from tests.utils import make_practice_example


@pytest.fixture
def terms(db):
    return {
        "limburg": Region.objects.create(name="Limburg"),
        "rijnland": Region.objects.create(name="Holland Rijnland"),
        "professional": Theme.objects.create(name="De professional"),
        "online": Theme.objects.create(name="Jongeren en ouders"),
        "beleid": Theme.objects.create(name="Beleid en management"),
        "ggz": TargetGroup.objects.create(name="Jeugd-GGZ"),
        "gemeenten": TargetGroup.objects.create(name="Gemeenten"),
        "haven": Organisation.objects.create(name="Haven 71"),
        "garage": Organisation.objects.create(name="Garage2020"),
    }


@pytest.fixture
def examples(library, terms):
    t = terms
    return {
        "haven": make_practice_example(
            library,
            "Haven 71 op de Leo Kannerschool",
            summary="Jeugdhulp op school: begeleiding van leerlingen in de klas.",
            region=t["rijnland"],
            themes=[t["professional"]],
            target_groups=[t["ggz"]],
            organisations=[t["haven"]],
        ),
        "garage": make_practice_example(
            library,
            "Garage2020",
            summary="Werkplaatsen die vraagstukken van jongeren anders bekijken.",
            region=t["rijnland"],
            themes=[t["professional"], t["beleid"]],
            target_groups=[t["gemeenten"]],
            organisations=[t["garage"]],
        ),
        "website": make_practice_example(
            library,
            "Beveiligde website voor kind en gezin",
            summary="Informatie op maat en direct contact met een hulpverlener.",
            region=t["limburg"],
            themes=[t["online"]],
            target_groups=[t["ggz"], t["gemeenten"]],
            organisations=[t["haven"], t["garage"]],
        ),
    }


def html(response):
    return response.content.decode()


def result_titles(response):
    return [e.title for e in response.context["examples"]]


def facet_counts(response, parameter):
    facet = next(f for f in response.context["facets"] if f.parameter == parameter)
    return {o.slug: o.count for o in facet.options}


@pytest.mark.django_db
def test_library_lists_live_public_examples_newest_first(client, library, examples):
    draft = make_practice_example(library, "Concept", publish=False)
    private = make_practice_example(library, "Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/praktijkvoorbeelden/")
    assert response.status_code == 200
    assert result_titles(response) == [
        "Beveiligde website voor kind en gezin",
        "Garage2020",
        "Haven 71 op de Leo Kannerschool",
    ]
    assert draft.title not in html(response)
    assert "Besloten" not in html(response)
    assert re.search(r'role="status" aria-live="polite">\s*3 praktijkvoorbeelden', html(response))


def get(client, query=""):
    response = client.get(f"/praktijkvoorbeelden/{query}")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_facet_counts_without_filters(client, examples):
    response = get(client)
    assert facet_counts(response, "region") == {"holland-rijnland": 2, "limburg": 1}
    assert facet_counts(response, "theme") == {
        "beleid-en-management": 1,
        "de-professional": 2,
        "jongeren-en-ouders": 1,
    }
    assert facet_counts(response, "target_group") == {"gemeenten": 2, "jeugd-ggz": 2}
    assert facet_counts(response, "organisation") == {"garage2020": 2, "haven-71": 2}
    assert 'Jeugd-GGZ <span class="jw-count">(2 voorbeelden)</span>' in html(response)


@pytest.mark.django_db
def test_a_facet_counts_given_the_other_facets_not_itself(client, examples):
    response = get(client, "?theme=de-professional")
    assert result_titles(response) == ["Garage2020", "Haven 71 op de Leo Kannerschool"]
    # The theme facet itself still shows what each theme would give (OR within the facet)
    assert facet_counts(response, "theme") == {
        "beleid-en-management": 1,
        "de-professional": 2,
        "jongeren-en-ouders": 1,
    }
    # The other facets count within the chosen theme
    assert facet_counts(response, "region") == {"holland-rijnland": 2}
    assert facet_counts(response, "target_group") == {"gemeenten": 1, "jeugd-ggz": 1}
    assert facet_counts(response, "organisation") == {"garage2020": 1, "haven-71": 1}


@pytest.mark.django_db
def test_values_of_one_facet_widen_and_facets_narrow(client, examples):
    response = get(client, "?theme=de-professional&theme=jongeren-en-ouders")
    assert len(result_titles(response)) == 3
    response = get(client, "?theme=de-professional&target_group=jeugd-ggz")
    assert result_titles(response) == ["Haven 71 op de Leo Kannerschool"]
    assert facet_counts(response, "theme") == {"de-professional": 1, "jongeren-en-ouders": 1}
    assert facet_counts(response, "target_group") == {"gemeenten": 1, "jeugd-ggz": 1}
    response = get(client, "?organisation=garage2020&region=limburg")
    assert result_titles(response) == ["Beveiligde website voor kind en gezin"]
    assert facet_counts(response, "region") == {"holland-rijnland": 1, "limburg": 1}


@pytest.mark.django_db
def test_a_chosen_value_without_results_stays_visible_and_checked(client, examples):
    response = get(client, "?region=limburg&theme=beleid-en-management")
    assert result_titles(response) == []
    assert facet_counts(response, "theme") == {"beleid-en-management": 0, "jongeren-en-ouders": 1}
    assert re.search(r'value="beleid-en-management"[^>]*checked', html(response))


@pytest.mark.django_db
def test_facet_counts_follow_the_search_term(client, examples):
    response = get(client, "?q=hulpverlener")
    assert result_titles(response) == ["Beveiligde website voor kind en gezin"]
    assert facet_counts(response, "region") == {"limburg": 1}
    assert facet_counts(response, "organisation") == {"garage2020": 1, "haven-71": 1}
    response = get(client, "?q=hulpverlener&region=holland-rijnland")
    assert result_titles(response) == []
    assert facet_counts(response, "region") == {"holland-rijnland": 0, "limburg": 1}


@pytest.mark.django_db
def test_search_finds_title_summary_body_results_and_organisation(client, library, terms):
    make_practice_example(
        library,
        "Kennis delen",
        summary="Professionals delen kennis via sociale media.",
        body=[("paragraph", "<p>Een vaste rubriek over weerbaarheid.</p>")],
        results="<p>Minder dubbel werk tussen organisaties.</p>",
        organisations=[Organisation.objects.create(name="Stichting Netwerkkracht")],
    )
    make_practice_example(library, "Iets anders", summary="Geen overeenkomst.")
    for word in ["Kennis", "sociale", "weerbaarheid", "dubbel", "Netwerkkracht"]:
        response = get(client, f"?q={word}")
        assert result_titles(response) == ["Kennis delen"], word
    # Several words: every word must match
    assert result_titles(get(client, "?q=kennis+sociale")) == ["Kennis delen"]
    assert result_titles(get(client, "?q=kennis+anders")) == []


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Dutch stemming needs PostgreSQL's 'dutch' text search configuration; "
    "CI runs this on PostgreSQL (DATABASE_URL).",
)
def test_dutch_inflection_on_postgresql(client, library):
    make_practice_example(library, "Mentor voor een jongere", summary="Een maatje per jongere.")
    make_practice_example(library, "Ouderavond", summary="Voor ouders.")
    assert result_titles(get(client, "?q=jongeren")) == ["Mentor voor een jongere"]


@pytest.mark.django_db
def test_sorting_newest_title_and_best_match(client, examples):
    newest = get(client, "?sort=newest")
    assert result_titles(newest)[0] == "Beveiligde website voor kind en gezin"
    assert result_titles(get(client, "?sort=title")) == [
        "Beveiligde website voor kind en gezin",
        "Garage2020",
        "Haven 71 op de Leo Kannerschool",
    ]
    # With a search term the best match comes first, and it can be sorted otherwise
    response = get(client, "?q=haven")
    assert response.context["sort"] == "relevance"
    assert result_titles(response)[0] == "Haven 71 op de Leo Kannerschool"
    assert '<option value="relevance" selected>' in html(response)
    response = get(client, "?q=haven&sort=title")
    assert result_titles(response) == [
        "Beveiligde website voor kind en gezin",
        "Haven 71 op de Leo Kannerschool",
    ]
    # Without a search term there is no "best match"
    assert 'value="relevance"' not in html(get(client))


@pytest.mark.django_db
def test_pagination_keeps_the_filters_and_forgives_bad_page_numbers(
    client, library, terms, settings
):
    settings.JEUGDZORG_WAGTAIL = {"PRACTICE_EXAMPLES_PER_PAGE": 2}
    for i in range(5):
        make_practice_example(library, f"Voorbeeld {i}", themes=[terms["online"]])
    response = get(client, "?theme=jongeren-en-ouders&sort=title")
    assert result_titles(response) == ["Voorbeeld 0", "Voorbeeld 1"]
    assert 'href="?theme=jongeren-en-ouders&amp;sort=title&amp;page=2" rel="next"' in html(response)
    assert "Pagina 1 van 3" in html(response)
    response = get(client, "?theme=jongeren-en-ouders&sort=title&page=3")
    assert result_titles(response) == ["Voorbeeld 4"]
    assert 'rel="next"' not in html(response)
    assert result_titles(get(client, "?sort=title&page=abc")) == ["Voorbeeld 0", "Voorbeeld 1"]
    assert result_titles(get(client, "?sort=title&page=999")) == ["Voorbeeld 4"]
    assert result_titles(get(client, "?sort=title&page=-1")) == ["Voorbeeld 4"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?region=atlantis",
        "?theme=de-professional&theme=bestaat-niet",
        "?page=abc",
        "?page=999",
        "?page=0",
        "?sort=xyz",
        "?q=" + "jongere+" * 60,
        "?q=%22%27%2A%28%29+AND+OR+NOT+NEAR",
        "?q=%00",
        "?region=%00",
        "?q=&q=&sort=",
        "?organisation=" + "x" * 2000,
    ],
)
def test_a_bad_parameter_never_gives_an_error_page(client, examples, query):
    response = get(client, query)
    assert "<form" in html(response)


@pytest.mark.django_db
def test_invalid_values_are_shown_and_ignored(client, examples):
    response = get(client, "?region=atlantis&theme=de-professional&sort=xyz")
    page = html(response)
    assert 'role="alert"' in page
    assert "atlantis" in page
    assert "xyz" in page
    # The valid facet still applies; the invalid one is left out of shareable links
    assert len(result_titles(response)) == 2
    assert "region=atlantis" not in response.context["query_string"]
    response = get(client, "?q=" + "a" * 201)
    assert "200" in html(response)  # "at most 200 characters"
    assert len(result_titles(response)) == 3


@pytest.mark.django_db
def test_empty_state_offers_to_drop_each_chosen_filter(client, examples):
    response = get(client, "?q=werkplaatsen&region=limburg")
    page = html(response)
    assert result_titles(response) == []
    assert "Geen praktijkvoorbeelden" in page
    assert 'href="/praktijkvoorbeelden/?region=limburg">Zonder zoekwoorden “werkplaatsen”' in page
    assert 'href="/praktijkvoorbeelden/?q=werkplaatsen">Zonder regio “Limburg”' in page
    assert 'href="/praktijkvoorbeelden/">Toon alle praktijkvoorbeelden' in page


@pytest.mark.django_db
def test_empty_state_of_one_choice_offers_one_link_to_everything(client, examples):
    response = get(client, "?q=xyzzy")
    page = html(response)
    empty = page[page.index('<div class="jw-empty">') :]
    empty = empty[: empty.index("</div>")]
    assert "Geen praktijkvoorbeelden passen bij je keuze." in empty
    assert re.findall(r'href="([^"]*)"', empty) == ["/praktijkvoorbeelden/"]


@pytest.mark.django_db
def test_the_filter_form_works_without_javascript(client, examples):
    page = html(get(client, "?theme=de-professional"))
    form = re.search(r"<form.*?</form>", page, re.S).group(0)
    assert 'method="get"' in form
    assert "onchange" not in form and "<script" not in form
    assert form.count("<fieldset") == 4 and form.count("<legend>") == 4
    assert '<label for="jw-library-q">' in form and 'id="jw-library-q"' in form
    assert '<label for="jw-library-sort">' in form
    assert '<button type="submit">' in form
    # Every checkbox sits inside its label, with its count in the label's text
    for match in re.finditer(r'<input type="checkbox"[^>]*id="([^"]+)"', form):
        assert f'<label for="{match.group(1)}"><input' in form


@pytest.mark.django_db
def test_filter_urls_can_be_shared(client, examples, no_page_cache):
    response = get(client, "?region=holland-rijnland&theme=de-professional&q=werkplaatsen")
    assert (
        response.context["query_string"]
        == "q=werkplaatsen&region=holland-rijnland&theme=de-professional"
    )
    again = get(client, "?" + response.context["query_string"])
    assert result_titles(again) == result_titles(response) == ["Garage2020"]
