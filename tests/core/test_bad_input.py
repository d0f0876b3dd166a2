"""No input gives a server error.

Every public page type of the package, on each of its routes, gets every query parameter that
any page of the site offers (the fields of its forms, the parameters of its own links, the
fields of its filter form class), and every public POST form and every admin import form gets
each of its fields, with values no honest form sends: a 30-digit number, a negative number, a
NUL byte, bytes that are no UTF-8, 100 kB of text, and the parameter many times over. The
answer is a page with a form error, a page that ignores the value, or a 400; never a 500.

The surfaces are found, not listed: the page types from the app registry, their routes from
their ``RoutablePageMixin`` patterns, parameters and fields from the rendered pages and the
form classes, the import views from the URL configuration.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlencode, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from jeugdzorg_wagtail.importexport.forms import ConfirmForm, UploadForm
from tests.utils import (
    call_form_data,
    make_every_page_type,
    page_routes,
    registration_form_data,
    registration_token,
)

HUGE = "9" * 30

#: Each value as it appears in a query string or a form body (already percent-encoded).
PAYLOADS = {
    "huge_integer": [HUGE],
    "negative": ["-1"],
    "nul_byte": ["a%00b"],
    "invalid_utf8": ["%FF%FE"],
    "long_text": ["x" * 100_000],
    "repeated": ["1", HUGE, "-1", "%FF", "a%00", "limburg"] * 20,
}

#: Answers that are no server error: a page (with or without a form error), a redirect after
#: a POST, a refusal of a bad request, a download that is gone, a conditional answer.
GET_STATUSES = {200, 302, 304, 400, 410}
POST_STATUSES = {200, 302, 400, 403, 413}


class FormsAndLinks(HTMLParser):
    """The field names of a page's forms (by method) and the query parameters of its links."""

    def __init__(self):
        super().__init__()
        self.get_names, self.post_forms, self._form = set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = {"method": method, "action": attrs.get("action") or "", "names": set()}
            if method == "post":
                self.post_forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if self._form is not None:
                self._form["names"].add(attrs["name"])
                if self._form["method"] == "get":
                    self.get_names.add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            url = urlsplit(attrs["href"])
            if not url.netloc and url.query:  # a link within the site
                self.get_names.update(name for name, _value in parse_qsl(url.query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def read_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = FormsAndLinks()
    parser.feed(response.content.decode())
    return parser


def encode(name, values):
    return "&".join(f"{quote(name)}={value}" for value in values)


@pytest.fixture
def site(root_page):
    return make_every_page_type(root_page)


def filter_form_names(page, rf):
    """The fields of the page's filter form class, when it has one."""
    get_filter_form = getattr(page, "get_filter_form", None)
    if get_filter_form is None:
        return set()
    return set(get_filter_form(rf.get(page.url)).fields)


def all_query_parameters(client, pages, rf):
    """Every query parameter any page of the site offers (forms, links, filter forms)."""
    names = set()
    for page in pages.values():
        names |= read_page(client, page.url).get_names
        names |= filter_form_names(page, rf)
    return sorted(names)


FAST_AND_SMALL = {
    "FORM_MIN_SECONDS": 0,
    "SUBMISSION_RATE_LIMIT": 0,
    "EVENTS_PER_PAGE": 1,
    "PRACTICE_EXAMPLES_PER_PAGE": 1,
    "PRESENTATIONS_PER_PAGE": 1,
}


def answer(client, method, url, body=None, content_type="application/x-www-form-urlencoded"):
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, body, content_type=content_type)
    error = getattr(response, "exc_info", None)
    detail = f"{error[0].__name__}: {str(error[1])[:200]}" if error else ""
    return response.status_code, detail


@pytest.mark.django_db
@override_settings(JEUGDZORG_WAGTAIL=FAST_AND_SMALL)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_public_input_gives_a_server_error(site, rf, payload):
    client = Client(raise_request_exception=False)
    values = PAYLOADS[payload]
    parameters = all_query_parameters(client, site["pages"], rf)
    assert {"region", "theme", "page", "q", "year", "event"} <= set(parameters)
    failures, posted = [], set()
    for page in site["pages"].values():
        # A page with a filter form: one parameter at a time, so that one refused value does
        # not hide what another does. Other pages ignore query strings: all in one request.
        if hasattr(page, "get_filter_form"):
            queries = {name: encode(name, values) for name in parameters}
        else:
            queries = {"all": "&".join(encode(name, values) for name in parameters)}
        for url in page_routes(page):
            for name, query in queries.items():
                status, detail = answer(client, "GET", f"{url}?{query}")
                if status not in GET_STATUSES:
                    failures.append(("GET", url, name, status, detail))
        # The POST forms of the page and its routes: each field with the payload, the others
        # as a visitor would send them.
        for url in page_routes(page):
            shown = client.get(url)
            if shown.status_code != 200 or "text/html" not in shown.get("Content-Type", ""):
                continue
            for form in read_page(client, url).post_forms:
                action = form["action"] or url
                posted.add(action.rsplit("/", 2)[-2])
                base = valid_post_data(page, site, action)
                names = set(form["names"]) | set(base)
                for name in sorted(names):
                    others = urlencode(
                        {key: v for key, v in base.items() if key != name}, doseq=True
                    )
                    body = f"{others}&{encode(name, values)}"
                    status, detail = answer(client, "POST", action, body)
                    if status not in POST_STATUSES:
                        failures.append(("POST", action, name, status, detail))
    # The forms were found: the call's, registration's and asking for one's link again.
    assert {"register", "registration"} <= posted
    assert failures == []


def valid_post_data(page, site, action):
    """What a visitor would send in the form that posts to ``action`` on ``page``."""
    if page.pk == site["call"].pk:
        data = call_form_data(page, region=site["region"])
        return {**data, **dict.fromkeys(set(page.get_form().fields) - set(data), "")}
    if page.pk == site["registration_event"].pk and action.endswith("/register/"):
        return registration_form_data(page, answer="", dietary_wishes="")
    if page.pk == site["registration_event"].pk and action.endswith("/registration/"):
        return {
            "jw_token": registration_token(page, scope="find"),
            "homepage": "",
            "email": "sanne@example.org",
        }
    raise AssertionError(f"add valid form data for {type(page).__name__} at {action} here")


# The admin's import forms


def import_views():
    """``(url, model_admin)`` of every import and import-confirmation view in the admin."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith(
                ("_modeladmin_import", "_modeladmin_import_confirm")
            ):
                model_admin = pattern.callback.view_initkwargs["model_admin"]
                url = "/" + re.sub(r"[\^$]", "", prefix + str(pattern.pattern))
                found.append((url, model_admin))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.mark.django_db
@override_settings(JEUGDZORG_WAGTAIL=FAST_AND_SMALL)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_import_option_gives_a_server_error(root_page, admin_user, payload):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    views = import_views()
    assert len(views) >= 4
    values = PAYLOADS[payload]
    failures = []
    for url, model_admin in views:
        resource = model_admin.get_resource()
        confirming = url.endswith("/confirm/")
        form_class = ConfirmForm if confirming else UploadForm
        names = set(form_class(resource=resource, user=admin_user).fields)
        if not confirming:
            names |= read_page(client, url).post_forms[0]["names"]
        for name in sorted(names - {"import_file"}):
            if confirming:
                status, detail = answer(
                    client, "POST", url, f"token=0-x&file_name=a.csv&{encode(name, values)}"
                )
            else:
                status, detail = answer(client, "POST", url, *fuzzed_upload(name, values))
            if status not in POST_STATUSES:
                failures.append((url, name, status, detail))
    assert failures == []


def fuzzed_upload(name, values):
    """A multipart body with a small CSV file and ``name`` set to the values, byte for byte."""
    boundary = b"jw-boundary"
    parts = [
        b'Content-Disposition: form-data; name="%s"\r\n\r\n%s' % (name.encode(), value)
        for value in (unquote_to_bytes(value) for value in values)
    ]
    parts.append(
        b'Content-Disposition: form-data; name="import_file"; filename="a.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\nslug,name\nx,X\n"
    )
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + boundary + b"--\r\n", f"multipart/form-data; boundary={boundary.decode()}"
