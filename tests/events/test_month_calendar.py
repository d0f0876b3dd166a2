"""The agenda's month calendar as a visitor sees it: a table of weeks, the dates in their days,
the filters kept in every link, bad input answered with 404, a month of many dates bounded."""

import datetime as dt
import re

import pytest

from jeugdzorg_wagtail.events.month_calendar import build_month
from tests.events.test_agenda_series import make_series
from tests.utils import AMS, aware, make_event, make_sessions

NOW = aware(2026, 9, 10, 12)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_the_calendar_shows_this_month_as_a_table_of_iso_weeks(agenda, client):
    response = client.get("/agenda/calendar/")
    assert response.status_code == 200
    html = text(response)
    assert "<caption>Bijeenkomsten in september 2026, per week</caption>" in html
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert len(headers) == 8  # the week number and seven days, Monday first
    assert "maandag" in headers[1] and "zondag" in headers[7]
    weeks = re.findall(r'<th scope="row" class="jw-month__week">.*?(\d+)</th>', html)
    assert weeks == ["36", "37", "38", "39", "40"]  # 31 August to 4 October
    today = re.search(r'<td class="[^"]*jw-month__day--today[^"]*" aria-current="date">', html)
    assert today is not None
    assert 'datetime="2026-09-10"' in html[today.start() : today.start() + 400]


@pytest.mark.django_db
def test_the_dates_of_a_series_are_in_their_days_with_time_title_and_status(agenda, client):
    event = make_series(agenda)
    september = text(client.get("/agenda/calendar/2026/9/"))
    assert f'<a href="{event.url}"><span class="jw-month__time">20:00</span> ' in september
    assert "(gewijzigd)" in september
    july = text(client.get("/agenda/calendar/2026/7/"))
    assert "19:30" in july and "(geannuleerd)" in july
    august = text(client.get("/agenda/calendar/2026/8/"))
    assert "Vervolgavond themacafé" not in august  # the date left out
    assert "0 datums deze maand." in august


@pytest.mark.django_db
def test_a_session_of_several_days_is_in_each_of_its_days(agenda, client):
    make_event(
        agenda,
        "Zomerschool",
        sessions=[
            {"start": aware(2026, 9, 29), "end": aware(2026, 10, 2), "all_day": True},
        ],
    )
    september = text(client.get("/agenda/calendar/2026/9/"))
    assert september.count("Zomerschool") == 4  # 29 and 30 September, table and list
    october = text(client.get("/agenda/calendar/2026/10/"))
    assert october.count("vervolg") == 4  # 1 and 2 October, table and list


@pytest.mark.django_db
def test_the_filters_are_kept_in_every_link_and_the_listing_links_to_the_calendar(agenda, client):
    make_event(agenda, "Zomeravond", sessions=[{"start": aware(2026, 7, 8, 19), "city": "Ede"}])
    make_event(agenda, "Najaar", sessions=[{"start": aware(2026, 11, 4, 19), "city": "Ede"}])
    make_event(
        agenda,
        "Webinar",
        sessions=[{"start": aware(2026, 10, 7, 19), "online_url": "https://example.org/w"}],
    )
    html = text(client.get("/agenda/calendar/2026/9/?mode=offline"))
    # The previous and next links go to the nearest months with dates that match the filters.
    assert 'href="/agenda/calendar/2026/7/?mode=offline" rel="prev"' in html
    assert 'href="/agenda/calendar/2026/11/?mode=offline" rel="next"' in html
    assert "Latere maand met bijeenkomsten: </span>November 2026" in html
    unfiltered = text(client.get("/agenda/calendar/2026/9/"))
    assert 'href="/agenda/calendar/2026/10/" rel="next"' in unfiltered
    assert 'href="/agenda/?mode=offline"' in html  # back to the listing
    assert "ical/?mode=offline" in html  # the subscription keeps them
    listing = text(client.get("/agenda/?mode=offline"))
    assert 'href="/agenda/calendar/?mode=offline"' in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "calendar/2026/13/",
        "calendar/2026/0/",
        "calendar/0/1/",
        "calendar/3000/1/",
        "calendar/99999999999999999999/1/",
        "calendar/2026/",
        "calendar/abc/1/",
    ],
)
def test_a_month_that_does_not_exist_is_not_found(agenda, client, path):
    assert client.get(f"/agenda/{path}").status_code == 404


@pytest.mark.django_db
def test_without_dates_before_or_after_there_is_no_link_to_follow(agenda, client):
    html = text(client.get("/agenda/calendar/2026/9/"))
    assert 'rel="prev"' not in html and 'rel="next"' not in html
    assert client.get("/agenda/calendar/1900/1/").status_code == 200
    assert client.get("/agenda/calendar/2999/12/").status_code == 200


@pytest.mark.django_db
def test_an_invalid_filter_is_shown_and_ignored(agenda, client):
    response = client.get("/agenda/calendar/2026/9/?from_date=31-31-2026")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_month_of_a_thousand_dates_is_a_bounded_page(agenda, client):
    event = make_event(agenda, "Druk", sessions=[])
    make_sessions([event], 1000, aware(2026, 9, 1, 8), step=dt.timedelta(minutes=40))
    response = client.get("/agenda/calendar/2026/9/")
    assert response.status_code == 200
    html = text(response)
    assert "Deze maand heeft meer datums dan de kalender toont (de eerste 500)." in html
    # At most four per day, the rest behind a link to that day in the listing.
    assert html.count('class="jw-month__entry') <= 2 * 4 * 30
    assert "/agenda/?from_date=2026-09-10&amp;to_date=2026-09-10" in html


def test_build_month_puts_every_day_of_the_month_in_monday_first_weeks():
    month = build_month(2026, 2, [], AMS, today=dt.date(2026, 2, 14))
    days = [day for week in month.weeks for day in week.days]
    assert days[0].date == dt.date(2026, 1, 26) and days[-1].date == dt.date(2026, 3, 1)
    assert [week.number for week in month.weeks] == [5, 6, 7, 8, 9]
    assert [d.date.day for d in days if d.is_today] == [14]
    assert month.previous == dt.date(2026, 1, 1) and month.next == dt.date(2026, 3, 1)
    assert build_month(2999, 12, [], AMS).next is None
