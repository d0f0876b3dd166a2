"""The submissions inbox: review states, bulk change, filters, permissions for personal data."""

from urllib.parse import urlencode

import pytest
import time_machine
from wagtail.models import ModelLogEntry
from wagtail.search import index

from jeugdzorg_wagtail.models import CallSubmission, Region
from tests import files
from tests.utils import aware, make_call, make_editor, make_submission

pytestmark = pytest.mark.usefixtures("attachment_root", "delete_attachments")

ADMIN = "/admin/jeugdzorg_wagtail/callsubmission/"
NOW = aware(2026, 3, 10, 12)
PERSONAL = ("Sanne de Vries", "sanne@example.org", "043 123 45 67", "sanne-cv.pdf")


def with_file(call, **kwargs):
    return make_submission(call, attachment=("sanne-cv.pdf", files.PDF), **kwargs)


# Review states


@pytest.mark.parametrize("status", ["under_review", "accepted", "rejected", "withdrawn"])
def test_each_status_change_records_who_and_when_and_is_logged(
    client, call, django_user_model, status
):
    submission = make_submission(call)
    editor = make_editor(django_user_model)
    client.force_login(editor)
    response = client.post(f"{ADMIN}edit/{submission.pk}/", {"status": status, "editor_notes": ""})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == status
    assert submission.reviewed_by == editor
    assert submission.reviewed_at == NOW
    entry = ModelLogEntry.objects.get(action="jeugdzorg_wagtail.submission_status")
    assert entry.user == editor
    assert entry.data == {"from": "received", "to": status}


def test_a_status_can_go_back_from_withdrawn_to_received(client, call, django_user_model):
    submission = make_submission(call, status="withdrawn")
    editor = make_editor(django_user_model)
    client.force_login(editor)
    client.post(f"{ADMIN}edit/{submission.pk}/", {"status": "received", "editor_notes": ""})
    submission.refresh_from_db()
    assert submission.status == "received"
    assert submission.reviewed_by == editor


def test_saving_notes_without_a_status_change_keeps_the_reviewer(client, call, django_user_model):
    submission = make_submission(call)
    client.force_login(make_editor(django_user_model))
    client.post(f"{ADMIN}edit/{submission.pk}/", {"status": "received", "editor_notes": "Bellen"})
    submission.refresh_from_db()
    assert submission.editor_notes == "Bellen"
    assert submission.reviewed_by is None
    assert submission.reviewed_at is None
    assert not ModelLogEntry.objects.filter(action="jeugdzorg_wagtail.submission_status").exists()


def test_setting_the_same_status_again_changes_nothing(call, django_user_model):
    submission = make_submission(call, status="accepted")
    assert submission.set_status("accepted", make_editor(django_user_model)) is False
    assert submission.reviewed_at is None


def test_the_detail_view_shows_reviewer_and_review_moment(client, call, django_user_model):
    submission = make_submission(call)
    editor = make_editor(django_user_model)
    editor.first_name, editor.last_name = "Ria", "Redacteur"
    editor.save()
    submission.set_status("under_review", editor)
    client.force_login(editor)
    html = client.get(f"{ADMIN}inspect/{submission.pk}/").content.decode()
    assert "Ria Redacteur" in html
    assert '<dt class="">Beoordeeld op</dt>' in html
    assert "10 maart 2026 12:00" in html


# Bulk status change


def test_the_listing_offers_checkboxes_and_a_labelled_bulk_form(client, call, django_user_model):
    submission = make_submission(call)
    client.force_login(make_editor(django_user_model))
    html = client.get(ADMIN).content.decode()
    assert (
        f'<input type="checkbox" name="submissions" value="{submission.pk}" form="jw-bulk-status"'
        in html
    )
    assert f'aria-label="Inzending #{submission.pk} kiezen"' in html
    assert '<form id="jw-bulk-status"' in html
    assert "<legend>Status van de gekozen inzendingen wijzigen</legend>" in html
    assert '<label for="id_bulk_status">Nieuwe status</label>' in html


def test_a_bulk_change_sets_the_status_of_the_ticked_submissions_only(
    client, call, django_user_model
):
    first, second, third = (make_submission(call, title=f"Voorstel {i}") for i in range(3))
    editor = make_editor(django_user_model)
    client.force_login(editor)
    listing = f"{ADMIN}?status__exact=received"
    response = client.post(
        f"{ADMIN}bulk-status/",
        {"status": "rejected", "submissions": [first.pk, third.pk], "next": listing},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == listing
    assert "2 inzendingen op “afgewezen” gezet." in response.content.decode()
    statuses = dict(CallSubmission.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "rejected", second.pk: "received", third.pk: "rejected"}
    for submission in (first, third):
        submission.refresh_from_db()
        assert submission.reviewed_by == editor
        assert submission.reviewed_at == NOW
    assert ModelLogEntry.objects.filter(action="jeugdzorg_wagtail.submission_status").count() == 2


def test_a_bulk_change_without_a_selection_changes_nothing(client, call, django_user_model):
    submission = make_submission(call)
    client.force_login(make_editor(django_user_model))
    response = client.post(f"{ADMIN}bulk-status/", {"status": "accepted"}, follow=True)
    assert "Kies minstens één inzending." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "received"


def test_a_bulk_change_needs_the_change_permission(client, call, django_user_model):
    submission = make_submission(call)
    client.force_login(make_editor(django_user_model, change=False))
    assert 'form="jw-bulk-status"' not in client.get(ADMIN).content.decode()
    response = client.post(
        f"{ADMIN}bulk-status/", {"status": "accepted", "submissions": [submission.pk]}
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == "received"


def test_a_bulk_change_never_redirects_off_site(client, call, django_user_model):
    submission = make_submission(call)
    client.force_login(make_editor(django_user_model))
    response = client.post(
        f"{ADMIN}bulk-status/",
        {"status": "accepted", "submissions": [submission.pk], "next": "https://evil.example"},
    )
    assert response["Location"] == ADMIN


# Filters and search


def titles(response):
    html = response.content.decode()
    return {title for title in ("Alpha", "Beta", "Gamma") if title in html}


def test_the_listing_filters_by_call_status_type_region_and_date(admin_client, call, root_page):
    other_call = make_call(root_page, title="Andere oproep", slug="andere-oproep")
    utrecht = Region.objects.create(name="Utrecht")
    alpha = make_submission(call, title="Alpha", status="accepted")
    make_submission(other_call, title="Beta", submission_type="Workshop", region=utrecht)
    with time_machine.travel(aware(2026, 1, 5, 12), tick=False):
        make_submission(call, title="Gamma")
    assert titles(admin_client.get(ADMIN)) == {"Alpha", "Beta", "Gamma"}
    # The call filter's own parameter (a call's primary key is its page pointer)
    listing = admin_client.get(ADMIN).content.decode()
    assert f"?call__page_ptr__exact={call.pk}" in listing
    assert titles(admin_client.get(f"{ADMIN}?call__page_ptr__exact={call.pk}")) == {
        "Alpha",
        "Gamma",
    }
    assert titles(admin_client.get(f"{ADMIN}?status__exact=accepted")) == {"Alpha"}
    assert "?submission_type=Workshop" in listing
    assert titles(admin_client.get(f"{ADMIN}?submission_type=Workshop")) == {"Beta"}
    assert titles(admin_client.get(f"{ADMIN}?region__id__exact={utrecht.pk}")) == {"Beta"}
    # The date filter's links carry aware moments ("2026-03-01 00:00:00+01:00")
    month = urlencode(
        {"created_at__gte": str(aware(2026, 3, 1)), "created_at__lt": str(aware(2026, 4, 1))}
    )
    assert titles(admin_client.get(f"{ADMIN}?{month}")) == {"Alpha", "Beta"}
    assert alpha.pk


def test_search_looks_at_personal_fields_only_for_users_who_may_see_them(
    client, call, django_user_model
):
    make_submission(call)
    client.force_login(make_editor(django_user_model, personal_data=True, username="privacy"))
    assert "Beveiligd chatten" in client.get(f"{ADMIN}?q=sanne@example").content.decode()
    client.force_login(make_editor(django_user_model))
    assert "Beveiligd chatten" not in client.get(f"{ADMIN}?q=sanne@example").content.decode()
    assert "Beveiligd chatten" in client.get(f"{ADMIN}?q=chatten").content.decode()


# Permissions for personal data


def test_an_editor_without_the_permission_never_sees_personal_data(client, call, django_user_model):
    submission = with_file(call)
    client.force_login(make_editor(django_user_model))
    pages = [
        client.get(ADMIN),
        client.get(f"{ADMIN}?q=chatten"),
        client.get(f"{ADMIN}inspect/{submission.pk}/"),
        client.get(f"{ADMIN}edit/{submission.pk}/"),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for personal in PERSONAL:
            assert personal not in html
    assert "Beveiligd chatten met gezinnen" in pages[1].content.decode()
    assert "Beveiligd chatten met gezinnen" in pages[2].content.decode()
    assert "/attachment/" not in pages[2].content.decode()
    assert client.get(f"{ADMIN}attachment/{submission.pk}/").status_code == 403
    assert client.get(f"{ADMIN}export/?format=csv").status_code == 403
    assert client.get(f"{ADMIN}export/?format=xlsx").status_code == 403
    assert "/export/" not in pages[0].content.decode()


def test_an_editor_with_the_permission_sees_and_downloads_everything(
    client, call, django_user_model
):
    submission = with_file(call)
    client.force_login(make_editor(django_user_model, personal_data=True))
    listing = client.get(ADMIN).content.decode()
    assert "Sanne de Vries" in listing and "sanne@example.org" in listing
    assert f"{ADMIN}export/?format=csv" in listing
    html = client.get(f"{ADMIN}inspect/{submission.pk}/").content.decode()
    for personal in PERSONAL:
        assert personal in html
    assert f'href="{ADMIN}attachment/{submission.pk}/"' in html
    download = client.get(f"{ADMIN}attachment/{submission.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.PDF
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="sanne-cv.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


def test_downloading_needs_a_login(client, call):
    submission = with_file(call)
    response = client.get(f"{ADMIN}attachment/{submission.pk}/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_names_logs_and_search_index_hold_no_personal_data(client, call, django_user_model):
    submission = with_file(call)
    editor = make_editor(django_user_model, personal_data=True)
    client.force_login(editor)
    client.post(f"{ADMIN}edit/{submission.pk}/", {"status": "accepted", "editor_notes": ""})
    client.post(f"{ADMIN}bulk-status/", {"status": "rejected", "submissions": [submission.pk]})
    client.get(f"{ADMIN}export/?format=csv")
    assert str(submission) == f"Inzending #{submission.pk}"
    entries = list(ModelLogEntry.objects.all())
    assert len(entries) >= 3
    for entry in entries:
        logged = f"{entry.label} {entry.data} {entry.message}"
        for personal in PERSONAL:
            assert personal not in logged
    assert not issubclass(CallSubmission, index.Indexed)
    history = client.get(f"{ADMIN}history/{submission.pk}/")
    assert history.status_code == 200
    assert "Status gewijzigd" in history.content.decode()
    for personal in PERSONAL:
        assert personal not in history.content.decode()
