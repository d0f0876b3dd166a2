"""Run every benchmark and print one table (``make bench``).

    .venv/bin/python benchmarks/run.py [--runs N] [--quick] [--json FILE]

Each benchmark module (``feeds``, ``agenda_listing``, ``practice_index``, ``import_rows``,
``call_post``, ``source_fetch``, ``series``, ``registration``, ``agenda_pages``,
``page_cache``) runs ``--runs`` times (default 3), each time in a fresh Python process with a
fresh in-memory SQLite database (``tests.settings``; set ``DATABASE_URL`` for PostgreSQL), and
every figure in the table is the median of those runs (each run already takes the median of
several requests). ``--quick`` does one run with fewer requests per figure, for a first look.

The columns: ``ms`` the median time of one request (of the whole import for the import
rows), ``queries`` the database queries of one request, ``peak MB`` the peak memory of a
feed request (tracemalloc), ``ratio`` for a built feed its time divided by the time icalendar
alone needs to build and serialise the same VEVENTs from plain values (also for a feed
rebuilt after one event changes: warm with the other VEVENTs held by the process, cold without),
and for a cached 304
its time divided by that of the full cached response (the 304 reads only the validators).
After the table come the queries of one request of the month calendar, the registration page
and the agenda with partner sources at their larger size, one line each.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module, keyword arguments of main() for a full run and for --quick
BENCHMARKS = [
    ("feeds", {"repeat": 3}, {"repeat": 1}),
    ("agenda_listing", {"repeat": 5}, {"repeat": 3}),
    ("practice_index", {"repeat": 5}, {"repeat": 3}),
    ("import_rows", {}, {}),
    ("call_post", {"repeat": 5}, {"repeat": 3}),
    ("source_fetch", {"repeat": 3}, {"repeat": 1}),
    ("series", {"repeat": 5}, {"repeat": 3}),
    ("registration", {"repeat": 5}, {"repeat": 3}),
    ("agenda_pages", {"repeat": 5}, {"repeat": 3}),
    ("page_cache", {"repeat": 15}, {"repeat": 5}),
]

CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from benchmarks import {module} as benchmark
results = benchmark.main(**{kwargs!r})
with open({out!r}, "w") as f:
    json.dump(results, f, default=str)
"""


def run_once(module, kwargs):
    """One run of ``module.main(**kwargs)`` in a fresh process; its list of result dicts."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    try:
        code = CHILD.format(root=str(ROOT), module=module, kwargs=kwargs, out=path)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONHASHSEED": "0"}
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with open(path) as f:
            return json.load(f)
    finally:
        os.unlink(path)


def median_rows(runs):
    """The rows of several runs merged: each numeric figure the median over the runs."""
    merged = []
    for rows in zip(*runs, strict=True):
        row = dict(rows[0])
        for key, value in rows[0].items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                row[key] = statistics.median(r[key] for r in rows)
        merged.append(row)
    return merged


def table_rows(results):
    """(benchmark, size, ms, queries, peak MB, ratio) rows from the merged results."""
    rows = []
    for r in results.get("feeds", []):
        size = f"{r['sessions']:,} sessions"
        rows.append(
            (
                "agenda feed, built",
                size,
                r["feed_ms"],
                r["feed_queries"],
                r["peak_memory_mb"],
                r["ratio"],
            )
        )
    for r in results.get("feeds", []):
        size = f"{r['sessions']:,} sessions"
        rows.append(("agenda feed, 304", size, r["not_modified_ms"], r["not_modified_queries"]))
    for r in results.get("feeds", []):
        size = f"{r['sessions']:,} sessions"
        rows.append(("agenda feed, cached", size, r["cached_ms"], r["cached_queries"]))
        rows.append(
            (
                "agenda feed, cached 304",
                size,
                r["cached_not_modified_ms"],
                r["cached_not_modified_queries"],
                "",
                r["cached_not_modified_ratio"],
            )
        )
    for r in results.get("feeds", []):
        if "rebuilt_ms" not in r:
            continue
        size = f"{r['sessions']:,} sessions"
        name = "feed rebuilt after one event changes"
        rows.append(
            (f"{name}, warm", size, r["rebuilt_ms"], r["rebuilt_queries"], "", r["rebuilt_ratio"])
        )
        rows.append(
            (
                f"{name}, cold",
                size,
                r["rebuilt_cold_ms"],
                r["rebuilt_cold_queries"],
                "",
                r["rebuilt_cold_ratio"],
            )
        )
    for r in results.get("feeds", []):
        if "redis_cached_ms" not in r:
            continue
        size = f"{r['sessions']:,} sessions"
        rows.append(
            ("agenda feed, cached in Redis", size, r["redis_cached_ms"], r["redis_cached_queries"])
        )
        rows.append(
            (
                "agenda feed, cached in Redis, 304",
                size,
                r["redis_cached_not_modified_ms"],
                r["redis_cached_not_modified_queries"],
                "",
                r["redis_cached_not_modified_ratio"],
            )
        )
    for r in results.get("agenda_listing", []):
        if r.get("partner_events"):
            size = f"{r['events']:,} events + {r['partner_events']:,} partner events"
            rows.append(("agenda listing", size, r["median_ms"], r["queries"]))
            continue
        rows.append(
            ("agenda listing, filtered", f"{r['events']:,} events", r["median_ms"], r["queries"])
        )
    for r in results.get("practice_index", []):
        rows.append((r["benchmark"], f"{r['examples']:,} examples", r["median_ms"], r["queries"]))
    for r in results.get("import_rows", []):
        queries = r.get("queries", r["writes"])
        rows.append((r["benchmark"], f"{r['rows']:,} rows", r["seconds"] * 1000, queries))
    for r in results.get("call_post", []):
        rows.append(("call for participation, valid POST", "", r["median_ms"], r["queries"]))
    for r in results.get("source_fetch", []):
        rows.append((r["benchmark"], f"{r['events']:,} events", r["median_ms"], r["queries"]))
    for r in results.get("series", []):
        size = f"{r['series']:,} series"
        rows.append(("agenda of series, listing", size, r["listing_ms"], r["listing_queries"]))
        rows.append(("agenda of series, month", size, r["month_ms"], r["month_queries"]))
        rows.append(
            ("agenda of series, feed", size, r["feed_ms"], r["feed_queries"], "", r["ratio"])
        )
    for r in results.get("registration", []):
        rows.append((r["benchmark"], r["size"], r["median_ms"], r["queries"]))
    for r in results.get("agenda_pages", []):
        rows.append((r["benchmark"], r["size"], r["median_ms"], r["queries"]))
    for r in results.get("page_cache", []):
        size = f"{r['size']:,} events / examples"
        for label in ("uncached", "cached"):
            name = f"{r['benchmark']}, {label}"
            rows.append((name, size, r[f"{label}_ms"], r[f"{label}_queries"]))
    return rows


def short_sql(sql, width=150):
    """One query on one line: its column list left out, cut at ``width`` characters."""
    sql = re.sub(r"\s+", " ", sql)
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1... FROM ", sql)
    return sql if len(sql) <= width else sql[: width - 3] + "..."


def format_queries(results):
    """The queries of one request of each page that lists them, at its largest size."""
    last = {}
    for r in results.get("agenda_pages", []):
        last[r["benchmark"]] = r  # the sizes come smallest first
    lines = []
    for r in last.values():
        lines.append(f"\n{r['benchmark']}, {r['size']} ({r['url']}): {r['queries']} queries")
        lines += [f"  {n:>2}. {short_sql(sql)}" for n, sql in enumerate(r["sql"], start=1)]
    return "\n".join(lines)


def format_table(rows):
    titles = ("benchmark", "size", "ms", "queries", "peak MB", "ratio")
    cells = []
    for row in rows:
        row = tuple(row) + ("",) * (len(titles) - len(row))
        name, size, ms, queries, peak, ratio = row
        cells.append(
            (
                name,
                size,
                f"{ms:,.1f}" if ms >= 10 else f"{ms:.2f}",
                f"{queries:g}",
                f"{peak:g}" if peak != "" else "",
                f"{ratio:.2f}" if ratio != "" else "",
            )
        )
    widths = [max(len(t), *(len(c[i]) for c in cells)) for i, t in enumerate(titles)]
    lines = [
        "| " + " | ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)) + " |",
        "| " + " | ".join("-" * w for w in widths) + " |",
    ]
    for c in cells:
        parts = [
            c[i].ljust(widths[i]) if i < 2 else c[i].rjust(widths[i]) for i in range(len(titles))
        ]
        lines.append("| " + " | ".join(parts) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each benchmark (median)")
    parser.add_argument("--quick", action="store_true", help="one run, fewer requests")
    parser.add_argument("--only", action="append", help="run only this benchmark module")
    parser.add_argument("--json", help="also write the merged results to this file")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    started = time.perf_counter()
    results = {}
    for module, full, quick in BENCHMARKS:
        if args.only and module not in args.only:
            continue
        kwargs = quick if args.quick else full
        print(f"{module}: {runs} run(s)...", file=sys.stderr, flush=True)
        results[module] = median_rows([run_once(module, kwargs) for _ in range(runs)])
    print(format_table(table_rows(results)))
    print(format_queries(results))
    database = os.environ.get("DATABASE_URL", "sqlite in memory").split("@")[-1]
    print(
        f"\nMedian of {runs} run(s) per figure; database: {database}; "
        f"Python {sys.version.split()[0]}; {time.perf_counter() - started:.0f} s in all."
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2, default=str)
    return results


if __name__ == "__main__":
    main()
