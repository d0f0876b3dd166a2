"""The library makes the same number of queries with 50 and with 1,000 examples."""

import pytest

from jeugdzorg_wagtail.models import Organisation, Region, Theme
from tests.utils import count_queries, make_library, make_many_practice_examples

# What a rendering costs: every request renders (the cache of rendered pages is off).
pytestmark = pytest.mark.usefixtures("no_page_cache")

QUERIES = [
    "",
    "?theme=thema-1&q=jongere",
    "?theme=thema-1&region=regio-1&organisation=organisatie-1&q=jongere+mentorschap&sort=title",
    "?q=jongere&page=3",
]


@pytest.mark.django_db
def test_same_number_of_queries_with_50_and_1000_examples(client, root_page):
    library = make_library(root_page)
    themes = [Theme.objects.create(name=f"Thema {i}") for i in range(1, 6)]
    regions = [Region.objects.create(name=f"Regio {i}") for i in range(1, 5)]
    organisations = [Organisation.objects.create(name=f"Organisatie {i}") for i in range(1, 8)]
    kwargs = {"themes": themes, "regions": regions, "organisations": organisations}
    make_many_practice_examples(library, 50, **kwargs)
    small = {}
    for query in QUERIES:
        response, small[query] = count_queries(client, f"/praktijkvoorbeelden/{query}", warm=True)
        assert response.status_code == 200
        assert response.context["result_count"] > 0, query
    more = make_many_practice_examples(library, 950, **kwargs)
    assert len(more) == 950
    for query in QUERIES:
        response, queries = count_queries(client, f"/praktijkvoorbeelden/{query}", warm=True)
        assert response.status_code == 200
        assert queries == small[query], query
    # The facet with a search term: counts and results grew with the examples
    assert response.context["result_count"] == 1000
