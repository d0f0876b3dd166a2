"""Retention (jeugdzorg_purge_submissions) and AVG access and erasure for one address."""

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from jeugdzorg_wagtail.models import CallSubmission, PersonalDataRequest, email_hash
from tests import files
from tests.utils import aware, make_call, make_submission


@pytest.fixture
def storage_root(tmp_path):
    with override_settings(JEUGDZORG_WAGTAIL={"ATTACHMENT_ROOT": tmp_path}):
        yield tmp_path


@pytest.fixture
def calls(root_page, storage_root):
    old = make_call(
        root_page,
        title="Oud",
        slug="oud",
        opens_at=aware(2024, 1, 1),
        closes_at=aware(2024, 3, 1, 17),
    )
    new = make_call(
        root_page,
        title="Nieuw",
        slug="nieuw",
        opens_at=aware(2025, 1, 1),
        closes_at=aware(2025, 6, 1, 17),
    )
    return old, new


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_purge_anonymises_only_submissions_past_retention(calls, storage_root):
    old_call, new_call = calls
    old = make_submission(old_call, attachment=("cv.pdf", files.PDF), editor_notes="Sterk")
    new = make_submission(new_call, attachment=("cv.pdf", files.PDF))
    storage, stored = old.attachment.storage, old.attachment.name
    assert storage.exists(stored)
    # 12 months after 1 March 2025 17:00 (Amsterdam): the old call is due, the new one is not.
    with time_machine.travel(aware(2025, 3, 1, 17, 1), tick=False):
        output = run("jeugdzorg_purge_submissions")
    assert f"#{old.pk}" in output and f"#{new.pk}" not in output
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.role, old.attachment_name) == ("", "", "", "", "")
    assert not old.attachment
    assert not storage.exists(stored)
    assert old.anonymised_at == aware(2025, 3, 1, 17, 1)
    assert old.title == "Beveiligd chatten met gezinnen" and old.editor_notes == "Sterk"
    new.refresh_from_db()
    assert new.email == "sanne@example.org" and new.attachment
    new.attachment.delete(save=False)


def test_a_second_purge_changes_nothing(calls):
    old = make_submission(calls[0])
    with time_machine.travel(aware(2025, 4, 1), tick=False):
        run("jeugdzorg_purge_submissions")
    old.refresh_from_db()
    first = old.anonymised_at
    with time_machine.travel(aware(2025, 5, 1), tick=False):
        output = run("jeugdzorg_purge_submissions")
    assert "0 submission(s) anonymised" in output
    old.refresh_from_db()
    assert old.anonymised_at == first


def test_the_dry_run_changes_nothing(calls, storage_root):
    old = make_submission(calls[0], attachment=("cv.pdf", files.PDF))
    with time_machine.travel(aware(2025, 4, 1), tick=False):
        output = run("jeugdzorg_purge_submissions", "--dry-run")
    assert f"Would anonymise submission #{old.pk}" in output
    assert "1 submission(s) would be anonymised" in output
    old.refresh_from_db()
    assert old.email == "sanne@example.org" and old.anonymised_at is None
    assert old.attachment.storage.exists(old.attachment.name)
    old.attachment.delete(save=False)


def test_the_retention_period_is_a_setting(calls, storage_root):
    old = make_submission(calls[0])
    settings = {"ATTACHMENT_ROOT": storage_root, "SUBMISSION_RETENTION_MONTHS": 24}
    with override_settings(JEUGDZORG_WAGTAIL=settings):
        with time_machine.travel(aware(2025, 4, 1), tick=False):
            run("jeugdzorg_purge_submissions")
        old.refresh_from_db()
        assert old.anonymised_at is None
        with time_machine.travel(aware(2026, 3, 2), tick=False):
            run("jeugdzorg_purge_submissions")
    old.refresh_from_db()
    assert old.anonymised_at is not None


def test_access_lists_everything_for_one_address_only(calls):
    mine = make_submission(calls[0], email="Sanne@Example.org", title="Mijn voorstel")
    make_submission(calls[1], email="piet@example.org", name="Piet", title="Ander voorstel")
    report = json.loads(run("jeugdzorg_personal_data", "sanne@example.org"))
    assert [item["reference"] for item in report["submissions"]] == [mine.pk]
    item = report["submissions"][0]
    assert item["name"] == "Sanne de Vries" and item["phone"] == "043 123 45 67"
    assert item["title"] == "Mijn voorstel" and item["call"] == "Oud"
    record = PersonalDataRequest.objects.get()
    assert record.kind == "access" and record.submission_count == 1
    assert record.email_hash == email_hash("sanne@example.org")
    assert "sanne" not in json.dumps(list(PersonalDataRequest.objects.values()), default=str)
    assert CallSubmission.objects.count() == 2


def test_erasure_deletes_one_address_and_leaves_others(calls, storage_root, django_user_model):
    mine = make_submission(calls[0], attachment=("cv.pdf", files.PDF))
    make_submission(calls[1], email="sanne@example.org")
    other = make_submission(calls[1], email="piet@example.org", name="Piet")
    storage, stored = mine.attachment.storage, mine.attachment.name
    django_user_model.objects.create_user("privacy")
    run("jeugdzorg_personal_data", "sanne@example.org", "--erase", "--user", "privacy")
    assert list(CallSubmission.objects.all()) == [other]
    assert not storage.exists(stored)
    record = PersonalDataRequest.objects.get()
    assert (record.kind, record.submission_count) == ("erasure", 2)
    assert record.handled_by.username == "privacy"
    assert record.email_hash != "sanne@example.org"
    assert json.loads(run("jeugdzorg_personal_data", "sanne@example.org"))["submissions"] == []
