"""The agenda as a visitor sees it: rows per session, months, archive, filters, pages."""

import re

import pytest
import time_machine
from django.test import override_settings

from jeugdzorg_wagtail.models import EventType, Region, SessionStatus, TargetGroup, Theme
from tests.utils import aware, make_event, make_many_events

NOW = aware(2031, 5, 1, 12)

CITIES = [
    ("Zwolle", aware(2031, 6, 11, 12)),
    ("Amsterdam", aware(2031, 6, 17, 12)),
    ("Amersfoort", aware(2031, 9, 24, 12)),
    ("Eindhoven", aware(2031, 10, 3, 12)),
    ("Rotterdam", aware(2031, 10, 10, 12)),
    ("Arnhem", aware(2031, 10, 14, 12)),
]


def one_session(day, hour=10, **values):
    start = aware(2031, *day, hour)
    return [{"start": start, "end": start.replace(hour=hour + 2), **values}]


def rows(response):
    """Titles of the listed rows, in order."""
    html = response.content.decode()
    return re.findall(r'class="jw-agenda__title"><a href="[^"]*">([^<]*)</a>', html)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_a_series_of_six_sessions_is_listed_six_times_soonest_first_by_month(agenda, client):
    make_event(
        agenda,
        "Regiobijeenkomst",
        sessions=[
            {"start": start, "end": start.replace(hour=17), "city": city}
            for city, start in reversed(CITIES)
        ],
    )
    make_event(agenda, "Themacafé", sessions=one_session((6, 12), 19, city="Oegstgeest"))
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert rows(response) == ["Regiobijeenkomst", "Themacafé"] + ["Regiobijeenkomst"] * 5
    html = text(response)
    cities = re.findall(r'jw-agenda__where">([^<]*)<', html)
    assert cities == ["Zwolle", "Oegstgeest", "Amsterdam", "Amersfoort", "Eindhoven"] + [
        "Rotterdam",
        "Arnhem",
    ]
    headings = re.findall(r"<h2 id=\"jw-month-[^\"]*\">([^<]*)</h2>", html)
    assert headings == ["Juni 2031", "September 2031", "Oktober 2031"]
    assert "woensdag 11 juni 2031, 12:00" in html
    assert '<time datetime="2031-06-11T12:00:00+02:00">' in html


@pytest.mark.django_db
def test_month_headings_follow_the_visitors_language(agenda, client):
    make_event(agenda, "Symposium", sessions=one_session((6, 11)))
    response = client.get("/agenda/", HTTP_ACCEPT_LANGUAGE="en")
    html = text(response)
    assert "June 2031" in html
    assert "Wednesday 11 June 2031, 10:00" in html


@pytest.mark.django_db
def test_a_whole_day_session_shows_dates_without_times(agenda, client):
    make_event(
        agenda,
        "Actiedag",
        sessions=[
            {
                "start": aware(2031, 5, 20, 9),
                "end": aware(2031, 5, 21, 9),
                "all_day": True,
                "city": "Utrecht",
            }
        ],
    )
    html = text(client.get("/agenda/"))
    assert (
        '<time datetime="2031-05-20">dinsdag 20 mei 2031</time> – '
        '<time datetime="2031-05-21">woensdag 21 mei 2031</time>'
    ) in html
    assert "00:00" not in html


@pytest.mark.django_db
def test_upcoming_and_past_are_split_at_now(agenda, client):
    make_event(agenda, "Lang geleden", sessions=one_session((1, 10)))
    make_event(agenda, "Vorige week", sessions=one_session((4, 24)))
    make_event(
        agenda,
        "Nu bezig",
        sessions=[{"start": aware(2031, 5, 1, 11), "end": aware(2031, 5, 1, 13)}],
    )
    make_event(agenda, "Volgende week", sessions=one_session((5, 8)))
    assert rows(client.get("/agenda/")) == ["Nu bezig", "Volgende week"]
    archive = client.get("/agenda/past/")
    assert archive.status_code == 200
    assert rows(archive) == ["Vorige week", "Lang geleden"]
    assert "Afgelopen bijeenkomsten" in text(archive)
    with time_machine.travel(aware(2031, 5, 1, 13, 1), tick=False):
        assert rows(client.get("/agenda/")) == ["Volgende week"]
        assert rows(client.get("/agenda/past/"))[0] == "Nu bezig"


@pytest.mark.django_db
def test_the_listing_says_the_status_in_words_and_marks_hybrid_and_online(agenda, client):
    make_event(
        agenda,
        "Afgelast",
        sessions=one_session(
            (6, 1), city="Leiden", status=SessionStatus.CANCELLED, note="Nieuwe datum volgt"
        ),
    )
    make_event(
        agenda,
        "Hybride",
        sessions=one_session((6, 2), city="Utrecht", online_url="https://meet.example.org/a"),
    )
    make_event(
        agenda, "Alleen online", sessions=one_session((6, 3), online_url="https://example.org/b")
    )
    html = text(client.get("/agenda/"))
    assert "<strong>Geannuleerd</strong>: Nieuwe datum volgt" in html
    assert "Utrecht & online" in html
    assert 'jw-agenda__where">online<' in html


@pytest.fixture
def taxonomy(agenda):
    terms = {
        "limburg": Region.objects.create(name="Limburg"),
        "utrecht": Region.objects.create(name="Utrecht"),
        "professional": Theme.objects.create(name="De professional"),
        "ouders": Theme.objects.create(name="Jongeren en ouders"),
        "gemeenten": TargetGroup.objects.create(name="Gemeenten"),
        "jeugdwerk": TargetGroup.objects.create(name="Jeugdwerk"),
        "symposium": EventType.objects.create(name="Symposium"),
        "themacafe": EventType.objects.create(name="Themacafé"),
    }
    t = terms
    a = make_event(
        agenda,
        "A Limburg symposium",
        region=t["limburg"],
        event_type=t["symposium"],
        sessions=one_session((6, 1), city="Maastricht"),
    )
    a.themes.set([t["professional"]])
    a.target_groups.set([t["gemeenten"]])
    a.save_revision().publish()
    b = make_event(
        agenda,
        "B Utrecht online",
        region=t["utrecht"],
        event_type=t["themacafe"],
        sessions=one_session((7, 1), online_url="https://example.org/live"),
    )
    b.themes.set([t["ouders"], t["professional"]])
    b.target_groups.set([t["jeugdwerk"]])
    b.save_revision().publish()
    c = make_event(
        agenda,
        "C Utrecht hybride",
        region=t["utrecht"],
        event_type=t["symposium"],
        sessions=one_session((8, 1), city="Utrecht", online_url="https://example.org/c"),
    )
    c.themes.set([t["ouders"]])
    c.save_revision().publish()
    return terms


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["A Limburg symposium", "B Utrecht online", "C Utrecht hybride"]),
        ("region=limburg", ["A Limburg symposium"]),
        (
            "region=limburg&region=utrecht",
            ["A Limburg symposium", "B Utrecht online", "C Utrecht hybride"],
        ),
        ("theme=de-professional", ["A Limburg symposium", "B Utrecht online"]),
        ("theme=jongeren-en-ouders", ["B Utrecht online", "C Utrecht hybride"]),
        ("target_group=gemeenten", ["A Limburg symposium"]),
        (
            "target_group=jeugdwerk&target_group=gemeenten",
            ["A Limburg symposium", "B Utrecht online"],
        ),
        ("type=symposium", ["A Limburg symposium", "C Utrecht hybride"]),
        ("mode=online", ["B Utrecht online"]),
        ("mode=mixed", ["C Utrecht hybride"]),
        ("mode=offline", ["A Limburg symposium"]),
        ("mode=online&mode=mixed", ["B Utrecht online", "C Utrecht hybride"]),
        ("from_date=2031-07-01", ["B Utrecht online", "C Utrecht hybride"]),
        ("to_date=2031-07-01", ["A Limburg symposium", "B Utrecht online"]),
        ("from_date=2031-06-15&to_date=2031-07-15", ["B Utrecht online"]),
        # Different filters narrow each other
        ("region=utrecht&theme=de-professional", ["B Utrecht online"]),
        ("type=symposium&theme=jongeren-en-ouders", ["C Utrecht hybride"]),
        ("region=utrecht&mode=mixed&from_date=2031-07-02", ["C Utrecht hybride"]),
        ("region=limburg&mode=online", []),
    ],
)
def test_each_filter_and_combinations(taxonomy, client, query, expected):
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    assert rows(response) == expected


@pytest.mark.django_db
def test_the_filter_form_works_without_javascript_and_is_labelled(taxonomy, client):
    html = text(client.get("/agenda/?region=limburg"))
    form = re.search(r"<form class=\"jw-filters\".*?</form>", html).group(0)
    assert 'method="get"' in form
    assert "onchange" not in form and "<script" not in form
    assert form.count("<fieldset") == 6
    for legend in ["Regio", "Thema", "Doelgroep", "Soort bijeenkomst", "Deelname", "Datum"]:
        assert f"<legend>{legend}</legend>" in form
    assert '<button type="submit">' in form
    assert 'value="limburg" id="id_region_0" checked' in form or (
        'id="id_region_0" checked' in form
    )
    assert 'href="/agenda/">Filters wissen</a>' in form
    assert '<label for="id_from_date">Vanaf</label>' in form


@pytest.mark.django_db
def test_the_number_of_results_is_announced(taxonomy, client):
    html = text(client.get("/agenda/?region=utrecht"))
    assert re.search(r'aria-live="polite"> 2 bijeenkomsten voldoen aan de filters', html)
    html = text(client.get("/agenda/"))
    assert re.search(r'aria-live="polite"> 3 bijeenkomsten\. <', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("region=atlantis", "region"),
        ("theme=%00", "theme"),
        ("type=" + "x" * 3000, "type"),
        ("target_group=../../etc", "target_group"),
        ("mode=teleport", "mode"),
        ("from_date=31-31-2031", "from_date"),
        ("from_date=0001-01-01", "from_date"),
        ("to_date=9999-12-31", "to_date"),
        ("from_date=2031-05-02&to_date=2031-05-01", "to_date"),
    ],
)
def test_malformed_filters_show_an_error_and_are_ignored(taxonomy, client, query, field):
    response = client.get(f"/agenda/?{query}&region=limburg")
    assert response.status_code == 200
    form = response.context["filter_form"]
    assert field in form.errors
    html = text(response)
    # The message is tied to its field: the id that the field's aria-describedby names.
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_error"' in html
    assert 'role="alert"' in html
    if field == "region":
        # the invalid region is ignored: nothing is filtered by region
        assert len(rows(response)) == 3
    else:
        assert rows(response) == ["A Limburg symposium"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5"])
def test_odd_page_numbers_never_fail(taxonomy, client, page):
    response = client.get(f"/agenda/?page={page}")
    assert response.status_code == 200
    assert rows(response)


@pytest.mark.django_db
def test_the_archive_also_filters_and_the_past_route_is_not_a_page(taxonomy, client):
    with time_machine.travel(aware(2031, 9, 1), tick=False):
        assert rows(client.get("/agenda/past/?region=utrecht")) == [
            "C Utrecht hybride",
            "B Utrecht online",
        ]
        html = text(client.get("/agenda/past/"))
        assert 'action="/agenda/past/"' in html
        assert '<a href="/agenda/">Komende bijeenkomsten</a>' in html


@pytest.mark.django_db
def test_empty_agenda_says_so(agenda, client):
    html = text(client.get("/agenda/"))
    assert "Er staan nu geen bijeenkomsten gepland" in html
    assert 'href="/agenda/past/"' in html
    assert "Er zijn nog geen afgelopen bijeenkomsten" in text(client.get("/agenda/past/"))


@pytest.mark.django_db
def test_no_results_for_the_filters_offers_to_clear_them(taxonomy, client):
    html = text(client.get("/agenda/?region=limburg&mode=online"))
    assert "Geen bijeenkomsten voldoen aan deze filters." in html
    assert '<a href="/agenda/">Wis de filters en toon alle bijeenkomsten</a>' in html
    assert "Er staan nu geen bijeenkomsten gepland" not in html


@pytest.mark.django_db
@override_settings(JEUGDZORG_WAGTAIL={"EVENTS_PER_PAGE": 5})
def test_pagination_keeps_the_filters(agenda, client):
    limburg = Region.objects.create(name="Limburg")
    make_many_events(agenda, 12, region=limburg)
    make_many_events(agenda, 3)
    first = client.get("/agenda/?region=limburg&mode=offline")
    assert len(rows(first)) == 5
    html = text(first)
    assert "Pagina 1 van 3" in html
    next_link = re.search(r'<a href="([^"]*)" rel="next">', html).group(1)
    assert next_link == "?region=limburg&amp;mode=offline&amp;page=2"
    second = client.get("/agenda/" + next_link.replace("&amp;", "&"))
    assert len(rows(second)) == 5
    assert rows(second)[0] == "Bijeenkomst 6"
    previous_link = re.search(r'<a href="([^"]*)" rel="prev">', text(second)).group(1)
    assert "region=limburg" in previous_link and "page=1" in previous_link
    last = client.get("/agenda/?region=limburg&mode=offline&page=3")
    assert len(rows(last)) == 2
    assert 'rel="next"' not in text(last)


@pytest.mark.django_db
def test_drafts_are_not_listed(agenda, client):
    make_event(agenda, "Concept", publish=False, sessions=one_session((6, 1)))
    assert rows(client.get("/agenda/")) == []
