"""Publishing imported pages needs the publish permission under the chosen parent.

An editor who may add pages under a parent but not publish them is not offered "Publish";
a "publish" sent all the same is refused with a form error and nothing is written. Every page
resource in the registry is tested, found there rather than listed.
"""

import html

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from jeugdzorg_wagtail.importexport.formats import read_upload
from jeugdzorg_wagtail.importexport.registry import registered_resources
from tests.importexport.test_page_resources import SAMPLES
from tests.utils import import_file, load_taxonomy, make_agenda, make_library

pytestmark = pytest.mark.django_db

MAKERS = {"eventindexpage": make_agenda, "practiceexampleindexpage": make_library}

NOT_OFFERED = "Je mag hier geen pagina's publiceren. Laat „Publiceren” uit"


def page_resources():
    return sorted(
        ((m, r) for m, r in registered_resources().items() if r.is_page_resource),
        key=lambda pair: pair[0]._meta.model_name,
    )


by_resource = pytest.mark.parametrize(
    ("model", "resource"), page_resources(), ids=lambda value: getattr(value, "__name__", "")
)


def test_both_page_resources_are_found():
    names = {model._meta.model_name for model, _resource in page_resources()}
    assert {"eventpage", "practiceexamplepage"} <= names


def make_parent(root_page, resource, n=1):
    maker = MAKERS[resource.parent_page_models[0]._meta.model_name]
    return maker(root_page, title=f"Ouder {n}", slug=f"ouder-{n}")


def listing(model):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def content(model):
    return SAMPLES[model._meta.model_name].read_bytes()


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def grant(user, page, *codenames, name="Redactie"):
    group, _created = Group.objects.get_or_create(name=name)
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)


def shown(response):
    """The text of the page as a reader sees it."""
    return html.unescape(response.content.decode())


def publish_box(response):
    return 'name="publish"' in response.content.decode()


@by_resource
def test_publish_is_offered_only_to_who_may_publish(client, editor, root_page, model, resource):
    parent = make_parent(root_page, resource)
    grant(editor, parent, "add_page", "change_page")
    client.force_login(editor)
    response = client.get(f"{listing(model)}import/")
    assert response.status_code == 200
    assert 'name="parent"' in response.content.decode()
    assert not publish_box(response)
    grant(editor, parent, "publish_page", name="Eindredactie")
    assert publish_box(client.get(f"{listing(model)}import/"))


@by_resource
def test_a_forged_publish_is_refused_at_upload_and_nothing_is_written(
    client, editor, root_page, model, resource
):
    load_taxonomy()
    parent = make_parent(root_page, resource)
    grant(editor, parent, "add_page", "change_page")
    client.force_login(editor)
    pages = Page.objects.count()
    preview, confirmed = import_file(
        client, listing(model), content(model), parent=parent.pk, publish="on"
    )
    assert preview.status_code == 200
    assert confirmed is None
    assert "report" not in preview.context  # no preview: the form is shown again
    assert NOT_OFFERED in shown(preview)
    assert Page.objects.count() == pages


@by_resource
def test_a_forged_publish_is_refused_at_confirm_and_nothing_is_written(
    client, editor, root_page, model, resource
):
    load_taxonomy()
    parent = make_parent(root_page, resource)
    grant(editor, parent, "add_page", "change_page")
    client.force_login(editor)
    pages = Page.objects.count()
    preview, _confirmed = import_file(
        client, listing(model), content(model), parent=parent.pk, confirm=False
    )
    assert preview.context["report"].errors == []
    token = preview.context["confirm_form"]["token"].value()
    response = client.post(
        f"{listing(model)}import/confirm/",
        {"token": token, "file_name": "import.csv", "parent": parent.pk, "publish": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{listing(model)}import/"
    assert "De import kon niet worden bevestigd." in shown(response)
    assert Page.objects.count() == pages


@by_resource
def test_without_publish_the_editor_s_pages_are_drafts(client, editor, root_page, model, resource):
    load_taxonomy()
    parent = make_parent(root_page, resource)
    grant(editor, parent, "add_page", "change_page")
    client.force_login(editor)
    preview, confirmed = import_file(client, listing(model), content(model), parent=parent.pk)
    new = preview.context["totals"]["new"]
    assert new >= 2
    assert confirmed.status_code == 302
    assert confirmed["Location"] == listing(model)
    created = model.objects.child_of(parent)
    assert created.count() == new
    assert not created.live().exists()


@by_resource
def test_an_editor_who_may_publish_publishes(client, editor, root_page, model, resource):
    load_taxonomy()
    parent = make_parent(root_page, resource)
    grant(editor, parent, "add_page", "change_page", "publish_page")
    client.force_login(editor)
    preview, confirmed = import_file(
        client, listing(model), content(model), parent=parent.pk, publish="on"
    )
    new = preview.context["totals"]["new"]
    assert confirmed.status_code == 302
    assert model.objects.child_of(parent).live().count() == new
    published = PageLogEntry.objects.filter(action="wagtail.publish", page__in=model.objects.all())
    assert set(published.values_list("user_id", flat=True)) == {editor.pk}
    assert published.count() == new


@by_resource
def test_publish_under_a_parent_where_the_editor_may_not_is_refused(
    client, editor, root_page, model, resource
):
    load_taxonomy()
    own = make_parent(root_page, resource, 1)
    other = make_parent(root_page, resource, 2)
    grant(editor, own, "add_page", "change_page", "publish_page")
    grant(editor, other, "add_page", "change_page", name="Andere redactie")
    client.force_login(editor)
    form = client.get(f"{listing(model)}import/")
    assert publish_box(form)
    assert "Nieuwe pagina's mag je alleen publiceren onder: Ouder 1." in shown(form)
    pages = Page.objects.count()
    preview, confirmed = import_file(
        client, listing(model), content(model), parent=other.pk, publish="on"
    )
    assert confirmed is None
    assert "Je mag geen pagina's publiceren onder „Ouder 2”." in shown(preview)
    assert Page.objects.count() == pages
    _preview, confirmed = import_file(
        client, listing(model), content(model), parent=own.pk, publish="on"
    )
    assert confirmed.status_code == 302
    assert model.objects.child_of(own).live().count() >= 2


@by_resource
def test_the_resource_refuses_each_new_page_it_may_not_publish(editor, root_page, model, resource):
    """Outside the admin form too: every new page's row is refused, nothing is written."""
    load_taxonomy()
    parent = make_parent(root_page, resource)
    grant(editor, parent, "add_page", "change_page")
    pages = Page.objects.count()
    dataset = read_upload(content(model), "import.csv")
    report = resource().run_import(
        dataset, dry_run=False, user=editor, options={"parent": parent, "publish": True}
    )
    messages = {e.message for e in report.errors}
    assert messages == {"Je mag geen pagina's publiceren onder de gekozen pagina."}
    assert len(report.errors) == len(set(dataset["import_key"]))
    assert Page.objects.count() == pages
