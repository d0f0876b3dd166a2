"""Importing events with their sessions: pages, drafts, publishing, revisions, taxonomy."""

from pathlib import Path

import pytest
from wagtail.models import Revision

from jeugdzorg_wagtail.models import AgendaEntry, EventPage, EventSession, Region, Theme
from tests.utils import import_file, load_taxonomy

pytestmark = pytest.mark.django_db

EVENTS = "/admin/jeugdzorg_wagtail/eventpage/"
REGIONS = "/admin/jeugdzorg_wagtail/region/"
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def test_sample_files_import_cleanly(admin_client, agenda):
    _p, confirmed = import_file(
        admin_client, REGIONS, (SAMPLES / "taxonomy-regions.csv").read_bytes()
    )
    assert confirmed.status_code == 302
    load_taxonomy()
    preview, confirmed = import_file(
        admin_client, EVENTS, (SAMPLES / "events.csv").read_bytes(), parent=agenda.pk
    )
    assert preview.context["report"].errors == []
    assert preview.context["totals"] == {"new": 4, "update": 0, "skip": 0}
    assert confirmed.status_code == 302
    series = EventPage.objects.get(import_key="regiobijeenkomsten-2026")
    assert series.get_parent().pk == agenda.pk
    assert not series.live  # drafts by default
    assert series.sessions.count() == 3
    assert sorted(t.name for t in series.themes.all()) == ["De professional"]
    assert series.region.name == "Limburg"


def test_publish_and_reimport_is_idempotent(admin_client, agenda):
    load_taxonomy()
    content = (SAMPLES / "events.csv").read_bytes()
    import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    assert EventPage.objects.live().count() == 4
    assert EventSession.objects.count() == 6
    revisions = Revision.objects.count()
    sessions = sorted(EventSession.objects.values_list("pk", flat=True))
    preview, confirmed = import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 4}
    assert confirmed.status_code == 302
    assert Revision.objects.count() == revisions
    assert sorted(EventSession.objects.values_list("pk", flat=True)) == sessions


def test_update_goes_through_a_revision_and_keeps_live_content(admin_client, agenda):
    load_taxonomy()
    content = (SAMPLES / "events.csv").read_bytes()
    import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    changed = content.replace(b"Symposium Samen sterk", b"Symposium Sterker samen")
    preview, _c = import_file(admin_client, EVENTS, changed, parent=agenda.pk)
    assert preview.context["totals"] == {"new": 0, "update": 1, "skip": 3}
    page = EventPage.objects.get(import_key="symposium-2026")
    assert page.title == "Symposium Samen sterk voor de jeugd"  # live content unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Symposium Sterker samen voor de jeugd"


def test_unknown_taxonomy_refused_listing_known_values(admin_client, agenda):
    Region.objects.create(name="Limburg")
    content = (
        b"import_key,title,region,themes,session_start\n"
        b"a,Avond,Limburg,Onbekend thema,2026-05-01 19:00\n"
    )
    Theme.objects.create(name="Mantelzorg")
    preview, confirmed = import_file(admin_client, EVENTS, content, parent=agenda.pk)
    assert confirmed is None
    [error] = preview.context["report"].errors
    assert (error.row, error.column) == (2, "themes")
    assert "Onbekend thema" in error.message and "Mantelzorg" in error.message
    assert not EventPage.objects.exists()


def test_unknown_taxonomy_created_when_asked(admin_client, agenda):
    content = (
        b"import_key,title,region,themes,session_start\n"
        b'a,Avond,Limburg,"Nieuw thema, Ander thema",2026-05-01 19:00\n'
    )
    _p, confirmed = import_file(
        admin_client, EVENTS, content, parent=agenda.pk, create_unknown="on"
    )
    assert confirmed.status_code == 302
    page = EventPage.objects.get(import_key="a")
    assert page.get_latest_revision_as_object().themes.count() == 2
    assert Region.objects.filter(name="Limburg").exists()


def test_row_errors_name_row_and_column_and_write_nothing(admin_client, agenda):
    content = (
        b"import_key,title,session_start,is_free,status\n"
        b"a,Avond,2026-05-01 19:00,ja,scheduled\n"
        b"b,Middag,gisteren,misschien,bezig\n"
    )
    preview, confirmed = import_file(admin_client, EVENTS, content, parent=agenda.pk)
    assert confirmed is None
    found = {(e.row, e.column) for e in preview.context["report"].errors}
    assert found == {(3, "session_start"), (3, "is_free")}
    assert not EventPage.objects.exists()


def test_duplicate_session_inside_one_file_is_refused(admin_client, agenda):
    content = b"import_key,title,session_start\na,Avond,2026-05-01 19:00\na,,2026-05-01 19:00\n"
    preview, confirmed = import_file(admin_client, EVENTS, content, parent=agenda.pk)
    assert confirmed is None
    assert [(e.row, e.column) for e in preview.context["report"].errors] == [(3, "import_key")]


def test_export_lists_one_row_per_session(admin_client, agenda):
    load_taxonomy()
    import_file(admin_client, EVENTS, (SAMPLES / "events.csv").read_bytes(), parent=agenda.pk)
    text = admin_client.get(f"{EVENTS}export/?format=csv").content.decode("utf-8-sig")
    assert text.count("regiobijeenkomsten-2026") == 3
    assert len(text.strip().splitlines()) == 7


def test_a_series_imports_with_its_rule_and_exceptions_and_exports_back(admin_client, agenda):
    load_taxonomy()
    content = (SAMPLES / "events.csv").read_bytes()
    import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    session = EventPage.objects.get(import_key="vervolgavonden-themacafe-2026").sessions.get()
    assert session.repeat_description == "elke vierde woensdag van de maand"
    assert session.rrule.startswith("FREQ=MONTHLY;BYDAY=4WE;UNTIL=20270825T")
    entries = AgendaEntry.objects.filter(session=session)
    assert entries.count() == 11  # 12 fourth Wednesdays, one left out
    assert entries.get(status="cancelled").note == "Zomerstop"
    assert entries.get(is_changed=True, status="scheduled").venue == "Bibliotheek Oegstgeest"
    text = admin_client.get(f"{EVENTS}export/?format=csv").content.decode("utf-8-sig")
    (row,) = [line for line in text.splitlines() if line.startswith("vervolgavonden")]
    assert ",monthly,1,WE,4,2027-08-25,," in row
    assert '""skip"": ""2026-12-23""' in row


@pytest.mark.parametrize(
    ("columns", "values", "column"),
    [
        ("repeat_frequency", "jaarlijks", "repeat_frequency"),
        ("repeat_frequency,repeat_weekdays,repeat_count", "weekly,XX,3", "repeat_weekdays"),
        ("repeat_frequency,repeat_count", "daily,600", "repeat_count"),
        ("repeat_frequency,repeat_until", "daily,2030-01-01", "repeat_until"),
        ("repeat_frequency,repeat_count,repeat_exceptions", 'daily,3,"[{""skip"": 1}]"', None),
        (
            "repeat_frequency,repeat_count,repeat_exceptions",
            'daily,3,"[{""skip"": ""2026-06-01""}]"',
            None,
        ),
    ],
)
def test_a_rule_that_cannot_be_imported_is_refused_at_its_column(
    admin_client, agenda, columns, values, column
):
    content = f"import_key,title,session_start,{columns}\na,Avond,2026-05-01 19:00,{values}\n"
    preview, confirmed = import_file(admin_client, EVENTS, content.encode(), parent=agenda.pk)
    assert confirmed is None
    errors = preview.context["report"].errors
    assert errors
    assert {e.column for e in errors} == {column or "repeat_exceptions"}
    assert not EventPage.objects.exists()


def test_events_listing_has_the_buttons(admin_client, agenda):
    response = admin_client.get(EVENTS)
    assert response.status_code == 200
    assert f"{EVENTS}import/".encode() in response.content
    assert f"{EVENTS}export/?format=xlsx".encode() in response.content
