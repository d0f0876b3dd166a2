"""Submissions belong to the editors of their call: two sites, two calls, two editor groups.

Each group has page permissions on its own site only (and every submission permission,
personal data included). Each editor sees their own call's submissions and never the other
site's: not in the list, search, counts, filters, detail, edit, delete, history, export,
attachment download, bulk status change, "make a practice example" or the site history,
also not by guessing URLs. Superusers see both.
"""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, Page, Site

from jeugdzorg_wagtail.models import (
    CallSubmission,
    PracticeExamplePage,
)
from tests import files
from tests.utils import make_call, make_library, make_submission

ADMIN = "/admin/jeugdzorg_wagtail/callsubmission/"
HISTORY = "/admin/reports/site-history/"
ROW = re.compile(r'<tr[^>]* data-object-pk="(\d+)"')


def make_site_editor(django_user_model, username, root, personal_data=True):
    user = django_user_model.objects.create_user(username, password="geheim123")
    group = Group.objects.create(name=f"Redactie {username}")
    codenames = [
        "access_admin",
        "view_callsubmission",
        "change_callsubmission",
        "delete_callsubmission",
    ]
    if personal_data:
        codenames.append("view_personal_data")
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user.groups.add(group)
    return user


@pytest.fixture
def sites(root_page, tree_root, django_user_model, tmp_path):
    """Site "zuid" (the default site) and site "noord", each with a call, an editor and a
    submission with an attachment; each site also has a practice example library."""
    noord_root = tree_root.add_child(instance=Page(title="Regio Noord", slug="regio-noord"))
    Site.objects.create(hostname="noord.example", port=80, root_page=noord_root)
    with override_settings(JEUGDZORG_WAGTAIL={"ATTACHMENT_ROOT": tmp_path}):
        setup = {}
        for name, root, title, kind in (
            ("zuid", root_page, "Alpha uit Zuid", "Geheim type Zuid"),
            ("noord", noord_root, "Beta uit Noord", "Geheim type Noord"),
        ):
            call = make_call(root, title=f"Oproep {name}", slug=f"oproep-{name}")
            submission = make_submission(
                call,
                title=title,
                status="accepted",
                submission_type=kind,
                name=f"Afzender {name}",
                email=f"{name}@example.org",
                attachment=(f"{name}.pdf", files.PDF),
            )
            setup[name] = {
                "call": call,
                "submission": submission,
                "editor": make_site_editor(django_user_model, f"redacteur-{name}", root),
                "library": make_library(root, slug=f"voorbeelden-{name}"),
            }
        yield setup
        for submission in CallSubmission.objects.exclude(attachment=""):
            submission.attachment.delete(save=False)


def other(name):
    return "noord" if name == "zuid" else "zuid"


def rows(response):
    return set(ROW.findall(response.content.decode()))


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


SIDES = ["zuid", "noord"]


@pytest.mark.parametrize("name", SIDES)
def test_the_list_its_count_and_search_show_only_the_own_call(client, sites, name):
    own, theirs = sites[name], sites[other(name)]
    client.force_login(own["editor"])
    listing = client.get(ADMIN)
    html = listing.content.decode()
    assert rows(listing) == {str(own["submission"].pk)}
    assert own["submission"].title in html
    assert theirs["submission"].title not in html
    assert theirs["submission"].email not in html
    assert listing.context["all_count"] == 1
    assert rows(client.get(f"{ADMIN}?q={theirs['submission'].title}")) == set()
    assert rows(client.get(f"{ADMIN}?q={theirs['submission'].email}")) == set()
    assert rows(client.get(f"{ADMIN}?q={own['submission'].email}")) == {str(own["submission"].pk)}


@pytest.mark.parametrize("name", SIDES)
def test_the_filters_offer_only_the_own_call_and_its_types(client, sites, name):
    own, theirs = sites[name], sites[other(name)]
    client.force_login(own["editor"])
    html = client.get(ADMIN).content.decode()
    assert f"call__page_ptr__exact={theirs['call'].pk}" not in html
    assert theirs["call"].title not in html
    assert theirs["submission"].submission_type not in html
    # Filtering on the other call by hand shows nothing of it (with one call of their own the
    # filter is not offered, and its parameter is ignored)
    response = client.get(f"{ADMIN}?call__page_ptr__exact={theirs['call'].pk}")
    assert response.status_code == 200
    assert rows(response) <= {str(own["submission"].pk)}
    assert theirs["submission"].title not in response.content.decode()


@pytest.mark.parametrize("name", SIDES)
def test_instance_views_of_the_other_call_are_not_found(client, sites, name):
    own, theirs = sites[name], sites[other(name)]
    client.force_login(own["editor"])
    for action in ("inspect", "edit", "delete", "history", "attachment", "practice-example"):
        assert client.get(f"{ADMIN}{action}/{own['submission'].pk}/").status_code == 200, action
        assert client.get(f"{ADMIN}{action}/{theirs['submission'].pk}/").status_code == 404, action
    target = theirs["submission"]
    assert client.post(f"{ADMIN}edit/{target.pk}/", {"status": "rejected"}).status_code == 404
    assert client.post(f"{ADMIN}delete/{target.pk}/").status_code == 404
    response = client.post(f"{ADMIN}practice-example/{target.pk}/", {"library": own["library"].pk})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.status == "accepted"
    assert not PracticeExamplePage.objects.exists()


@pytest.mark.parametrize("name", SIDES)
def test_the_export_holds_only_the_own_call(client, sites, name):
    own, theirs = sites[name], sites[other(name)]
    client.force_login(own["editor"])
    csv_rows = read_csv(client.get(f"{ADMIN}export/?format=csv"))
    assert [row["title"] for row in csv_rows] == [own["submission"].title]
    xlsx_rows = read_xlsx(client.get(f"{ADMIN}export/?format=xlsx"))
    assert [row["title"] for row in xlsx_rows] == [own["submission"].title]
    guessed = client.get(f"{ADMIN}export/?format=csv&call__page_ptr__exact={theirs['call'].pk}")
    assert theirs["submission"].title not in [row["title"] for row in read_csv(guessed)]


@pytest.mark.parametrize("name", SIDES)
def test_a_bulk_change_never_touches_the_other_call(client, sites, name):
    own, theirs = sites[name], sites[other(name)]
    client.force_login(own["editor"])
    for selection in ([theirs["submission"].pk], [own["submission"].pk, theirs["submission"].pk]):
        response = client.post(
            f"{ADMIN}bulk-status/", {"status": "withdrawn", "submissions": selection}
        )
        assert response.status_code == 302
    assert set(CallSubmission.objects.values_list("status", flat=True)) == {"accepted"}
    client.post(
        f"{ADMIN}bulk-status/", {"status": "withdrawn", "submissions": [own["submission"].pk]}
    )
    own["submission"].refresh_from_db()
    theirs["submission"].refresh_from_db()
    assert (own["submission"].status, theirs["submission"].status) == ("withdrawn", "accepted")


@pytest.mark.parametrize("name", SIDES)
def test_the_log_of_a_submission_is_opened_only_from_the_own_call(client, sites, name):
    own, theirs = sites[name], sites[other(name)]
    for side in SIDES:
        editor_client = Client()
        editor_client.force_login(sites[side]["editor"])
        editor_client.post(f"{ADMIN}edit/{sites[side]['submission'].pk}/", {"status": "rejected"})
    client.force_login(own["editor"])
    history = client.get(f"{ADMIN}history/{own['submission'].pk}/").content.decode()
    assert "Status gewijzigd" in history
    assert client.get(f"{ADMIN}history/{theirs['submission'].pk}/").status_code == 404
    # The site history links the own call's submissions only
    html = client.get(HISTORY).content.decode()
    assert f'href="{ADMIN}edit/{own["submission"].pk}/"' in html
    assert f'href="{ADMIN}edit/{theirs["submission"].pk}/"' not in html


def test_the_personal_data_command_leaves_traces_for_superusers_only(client, admin_client, sites):
    call_command(
        "jeugdzorg_personal_data",
        "noord@example.org",
        "--erase",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    call_command("jeugdzorg_personal_data", "zuid@example.org", stdout=io.StringIO())
    trace = "Verzoek over persoonsgegevens afgehandeld"
    assert trace in admin_client.get(HISTORY).content.decode()
    for side in SIDES:
        client.force_login(sites[side]["editor"])
        assert trace not in client.get(HISTORY).content.decode()


def test_a_superuser_sees_the_submissions_of_every_call(admin_client, sites):
    listing = admin_client.get(ADMIN)
    assert rows(listing) == {str(sites[side]["submission"].pk) for side in SIDES}
    html = listing.content.decode()
    for side in SIDES:
        assert f"call__page_ptr__exact={sites[side]['call'].pk}" in html
    assert len(read_csv(admin_client.get(f"{ADMIN}export/?format=csv"))) == 2
    for side in SIDES:
        pk = sites[side]["submission"].pk
        assert admin_client.get(f"{ADMIN}inspect/{pk}/").status_code == 200
        assert admin_client.get(f"{ADMIN}attachment/{pk}/").status_code == 200


def test_an_editor_who_may_only_add_pages_sees_the_calls_they_own(
    client, sites, root_page, django_user_model
):
    """Wagtail's rule for form submissions: "add" permission counts for one's own pages."""
    editor = make_site_editor(django_user_model, "auteur", root_page)
    GroupPagePermission.objects.filter(group__user=editor).exclude(
        permission__codename="add_page"
    ).delete()
    own_call = make_call(root_page, title="Eigen oproep", slug="eigen-oproep", owner=editor)
    mine = make_submission(own_call, title="Mijn inzending")
    client.force_login(editor)
    assert rows(client.get(ADMIN)) == {str(mine.pk)}
    assert client.get(f"{ADMIN}inspect/{sites['zuid']['submission'].pk}/").status_code == 404


def test_the_inbox_costs_the_same_queries_for_two_or_twelve_submissions(client, sites):
    own = sites["zuid"]
    client.force_login(own["editor"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ADMIN).status_code == 200
        return len(captured)

    make_submission(own["call"], title="Tweede")
    client.get(ADMIN)  # Wagtail's caches (site roots, permissions) filled once
    two = queries()
    for number in range(10):
        make_submission(own["call"], title=f"Inzending {number}")
    assert len(rows(client.get(ADMIN))) == 12
    assert queries() == two
