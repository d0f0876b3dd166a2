"""Every page type and route answers exactly the HTTP methods it lists for ``OPTIONS``."""

import pytest

from tests.utils import make_every_page_type, page_routes

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture
def site(root_page):
    return make_every_page_type(root_page)


def allowed(response):
    return [method.strip() for method in response["Allow"].split(",")]


@pytest.mark.django_db
def test_options_lists_the_methods_each_route_answers_and_no_other(client, site):
    checked = 0
    for page in site["pages"].values():
        for url in page_routes(page):
            options = client.options(url)
            assert options.status_code == 200, url
            assert options.content == b""
            listed = allowed(options)
            assert "GET" in listed and "OPTIONS" in listed, url
            for method in METHODS:
                response = getattr(client, method.lower())(url)
                if method in listed:
                    assert response.status_code != 405, (url, method)
                else:
                    assert response.status_code == 405, (url, method, response.status_code)
                    assert allowed(response) == listed, (url, method)
                checked += 1
    assert checked >= 12 * len(METHODS)


@pytest.mark.django_db
def test_only_the_call_form_takes_a_post(client, site):
    call = site["call"]
    assert allowed(client.options(call.url)) == ["GET", "HEAD", "POST", "OPTIONS"]
    thanks = call.url + "thanks/"
    assert allowed(client.options(thanks)) == ["GET", "HEAD", "OPTIONS"]
    response = client.post(thanks, {"title": "Een voorstel"})
    assert response.status_code == 405
    assert "Bedankt" not in response.content.decode()
    for page in site["pages"].values():
        if page.pk != call.pk:
            assert "POST" not in allowed(client.options(page.url)), page.url
