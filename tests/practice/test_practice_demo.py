"""The demo library: the network's practice examples, loaded once, linked to their events."""

import pytest

from jeugdzorg_wagtail.demo import load_demo
from jeugdzorg_wagtail.demo import practice as demo_practice
from jeugdzorg_wagtail.demo import taxonomy as demo_taxonomy
from jeugdzorg_wagtail.models import PracticeExampleIndexPage, PracticeExamplePage
from tests.utils import make_agenda, make_event


@pytest.mark.django_db
def test_the_demo_library_holds_the_examples_and_runs_again_without_changes(root_page, client):
    report = load_demo(root_page)
    assert any(created for _, created in report)
    library = PracticeExampleIndexPage.objects.get(slug="praktijkvoorbeelden")
    assert library.live and library.show_in_menus
    examples = {page.slug: page for page in PracticeExamplePage.objects.live()}
    assert set(examples) == {
        "haven-71-op-de-leo-kannerschool",
        "garage2020",
        "beveiligde-website-voor-kind-en-gezin",
        "kennis-delen-via-sociale-media",
        "online-samenwerken-en-gedeelde-agendas",
    }
    haven = examples["haven-71-op-de-leo-kannerschool"]
    assert haven.region.name == "Holland Rijnland"
    assert [o.name for o in haven.get_organisations()] == ["Haven 71", "Leo Kannerschool"]
    assert "Tijdelijk Fonds Jeugdhulp" in haven.results
    for example in examples.values():
        if example.contact_email:
            assert example.contact_email.endswith(".example.org")
        assert example.themes.exists()
    response = client.get("/praktijkvoorbeelden/?region=limburg")
    assert response.status_code == 200
    assert response.context["result_count"] == 3

    again = load_demo(root_page)
    assert [entry for entry in again if entry[1]] == []
    assert PracticeExamplePage.objects.count() == 5


@pytest.mark.django_db
def test_demo_examples_link_to_the_events_they_were_presented_at(root_page):
    report, context = [], {}
    demo_taxonomy.load(root_page, report, context)
    agenda = make_agenda(root_page)
    themacafe = make_event(agenda, "Themacafé Jeugdhulp", slug="themacafe-jeugdhulp-2018")
    symposium = make_event(agenda, "Symposium Jeugdzorg 2.0", slug="symposium-2012")
    context["events"] = {"themacafe-2018": themacafe, "symposium-2012": symposium}
    demo_practice.load(root_page, report, context)
    haven = context["practice_examples"]["haven-71-op-de-leo-kannerschool"]
    assert list(haven.presented_at.all()) == [themacafe]
    assert set(symposium.practice_examples.values_list("slug", flat=True)) == {
        "beveiligde-website-voor-kind-en-gezin",
        "kennis-delen-via-sociale-media",
        "online-samenwerken-en-gedeelde-agendas",
    }
