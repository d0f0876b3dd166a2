"""Consent and personal data: privacy statement versions, e-mail failures, the minimal admin."""

import logging

import django
import pytest
from django.core import mail
from django.test import override_settings

from jeugdzorg_wagtail.models import CallSubmission, NetworkSettings, PrivacyStatementVersion
from tests import files
from tests.utils import aware, call_form_data, make_editor

pytestmark = pytest.mark.usefixtures("notify_address", "open_clock", "delete_attachments")


class BrokenEmailBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp.example.org:587 refused the connection")


# Privacy statement versions


def test_each_published_text_becomes_a_version_once(call):
    first = PrivacyStatementVersion.objects.get(call=call)
    assert first.text == call.privacy_statement
    assert first.revision_id == call.live_revision_id
    call.title = "Andere titel"
    call.save_revision().publish()
    assert PrivacyStatementVersion.objects.filter(call=call).count() == 1
    call.privacy_statement = "<p>We bewaren je gegevens tot een jaar na het symposium.</p>"
    call.save_revision().publish()
    versions = PrivacyStatementVersion.objects.filter(call=call).order_by("pk")
    assert versions.count() == 2
    assert versions[1].text == "<p>We bewaren je gegevens tot een jaar na het symposium.</p>"
    assert versions[0].text == first.text  # the old text stays retrievable


def test_a_submission_records_the_version_and_moment_of_consent(client, call):
    old_version = call.get_privacy_version()
    client.post(call.url, call_form_data(call))
    submission = CallSubmission.objects.get()
    assert submission.privacy_version == old_version
    assert submission.consent_given_at == aware(2026, 3, 10, 12)

    call.privacy_statement = "<p>Tweede versie van de verklaring.</p>"
    call.save_revision().publish()
    client.post(call.url, call_form_data(call, title="Tweede voorstel"))
    newer = CallSubmission.objects.get(title="Tweede voorstel")
    assert newer.privacy_version != old_version
    assert newer.privacy_version.text == "<p>Tweede versie van de verklaring.</p>"
    submission.refresh_from_db()
    assert submission.privacy_version.text == old_version.text


def test_a_version_in_use_cannot_be_deleted(client, call):
    from django.db.models import ProtectedError

    client.post(call.url, call_form_data(call))
    with pytest.raises(ProtectedError):
        CallSubmission.objects.get().privacy_version.delete()


# E-mails


BROKEN = "tests.calls.test_call_privacy.BrokenEmailBackend"


@override_settings(
    **(
        {"MAILERS": {"default": {"BACKEND": BROKEN}}}
        if django.VERSION >= (6, 1)
        else {"EMAIL_BACKEND": BROKEN}
    )
)
def test_a_failing_email_backend_keeps_the_submission_and_marks_it(
    client, call, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="jeugdzorg_wagtail.calls"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(call.url, call_form_data(call))
    assert response.status_code == 302
    submission = CallSubmission.objects.get()
    assert submission.email_failed
    assert "confirmation: ConnectionRefusedError" in submission.email_notes
    assert "notice: ConnectionRefusedError" in submission.email_notes
    assert "Sending the confirmation of submission" in caplog.text
    assert "sanne@example.org" not in caplog.text


def test_no_editor_address_is_marked_too(client, call, django_capture_on_commit_callbacks):
    NetworkSettings.objects.update(notification_email="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(call.url, call_form_data(call))
    submission = CallSubmission.objects.get()
    assert len(mail.outbox) == 1
    assert submission.email_failed
    assert "notice: no recipient" in submission.email_notes


def test_no_email_is_sent_before_the_submission_is_committed(
    client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(call.url, call_form_data(call))
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 2


def test_the_confirmation_repeats_no_free_text_and_is_in_the_senders_language(
    client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            call.url,
            call_form_data(call, title="Klik op http://phish.example"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    confirmation = mail.outbox[0]
    assert confirmation.to == ["sanne@example.org"]
    assert "phish.example" not in confirmation.body
    assert "Thank you for your submission" in confirmation.body
    assert call.get_full_url() in confirmation.body


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [("https://beheer.example.org/", "https://beheer.example.org"), ("", "http://localhost")],
)
def test_the_editors_notice_links_to_the_submission_in_the_admin(
    client, call, django_capture_on_commit_callbacks, settings, base_url, expected
):
    settings.WAGTAILADMIN_BASE_URL = base_url
    with django_capture_on_commit_callbacks(execute=True):
        client.post(call.url, call_form_data(call))
    submission = CallSubmission.objects.get()
    notice = mail.outbox[1]
    link = f"{expected}/admin/jeugdzorg_wagtail/callsubmission/inspect/{submission.pk}/"
    assert link in notice.body
    assert "Sanne" not in notice.body


# The minimal admin


def submit_with_file(client, call):
    data = call_form_data(call)
    data["attachment"] = files.upload("sanne-cv.pdf", files.PDF)
    client.post(call.url, data)
    return CallSubmission.objects.get()


def test_an_editor_without_the_permission_sees_no_personal_data(client, call, django_user_model):
    submission = submit_with_file(client, call)
    client.force_login(make_editor(django_user_model, change=False))
    index = client.get("/admin/jeugdzorg_wagtail/callsubmission/")
    assert index.status_code == 200
    assert "Beveiligd chatten met gezinnen" in index.content.decode()
    inspect = client.get(f"/admin/jeugdzorg_wagtail/callsubmission/inspect/{submission.pk}/")
    html = inspect.content.decode()
    assert inspect.status_code == 200
    assert "Beveiligd chatten met gezinnen" in html
    for personal in ("Sanne de Vries", "sanne@example.org", "043 123 45 67", "sanne-cv.pdf"):
        assert personal not in html
        assert personal not in index.content.decode()
    search = client.get("/admin/jeugdzorg_wagtail/callsubmission/?q=Sanne")
    assert "Beveiligd chatten" not in search.content.decode()


def test_an_editor_with_the_permission_sees_personal_data(client, call, django_user_model):
    submission = submit_with_file(client, call)
    client.force_login(make_editor(django_user_model, change=False, personal_data=True))
    html = client.get(
        f"/admin/jeugdzorg_wagtail/callsubmission/inspect/{submission.pk}/"
    ).content.decode()
    assert "Sanne de Vries" in html
    assert "sanne@example.org" in html
    assert "sanne-cv.pdf" in html
    assert submission.attachment.name not in html  # no link to the stored file


def test_submissions_are_not_created_in_the_admin(admin_client, call):
    assert admin_client.get("/admin/jeugdzorg_wagtail/callsubmission/create/").status_code in (
        302,
        403,
    )


def test_the_name_of_a_submission_holds_no_personal_data(client, call):
    client.post(call.url, call_form_data(call))
    submission = CallSubmission.objects.get()
    assert str(submission) == f"Inzending #{submission.pk}"


def test_editors_get_the_default_submission_types_when_adding_a_call(admin_client, root_page):
    response = admin_client.get(
        f"/admin/pages/add/jeugdzorg_wagtail/callforparticipationpage/{root_page.pk}/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Praktijkvoorbeeld" in html
    assert "Kraam op de open-spacemarkt" in html


def test_an_editor_can_change_the_status_and_notes_only(admin_client, client, call):
    client.post(call.url, call_form_data(call))
    submission = CallSubmission.objects.get()
    url = f"/admin/jeugdzorg_wagtail/callsubmission/edit/{submission.pk}/"
    form = admin_client.get(url)
    assert form.status_code == 200
    assert 'name="status"' in form.content.decode()
    assert 'name="email"' not in form.content.decode()
    response = admin_client.post(url, {"status": "under_review", "editor_notes": "Mooi voorbeeld"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "under_review"
    assert submission.editor_notes == "Mooi voorbeeld"
    assert submission.email == "sanne@example.org"
