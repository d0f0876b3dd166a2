"""Bring the demo content to the size of the load test (run by scripts/loadtest.sh).

After ``migrate`` and ``jeugdzorg_demo``, with the environment of the run (``DATABASE_URL``,
``DJANGO_SETTINGS_MODULE=example_site.settings``), this adds, in bulk:

- ``LOADTEST_SESSIONS`` sessions (default 2,000): events of two sessions each in the demo's
  agenda, spread over the coming year, with the demo's regions, themes and event types, and
  their agenda dates;
- ``LOADTEST_EXAMPLES`` practice examples (default 1,000) in the demo's library, with themes,
  regions and organisations, indexed for search in one pass;
- a second agenda that shows two partner calendars: the demo's, and one of
  ``LOADTEST_PARTNER_EVENTS`` events (default 500) that this script serves on 127.0.0.1 for
  as long as the package's own ``jeugdzorg_fetch_sources`` takes to fetch and merge it;

then runs ``ANALYZE``, so that PostgreSQL plans with the statistics a site of this size has.
"""

import datetime as dt
import http.server
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "example_site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

WORDS = (
    "jongere ouders school wijkteam pleegzorg mentor gezin veiligheid onderwijs zorg "
    "hulpverlening netwerk gemeente vrijwilliger jeugdarts thuis begeleiding samenwerking "
    "regio aanpak wachtlijst verblijf leerplicht sport buurt vertrouwen toekomst"
).split()
CITIES = ["Utrecht", "Zwolle", "Maastricht", "Groningen", "Rotterdam", "Arnhem", "Tilburg"]
KINDS = ["Regiobijeenkomst", "Themacafé", "Werksessie", "Lunchlezing", "Intervisie"]


def next_paths(parent, count):
    """Tree paths and numbers for ``count`` new children of ``parent``."""
    from wagtail.models import Page

    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    first = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    return parent, [
        (Page._get_path(parent.path, parent.depth + 1, first + i), first + i) for i in range(count)
    ]


def bulk_pages(parent, model, count, title, slug):
    """``count`` live pages of ``model`` under ``parent`` (rows of wagtailcore_page only)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    parent, paths = next_paths(parent, count)
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    pages = Page.objects.bulk_create(
        [
            Page(
                title=title(number),
                draft_title=title(number),
                slug=f"{slug}-{number}",
                path=path,
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}-{number}/",
                content_type=content_type,
                locale_id=parent.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
            for path, number in paths
        ],
        batch_size=1000,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    return pages


def add_sessions(agenda, count, rnd):
    """``count`` sessions: ``count // 2`` events of two sessions each, over the coming year."""
    from django.utils import timezone

    from jeugdzorg_wagtail.events.entries import refresh_entries
    from jeugdzorg_wagtail.models import EventPage, EventSession, EventType, Region, Theme

    regions, themes = list(Region.objects.all()), list(Theme.objects.all())
    types = list(EventType.objects.all())
    events = max(count // 2, 1)

    def title(number):
        return f"{KINDS[number % len(KINDS)]} {number}: {rnd.choice(WORDS)} en {rnd.choice(WORDS)}"

    pages = bulk_pages(agenda, EventPage, events, title, "bijeenkomst")
    rows = [
        EventPage(
            page_ptr_id=page.pk,
            intro=f"Een bijeenkomst over {rnd.choice(WORDS)} in de regio.",
            region=regions[i % len(regions)] if regions else None,
            event_type=types[i % len(types)] if types else None,
        )
        for i, page in enumerate(pages)
    ]
    EventPage._base_manager._insert(rows, fields=EventPage._meta.local_concrete_fields)
    if themes:
        through = EventPage.themes.through
        through.objects.bulk_create(
            [through(eventpage_id=p.pk, theme=themes[i % len(themes)]) for i, p in enumerate(pages)]
        )
    zone = EventSession.calendar_zone()
    tomorrow = timezone.localdate(timezone=zone) + dt.timedelta(days=1)
    sessions = []
    for k in range(count):
        page = pages[k % events]
        day = tomorrow + dt.timedelta(days=k * 365 // count)
        start = dt.datetime.combine(day, dt.time(9 + 2 * (k % 5)), tzinfo=zone)
        session = EventSession(
            page_id=page.pk,
            start=start,
            end=start + dt.timedelta(hours=2),
            city=CITIES[k % len(CITIES)],
            venue=f"Buurthuis {rnd.choice(WORDS).capitalize()}",
            sort_order=k // events,
        )
        session.end_bound = session.compute_end_bound()
        session.attendance_mode = session.compute_attendance_mode()
        sessions.append(session)
    refresh_entries(EventSession.objects.bulk_create(sessions, batch_size=1000))


def add_examples(library, count, rnd):
    """``count`` live practice examples under ``library``, indexed in one pass."""
    from jeugdzorg_wagtail.core.search import IndexAtTheEnd
    from jeugdzorg_wagtail.models import (
        Organisation,
        PracticeExampleOrganisation,
        PracticeExamplePage,
        Region,
        Theme,
    )

    regions, themes = list(Region.objects.all()), list(Theme.objects.all())
    organisations = list(Organisation.objects.all())

    def title(number):
        return f"Praktijkvoorbeeld {number}: {rnd.choice(WORDS)} en {rnd.choice(WORDS)}"

    pages = bulk_pages(library, PracticeExamplePage, count, title, "voorbeeld")
    rows = []
    for i, page in enumerate(pages):
        paragraph = " ".join(rnd.choice(WORDS) for _ in range(80))
        rows.append(
            PracticeExamplePage(
                page_ptr_id=page.pk,
                summary=f"Een aanpak voor een jongere en zijn ouders: {rnd.choice(WORDS)}.",
                body=[{"type": "paragraph", "value": f"<p>{paragraph}</p>"}],
                results="<p>" + " ".join(rnd.choice(WORDS) for _ in range(30)) + "</p>",
                region=regions[i % len(regions)] if regions else None,
            )
        )
    PracticeExamplePage._base_manager._insert(
        rows, fields=PracticeExamplePage._meta.local_concrete_fields
    )
    through = PracticeExamplePage.themes.through
    theme_rows = []
    for i, page in enumerate(pages):
        chosen = {themes[i % len(themes)], themes[(i * 7 + 1) % len(themes)]} if themes else set()
        theme_rows += [through(practiceexamplepage_id=page.pk, theme=t) for t in chosen]
    through.objects.bulk_create(theme_rows, batch_size=2000)
    if organisations:
        PracticeExampleOrganisation.objects.bulk_create(
            [
                PracticeExampleOrganisation(
                    page_id=page.pk, organisation=organisations[i % len(organisations)]
                )
                for i, page in enumerate(pages)
            ],
            batch_size=2000,
        )
    batch = IndexAtTheEnd(PracticeExamplePage)
    batch.chunk_size = 10_000
    batch.saved = {page.pk for page in pages}
    batch.flush()


def partner_calendar(count, rnd):
    """A partner's iCal feed of ``count`` evenings over the coming year, in bytes."""
    today = dt.date.today()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//Belastingtest//NL"]
    for n in range(count):
        day = (today + dt.timedelta(days=1 + n * 365 // count)).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:avond-{n}@partner.example",
            "DTSTAMP:20250101T090000Z",
            f"DTSTART;TZID=Europe/Amsterdam:{day}T190000",
            f"DTEND;TZID=Europe/Amsterdam:{day}T210000",
            f"SUMMARY:Partneravond {n} over {rnd.choice(WORDS)}",
            f"LOCATION:Buurthuis {n % 40}\\, {CITIES[n % len(CITIES)]}",
            f"URL:https://partner.example/agenda/{n}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def add_partner_agenda(home, count, rnd):
    """A second agenda showing the demo's partner calendar and one of ``count`` events,
    fetched from 127.0.0.1 with ``jeugdzorg_fetch_sources``."""
    from django.core.management import call_command

    from jeugdzorg_wagtail.models import AgendaSource, EventIndexPage, SourceEvent

    agenda = EventIndexPage(title="Agenda van de partners", slug="partneragenda")
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    for source in AgendaSource.objects.all():  # the demo's
        source.agendas.add(agenda)

    body = partner_calendar(count, rnd)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        source = AgendaSource.objects.create(
            name="Partnernetwerk (belastingtest)",
            url=f"http://127.0.0.1:{server.server_address[1]}/agenda.ics",
        )
        source.agendas.set([agenda])
        call_command("jeugdzorg_fetch_sources", "--source", str(source.pk), verbosity=0)
    finally:
        server.shutdown()
        server.server_close()
    fetched = SourceEvent.objects.filter(source=source).count()
    if fetched != count:
        raise SystemExit(f"The partner calendar gave {fetched} events, not {count}.")


def main():
    import django

    django.setup()
    from django.db import connection, transaction
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import EventIndexPage, PracticeExampleIndexPage

    sessions = int(os.environ.get("LOADTEST_SESSIONS", 2000))
    examples = int(os.environ.get("LOADTEST_EXAMPLES", 1000))
    partner_events = int(os.environ.get("LOADTEST_PARTNER_EVENTS", 500))
    rnd = random.Random(20)  # noqa: S311 (made-up content, the same each run)
    started = time.monotonic()
    home = Site.objects.get(is_default_site=True).root_page.specific
    agenda = EventIndexPage.objects.live().descendant_of(home).first()
    library = PracticeExampleIndexPage.objects.live().descendant_of(home).first()
    with transaction.atomic():
        if sessions:
            add_sessions(agenda, sessions, rnd)
        if examples:
            add_examples(library, examples, rnd)
    add_partner_agenda(home, partner_events, rnd)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Added {sessions:,} sessions, {examples:,} practice examples and a partner agenda "
        f"of {partner_events:,} events in {time.monotonic() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
