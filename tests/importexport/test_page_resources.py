"""Every resource in the registry, found there rather than listed: a file in its format
imports through its admin listing, and what the listing exports imports back unchanged.

A resource registered tomorrow is tested too; it needs sample rows in ``SAMPLES`` (the test
says so when they are missing)."""

from pathlib import Path

import pytest

from jeugdzorg_wagtail.importexport.registry import registered_resources
from jeugdzorg_wagtail.taxonomy.resources import TaxonomyResource
from tests.utils import import_file, load_taxonomy, make_agenda, make_library

DOCS_SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"

#: Sample files of the page resources, by model name (the docs offer the same files).
SAMPLES = {
    "eventpage": DOCS_SAMPLES / "events.csv",
    "practiceexamplepage": DOCS_SAMPLES / "practice-examples.csv",
}

pytestmark = pytest.mark.django_db


def importable():
    """The registered resources that a modeladmin listing imports, with their model."""
    return sorted(
        (
            (model, resource)
            for model, resource in registered_resources().items()
            if resource.is_page_resource or issubclass(resource, TaxonomyResource)
        ),
        key=lambda pair: pair[0]._meta.model_name,
    )


def sample(model, resource):
    if issubclass(resource, TaxonomyResource):
        return b"slug,name,description\nzuid,Zuid,Het zuiden\nnoord,Noord,-min\n"
    path = SAMPLES.get(model._meta.model_name)
    assert path is not None, f"Add sample rows for {model.__name__} to SAMPLES"
    return path.read_bytes()


def parent_for(root_page, resource):
    """A parent page for new pages of a page resource (one of its parent page models)."""
    if not resource.is_page_resource:
        return {}
    parent_model = resource.parent_page_models[0]
    makers = {"eventindexpage": make_agenda, "practiceexampleindexpage": make_library}
    return {"parent": makers[parent_model._meta.model_name](root_page).pk}


@pytest.mark.parametrize(
    ("model", "resource"), importable(), ids=lambda value: getattr(value, "__name__", "")
)
def test_an_import_and_its_export_round_trip_through_the_listing(
    admin_client, root_page, model, resource
):
    assert len(importable()) >= 7  # events, practice examples and the five kinds of term
    load_taxonomy()
    listing = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    options = parent_for(root_page, resource)
    preview, confirmed = import_file(admin_client, listing, sample(model, resource), **options)
    assert preview.context["report"].errors == []
    assert confirmed.status_code == 302
    exported = admin_client.get(f"{listing}export/?format=csv")
    assert exported.status_code == 200
    again, _confirmed = import_file(
        admin_client, listing, exported.content, confirm=False, **options
    )
    assert again.context["report"].errors == []
    totals = again.context["totals"]
    assert totals["new"] == totals["update"] == 0
    assert totals["skip"] >= 2
