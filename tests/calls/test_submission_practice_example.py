"""Making a draft practice example from an accepted submission."""

import json

import pytest
from wagtail.models import Revision

from jeugdzorg_wagtail.models import Organisation, PracticeExamplePage, TargetGroup, Theme
from tests.utils import make_editor, make_submission

pytestmark = pytest.mark.usefixtures("attachment_root")

ADMIN = "/admin/jeugdzorg_wagtail/callsubmission/"
PERSONAL = ("Sanne de Vries", "sanne@example.org", "043 123 45 67", "Gedragswetenschapper")


def accepted(call):
    theme = Theme.objects.create(name="ICT en sociale media")
    group = TargetGroup.objects.create(name="Jongeren")
    return make_submission(
        call,
        status="accepted",
        themes=[theme],
        target_groups=[group],
        links=["https://www.example.org/chat", "https://www.example.org/verslag"],
        description="Hoe we het opzetten.\n\nWat het <b>oplevert</b>.",
    )


def test_an_accepted_submission_becomes_a_draft_with_its_content(admin_client, call, library):
    submission = accepted(call)
    inspect = admin_client.get(f"{ADMIN}inspect/{submission.pk}/").content.decode()
    assert f"{ADMIN}practice-example/{submission.pk}/" in inspect
    form = admin_client.get(f"{ADMIN}practice-example/{submission.pk}/")
    assert form.status_code == 200
    response = admin_client.post(
        f"{ADMIN}practice-example/{submission.pk}/", {"library": library.pk}
    )
    page = PracticeExamplePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live
    assert page.get_parent().specific == library
    assert page.title == "Beveiligd chatten met gezinnen"
    assert page.summary == submission.summary
    assert page.region.name == "Limburg"
    assert [t.name for t in page.themes.all()] == ["ICT en sociale media"]
    assert [t.name for t in page.target_groups.all()] == ["Jongeren"]
    assert [o.organisation.name for o in page.organisation_links.all()] == ["Jeugdzorg Zuid"]
    assert [block.value["url"] for block in page.links] == submission.links
    body = str(page.body[0].value)
    assert "<p>Hoe we het opzetten.</p>" in body and "&lt;b&gt;oplevert&lt;/b&gt;" in body
    assert page.contact_name == "" and page.contact_email == ""
    submission.refresh_from_db()
    assert submission.practice_example == page
    # An existing organisation is reused, not duplicated.
    assert Organisation.objects.filter(name="Jeugdzorg Zuid").count() == 1


def test_no_revision_carries_personal_data(admin_client, call, library):
    submission = accepted(call)
    admin_client.post(f"{ADMIN}practice-example/{submission.pk}/", {"library": library.pk})
    page = PracticeExamplePage.objects.get()
    revisions = Revision.objects.filter(object_id=str(page.pk))
    assert revisions.exists()
    for revision in revisions:
        content = json.dumps(revision.content)
        for personal in PERSONAL:
            assert personal not in content


def test_only_accepted_submissions_become_practice_examples(admin_client, call, library):
    submission = make_submission(call, status="under_review")
    inspect = admin_client.get(f"{ADMIN}inspect/{submission.pk}/").content.decode()
    assert "practice-example/" not in inspect
    response = admin_client.post(
        f"{ADMIN}practice-example/{submission.pk}/", {"library": library.pk}
    )
    assert response.status_code == 403
    assert not PracticeExamplePage.objects.exists()


def test_an_editor_without_page_rights_in_a_library_cannot_choose_it(
    client, call, library, django_user_model
):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    submission = accepted(call)
    editor = make_editor(django_user_model)
    GroupPagePermission.objects.filter(group__user=editor).delete()
    # Edit rights on the call (so its submissions are theirs), none in the library
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editor.groups.get(),
            page=call,
            permission=Permission.objects.get(codename=codename),
        )
    client.force_login(editor)
    response = client.post(f"{ADMIN}practice-example/{submission.pk}/", {"library": library.pk})
    assert response.status_code == 200
    assert not PracticeExamplePage.objects.exists()
