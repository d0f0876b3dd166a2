"""On PostgreSQL the library reads a copy of Wagtail's search index: the same results as Wagtail.

Each request is compared with Wagtail's own search (``.search(term, operator="and")``) on the
same examples: the number of results, the first pages in the same order, and every facet's
counts.
"""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jeugdzorg_wagtail.models import Organisation, PracticeExamplePage, Region, Theme
from jeugdzorg_wagtail.practice.library import FACET_FIELDS
from tests.utils import analyze_tables, make_library, make_practice_example

pytestmark = [
    pytest.mark.django_db,
    # Each search is rendered (its context is read), not served from the cache of rendered pages.
    pytest.mark.usefixtures("no_page_cache"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="compares with Wagtail's PostgreSQL search backend; CI runs this on "
        "PostgreSQL (DATABASE_URL).",
    ),
]

WORDS = (
    "ouders school wijkteam hulpverlener gezin samenwerking klas zorg begeleiding thuis "
    "veiligheid opvoeding gemeente huisarts spreekuur vrijwilliger sport buurt taal stage"
).split()

QUERIES = [
    "?q=de+school",  # "de" is a Dutch stop word: Wagtail leaves it out
    "?q=jongere",  # in every example
    "?q=mentorschap",  # in a few
    "?q=jongere+school&page=2",
    "?theme=thema-2&q=school",
    "?theme=thema-1&theme=thema-3&region=regio-1&q=ouders+gezin",
    "?organisation=organisatie-2&q=jongeren",  # Dutch stemming: "jongeren" finds "jongere"
    "?q=de+het",  # stop words only: nothing, as in Wagtail
    "?q=xyzzy",
    "?region=regio-2&organisation=organisatie-1&q=xyzzy",  # chosen terms stay, at 0
]


@pytest.fixture
def library(root_page):
    library = make_library(root_page)
    themes = [Theme.objects.create(name=f"Thema {i}") for i in range(1, 5)]
    regions = [Region.objects.create(name=f"Regio {i}") for i in range(1, 4)]
    organisations = [Organisation.objects.create(name=f"Organisatie {i}") for i in range(1, 4)]
    rnd = random.Random(20)
    for i in range(30):
        title_words = rnd.sample(WORDS, rnd.randint(1, 4))
        if i % 7 == 0:
            title_words.append("mentorschap")
        make_practice_example(
            library,
            f"{' '.join(title_words).capitalize()} voor de jongere {i}",
            summary=" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 12))),
            results="<p>" + " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 30))) + "</p>",
            region=regions[i % 3],
            themes=[themes[i % 4]] + ([themes[(i + 1) % 4]] if i % 3 == 0 else []),
            organisations=[organisations[i % 3]],
        )
    analyze_tables()
    return library


def wagtail_search(library, term, chosen):
    """The primary keys Wagtail's search gives for ``term`` among the examples with ``chosen``
    (``{parameter: [slugs]}``), best match first."""
    examples = library.get_practice_examples()
    for parameter, slugs in chosen.items():
        if parameter == "organisation":
            examples = examples.filter(organisation_links__organisation__slug__in=slugs)
        else:
            examples = examples.filter(**{f"{FACET_FIELDS[parameter]}__slug__in": slugs})
    candidates = PracticeExamplePage.objects.filter(pk__in=examples.values("pk"))
    return [page.pk for page in candidates.search(term, operator="and")]


def expected_facet_counts(library, term, chosen, parameter):
    """``{slug: count}`` of a facet from Wagtail's search, as the library should show it."""
    others = {p: slugs for p, slugs in chosen.items() if p != parameter}
    pks = wagtail_search(library, term, others)
    terms = {
        "theme": Theme.objects.all(),
        "region": Region.objects.all(),
        "organisation": Organisation.objects.all(),
    }[parameter]
    counts = {}
    for item in terms:
        if parameter == "organisation":
            having = {"organisation_links__organisation": item}
        else:
            having = {FACET_FIELDS[parameter]: item}
        count = PracticeExamplePage.objects.filter(pk__in=pks, **having).distinct().count()
        if count or item.slug in chosen.get(parameter, []):
            counts[item.slug] = count
    return counts


def parse(query):
    from urllib.parse import parse_qs

    values = parse_qs(query.lstrip("?"))
    term = " ".join(values.pop("q"))
    page = int(values.pop("page", ["1"])[0])
    return term, page, values


def assert_same_as_wagtail(client, library, query):
    term, page, chosen = parse(query)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/praktijkvoorbeelden/{query}")
    assert response.status_code == 200
    # The library matches on the title and body vectors, never on their concatenation
    assert not any("||" in q["sql"] for q in queries.captured_queries), query
    # ... on the narrow copy of Wagtail's index, by integer id
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "wagtailsearch_indexentry" not in sql, query
    if "de+het" not in query:
        assert "jeugdzorg_wagtail_searchindexvectors" in sql, query

    expected = wagtail_search(library, term, chosen)
    assert response.context["result_count"] == len(expected), query
    per_page = response.context["paginator"].per_page
    shown = [example.pk for example in response.context["examples"]]
    assert shown == expected[(page - 1) * per_page : page * per_page], query
    for facet in response.context["facets"]:
        if facet.parameter not in ("theme", "region", "organisation"):
            continue
        shown_counts = {option.slug: option.count for option in facet.options}
        expected_counts = expected_facet_counts(library, term, chosen, facet.parameter)
        assert shown_counts == expected_counts, (query, facet.parameter)
        assert [o.name for o in facet.options] == sorted(o.name for o in facet.options)
    return expected


def test_same_results_as_wagtail_search(client, library):
    found = {query: assert_same_as_wagtail(client, library, query) for query in QUERIES}
    # The comparison is not vacuous: the queries find different numbers of examples, and a
    # second page of results exists
    assert len(found["?q=jongere"]) == 30
    assert 0 < len(found["?q=mentorschap"]) < 30
    assert 0 < len(found["?q=de+school"]) < 30
    assert len(found["?q=jongere+school&page=2"]) > 12
    assert found["?theme=thema-1&theme=thema-3&region=regio-1&q=ouders+gezin"]
    assert found["?q=de+het"] == found["?q=xyzzy"] == []
    response = client.get("/praktijkvoorbeelden/?region=regio-2&organisation=organisatie-1&q=xyzzy")
    chosen = {(f.parameter, o.slug, o.count) for f in response.context["facets"] for o in f.options}
    assert chosen == {("region", "regio-2", 0), ("organisation", "organisatie-1", 0)}
    # Wagtail's order is by relevance, not by age
    assert found["?q=de+school"] != sorted(found["?q=de+school"], reverse=True)
