"""The site-wide presentations listing with its filters, and an event page's presentations."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from jeugdzorg_wagtail.models import Organisation, PresentationIndexPage, Theme
from tests.utils import aware, make_agenda, make_document, make_event, make_presentation


@pytest.fixture(autouse=True)
def fresh_site_root_paths():
    """Wagtail caches the site root paths; a test that adds a site must not leave them."""
    cache.clear()
    yield
    cache.clear()


def make_listing(parent, title="Presentaties", slug="presentaties"):
    page = PresentationIndexPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def tree(root_page):
    agenda = make_agenda(root_page)
    cafe = make_event(
        agenda,
        "Themacafé Jeugdhulp",
        sessions=[{"start": aware(2018, 5, 23, 19, 30), "end": aware(2018, 5, 23, 22)}],
    )
    symposium = make_event(
        agenda,
        "Symposium Jeugdzorg 2.0",
        sessions=[{"start": aware(2012, 4, 26, 10), "end": aware(2012, 4, 26, 17)}],
    )
    two = Organisation.objects.create(name="TWO Jeugdhulp")
    haven = Organisation.objects.create(name="Haven 71")
    professional = Theme.objects.create(name="De professional")
    policy = Theme.objects.create(name="Beleid en management")
    listing = make_listing(root_page)
    return {
        "agenda": agenda,
        "cafe": cafe,
        "symposium": symposium,
        "listing": listing,
        "two": two,
        "haven": haven,
        "professional": professional,
        "policy": policy,
        "beter": make_presentation(
            cafe,
            "Het kan beter",
            document=make_document(content=b"%PDF-1.4\n" + b"x" * 2000),
            speakers=[{"role": "Manager", "organisation": two}],
            themes=[policy],
        ),
        "haven71": make_presentation(
            cafe,
            "Haven 71 op school",
            withdrawn=True,
            withdrawn_reason="Op verzoek van de sprekers.",
            speakers=[{"name": "Team Haven 71", "organisation": haven}],
            themes=[professional],
        ),
        "online": make_presentation(
            listing,
            "Online hulp in Limburg",
            event=symposium,
            speakers=[{"name": "Jan Jansen", "organisation_name": "Eigen praktijk"}],
            themes=[professional],
        ),
    }


def listed(response):
    html = response.content.decode()
    return [title for title in TITLES if f">{title}</a>" in html]


TITLES = ["Het kan beter", "Haven 71 op school", "Online hulp in Limburg", "Elders", "Concept"]


@pytest.mark.django_db
def test_the_listing_shows_every_live_public_presentation_of_the_site(client, tree, root_page):
    make_presentation(tree["cafe"], "Concept", publish=False)
    private = make_presentation(tree["cafe"], "Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # Another site's presentations stay out.
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="Andere site", slug="andere-site")
    )
    Site.objects.create(hostname="andere.example.org", root_page=other_root)
    make_presentation(make_event(make_agenda(other_root, slug="agenda2"), "Elders"), "Elders")
    response = client.get(tree["listing"].url)
    assert response.status_code == 200
    assert listed(response) == ["Het kan beter", "Haven 71 op school", "Online hulp in Limburg"]
    html = response.content.decode()
    assert "Besloten" not in html
    assert 'role="status" aria-live="polite">3 presentaties</p>' in html
    assert "Download ‘Het kan beter’ (PDF, 2 kB)" in html
    assert "Niet langer beschikbaar" in html
    assert "Op verzoek van de sprekers." in html
    assert "Manager" in html and "(TWO Jeugdhulp)" in html
    assert "(Eigen praktijk)" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2018", ["Het kan beter", "Haven 71 op school"]),
        ("year=2012", ["Online hulp in Limburg"]),
        ("theme=de-professional", ["Haven 71 op school", "Online hulp in Limburg"]),
        ("theme=de-professional&theme=beleid-en-management", TITLES[:3]),
        ("organisation=two-jeugdhulp", ["Het kan beter"]),
        ("organisation=haven-71&year=2018", ["Haven 71 op school"]),
        ("organisation=haven-71&year=2012", []),
    ],
)
def test_filters(client, tree, query, expected):
    response = client.get(f"{tree['listing'].url}?{query}")
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.django_db
def test_filter_by_event(client, tree):
    response = client.get(f"{tree['listing'].url}?event={tree['symposium'].pk}")
    assert listed(response) == ["Online hulp in Limburg"]
    response = client.get(f"{tree['listing'].url}?event={tree['cafe'].pk}")
    assert listed(response) == ["Het kan beter", "Haven 71 op school"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "event=abc",
        "event=999999",
        "year=twintig",
        "year=1999",
        "theme=bestaat-niet",
        "organisation=%00",
        "page=-3",
        "page=xyz",
        "page=99",
        "event=1&event=2",
        "event=" + "9" * 30,
        "event=-1",
    ],
)
def test_invalid_values_never_break_the_listing(client, tree, query):
    response = client.get(f"{tree['listing'].url}?{query}")
    assert response.status_code == 200
    assert len(listed(response)) >= 1 or "page=" in query


@pytest.mark.django_db
def test_an_invalid_filter_is_shown_and_ignored(client, tree):
    response = client.get(f"{tree['listing'].url}?theme=bestaat-niet&year=2012")
    html = response.content.decode()
    assert "bestaat-niet" in html  # the error names the value
    assert listed(response) == ["Online hulp in Limburg"]


@pytest.mark.django_db
def test_the_form_is_labelled_and_works_without_javascript(client, tree):
    html = client.get(tree["listing"].url).content.decode()
    assert '<form method="get"' in html
    assert '<label for="id_event">' in html
    assert '<label for="id_year">' in html
    assert "<legend>Thema</legend>" in html
    assert "<legend>Organisatie van de spreker</legend>" in html
    assert 'type="submit"' in html
    assert "onchange" not in html
    assert '<option value="2018">2018</option>' in html


@pytest.mark.django_db
@override_settings(JEUGDZORG_WAGTAIL={"PRESENTATIONS_PER_PAGE": 2})
def test_pagination_keeps_the_filters(client, tree):
    response = client.get(f"{tree['listing'].url}?theme=de-professional&theme=beleid-en-management")
    html = response.content.decode()
    assert listed(response) == ["Het kan beter", "Haven 71 op school"]
    assert "3 presentaties" in html
    assert "theme=de-professional&amp;theme=beleid-en-management&amp;page=2" in html
    response = client.get(
        f"{tree['listing'].url}?theme=de-professional&theme=beleid-en-management&page=2"
    )
    assert listed(response) == ["Online hulp in Limburg"]


@pytest.mark.django_db
def test_the_listing_takes_a_constant_number_of_queries(client, tree):
    def queries_for_listing():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(tree["listing"].url + "?theme=de-professional").status_code == 200
        return len(captured)

    client.get(tree["listing"].url)  # warm caches (site root paths)
    before = queries_for_listing()
    for n in range(6):
        make_presentation(
            tree["cafe"],
            f"Extra {n}",
            document=make_document(content=b"%PDF-1.4\n"),
            speakers=[{"name": f"Spreker {n}", "organisation": tree["two"]}],
            themes=[tree["professional"]],
            date=dt.date(2018, 5, 23),
        )
    assert queries_for_listing() == before


@pytest.mark.django_db
def test_the_listing_can_sit_under_the_site_root_or_deeper(root_page, tree):
    assert PresentationIndexPage.can_create_at(root_page)
    assert PresentationIndexPage.can_create_at(tree["agenda"]) is False
    nested = make_listing(tree["listing"].get_parent(), "Archief", "archief")
    assert nested.get_presentation_pages().count() == 3


def render_event_include(event):
    request = RequestFactory().get(event.url)
    template = engines["django"].from_string(
        '{% include "jeugdzorg_wagtail/includes/event_presentations.html" %}'
    )
    return template.render({"page": event, "request": request})


@pytest.mark.django_db
def test_an_event_lists_its_presentations_with_type_and_size(tree):
    html = render_event_include(tree["cafe"])
    assert "Het kan beter" in html
    assert "Download ‘Het kan beter’ (PDF, 2 kB)" in html
    assert '/agenda/themacaf%C3%A9-jeugdhulp/het-kan-beter/download/"' in html
    assert "Haven 71 op school" in html
    assert "Niet langer beschikbaar" in html
    assert "Online hulp in Limburg" not in html


@pytest.mark.django_db
def test_an_event_also_lists_presentations_placed_elsewhere(tree):
    html = render_event_include(tree["symposium"])
    assert "Online hulp in Limburg" in html
    assert "Het kan beter" not in html


@pytest.mark.django_db
def test_an_event_without_presentations_shows_nothing(tree):
    lonely = make_event(tree["agenda"], "Zonder presentaties")
    assert "Presentaties" not in render_event_include(lonely)


@pytest.mark.django_db
def test_the_event_include_takes_a_constant_number_of_queries(tree):
    render_event_include(tree["cafe"])  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as before:
        render_event_include(tree["cafe"])
    for n in range(5):
        make_presentation(
            tree["cafe"],
            f"Extra {n}",
            document=make_document(content=b"%PDF-1.4\n"),
            speakers=[{"name": f"Spreker {n}", "organisation": tree["two"]}],
            themes=[tree["professional"]],
        )
    with CaptureQueriesContext(connection) as after:
        render_event_include(tree["cafe"])
    assert len(after) == len(before)
