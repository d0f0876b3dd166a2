"""Import of 1,000 rows: dry run, confirm, and a re-import of the same file.

    DJANGO_SETTINGS_MODULE=tests.settings python benchmarks/import_rows.py [events|regions|practice]

Runs in a fresh test database. ``measure()`` takes any resource (see
``jeugdzorg_wagtail.importexport.registry``) and a function that writes its CSV, so that
practice examples can be measured the same way; it returns a list of result dicts.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# The page is rendered for each request, not served from the cache of rendered pages.
os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS = 1000


def events_csv(n=ROWS):
    """``n`` rows: ``n // 2`` events of two sessions each."""
    lines = ["import_key,title,intro,region,themes,is_free,session_start,session_end,city"]
    for i in range(n // 2):
        for session in (1, 2):
            lines.append(
                f"bench-{i},Bijeenkomst {i},Korte inleiding {i},Limburg,Thema {i % 5},ja,"
                f"2030-{1 + i % 12:02d}-{session * 10:02d} 19:00,"
                f"2030-{1 + i % 12:02d}-{session * 10:02d} 21:00,Maastricht"
            )
    return ("\n".join(lines) + "\n").encode()


def practice_csv(n=ROWS):
    """``n`` practice examples, one per row, with body, results, taxonomy and links."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "import_key",
            "title",
            "summary",
            "body",
            "results",
            "region",
            "themes",
            "target_groups",
            "organisations",
            "start_year",
            "start_month",
            "is_running",
            "contact_name",
            "contact_email",
            "links",
        ]
    )
    for i in range(n):
        writer.writerow(
            [
                f"bench-pv-{i}",
                f"Praktijkvoorbeeld {i}",
                f"Een korte samenvatting van voorbeeld {i} voor jongeren en ouders.",
                f"Eerste alinea over voorbeeld {i}.\n\nTweede alinea met wat er gebeurt.",
                "Wat het opleverde, en wat anderen ervan kunnen leren.",
                "Limburg",
                f"Thema {i % 5}, Thema {(i + 1) % 5}",
                f"Doelgroep {i % 4}",
                f"Organisatie {i % 10}",
                2010 + i % 15,
                1 + i % 12,
                "ja" if i % 3 else "nee",
                "Projectteam",
                f"team{i % 10}@example.org",
                f"Verslag | https://example.org/verslag/{i}",
            ]
        )
    return out.getvalue().encode()


def regions_csv(n=ROWS):
    lines = ["slug,name,description"] + [f"regio-{i},Regio {i},Regio nummer {i}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


class WriteCounter:
    """Counts queries, and among them INSERT and UPDATE statements (without keeping them,
    unlike the query log)."""

    def __init__(self):
        self.queries = 0
        self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            self.writes += 1
        return execute(sql, params, many, context)


def measure(name, resource, content, options=None, units="rows"):
    from jeugdzorg_wagtail.importexport.formats import read_upload

    options = options or {}
    results = []

    def run(label, dry_run):
        dataset = read_upload(content, "bench.csv")
        counter = WriteCounter()
        with connection.execute_wrapper(counter):
            started, cpu = time.perf_counter(), time.process_time()
            report = resource.run_import(dataset, dry_run=dry_run, options=options)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
        assert report.ok, report.errors[:3]
        count = len(report.rows) if units == "pages" else len(dataset)
        results.append(
            {
                "benchmark": f"import {name}: {label}",
                "rows": len(dataset),
                units: count,
                "seconds": round(seconds, 3),
                "cpu seconds": round(cpu, 3),
                f"{units} per second": round(count / seconds, 1) if seconds else None,
                "queries": counter.queries,
                "writes": counter.writes,
                "totals": report.totals,
            }
        )

    run("dry run", True)
    run("confirm", False)
    run("re-import", False)
    return results


def main(which="events"):
    from django.conf import settings
    from django.test.utils import get_runner

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from jeugdzorg_wagtail.importexport.registry import resource_for
        from jeugdzorg_wagtail.models import EventPage, PracticeExamplePage, Region

        if which == "regions":
            return measure("regions", resource_for(Region)(), regions_csv())
        from wagtail.models import Site

        from tests.utils import make_agenda, make_library

        if which == "practice":
            library = make_library(Site.objects.get(is_default_site=True).root_page)
            return measure(
                "practice examples",
                resource_for(PracticeExamplePage)(),
                practice_csv(),
                {"parent": library, "create_unknown": True, "publish": True},
                units="pages",
            )

        agenda = make_agenda(Site.objects.get(is_default_site=True).root_page)
        return measure(
            "events with sessions",
            resource_for(EventPage)(),
            events_csv(),
            {"parent": agenda, "create_unknown": True, "publish": True},
            units="pages",
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    for row in main(*sys.argv[1:]):
        print(row)
