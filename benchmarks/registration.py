"""Benchmark of registration on the site: a valid registration POST, and the event page and
its form with six sessions and 1,000 registrations.

Run from the repository root::

    .venv/bin/python benchmarks/registration.py

It makes an event open for registration (six sessions of 200 places) in a fresh test
database (``DJANGO_SETTINGS_MODULE=tests.settings``), posts the valid form data of
``tests.utils.registration_form_data`` several times (each with its own address; the
confirmation e-mail with its ``.ics`` is built and sent to the locmem backend on commit) and
prints the median time and the queries of one POST (the redirect to ``register/thanks/`` not
followed). Then it adds registrations in bulk up to 1,000 and measures the event page and
the form. ``main()`` returns the figures as a list of dicts.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 9
CITIES = ["Zwolle", "Amsterdam", "Amersfoort", "Eindhoven", "Rotterdam", "Arnhem"]


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # The page is rendered for each request, not served from the cache of rendered pages.
    os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")
    import django

    django.setup()


def main(repeat=REPEAT, registrations=1000):
    setup_django()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
        teardown_test_environment,
    )
    from django.utils import timezone
    from wagtail.models import Site

    from jeugdzorg_wagtail.core.conf import jw_settings
    from jeugdzorg_wagtail.models import Registration, SessionRegistration
    from tests.utils import AMS, make_agenda, make_registration_event, registration_form_data

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        root = Site.objects.get(is_default_site=True).root_page
        today = dt.date.today()
        sessions = [
            {
                "start": dt.datetime.combine(today + dt.timedelta(days=10 + n), dt.time(12), AMS),
                "end": dt.datetime.combine(today + dt.timedelta(days=10 + n), dt.time(17), AMS),
                "city": city,
                "places": 200,
            }
            for n, city in enumerate(CITIES)
        ]
        page = make_registration_event(make_agenda(root), sessions=sessions)
        rate_cache = caches[jw_settings.RATE_LIMIT_CACHE_ALIAS]
        client = Client()
        client.get(page.url)  # warm Wagtail's site and page caches
        counter = iter(range(10**6))

        def send():
            data = registration_form_data(page, email=f"p{next(counter)}@example.org")
            rate_cache.clear()
            response = client.post(page.url + "register/", data)
            assert response.status_code == 302, response.status_code
            return response

        def timed():
            started = time.perf_counter()
            send()
            return time.perf_counter() - started

        send()
        timings = [timed() for _ in range(repeat)]
        with CaptureQueriesContext(connection) as queries:
            send()
        post_queries = len(queries.captured_queries)

        existing = Registration.objects.count()
        version = page.get_privacy_version()
        now = timezone.now()
        made = Registration.objects.bulk_create(
            Registration(
                event=page,
                name=f"Deelnemer {n}",
                email=f"d{n}@example.org",
                consent_given_at=now,
                privacy_version=version,
            )
            for n in range(registrations - existing)
        )
        session_list = list(page.sessions.order_by("start"))
        SessionRegistration.objects.bulk_create(
            SessionRegistration(
                registration=registration,
                session=session_list[n % len(session_list)],
                status="confirmed" if n < 6 * 150 else "waiting",
                confirmed_at=now,
                waiting_since=now,
            )
            for n, registration in enumerate(made)
        )

        def page_figures(url):
            client.get(url)
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                assert client.get(url).status_code == 200
                timings.append(time.perf_counter() - started)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            return round(statistics.median(timings) * 1000, 1), len(queries.captured_queries)

        page_ms, page_queries = page_figures(page.url)
        form_ms, form_queries = page_figures(page.url + "register/")
        return [
            {
                "benchmark": "registration, valid POST",
                "size": "",
                "median_ms": round(statistics.median(timings) * 1000, 1),
                "queries": post_queries,
            },
            {
                "benchmark": "event page with registration",
                "size": f"6 sessions, {registrations:,} registrations",
                "median_ms": page_ms,
                "queries": page_queries,
            },
            {
                "benchmark": "registration form",
                "size": f"6 sessions, {registrations:,} registrations",
                "median_ms": form_ms,
                "queries": form_queries,
            },
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def print_table(results):
    print(f"{'benchmark':<30} {'size':<32} {'median ms':>10} {'queries':>8}")
    for row in results:
        print(
            f"{row['benchmark']:<30} {row['size']:<32} {row['median_ms']:>10.1f} "
            f"{row['queries']:>8}"
        )


if __name__ == "__main__":
    print_table(main())
