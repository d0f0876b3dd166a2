"""One taxonomy for everything: events, practice examples, presentations and calls have a
region, themes and target groups, which editors set in the admin and the API and search
show."""

import pytest
from django.utils.functional import Promise

from jeugdzorg_wagtail.models import (
    CallForParticipationPage,
    EventPage,
    PracticeExamplePage,
    PresentationPage,
    Region,
    TargetGroup,
    Theme,
)
from jeugdzorg_wagtail.taxonomy.models import TaxonomyMixin
from tests.utils import (
    make_agenda,
    make_call,
    make_event,
    make_library,
    make_practice_example,
    make_presentation,
    package_page_types,
)

TAXONOMY_FIELDS = ("region", "themes", "target_groups")

pytestmark = pytest.mark.django_db


def test_events_practice_examples_presentations_and_calls_have_the_taxonomy():
    with_taxonomy = {m for m in package_page_types() if issubclass(m, TaxonomyMixin)}
    assert with_taxonomy == {
        CallForParticipationPage,
        EventPage,
        PracticeExamplePage,
        PresentationPage,
    }


@pytest.mark.parametrize(
    "model", [CallForParticipationPage, EventPage, PracticeExamplePage, PresentationPage]
)
def test_editors_set_the_taxonomy_in_the_page_form_with_help(model):
    form_class = model.get_edit_handler().get_form_class()
    for name in TAXONOMY_FIELDS:
        assert name in form_class.base_fields, name
        field = model._meta.get_field(name)
        assert isinstance(field.verbose_name, Promise)
        assert isinstance(field.help_text, Promise)


def pages_of_every_kind(root_page, region, theme, group):
    agenda = make_agenda(root_page)
    event = make_event(agenda, "Themacafé", region=region)
    practice = make_practice_example(make_library(root_page), "Haven 71", region=region)
    presentation = make_presentation(event, "Dia's", region=region)
    call = make_call(root_page, region=region)
    pages = [event, practice, presentation, call]
    for page in pages:
        page.themes.set([theme])
        page.target_groups.set([group])
        page.save_revision().publish()
    return pages


def test_each_page_keeps_its_terms_and_a_term_knows_its_pages_per_model(root_page):
    region = Region.objects.create(name="Limburg")
    theme = Theme.objects.create(name="De professional")
    group = TargetGroup.objects.create(name="Gemeenten")
    pages = pages_of_every_kind(root_page, region, theme, group)
    for page in pages:
        page = type(page).objects.get(pk=page.pk)
        assert page.region == region
        assert list(page.themes.all()) == [theme]
        assert list(page.target_groups.all()) == [group]
    assert list(theme.jeugdzorg_wagtail_presentationpage_pages.all()) == [pages[2]]
    assert list(region.jeugdzorg_wagtail_callforparticipationpage_pages.all()) == [pages[3]]


def test_search_finds_presentations_and_calls_by_their_terms(root_page):
    region = Region.objects.create(name="Zuid-Limburg")
    theme = Theme.objects.create(name="Mediawijsheid")
    group = TargetGroup.objects.create(name="Gemeenten")
    pages_of_every_kind(root_page, region, theme, group)
    for model in (PresentationPage, CallForParticipationPage):
        assert [page.pk for page in model.objects.live().search("Mediawijsheid")], model
        filtered = model.objects.live().filter(region=region).search("Mediawijsheid")
        assert len(list(filtered)) == 1, model


def test_the_api_gives_a_presentations_terms_as_names_and_slugs(client, root_page):
    region = Region.objects.create(name="Limburg")
    theme = Theme.objects.create(name="De professional")
    group = TargetGroup.objects.create(name="Gemeenten")
    presentation = pages_of_every_kind(root_page, region, theme, group)[2]
    field_names = {field.name for field in PresentationPage.api_fields}
    assert set(TAXONOMY_FIELDS) <= field_names
    serializers = {field.name: field.serializer for field in PresentationPage.api_fields}
    data = serializers["themes"].to_representation(presentation.themes.all())
    assert data == [{"name": "De professional", "slug": "de-professional"}]
    assert serializers["region"].to_representation(region) == {
        "name": "Limburg",
        "slug": "limburg",
    }
