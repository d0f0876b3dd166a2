"""Importing and exporting practice examples in the admin: one row per example."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Revision

from jeugdzorg_wagtail.models import (
    Organisation,
    PracticeExamplePage,
    Region,
    TargetGroup,
    Theme,
)
from tests.utils import import_file, load_taxonomy, make_practice_example

pytestmark = pytest.mark.django_db

EXAMPLES = "/admin/jeugdzorg_wagtail/practiceexamplepage/"
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
SAMPLE = SAMPLES / "practice-examples.csv"


def writes(queries):
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]


def errors(response):
    return [(e.row, e.column, e.message) for e in response.context["report"].errors]


def examples_csv(n, fail_at=None):
    """``n`` examples; the row ``fail_at`` (as a spreadsheet numbers it) has a bad year."""
    lines = ["import_key,title,summary,region,themes,start_year,is_running"]
    for i in range(n):
        year = "ooit" if i + 2 == fail_at else "2020"
        lines.append(f"pv-{i},Voorbeeld {i},Samenvatting {i}.,Limburg,De professional,{year},ja")
    return ("\n".join(lines) + "\n").encode()


# The sample file


def test_sample_file_imports_cleanly(admin_client, library):
    load_taxonomy()
    preview, confirmed = import_file(admin_client, EXAMPLES, SAMPLE.read_bytes(), parent=library.pk)
    assert errors(preview) == []
    assert preview.context["totals"] == {"new": 3, "update": 0, "skip": 0}
    assert confirmed.status_code == 302
    assert PracticeExamplePage.objects.count() == 3
    page = PracticeExamplePage.objects.get(import_key="pv-2026-002")
    assert page.get_parent().pk == library.pk
    assert page.slug == "ouderavonden-online"
    assert not page.live  # a draft unless the editor ticks "publish"
    example = page.get_latest_revision_as_object()
    assert example.region.name == "Holland Rijnland"
    assert [o.name for o in example.get_organisations()] == ["GGZ Nederland", "NJi"]
    assert [t.name for t in example.target_groups.all()] == ["Jeugd-GGZ"]
    assert (example.start_year, example.start_month, example.end_year, example.end_month) == (
        2022,
        1,
        2025,
        6,
    )
    assert example.is_running is False
    assert example.contact_email == "ouderavonden@example.org"
    assert [(b.value["title"], b.value["url"]) for b in example.links] == [
        ("https://example.org/ouderavonden", "https://example.org/ouderavonden"),
        (
            "Handleiding voor gespreksleiders",
            "https://example.org/ouderavonden/handleiding.pdf",
        ),
    ]
    first = PracticeExamplePage.objects.get(import_key="pv-2026-001")
    first = first.get_latest_revision_as_object()
    assert first.slug == "huiswerkbegeleiding-door-studenten-in-de-wijk"
    assert [b.block_type for b in first.body] == ["paragraph"]
    assert first.body[0].value.source.count("<p>") == 2
    assert first.results.startswith("<p>Kinderen komen trouw")


def test_published_when_asked_and_shown_in_the_library(admin_client, client, library):
    load_taxonomy()
    import_file(admin_client, EXAMPLES, SAMPLE.read_bytes(), parent=library.pk, publish="on")
    assert PracticeExamplePage.objects.live().count() == 3
    response = client.get(library.url)
    assert "Ouderavonden online" in response.content.decode()
    page = client.get(PracticeExamplePage.objects.get(import_key="pv-2026-002").url)
    assert page.status_code == 200
    assert "Handleiding voor gespreksleiders" in page.content.decode()


# Idempotence


def test_reimport_writes_nothing(admin_client, library):
    load_taxonomy()
    content = SAMPLE.read_bytes()
    import_file(admin_client, EXAMPLES, content, parent=library.pk, publish="on")
    revisions = Revision.objects.count()
    with CaptureQueriesContext(connection) as queries:
        preview, confirmed = import_file(
            admin_client, EXAMPLES, content, parent=library.pk, publish="on"
        )
    assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 3}
    assert confirmed.status_code == 302
    assert [sql for sql in writes(queries) if "django_session" not in sql] == []
    assert Revision.objects.count() == revisions


def test_reimport_of_drafts_writes_nothing(admin_client, library):
    load_taxonomy()
    content = SAMPLE.read_bytes()
    import_file(admin_client, EXAMPLES, content, parent=library.pk)
    with CaptureQueriesContext(connection) as queries:
        preview, _c = import_file(admin_client, EXAMPLES, content, parent=library.pk)
    assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 3}
    assert [sql for sql in writes(queries) if "django_session" not in sql] == []


def test_changed_text_updates_through_a_revision(admin_client, library):
    load_taxonomy()
    content = SAMPLE.read_bytes()
    import_file(admin_client, EXAMPLES, content, parent=library.pk, publish="on")
    changed = content.replace(b"Meer ouders dan bij", b"Veel meer ouders dan bij")
    preview, _c = import_file(admin_client, EXAMPLES, changed, parent=library.pk)
    assert preview.context["totals"] == {"new": 0, "update": 1, "skip": 2}
    page = PracticeExamplePage.objects.get(import_key="pv-2026-002")
    assert page.results.startswith("<p>Meer ouders")  # the live page is unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().results.startswith("<p>Veel meer ouders")


def test_missing_optional_columns_leave_fields_alone(admin_client, library):
    load_taxonomy()
    import_file(admin_client, EXAMPLES, SAMPLE.read_bytes(), parent=library.pk, publish="on")
    content = (
        b"import_key,title,summary\n"
        b"pv-2026-002,Ouderavonden online,Ouders van jongeren in de jeugd-GGZ ontmoeten elkaar "
        b"eens per maand online.\n"
    )
    preview, _c = import_file(admin_client, EXAMPLES, content, parent=library.pk)
    assert preview.context["totals"] == {"new": 0, "update": 1, "skip": 0}
    example = PracticeExamplePage.objects.get(import_key="pv-2026-002")
    example = example.get_latest_revision_as_object()
    assert example.contact_email == "ouderavonden@example.org"
    assert example.region.name == "Holland Rijnland"
    assert len(example.links) == 2


# All or nothing, preview counts


def test_failure_in_row_900_rolls_back_rows_1_to_899(admin_client, library):
    load_taxonomy()
    preview, confirmed = import_file(
        admin_client, EXAMPLES, examples_csv(1000, fail_at=900), parent=library.pk
    )
    assert confirmed is None
    assert [(row, column) for row, column, _m in errors(preview)] == [(900, "start_year")]
    assert PracticeExamplePage.objects.count() == 0


def test_failure_at_confirm_rolls_back_everything(admin_client, library):
    # 100 rows (each page is created for real before row 90 fails); the framework's 1,000-row
    # rollback is shown with regions in test_import_export.py.
    load_taxonomy()
    preview, _c = import_file(
        admin_client, EXAMPLES, examples_csv(100), parent=library.pk, confirm=False
    )
    assert preview.context["totals"] == {"new": 100, "update": 0, "skip": 0}
    token = preview.context["confirm_form"]["token"].value()
    # Between preview and confirm, two pages take the key of row 90 (an error at confirm).
    make_practice_example(library, "Eerste", import_key="pv-88")
    make_practice_example(library, "Tweede", import_key="pv-88")
    confirmed = admin_client.post(
        f"{EXAMPLES}import/confirm/", {"token": token, "parent": library.pk}
    )
    assert confirmed.status_code == 200
    assert [(row, column) for row, column, _m in errors(confirmed)] == [(90, "import_key")]
    assert PracticeExamplePage.objects.count() == 2


def test_preview_counts_new_updated_unchanged_and_writes_nothing(admin_client, library):
    load_taxonomy()
    import_file(admin_client, EXAMPLES, examples_csv(3), parent=library.pk)
    revisions = Revision.objects.count()
    content = examples_csv(5).replace(b"Samenvatting 1.", b"Nieuwe samenvatting 1.")
    preview, _c = import_file(admin_client, EXAMPLES, content, parent=library.pk, confirm=False)
    assert preview.context["totals"] == {"new": 2, "update": 1, "skip": 2}
    assert "jw-import-totals" in preview.content.decode()
    assert PracticeExamplePage.objects.count() == 3
    assert Revision.objects.count() == revisions
    page = PracticeExamplePage.objects.get(import_key="pv-1")
    assert page.get_latest_revision_as_object().summary == "Samenvatting 1."


# Row and column errors, taxonomy


def test_row_errors_name_row_and_column_and_write_nothing(admin_client, library):
    load_taxonomy()
    content = (
        "import_key,title,summary,start_year,start_month,end_year,is_running,contact_email,links\n"
        "a,Goed,Kort.,2020,3,2021,nee,info@example.org,https://example.org\n"
        "b,Fout,Kort.,2020,,,misschien,,geen link\n"
        "c,Fout,Kort.,2020,13,2019,,geen adres,\n"
        f"d,Te lang,{'x' * 401},,,,,,\n"
        "e,,Kort.,,,,,,\n"
    ).encode()
    preview, confirmed = import_file(admin_client, EXAMPLES, content, parent=library.pk)
    assert confirmed is None
    found = {(row, column) for row, column, _m in errors(preview)}
    assert found == {
        (3, "is_running"),
        (3, "links"),
        (4, "start_month"),
        (4, "end_year"),
        (4, "contact_email"),
        (5, "summary"),
        (6, "title"),
    }
    assert not PracticeExamplePage.objects.exists()


def test_missing_required_column_is_refused(admin_client, library):
    preview, confirmed = import_file(
        admin_client, EXAMPLES, b"import_key,title\na,Titel\n", parent=library.pk
    )
    assert confirmed is None
    assert "summary" in errors(preview)[0][1]


def test_unknown_taxonomy_refused_listing_known_values(admin_client, library):
    Region.objects.create(name="Limburg")
    Theme.objects.create(name="Mantelzorg")
    Organisation.objects.create(name="NJi")
    content = (
        b"import_key,title,summary,region,themes,organisations\n"
        b"a,Titel,Kort.,Limburg,Onbekend thema,Onbekende stichting\n"
    )
    preview, confirmed = import_file(admin_client, EXAMPLES, content, parent=library.pk)
    assert confirmed is None
    found = {(e.row, e.column): e.message for e in preview.context["report"].errors}
    assert set(found) == {(2, "themes"), (2, "organisations")}
    assert found[(2, "themes")] == (
        "Thema \u201cOnbekend thema\u201d is onbekend. Bekende waarden: Mantelzorg."
    )
    assert found[(2, "organisations")] == (
        "Organisatie \u201cOnbekende stichting\u201d is onbekend. Bekende waarden: NJi."
    )
    assert not PracticeExamplePage.objects.exists()
    assert not Theme.objects.filter(name="Onbekend thema").exists()


def test_unknown_taxonomy_created_when_asked(admin_client, library):
    content = (
        b"import_key,title,summary,region,themes,target_groups,organisations\n"
        b'a,Titel,Kort.,Drenthe,"Nieuw, Ander",Ouders,"Stichting A, Stichting B"\n'
    )
    _p, confirmed = import_file(
        admin_client, EXAMPLES, content, parent=library.pk, create_unknown="on"
    )
    assert confirmed.status_code == 302
    page = PracticeExamplePage.objects.get(import_key="a").get_latest_revision_as_object()
    assert page.region.name == "Drenthe"
    assert page.themes.count() == 2
    assert TargetGroup.objects.filter(name="Ouders").exists()
    assert [o.name for o in page.get_organisations()] == ["Stichting A", "Stichting B"]


def test_slug_taken_under_the_parent_is_refused(admin_client, library):
    make_practice_example(library, "Haven 71", slug="haven-71")
    content = b"import_key,slug,title,summary\na,haven-71,Ander,Kort.\nb,Geen Slug,Derde,Kort.\n"
    preview, confirmed = import_file(admin_client, EXAMPLES, content, parent=library.pk)
    assert confirmed is None
    assert {(row, column) for row, column, _m in errors(preview)} == {(2, "slug"), (3, "slug")}


def test_xlsx_imports(admin_client, library):
    load_taxonomy()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["import_key", "title", "summary", "start_year", "start_month", "themes"])
    sheet.append(["x1", "Uit Excel", "Kort.", 2019, 4, "De professional"])
    out = io.BytesIO()
    workbook.save(out)
    _p, confirmed = import_file(
        admin_client, EXAMPLES, out.getvalue(), name="p.xlsx", parent=library.pk
    )
    assert confirmed.status_code == 302
    page = PracticeExamplePage.objects.get(import_key="x1").get_latest_revision_as_object()
    assert (page.start_year, page.start_month) == (2019, 4)


# Export


DANGEROUS = ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"]
TEXT_FIELDS = ["title", "summary", "contact_name", "period_text"]


def dangerous_example(library, field, value):
    values = {"title": "Voorbeeld", "summary": "Kort.", field: value}
    title = values.pop("title")
    return make_practice_example(library, title, import_key="k", **values)


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_export_escapes_formulas(admin_client, library, field, value):
    dangerous_example(library, field, value)
    response = admin_client.get(f"{EXAMPLES}export/?format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0][field] == "'" + value


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("value", DANGEROUS)
def test_xlsx_export_escapes_formulas(admin_client, library, field, value):
    dangerous_example(library, field, value)
    response = admin_client.get(f"{EXAMPLES}export/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    cell = sheet[2][headers.index(field)]
    assert cell.value == "'" + value.replace("\r", "\n")
    assert cell.data_type == "s"


@pytest.mark.parametrize("value", DANGEROUS)
def test_body_and_results_escaped_in_csv(admin_client, library, value):
    make_practice_example(
        library,
        "Voorbeeld",
        import_key="k",
        body=[("paragraph", f"<p>{value.strip()}</p>")],
        results=f"<p>{value.strip()}</p>",
    )
    text = admin_client.get(f"{EXAMPLES}export/?format=csv").content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["body"] == row["results"]
    assert not row["body"].startswith(("=", "+", "-", "@"))


def test_exported_csv_and_xlsx_import_unchanged(admin_client, library):
    load_taxonomy()
    import_file(admin_client, EXAMPLES, SAMPLE.read_bytes(), parent=library.pk, publish="on")
    PracticeExamplePage.objects.filter(import_key="pv-2026-003").update(period_text="-ooit")
    for fmt in ("csv", "xlsx"):
        exported = admin_client.get(f"{EXAMPLES}export/?format={fmt}").content
        preview, _c = import_file(
            admin_client, EXAMPLES, exported, name=f"e.{fmt}", parent=library.pk, confirm=False
        )
        assert errors(preview) == []
        assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 3}, fmt


def test_json_export_keeps_values(admin_client, library):
    make_practice_example(library, "Voorbeeld", import_key="k", summary="=1+1")
    data = admin_client.get(f"{EXAMPLES}export/?format=json").json()
    assert data[0]["summary"] == "=1+1"
    assert data[0]["import_key"] == "k"


def test_export_honours_filters_of_the_listing(admin_client, library):
    load_taxonomy()
    import_file(admin_client, EXAMPLES, SAMPLE.read_bytes(), parent=library.pk)
    limburg = Region.objects.get(name="Limburg")
    listing = admin_client.get(f"{EXAMPLES}?region__id__exact={limburg.pk}")
    assert listing.status_code == 200
    url = next(
        b["url"] for b in listing.context["import_export_buttons"] if "format=csv" in b["url"]
    )
    assert f"region__id__exact={limburg.pk}" in url
    text = admin_client.get(url).content.decode("utf-8-sig")
    assert "pv-2026-001" in text
    assert "pv-2026-002" not in text


def test_listing_has_the_buttons_in_network_data(admin_client, library):
    response = admin_client.get(EXAMPLES)
    assert response.status_code == 200
    assert f"{EXAMPLES}import/".encode() in response.content
    assert f"{EXAMPLES}export/?format=xlsx".encode() in response.content
    assert EXAMPLES.encode() in admin_client.get("/admin/").content


# Permissions


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_without_page_permissions_no_buttons_and_403(client, editor, library):
    client.force_login(editor)
    assert client.get(f"{EXAMPLES}export/?format=csv").status_code == 403
    assert client.get(f"{EXAMPLES}import/").status_code == 403
    assert client.post(f"{EXAMPLES}import/confirm/", {"token": "x"}).status_code == 403


def test_editor_of_the_library_may_import_drafts_but_not_publish(client, editor, library):
    load_taxonomy()
    group = Group.objects.create(name="Bibliotheek")
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=library, permission=Permission.objects.get(codename=codename)
        )
    editor.groups.add(group)
    client.force_login(editor)
    _p, confirmed = import_file(client, EXAMPLES, SAMPLE.read_bytes(), parent=library.pk)
    assert confirmed.status_code == 302
    assert PracticeExamplePage.objects.count() == 3
    form = client.get(f"{EXAMPLES}import/")
    assert 'name="publish"' not in form.content.decode()
    changed = SAMPLE.read_bytes().replace(b"Ouderavonden online", b"Ouderavonden op afstand")
    preview, confirmed = import_file(client, EXAMPLES, changed, parent=library.pk, publish="on")
    assert confirmed is None
    assert "Je mag hier geen pagina&#x27;s publiceren." in preview.content.decode()
    assert not PracticeExamplePage.objects.live().exists()
    assert not PracticeExamplePage.objects.filter(title="Ouderavonden op afstand").exists()


# The demo content


def test_demo_examples_round_trip_without_writes(admin_client, root_page):
    from jeugdzorg_wagtail.demo import load_demo

    load_demo(root_page)
    library = PracticeExamplePage.objects.first().get_parent()
    assert PracticeExamplePage.objects.exclude(import_key="").count() == 5
    for fmt in ("csv", "xlsx"):
        exported = admin_client.get(f"{EXAMPLES}export/?format={fmt}").content
        with CaptureQueriesContext(connection) as queries:
            preview, confirmed = import_file(
                admin_client, EXAMPLES, exported, name=f"demo.{fmt}", parent=library.pk
            )
        assert errors(preview) == []
        assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 5}
        assert confirmed.status_code == 302
        assert [sql for sql in writes(queries) if "django_session" not in sql] == []
    haven = PracticeExamplePage.objects.get(slug="haven-71-op-de-leo-kannerschool")
    assert [b.block_type for b in haven.body] == ["paragraph", "quote"]
