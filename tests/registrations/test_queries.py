"""The event page costs the same number of queries however many have registered."""

import pytest
from django.utils import timezone

from jeugdzorg_wagtail.models import Registration, SessionRegistration
from tests.registrations.conftest import session_values
from tests.utils import analyze_tables, count_queries, make_registration_event

pytestmark = pytest.mark.django_db


def fill(page, count):
    """``count`` registrations spread over the page's sessions, in bulk."""
    sessions = list(page.sessions.order_by("start"))
    version = page.get_privacy_version()
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(
            event=page,
            name=f"Deelnemer {n}",
            email=f"d{n}@example.org",
            consent_given_at=now,
            privacy_version=version,
        )
        for n in range(count)
    )
    SessionRegistration.objects.bulk_create(
        SessionRegistration(
            registration=registration,
            session=sessions[n % len(sessions)],
            status="confirmed" if n < 6 * 80 else "waiting",
            confirmed_at=now,
            waiting_since=now,
        )
        for n, registration in enumerate(registrations)
    )
    analyze_tables()


def test_the_event_page_and_the_form_cost_the_same_at_two_sizes(client, agenda, no_page_cache):
    cities = ["Zwolle", "Amsterdam", "Amersfoort", "Eindhoven", "Rotterdam", "Arnhem"]
    page = make_registration_event(
        agenda,
        sessions=[session_values(10 + n, city, places=80) for n, city in enumerate(cities)],
    )
    fill(page, 20)
    _response, small = count_queries(client, page.url, warm=True)
    _response, small_form = count_queries(client, page.url + "register/", warm=True)
    fill(page, 1000)
    response, large = count_queries(client, page.url, warm=True)
    _response, large_form = count_queries(client, page.url + "register/", warm=True)
    assert response.status_code == 200
    assert "wachtlijst" in response.content.decode()
    assert (large, large_form) == (small, small_form)


def test_the_page_and_the_form_cost_the_same_with_twelve_sessions_as_with_two(client, agenda):
    def event(title, count):
        sessions = [session_values(10 + n, f"{title} {n}", places=5) for n in range(count)]
        page = make_registration_event(agenda, title=title, sessions=sessions)
        fill(page, 30)
        return page

    two, twelve = event("Twee", 2), event("Twaalf", 12)
    _response, page_two = count_queries(client, two.url, warm=True)
    _response, form_two = count_queries(client, two.url + "register/", warm=True)
    response, page_twelve = count_queries(client, twelve.url, warm=True)
    form, form_twelve = count_queries(client, twelve.url + "register/", warm=True)
    assert response.status_code == form.status_code == 200
    # Every session with its places, on the page and as a choice in the form
    html = response.content.decode()
    assert html.count('class="jw-session__places"') == 12
    assert html.count("nog 2 plaatsen") + html.count("nog 3 plaatsen") == 12
    assert all(f"Twaalf {n}" in form.content.decode() for n in range(12))
    assert (page_twelve, form_twelve) == (page_two, form_two)
