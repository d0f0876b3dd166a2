"""Import and export in the admin: preview, errors, all or nothing, idempotence, encodings."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision

from jeugdzorg_wagtail.importexport import tempfiles
from jeugdzorg_wagtail.models import EventPage, EventSession, Region, Theme
from tests.utils import import_file, make_agenda

pytestmark = pytest.mark.django_db

REGIONS = "/admin/jeugdzorg_wagtail/region/"
THEMES = "/admin/jeugdzorg_wagtail/theme/"
EVENTS = "/admin/jeugdzorg_wagtail/eventpage/"
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def regions_csv(n, start=0):
    lines = ["slug,name,description"]
    lines += [f"regio-{i},Regio {i},Beschrijving {i}" for i in range(start, start + n)]
    return ("\n".join(lines) + "\n").encode()


def errors(response):
    return [(e.row, e.column, e.message) for e in response.context["report"].errors]


# Preview and confirm


def test_preview_counts_new_updated_unchanged_and_writes_nothing(admin_client):
    Region.objects.create(slug="regio-0", name="Regio 0", description="Beschrijving 0")
    Region.objects.create(slug="regio-1", name="Regio 1", description="oud")
    preview, _ = import_file(admin_client, REGIONS, regions_csv(4), confirm=False)
    assert preview.status_code == 200
    assert preview.context["totals"] == {"new": 2, "update": 1, "skip": 1}
    assert "jw-import-totals" in preview.content.decode()
    assert Region.objects.count() == 2
    assert Region.objects.get(slug="regio-1").description == "oud"


def test_confirm_imports_and_removes_the_temporary_file(admin_client):
    preview, confirmed = import_file(admin_client, REGIONS, regions_csv(3))
    token = preview.context["confirm_form"]["token"].value()
    assert default_storage.exists(f"{tempfiles.PREFIX}/{token}.bin") is False
    assert confirmed.status_code == 302
    assert Region.objects.count() == 3
    # The same token cannot be used again.
    again = admin_client.post(f"{REGIONS}import/confirm/", {"token": token})
    assert again.status_code == 302
    assert Region.objects.count() == 3


def test_temporary_file_kept_until_confirm_and_stale_files_cleaned(admin_client, settings):
    preview, _ = import_file(admin_client, REGIONS, regions_csv(1), confirm=False)
    token = preview.context["confirm_form"]["token"].value()
    assert default_storage.exists(f"{tempfiles.PREFIX}/{token}.bin")
    assert len(token) > 40
    settings.JEUGDZORG_WAGTAIL = {"IMPORT_TEMP_TIMEOUT": -1}
    import_file(admin_client, REGIONS, regions_csv(1), confirm=False)
    assert not default_storage.exists(f"{tempfiles.PREFIX}/{token}.bin")


def test_reimport_is_idempotent(admin_client):
    import_file(admin_client, REGIONS, regions_csv(5))
    with CaptureQueriesContext(connection) as queries:
        preview, confirmed = import_file(admin_client, REGIONS, regions_csv(5))
    assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 5}
    assert confirmed.status_code == 302
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE")) and "jeugdzorg_wagtail_region" in q["sql"]
    ]
    assert writes == []
    assert Region.objects.count() == 5


def test_failure_in_row_900_rolls_back_rows_1_to_899(admin_client):
    Region.objects.create(slug="bestaand", name="Regio 898")  # name taken: row 900 fails
    preview, confirmed = import_file(admin_client, REGIONS, regions_csv(1000))
    assert confirmed is None
    assert [(row, column) for row, column, _m in errors(preview)] == [(900, "name")]
    assert Region.objects.count() == 1


def test_failure_at_confirm_rolls_back_everything(admin_client):
    preview, _ = import_file(admin_client, REGIONS, regions_csv(1000), confirm=False)
    token = preview.context["confirm_form"]["token"].value()
    Region.objects.create(slug="later", name="Regio 898")  # appears between preview and confirm
    confirmed = admin_client.post(f"{REGIONS}import/confirm/", {"token": token})
    assert confirmed.status_code == 200
    assert [(row, column) for row, column, _m in errors(confirmed)] == [(900, "name")]
    assert Region.objects.count() == 1


# Bad files


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"name,description\nLimburg,x\n", "r.csv", "Verplichte kolommen ontbreken: slug"),
        (
            b"slug,name\nlimburg,Limburg\nlimburg,Limburg Zuid\n",
            "r.csv",
            "Dubbele sleutel \u201climburg\u201d: staat ook in regel 2",
        ),
        (b"%PDF-1.4 binary\x00\x01", "r.csv", "geen spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "r.png", "geen spreadsheet"),
        (b"PK\x03\x04garbage", "r.xlsx", "geen spreadsheet"),
        ("slug,name\nlimburg,Limbürg\n".encode("utf-16"), "r.csv", "UTF-16"),
        ("slug,name\nlimburg,Limbürg\n".encode("utf-16-le"), "r.csv", "UTF-16"),
        (
            b"slug,name,description\n\n",
            "r.csv",
            "Het bestand heeft kolomkoppen maar geen rijen: er valt niets te importeren.",
        ),
    ],
)
def test_bad_files_are_refused_and_write_nothing(admin_client, content, name, message):
    preview, confirmed = import_file(admin_client, REGIONS, content, name=name)
    assert confirmed is None
    assert message in preview.content.decode()
    assert Region.objects.count() == 0
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None


def test_file_over_the_size_limit_is_refused_with_sizes_in_the_readers_language(
    admin_client, settings
):
    settings.JEUGDZORG_WAGTAIL = {"IMPORT_MAX_SIZE": 1024 * 1024 * 3 // 2}
    content = regions_csv(40_000)
    assert len(content) > 1024 * 1024 * 3 // 2
    preview, confirmed = import_file(admin_client, REGIONS, content)
    assert confirmed is None
    assert "je kunt bestanden tot 1,50 MB importeren." in preview.content.decode()
    assert preview.context["form"].errors["import_file"]
    assert Region.objects.count() == 0


def test_xlsx_with_a_formula_is_refused_naming_the_cell(admin_client):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["slug", "name", "description"])
    sheet.append(["limburg", "Limburg", "=1+1"])
    out = io.BytesIO()
    workbook.save(out)
    preview, confirmed = import_file(admin_client, REGIONS, out.getvalue(), name="r.xlsx")
    assert confirmed is None
    assert "C2" in preview.content.decode()
    assert Region.objects.count() == 0


def test_xlsx_imports(admin_client):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["slug", "name", "description"])
    sheet.append(["limburg", "Limburg", "Zuid"])
    out = io.BytesIO()
    workbook.save(out)
    _preview, confirmed = import_file(admin_client, REGIONS, out.getvalue(), name="r.xlsx")
    assert confirmed.status_code == 302
    assert Region.objects.get(slug="limburg").description == "Zuid"


# Encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_read_correctly(admin_client, encoding):
    content = "slug,name,description\ncafe,Café,Kosten € 25\n".encode(encoding)
    _preview, confirmed = import_file(admin_client, REGIONS, content)
    assert confirmed.status_code == 302
    region = Region.objects.get(slug="cafe")
    assert (region.name, region.description) == ("Café", "Kosten € 25")


def test_semicolon_separated_csv_from_dutch_excel(admin_client):
    content = "slug;name;description\ncafe;Café;a, b\n".encode("cp1252")
    _preview, confirmed = import_file(admin_client, REGIONS, content)
    assert confirmed.status_code == 302
    assert Region.objects.get(slug="cafe").description == "a, b"


# Export


DANGEROUS = ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_export_escapes_formulas(admin_client, value):
    Region.objects.create(slug="r", name="Regio", description=value)
    response = admin_client.get(f"{REGIONS}export/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    import csv

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["slug", "name", "description"]
    assert rows[1] == ["r", "Regio", "'" + value]


@pytest.mark.parametrize("value", DANGEROUS)
def test_xlsx_export_escapes_formulas(admin_client, value):
    Region.objects.create(slug="r", name="Regio", description=value)
    response = admin_client.get(f"{REGIONS}export/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    # XML reads a carriage return back as a line feed.
    assert rows[1] == ["r", "Regio", "'" + value.replace("\r", "\n")]
    assert all(c.data_type == "s" for c in sheet[2])


def test_json_export_keeps_values(admin_client):
    Region.objects.create(slug="r", name="Regio", description="=1+1")
    response = admin_client.get(f"{REGIONS}export/?format=json")
    assert response.json() == [{"slug": "r", "name": "Regio", "description": "=1+1"}]


def test_export_then_import_is_unchanged(admin_client):
    Region.objects.create(slug="r", name="Regio", description="-min")
    exported = admin_client.get(f"{REGIONS}export/?format=csv").content
    preview, _ = import_file(admin_client, REGIONS, exported, confirm=False)
    assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 1}


def test_export_honours_search_of_the_listing(admin_client):
    Theme.objects.create(name="Onderwijs")
    Theme.objects.create(name="Mantelzorg")
    listing = admin_client.get(f"{THEMES}?q=mantel")
    export_url = next(
        b["url"] for b in listing.context["import_export_buttons"] if "format=csv" in b["url"]
    )
    assert "q=mantel" in export_url
    content = admin_client.get(export_url).content.decode("utf-8-sig")
    assert "Mantelzorg" in content
    assert "Onderwijs" not in content


def test_export_honours_filters_of_the_listing(admin_client, root_page):
    agenda = make_agenda(root_page)
    import_file(
        admin_client,
        EVENTS,
        (SAMPLES / "events.csv").read_bytes(),
        create_unknown="on",
        parent=agenda.pk,
    )
    utrecht = Region.objects.get(name="Utrecht")
    content = admin_client.get(f"{EVENTS}export/?format=csv&region__id__exact={utrecht.pk}")
    text = content.content.decode("utf-8-sig")
    assert "themacafe-2026" in text
    assert "symposium-2026" not in text


# Permissions


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("redacteur", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.get(name="Editors")
    user.groups.add(group)
    return user


def test_without_permission_no_buttons_and_403(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="add_region"))
    client.force_login(editor)
    listing = client.get(REGIONS)
    assert listing.status_code == 200
    assert listing.context["import_export_buttons"] == []
    assert b"/import/" not in listing.content
    assert client.get(f"{REGIONS}export/?format=csv").status_code == 403
    assert client.get(f"{REGIONS}import/").status_code == 403
    assert client.post(f"{REGIONS}import/confirm/", {"token": "x"}).status_code == 403


def test_view_permission_allows_export_only(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="view_region"))
    client.force_login(editor)
    listing = client.get(REGIONS)
    urls = [b["url"] for b in listing.context["import_export_buttons"]]
    assert [u.rsplit("=", 1)[1] for u in urls] == ["csv", "xlsx", "json"]
    assert client.get(f"{REGIONS}export/?format=csv").status_code == 200
    assert client.get(f"{REGIONS}import/").status_code == 403


def test_add_and_change_permissions_allow_import(client, editor):
    for codename in ("add_region", "change_region"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    _preview, confirmed = import_file(client, REGIONS, regions_csv(2))
    assert confirmed.status_code == 302
    assert Region.objects.count() == 2


def test_anonymous_is_sent_to_login(client):
    assert client.get(f"{REGIONS}export/?format=csv").status_code == 302
    assert not EventSession.objects.exists() and not EventPage.objects.exists()
    assert Revision.objects.count() >= 0
