"""The registrations list in the admin: who sees what, the waiting list's order, export, the
attendance list and cancelling a place; retention and the personal-data command."""

import csv
import io
import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from jeugdzorg_wagtail.models import Registration, SessionRegistration
from tests.registrations.conftest import session_values
from tests.utils import make_registration, make_registration_event

pytestmark = pytest.mark.django_db

INDEX = "/admin/jeugdzorg_wagtail/sessionregistration/"


def make_user(django_user_model, username, *, personal_data=False, page=None):
    """An editor who may list registrations, and edit ``page`` (every page without one)."""
    user = django_user_model.objects.create_user(username, password="geheim123")
    group = Group.objects.create(name=f"Groep {username}")
    codenames = ["access_admin", "view_sessionregistration", "change_sessionregistration"]
    if personal_data:
        codenames.append("view_personal_data")
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    GroupPagePermission.objects.create(
        group=group,
        page_id=page.pk if page else 1,
        permission=Permission.objects.get(codename="change_page"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def full(agenda):
    """An event whose one session (2 places) is full, with two on its waiting list."""
    page = make_registration_event(agenda, sessions=[session_values(10, "Zwolle", places=2)])
    for name in ("Anna", "Bert", "Carla", "Daan"):
        make_registration(page, name=f"{name} Visser", email=f"{name.lower()}@example.org")
    return page


@pytest.fixture
def other(agenda):
    page = make_registration_event(agenda, "Ander congres", slug="ander")
    make_registration(page, name="Eva =HYPERLINK(1)", email="eva@example.org", organisation="=1+1")
    return page


def test_an_editor_sees_only_the_events_they_may_edit_and_no_names(
    client, full, other, django_user_model
):
    client.force_login(make_user(django_user_model, "ed", page=full))
    response = client.get(INDEX)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("Jeugdzorg Zuid") >= 4 and "=1+1" not in text
    assert "Anna Visser" not in text and "anna@example.org" not in text
    eva = SessionRegistration.objects.get(registration__email="eva@example.org")
    assert client.get(f"{INDEX}inspect/{eva.pk}/").status_code == 404
    # Exports and the attendance list hold names: not for this editor.
    assert client.get(f"{INDEX}export/?format=csv").status_code in (302, 403)
    assert client.get(f"{INDEX}attendance/").status_code in (302, 403)


def test_with_the_permission_names_show_and_the_waiting_list_is_in_order(
    client, full, django_user_model
):
    client.force_login(make_user(django_user_model, "privacy", personal_data=True))
    text = client.get(INDEX).content.decode()
    for name in ("Anna Visser", "Bert Visser", "Carla Visser", "Daan Visser"):
        assert name in text
    assert text.index("Carla Visser") < text.index("Daan Visser")
    assert "wachtlijst, nummer 1" in text and "wachtlijst, nummer 2" in text


def test_counts_per_session_show_for_the_chosen_event(client, full, django_user_model):
    client.force_login(make_user(django_user_model, "privacy", personal_data=True))
    text = client.get(f"{INDEX}?registration__event__page_ptr__exact={full.pk}").content.decode()
    assert f"Plaatsen bij {full.title}" in text
    start = text.index("jw-registration-summary")
    summary = text[start : text.index("</table>", start)]
    cells = [cell.split("<")[0].strip() for cell in summary.split("<td>")[1:]]
    assert cells[:4] == ["2", "2", "2", "0"]  # places, confirmed, waiting, free


def test_the_export_escapes_formulas(client, full, other, django_user_model):
    client.force_login(make_user(django_user_model, "privacy", personal_data=True))
    response = client.get(f"{INDEX}export/?format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert "Anna Visser" in cells
    assert "=1+1" not in cells and "'=1+1" in cells
    assert not any(cell.startswith("=") for cell in cells)
    xlsx = client.get(f"{INDEX}export/?format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


def test_the_attendance_list_is_printable_and_lists_those_with_a_place(
    client, full, django_user_model
):
    client.force_login(make_user(django_user_model, "privacy", personal_data=True))
    session = full.sessions.get()
    response = client.get(f"{INDEX}attendance/?session={session.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Anna Visser" in text and "Bert Visser" in text
    assert "Carla Visser" not in text  # on the waiting list
    assert "attendance.css" in text
    assert client.get(f"{INDEX}attendance/?session=abc").status_code == 200


def test_an_editor_cancels_a_place_and_the_first_waiting_hears_so(
    client, full, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(make_user(django_user_model, "privacy", personal_data=True))
    anna = SessionRegistration.objects.get(registration__email="anna@example.org")
    assert client.get(f"{INDEX}cancel/{anna.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{INDEX}cancel/{anna.pk}/")
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.status == "cancelled"
    carla = SessionRegistration.objects.get(registration__email="carla@example.org")
    assert carla.status == "confirmed"
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]


def test_personal_data_command_reports_and_erases_registrations(full):
    out = StringIO()
    call_command("jeugdzorg_personal_data", "anna@example.org", stdout=out)
    report = json.loads(out.getvalue())
    assert [item["name"] for item in report["registrations"]] == ["Anna Visser"]
    call_command("jeugdzorg_personal_data", "anna@example.org", "--erase", stdout=StringIO())
    assert not Registration.objects.filter(email="anna@example.org").exists()
    carla = SessionRegistration.objects.get(registration__email="carla@example.org")
    assert carla.status == "confirmed"  # the freed place went to the waiting list


def test_the_purge_anonymises_registrations_after_the_retention_period(full, time_machine):
    session = full.sessions.get()
    time_machine.move_to(session.end + __import__("datetime").timedelta(days=200))
    out = StringIO()
    call_command("jeugdzorg_purge_submissions", stdout=out)
    assert "4 registration(s) anonymised" in out.getvalue()
    names = set(Registration.objects.values_list("name", flat=True))
    assert not names & {"Anna Visser", "Bert Visser"}
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 4
