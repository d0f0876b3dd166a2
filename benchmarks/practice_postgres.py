"""The library with a facet and a search term on PostgreSQL (``make bench-postgres``).

Run on a throw-away cluster from the repository root::

    bash scripts/with-postgres.sh .venv/bin/python benchmarks/practice_postgres.py [--explain]

It fills one library with 100 and one with 10,000 examples (rows bulk-inserted with computed
tree paths, then indexed in bulk, vacuumed and analysed), and requests
``?theme=thema-1&q=jongere`` ("jongere" is in every example, the hardest term) a number of
times, twice: as the library searches on PostgreSQL (``PostgresIndexSearch`` on the narrow
copy of Wagtail's index, the number of results and the facets' counts in one query) and with
Wagtail's own ``.search()``, as on other databases. It prints the median time and the number
of queries of each; ``--explain`` also prints ``EXPLAIN ANALYZE`` of the query that counts
the results, both ways, at 10,000.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 10_000)
REPEAT = 7
QUERY = "?theme=thema-1&q=jongere"
WORDS = (
    "jongere ouders school wijkteam hulpverlener gezin samenwerking mentor klas zorg "
    "begeleiding thuis veiligheid opvoeding gemeente huisarts psycholoog spreekuur "
    "vrijwilliger sport buurt taal werk stage cultuur ervaring traject netwerk regio "
    "leerplicht verzuim pleegzorg jeugdhulp preventie groep training coach"
).split()


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # The page is rendered for each request, not served from the cache of rendered pages.
    os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")
    import django

    django.setup()


def fill(library, count, themes, regions, organisations):
    """``count`` live examples under ``library`` with an 80-word body, inserted in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from jeugdzorg_wagtail.core.search import IndexAtTheEnd
    from jeugdzorg_wagtail.models import PracticeExampleOrganisation, PracticeExamplePage

    rnd = random.Random(count)
    parent = Page.objects.get(pk=library.pk)
    content_type = ContentType.objects.get_for_model(PracticeExamplePage)
    now = timezone.now()
    with transaction.atomic():
        pages = Page.objects.bulk_create(
            [
                Page(
                    title=f"Voorbeeld {i:05d} voor jongere"
                    + (" over mentorschap" if i % 5 == 0 else ""),
                    draft_title=f"Voorbeeld {i:05d}",
                    slug=f"voorbeeld-{i:05d}",
                    path=Page._get_path(parent.path, parent.depth + 1, i + 1),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}voorbeeld-{i:05d}/",
                    content_type=content_type,
                    locale_id=parent.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
                for i in range(count)
            ],
            batch_size=1000,
        )
        Page.objects.filter(pk=parent.pk).update(numchild=count)
        examples = []
        for i, page in enumerate(pages):
            paragraph = " ".join(rnd.choice(WORDS) for _ in range(80))
            examples.append(
                PracticeExamplePage(
                    page_ptr_id=page.pk,
                    summary=f"Een aanpak voor een jongere en zijn ouders, {rnd.choice(WORDS)}.",
                    body=[{"type": "paragraph", "value": f"<p>{paragraph}</p>"}],
                    results="<p>" + " ".join(rnd.choice(WORDS) for _ in range(30)) + "</p>",
                    region=regions[i % len(regions)],
                )
            )
        fields = PracticeExamplePage._meta.local_concrete_fields
        PracticeExamplePage._base_manager._insert(examples, fields=fields)
        through = PracticeExamplePage.themes.through
        rows = []
        for i, page in enumerate(pages):
            chosen = {themes[i % len(themes)]}
            if i % 3 == 0:
                chosen.add(themes[(i + 1) % len(themes)])
            rows += [through(practiceexamplepage_id=page.pk, theme=theme) for theme in chosen]
        through.objects.bulk_create(rows, batch_size=2000)
        PracticeExampleOrganisation.objects.bulk_create(
            [
                PracticeExampleOrganisation(page_id=page.pk, organisation=organisations[i % 8])
                for i, page in enumerate(pages)
            ],
            batch_size=2000,
        )
        batch = IndexAtTheEnd(PracticeExamplePage)
        batch.chunk_size = 10_000  # the backend refreshes title norms after every chunk
        batch.saved = {page.pk for page in pages}
        batch.flush()
    # As autovacuum leaves a site's tables: statistics, and the rows that the index's
    # refresh of title norms rewrote cleared away
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return statistics.median(timings), context.captured_queries, response


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main(sizes=SIZES, repeat=REPEAT, plans=False):
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import Organisation, Region, Theme
    from jeugdzorg_wagtail.practice.library import LibraryQuery
    from tests.utils import make_library

    assert connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    own_index_search = LibraryQuery.index_search
    results, explained = [], {}
    try:
        root = Site.objects.get(is_default_site=True).root_page
        themes = [Theme.objects.create(name=f"Thema {i}") for i in range(1, 6)]
        regions = [Region.objects.create(name=f"Regio {i}") for i in range(1, 5)]
        organisations = [Organisation.objects.create(name=f"Organisatie {i}") for i in range(8)]
        client = Client()
        for size in sizes:
            slug = f"praktijkvoorbeelden-{size}"
            library = make_library(root, title=f"Praktijkvoorbeelden {size}", slug=slug)
            started = time.perf_counter()
            fill(library, size, themes, regions, organisations)
            print(f"{size} examples filled and indexed in {time.perf_counter() - started:.1f} s")
            url = f"/{slug}/{QUERY}"
            for label, index_search in (
                ("Wagtail's .search()", lambda self: None),
                ("copy of the index", own_index_search),
            ):
                LibraryQuery.index_search = index_search
                median, queries, response = measure(client, url, repeat)
                results.append(
                    {
                        "search": label,
                        "examples": size,
                        "results": response.context["result_count"],
                        "median_ms": round(median * 1000, 1),
                        "queries": len(queries),
                    }
                )
                if plans and size == max(sizes):
                    # Wagtail's COUNT query, or the one that counts the results with the facets
                    count = next(
                        q["sql"] for q in queries if q["sql"].startswith(("SELECT COUNT", "WITH"))
                    )
                    explained[label] = explain(count)
    finally:
        LibraryQuery.index_search = own_index_search
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return results, explained


def print_table(results):
    print(f"{'search':<24} {'examples':>8} {'results':>8} {'median ms':>10} {'queries':>8}")
    for row in results:
        print(
            f"{row['search']:<24} {row['examples']:>8} {row['results']:>8} "
            f"{row['median_ms']:>10.1f} {row['queries']:>8}"
        )


if __name__ == "__main__":
    rows, plans = main(plans="--explain" in sys.argv)
    print_table(rows)
    for label, plan in plans.items():
        print(f"\nEXPLAIN ANALYZE of the count query, {label}, {max(SIZES)} examples:\n{plan}")
