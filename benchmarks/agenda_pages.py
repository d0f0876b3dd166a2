"""Time and queries of three pages of the agenda at two sizes each: the month calendar, the
registration page of an event and an agenda that shows the events of partner calendars.

Run from the repository root::

    .venv/bin/python benchmarks/agenda_pages.py [--queries]

In a throw-away test database (SQLite in memory with the test settings, or the database of
``DATABASE_URL``) it builds, for each size:

- **month calendar**: an agenda of ten events with 100 (or 1,000) dates in one month, all in
  bulk, and requests ``calendar/<year>/<month>/`` (the page shows at most 500 dates);
- **registration page**: an event open for registration with 3 (or 12) sessions and 100 (or
  1,000) registrations, part of them on the waiting list, and requests its ``register/``;
- **agenda with partner sources**: an agenda of 50 own events showing two partner calendars
  of 50 (or 500) events each, merged into the agenda's dates by the package's own import
  (``sources.importing.import_content``), and requests the agenda listing.

Each figure is the median of ``repeat`` requests after a warming one; the queries are those
of one more request. With ``--queries`` the SQL of each request is printed as well.
``main()`` returns the figures as a list of dicts (with the SQL under ``sql``).
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# The page is rendered for each request, not served from the cache of rendered pages.
os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")

# (month dates, registration sessions, registrations, events per partner calendar)
SIZES = ((100, 3, 100, 50), (1000, 12, 1000, 500))
REPEAT = 9


def measure(client, url, repeat):
    """(median seconds, SQL of one request) of a GET of ``url``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm Wagtail's site and content-type caches
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(timings), [q["sql"] for q in captured.captured_queries]


def month_calendar(root, dates, region, theme):
    """An agenda with ten events and ``dates`` dates in the month after next; its URL."""
    from tests.utils import AMS, make_agenda, make_many_events, make_sessions

    agenda = make_agenda(root, title=f"Maand {dates}", slug=f"maand-{dates}")
    events = make_many_events(agenda, 10, region=region, themes=[theme])
    today = dt.date.today()
    month = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    step = dt.timedelta(minutes=28 * 24 * 60 // dates)
    make_sessions(events, dates, dt.datetime.combine(month, dt.time(8), tzinfo=AMS), step=step)
    return f"{agenda.url}calendar/{month.year}/{month.month}/"


def registration_page(root, sessions, registrations):
    """An event open for registration, ``sessions`` sessions, ``registrations`` people; the
    URL of its registration page."""
    from django.utils import timezone

    from jeugdzorg_wagtail.models import Registration, SessionRegistration
    from tests.utils import AMS, analyze_tables, make_agenda, make_registration_event

    agenda = make_agenda(root, title=f"Aanmelden {sessions}", slug=f"aanmelden-{sessions}")
    today = dt.date.today()
    values = []
    for n in range(sessions):
        day = today + dt.timedelta(days=10 + n)
        values.append(
            {
                "start": dt.datetime.combine(day, dt.time(12), tzinfo=AMS),
                "end": dt.datetime.combine(day, dt.time(17), tzinfo=AMS),
                "city": f"Plaats {n}",
                "places": registrations // sessions * 3 // 4,
            }
        )
    page = make_registration_event(agenda, sessions=values)
    session_list = list(page.sessions.order_by("start"))
    now = timezone.now()
    made = Registration.objects.bulk_create(
        Registration(
            event=page,
            name=f"Deelnemer {n}",
            email=f"d{n}@example.org",
            consent_given_at=now,
            privacy_version=page.get_privacy_version(),
        )
        for n in range(registrations)
    )
    confirmed = registrations * 3 // 4
    SessionRegistration.objects.bulk_create(
        SessionRegistration(
            registration=registration,
            session=session_list[n % len(session_list)],
            status="confirmed" if n < confirmed else "waiting",
            confirmed_at=now,
            waiting_since=now,
        )
        for n, registration in enumerate(made)
    )
    analyze_tables()
    return page.url + "register/"


def partner_agenda(root, per_source, region, theme):
    """An agenda of 50 own events showing two partner calendars of ``per_source`` events; its
    URL."""
    from jeugdzorg_wagtail.sources.importing import import_content
    from tests.utils import analyze_tables, make_agenda, make_many_events, make_source

    agenda = make_agenda(root, title=f"Partners {per_source}", slug=f"partners-{per_source}")
    make_many_events(agenda, 50, region=region, themes=[theme])
    today = dt.date.today()
    for name in ("noord", "zuid"):
        source = make_source(f"Partner {name} {per_source}", agendas=[agenda])
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//Bench//NL"]
        for n in range(per_source):
            day = (today + dt.timedelta(days=2 + n % 300)).strftime("%Y%m%d")
            lines += [
                "BEGIN:VEVENT",
                f"UID:{name}-{n}@partner.example",
                "DTSTAMP:20250101T090000Z",
                f"DTSTART;TZID=Europe/Amsterdam:{day}T190000",
                f"DTEND;TZID=Europe/Amsterdam:{day}T210000",
                f"SUMMARY:Avond {name} {n}",
                f"LOCATION:Buurthuis {n % 40}\\, Maastricht",
                f"URL:https://{name}.partner.example/{n}",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        assert import_content(source, ("\r\n".join(lines) + "\r\n").encode()).ok
    analyze_tables()
    return agenda.url


def main(sizes=SIZES, repeat=REPEAT):
    """Run the benchmark; one dict of figures per page and size."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import Region, Theme

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = []
    try:
        root = Site.objects.get(is_default_site=True).root_page
        region = Region.objects.create(name="Limburg")
        theme = Theme.objects.create(name="De professional")
        client = Client()
        for dates, sessions, registrations, per_source in sizes:
            pages = [
                (
                    "month calendar",
                    f"{dates:,} dates in the month",
                    month_calendar(root, dates, region, theme),
                ),
                (
                    "registration page",
                    f"{sessions} sessions, {registrations:,} registrations",
                    registration_page(root, sessions, registrations),
                ),
                (
                    "agenda with partner sources",
                    f"50 events + 2 x {per_source:,} partner events",
                    partner_agenda(root, per_source, region, theme),
                ),
            ]
            for name, size, url in pages:
                seconds, sql = measure(client, url, repeat)
                results.append(
                    {
                        "benchmark": name,
                        "size": size,
                        "url": url,
                        "median_ms": round(seconds * 1000, 1),
                        "queries": len(sql),
                        "sql": sql,
                    }
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    # Same order as the table of run.py: each page at its two sizes together.
    order = ["month calendar", "registration page", "agenda with partner sources"]
    return sorted(results, key=lambda r: order.index(r["benchmark"]))


def print_table(results, queries=False):
    for row in results:
        print(
            f"{row['benchmark']:<28} {row['size']:<40} {row['median_ms']:>8.1f} ms "
            f"{row['queries']:>3} queries"
        )
        if queries:
            for number, sql in enumerate(row["sql"], start=1):
                print(f"    {number:>2}. {sql}")


if __name__ == "__main__":
    print_table(main(), queries="--queries" in sys.argv[1:])
