"""The agenda's base queries: which sessions it shows, upcoming and past, and the filters."""

import datetime as dt

import pytest
import time_machine
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from jeugdzorg_wagtail.events.filters import AgendaFilterForm
from jeugdzorg_wagtail.models import Region
from tests.utils import aware, make_agenda, make_event


def titles(sessions):
    return [s.page.title for s in sessions]


@pytest.mark.django_db
@time_machine.travel(aware(2026, 6, 1, 12), tick=False)
def test_upcoming_and_past_are_split_at_now(agenda):
    make_event(
        agenda, "Voorbij", sessions=[{"start": aware(2026, 5, 1, 10), "end": aware(2026, 5, 1, 12)}]
    )
    make_event(
        agenda,
        "Nu bezig",
        sessions=[{"start": aware(2026, 6, 1, 11), "end": aware(2026, 6, 1, 13)}],
    )
    make_event(
        agenda, "Straks", sessions=[{"start": aware(2026, 7, 1, 10), "end": aware(2026, 7, 1, 12)}]
    )
    sessions = agenda.get_sessions()
    assert titles(agenda.upcoming(sessions)) == ["Nu bezig", "Straks"]
    assert titles(agenda.past(sessions)) == ["Voorbij"]


@pytest.mark.django_db
@time_machine.travel(aware(2026, 6, 1, 12), tick=False)
def test_a_whole_day_session_is_upcoming_until_the_end_of_its_last_day(agenda):
    make_event(
        agenda,
        "Actiedag",
        sessions=[{"start": aware(2026, 6, 1, 9), "end": aware(2026, 6, 1, 9), "all_day": True}],
    )
    session = agenda.get_sessions().get()
    assert session.start == aware(2026, 6, 1, 0)
    assert session.end_bound == aware(2026, 6, 2, 0)
    assert titles(agenda.upcoming(agenda.get_sessions())) == ["Actiedag"]


@pytest.mark.django_db
def test_drafts_private_pages_and_aliases_are_not_in_the_agenda(agenda, root_page):
    public = make_event(agenda, "Openbaar")
    make_event(agenda, "Concept", publish=False)
    private = make_event(agenda, "Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    other_agenda = make_agenda(root_page, title="Andere agenda", slug="andere")
    public.create_alias(parent=other_agenda, update_slug="alias-openbaar")
    assert titles(agenda.get_sessions()) == ["Openbaar"]
    assert titles(other_agenda.get_sessions()) == []


@pytest.mark.django_db
def test_filters_narrow_in_the_database_and_refuse_unknown_values(agenda):
    limburg = Region.objects.create(name="Limburg")
    utrecht = Region.objects.create(name="Utrecht")
    make_event(agenda, "In Limburg", region=limburg)
    make_event(agenda, "In Utrecht", region=utrecht)
    form = AgendaFilterForm(QueryDict("region=limburg"))
    assert titles(form.filter_sessions(agenda.get_sessions())) == ["In Limburg"]
    form = AgendaFilterForm(QueryDict("region=limburg&region=utrecht"))
    assert sorted(titles(form.filter_sessions(agenda.get_sessions()))) == [
        "In Limburg",
        "In Utrecht",
    ]
    bad = AgendaFilterForm(QueryDict("region=atlantis&from_date=31-31-2026"))
    assert not bad.is_valid()
    assert "atlantis" in bad.error_text()
    assert "from_date" in bad.error_text()
    # Invalid filters are ignored, not applied as "nothing"
    assert len(bad.filter_sessions(agenda.get_sessions())) == 2


@pytest.mark.django_db
def test_date_range_filter(agenda):
    day = dt.date.today() + dt.timedelta(days=10)
    make_event(
        agenda,
        "Later",
        sessions=[
            {
                "start": aware(day.year, day.month, day.day, 10),
                "end": aware(day.year, day.month, day.day, 12),
            }
        ],
    )
    make_event(agenda, "Morgen")
    form = AgendaFilterForm(QueryDict(f"from_date={day.isoformat()}&to_date={day.isoformat()}"))
    assert titles(form.filter_sessions(agenda.get_sessions())) == ["Later"]
