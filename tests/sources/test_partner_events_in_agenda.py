"""Partners' events in the agenda: the listing, the month calendar, the filters and the
schema.org data show the dates of the sources an agenda names, marked with their source and
linking to the partner's page; hiding, copying, switching a source off or taking it away from
an agenda takes them out again."""

import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from jeugdzorg_wagtail.models import AgendaEntry, AgendaHorizon, EventType, Region, Theme
from jeugdzorg_wagtail.sources.importing import import_content
from tests.utils import (
    aware,
    count_queries,
    make_agenda,
    make_event,
    make_source,
    partner_feed,
)

NOW = dt.datetime(2030, 1, 10, 12, tzinfo=dt.UTC)
EVENTS = "/admin/jeugdzorg_wagtail/sourceevent/"
pytestmark = pytest.mark.django_db

TZ = ";TZID=Europe/Amsterdam"

#: A partner's calendar: a series on Thursdays (the second left out, the third moved to the
#: Friday), a cancelled evening, a day without a link and a whole-day congress.
PARTNER_EVENTS = [
    ("reeks@zuid.example", "Inloopavond pleegzorg", "20300117T190000", "20300117T210000",
     {"RRULE": "FREQ=WEEKLY;COUNT=4", f"EXDATE{TZ}": "20300124T190000",
      "URL": "https://zuid.example/inloop", "LOCATION": "Buurthuis De Linde, Venlo"}),
    ("reeks@zuid.example", "Inloopavond pleegzorg", "20300201T200000", "20300201T220000",
     {f"RECURRENCE-ID{TZ}": "20300131T190000", "URL": "https://zuid.example/inloop"}),
    ("afgelast@zuid.example", "Netwerkavond <b>wijkteams</b>", "20300212T190000",
     "20300212T210000", {"STATUS": "CANCELLED", "URL": "https://zuid.example/netwerk",
                         "DESCRIPTION": "<script>alert(1)</script>Welkom"}),
    ("zonderlink@zuid.example", "Spreekuur", "20300214T100000", "20300214T110000",
     {"URL": "javascript:alert(1)"}),
    ("congres@zuid.example", "Congres jeugdhulp", "20300304", "20300306", {}),
]  # fmt: skip

SERIES_STARTS = [aware(2030, 1, 17, 19), aware(2030, 2, 1, 20), aware(2030, 2, 7, 19)]


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def listed(response):
    return [(e.title, e.start, e.status) for e in response.context["page_obj"].object_list]


def json_ld(response):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text(response))
    return json.loads(scripts[0])["@graph"] if scripts else []


@pytest.fixture
def source(agenda):
    source = make_source("Jeugdzorg Zuid", agendas=[agenda])
    outcome = import_content(source, partner_feed(*PARTNER_EVENTS))
    assert outcome.ok, outcome.message
    return source


def test_the_agenda_lists_the_partners_dates_marked_with_their_source(agenda, source, client):
    make_event(agenda, title="Themacafé", sessions=[{"start": aware(2030, 2, 5, 19)}])
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert listed(response) == [
        ("Inloopavond pleegzorg", aware(2030, 1, 17, 19), "scheduled"),
        ("Inloopavond pleegzorg", aware(2030, 2, 1, 20), "scheduled"),
        ("Themacafé", aware(2030, 2, 5, 19), "scheduled"),
        ("Inloopavond pleegzorg", aware(2030, 2, 7, 19), "scheduled"),
        ("Netwerkavond wijkteams", aware(2030, 2, 12, 19), "cancelled"),
        ("Spreekuur", aware(2030, 2, 14, 10), "scheduled"),
        ("Congres jeugdhulp", aware(2030, 3, 4), "scheduled"),
    ]
    html = text(response)
    assert html.count("Van: Jeugdzorg Zuid") == 6
    assert html.count('<a href="https://zuid.example/inloop">Inloopavond pleegzorg</a>') == 3
    # The moved date says where it came from; the cancelled one says so in words.
    assert "Gewijzigd</strong>: verplaatst van donderdag 31 januari 2030, 19:00" in html
    assert "Geannuleerd" in html
    # No link for an event without a web address, and nothing of the partner's HTML.
    assert '<h3 class="jw-agenda__title">Spreekuur</h3>' in html
    assert "javascript:" not in html
    assert "Netwerkavond wijkteams" in html and "<b>" not in html
    assert "<script>alert" not in html
    # Whole days: from the first to the last day.
    assert 'maandag 4 maart 2030</time> – <time datetime="2030-03-05">dinsdag 5 maart' in html


def test_the_schema_org_data_of_the_listing_has_the_partners_events(agenda, source, client):
    graph = json_ld(client.get("/agenda/"))
    by_name = {}
    for item in graph:
        by_name.setdefault(item["name"], []).append(item)
    series = by_name["Inloopavond pleegzorg"]
    assert [item["startDate"] for item in series] == [s.isoformat() for s in SERIES_STARTS]
    assert {item["url"] for item in series} == {"https://zuid.example/inloop"}
    assert series[0]["@type"] == "Event"
    assert series[0]["location"]["name"] == "Buurthuis De Linde, Venlo"
    cancelled = by_name["Netwerkavond wijkteams"][0]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert "url" not in by_name["Spreekuur"][0]
    assert by_name["Congres jeugdhulp"][0]["startDate"] == "2030-03-04"
    assert by_name["Congres jeugdhulp"][0]["endDate"] == "2030-03-05"


def test_the_month_calendar_shows_the_partners_dates(agenda, source, client):
    html = text(client.get("/agenda/calendar/2030/2/"))
    assert '<a href="https://zuid.example/inloop"><span class="jw-month__time">20:00</span>' in html
    assert "Netwerkavond wijkteams" in html and "<b>" not in html
    assert "(geannuleerd)" in html
    assert html.count("Van: Jeugdzorg Zuid") == 8  # in the grid and in the list of days
    march = text(client.get("/agenda/calendar/2030/3/"))
    assert "Congres jeugdhulp" in march


def test_only_the_agendas_of_the_source_show_them_on_their_own_site(
    agenda, source, client, root_page
):
    make_agenda(root_page, title="Andere agenda", slug="andere")
    other_root = Page.get_first_root_node().add_child(
        instance=type(root_page)(title="Tweede site", slug="tweede")
    )
    Site.objects.create(hostname="tweede.example", root_page=other_root, port=80)
    make_agenda(other_root, title="Agenda twee", slug="agenda")
    assert len(listed(client.get("/agenda/"))) == 6
    assert listed(client.get("/andere/")) == []
    assert listed(client.get("/agenda/", HTTP_HOST="tweede.example")) == []
    # Another agenda added to the source shows them too, one removed no longer.
    andere = Page.objects.get(slug="andere")
    source.agendas.set([andere])
    assert listed(client.get("/agenda/")) == []
    assert len(listed(client.get("/andere/"))) == 6


def test_the_filters_read_the_editors_classification_of_a_partner_event(
    agenda, source, client, admin_client
):
    region = Region.objects.create(name="Limburg")
    theme = Theme.objects.create(name="Pleegzorg")
    kind = EventType.objects.create(name="Inloop")
    event = source.events.get(uid="reeks@zuid.example")
    response = admin_client.post(
        f"{EVENTS}edit/{event.pk}/",
        {"region": region.pk, "event_type": kind.pk, "themes": [theme.pk]},
    )
    assert response.status_code == 302
    for query in ("?region=limburg", "?theme=pleegzorg", "?type=inloop"):
        titles = {title for title, *_ in listed(client.get(f"/agenda/{query}"))}
        assert titles == {"Inloopavond pleegzorg"}, query
    html = text(client.get("/agenda/calendar/2030/2/?type=inloop"))
    assert "Inloopavond pleegzorg" in html and "Spreekuur" not in html
    assert '<span class="jw-agenda__type">Inloop</span>' in text(client.get("/agenda/"))


def test_hiding_copying_and_switching_off_take_them_out(agenda, source, client, admin_client):
    series = source.events.get(uid="reeks@zuid.example")
    admin_client.post(f"{EVENTS}hide/{series.pk}/")
    assert "Inloopavond pleegzorg" not in {t for t, *_ in listed(client.get("/agenda/"))}
    assert not AgendaEntry.objects.filter(source_event=series).exists()
    admin_client.post(f"{EVENTS}hide/{series.pk}/")
    assert len(listed(client.get("/agenda/"))) == 6

    congress = source.events.get(uid="congres@zuid.example")
    admin_client.post(f"{EVENTS}copy/{congress.pk}/", {"agenda": agenda.pk})
    titles = [t for t, *_ in listed(client.get("/agenda/"))]
    assert "Congres jeugdhulp" not in titles  # the copy is a draft page

    source.enabled = False
    source.save()
    assert listed(client.get("/agenda/")) == []
    source.enabled = True
    source.save()
    assert len(listed(client.get("/agenda/"))) == 5

    source.delete()
    assert listed(client.get("/agenda/")) == []
    assert not AgendaEntry.objects.filter(source_event__isnull=False).exists()


def test_the_next_fetch_changes_them_and_removes_what_left_the_feed(agenda, source, client):
    changed = [list(e) for e in PARTNER_EVENTS if e[0] != "afgelast@zuid.example"]
    changed[3][1] = "Spreekuur jeugdarts"
    changed[3][4] = {"SEQUENCE": "2"}
    import_content(source, partner_feed(*changed))
    titles = [t for t, *_ in listed(client.get("/agenda/"))]
    assert "Netwerkavond wijkteams" not in titles
    assert "Spreekuur jeugdarts" in titles
    # A fetch that changes nothing writes nothing.
    before = list(AgendaEntry.objects.values_list("pk", flat=True))
    import_content(source, partner_feed(*changed))
    assert list(AgendaEntry.objects.values_list("pk", flat=True)) == before


def test_the_listing_costs_as_many_queries_with_many_partner_events(
    root_page, client, no_page_cache
):
    small = make_agenda(root_page, title="Klein", slug="klein")
    large = make_agenda(root_page, title="Groot", slug="groot")
    kind = EventType.objects.create(name="Inloop")

    def partner(name, agenda, count):
        source = make_source(name, agendas=[agenda], event_type=kind)
        events = [
            (f"e{n}@{name}", f"Avond {n}", f"203002{n % 28 + 1:02d}T190000",
             f"203002{n % 28 + 1:02d}T210000", {"URL": f"https://{name}.example/{n}"})
            for n in range(count)
        ]  # fmt: skip
        events.append(PARTNER_EVENTS[0])
        assert import_content(source, partner_feed(*events)).ok

    partner("klein", small, 5)
    partner("groot", large, 120)
    make_event(small, title="Eigen avond", sessions=[{"start": aware(2030, 2, 3, 19)}])
    make_event(large, title="Eigen avond", sessions=[{"start": aware(2030, 2, 3, 19)}])
    for query in ("", "?type=inloop", "calendar/2030/2/"):
        client.get(f"/klein/{query}")
        small_response, small_queries = count_queries(client, f"/klein/{query}")
        large_response, large_queries = count_queries(client, f"/groot/{query}")
        assert small_response.status_code == large_response.status_code == 200
        assert small_queries == large_queries, query
    assert count_queries(client, "/groot/")[0].context["paginator"].count == 124


def test_dates_not_stored_yet_are_stored_by_the_first_visit_and_by_the_command(
    agenda, source, client, no_page_cache
):
    # As after upgrading: partner events fetched before, no dates of them stored.
    AgendaEntry.objects.filter(source_event__isnull=False).delete()
    AgendaHorizon.objects.all().delete()
    assert len(listed(client.get("/agenda/"))) == 6
    AgendaEntry.objects.filter(source_event__isnull=False).delete()
    call_command("jeugdzorg_refresh_agenda", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(listed(client.get("/agenda/"))) == 6
