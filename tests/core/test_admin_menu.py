"""The network's data in one admin menu group, labelled as an editor reads them."""

import re

import pytest


@pytest.mark.django_db
def test_the_network_data_group_lists_the_taxonomy_in_plain_dutch(admin_client):
    response = admin_client.get("/admin/", headers={"accept-language": "nl"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Netwerkgegevens" in html
    for label in ("Thema\\u0027s", "Regio\\u0027s", "Doelgroepen", "Organisaties", "Inzendingen"):
        assert (
            label in html
            or label.replace("\\u0027", "&#x27;") in html
            or label.replace("\\u0027", "'") in html
        ), label
    assert "Thema'S" not in html and "Regio'S" not in html
    assert "Thema\\u0027S" not in html and "Regio\\u0027S" not in html


@pytest.mark.django_db
def test_each_listing_is_in_the_menu_once(admin_client):
    html = admin_client.get("/admin/", headers={"accept-language": "nl"}).content.decode()
    urls = re.findall(r"/admin/jeugdzorg_wagtail/[a-z]+/", html)
    assert "/admin/jeugdzorg_wagtail/callsubmission/" in urls
    assert "/admin/jeugdzorg_wagtail/sessionregistration/" in urls
    assert len(urls) == len(set(urls)), sorted(urls)
