"""The demo's theme page: the network's themes, each with what the demo holds about it."""

import pytest

from jeugdzorg_wagtail.demo import load_demo
from jeugdzorg_wagtail.models import ThemeIndexPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_theme_page_that_gathers_a_theme(client, root_page):
    load_demo(root_page)
    load_demo(root_page)  # running it again adds nothing
    page = ThemeIndexPage.objects.get()
    assert page.live and page.url == "/themas/"
    listing = client.get(page.url).content.decode()
    for name in ("De professional", "Jongeren en ouders", "Beleid en management"):
        assert name in listing
    response = client.get("/themas/de-professional/")
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [call.title for call in sections["calls"]] == [
        "Wie doet er mee, en met welk praktijkvoorbeeld?"
    ]
    assert sections["practice_examples"]
    assert client.get("/themas/de-professional/ical/").status_code == 200
