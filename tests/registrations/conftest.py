"""Fixtures of registration's tests: an event open for registration in the agenda."""

import datetime as dt

import pytest

from tests.utils import AMS, make_registration_event


def session_values(days, city, places=10, hour=12):
    day = dt.date.today() + dt.timedelta(days=days)
    return {
        "start": dt.datetime.combine(day, dt.time(hour), tzinfo=AMS),
        "end": dt.datetime.combine(day, dt.time(hour + 4), tzinfo=AMS),
        "city": city,
        "places": places,
    }


@pytest.fixture
def event(agenda):
    """A published event open for registration, with one session (Zwolle, 10 places)."""
    return make_registration_event(agenda)


@pytest.fixture
def two_sessions(agenda):
    """A published event open for registration with two sessions: Zwolle (2 places) and
    Assen (10 places)."""
    return make_registration_event(
        agenda,
        title="Regiobijeenkomsten",
        sessions=[session_values(10, "Zwolle", places=2), session_values(12, "Assen")],
    )
