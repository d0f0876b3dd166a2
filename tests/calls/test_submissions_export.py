"""Export of submissions (CSV, XLSX): formulas escaped, filters honoured, every export logged."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from jeugdzorg_wagtail.models import SubmissionExport
from tests.utils import aware, make_editor, make_submission

pytestmark = pytest.mark.usefixtures("attachment_root")

ADMIN = "/admin/jeugdzorg_wagtail/callsubmission/"
NOW = aware(2026, 3, 10, 12)
DANGEROUS = ["=1+2", "+31 43 123", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_dangerous_first_character_is_escaped_in_csv(client, call, django_user_model, value):
    make_submission(call, title=value, name=value, phone=value)
    client.force_login(make_editor(django_user_model, personal_data=True))
    response = client.get(f"{ADMIN}export/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    (row,) = read_csv(response)
    assert row["title"] == "'" + value
    assert row["name"] == "'" + value
    assert row["phone"] == "'" + value


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_dangerous_first_character_is_escaped_in_xlsx(client, call, django_user_model, value):
    make_submission(call, title=value, organisation=value)
    client.force_login(make_editor(django_user_model, personal_data=True))
    response = client.get(f"{ADMIN}export/?format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("title") + 1)
    assert cell.data_type == "s"  # text, never a formula
    # XML turns a carriage return into a line feed when the file is read back.
    expected = "'" + value.replace("\r", "\n")
    assert cell.value == expected
    assert read_xlsx(response)[0]["organisation"] == expected


def test_the_export_holds_personal_data_and_honours_the_filters(client, call, django_user_model):
    make_submission(call, title="Geaccepteerd", status="accepted")
    make_submission(call, title="Afgewezen", status="rejected", email="piet@example.org")
    client.force_login(make_editor(django_user_model, personal_data=True))
    rows = read_csv(client.get(f"{ADMIN}export/?format=csv&status__exact=accepted"))
    assert [row["title"] for row in rows] == ["Geaccepteerd"]
    assert rows[0]["email"] == "sanne@example.org"
    assert rows[0]["name"] == "Sanne de Vries"
    assert rows[0]["call"] == call.title
    assert rows[0]["region"] == "Limburg"
    assert rows[0]["received_at"] == "2026-03-10 12:00"
    rows = read_csv(client.get(f"{ADMIN}export/?format=csv&q=piet@example"))
    assert [row["title"] for row in rows] == ["Afgewezen"]


def test_each_export_is_logged_with_who_when_and_how_many(client, call, django_user_model):
    for i in range(3):
        make_submission(call, title=f"Voorstel {i}", status="accepted" if i else "received")
    editor = make_editor(django_user_model, personal_data=True)
    client.force_login(editor)
    client.get(f"{ADMIN}export/?format=csv&status__exact=accepted&q=Sanne")
    client.get(f"{ADMIN}export/?format=xlsx")
    first, second = SubmissionExport.objects.order_by("pk")
    assert (first.user, first.row_count, first.file_format) == (editor, 2, "csv")
    assert first.exported_at == NOW
    assert first.filters == "status__exact=accepted"  # the search text is never stored
    assert (second.user, second.row_count, second.file_format) == (editor, 3, "xlsx")
    entries = ModelLogEntry.objects.filter(action="jeugdzorg_wagtail.submissions_export")
    assert sorted(entry.data["count"] for entry in entries) == [2, 3]
    assert {entry.user for entry in entries} == {editor}


def test_export_is_refused_without_the_personal_data_permission(client, call, django_user_model):
    make_submission(call)
    client.force_login(make_editor(django_user_model))
    for fmt in ("csv", "xlsx"):
        response = client.get(f"{ADMIN}export/?format={fmt}")
        assert response.status_code == 403
        assert b"sanne" not in response.content
    assert not SubmissionExport.objects.exists()


def test_export_offers_only_csv_and_xlsx(admin_client, call):
    assert admin_client.get(f"{ADMIN}export/?format=json").status_code == 404
    html = admin_client.get(ADMIN).content.decode()
    assert "format=csv" in html and "format=xlsx" in html
    assert "format=json" not in html
    assert f"{ADMIN}import/" not in html
