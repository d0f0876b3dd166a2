"""Every page a visitor or an editor can reach reads well in Dutch and in English.

The test renders, with the demo content loaded, every public page type of the package with each
of its routes that answers HTML (found from the models and their routes, not listed here) and
the states a visitor runs into (rejected filters, a search without results, a form sent back
with errors), and every admin view of the package: the URLs of its modeladmin registrations
and other admin views (found in the URL configuration by their names), its settings, and the
page editor of each of its page types. It fails on

* a Python value in the text (``True``, ``False``, ``None``);
* doubled punctuation ("5 p.m..", ", ,");
* a label of the package in the other language (a heading, label, legend, button... whose
  text is a translation of the package for the other language);
* a date in American order on a public page ("Jan. 10, 2027");
* an ``id`` used twice, and an ``aria-describedby`` or ``aria-labelledby`` that names an id
  the page does not have.
"""

import re
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup, Comment
from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from jeugdzorg_wagtail.models import CallSubmission, SubmissionStatus
from tests.utils import make_registration, registration_token

LOCALE = Path(__file__).resolve().parents[2] / "jeugdzorg_wagtail" / "locale"
LANGUAGES = ["nl", "en"]

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "option",
    "p", "section", "select", "summary", "table", "td", "template", "textarea", "th", "tr", "ul",
}  # fmt: skip
#: Elements whose text the templates write (labels), as opposed to content editors write.
LABEL_TAGS = {"button", "caption", "dt", "h2", "label", "legend", "summary", "th"}
TEXT_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
REPR = re.compile(r"\b(True|False|None)\b")
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[,;:]\s*[,;:.]|\.\s*[,;:]|[!?]\s*\.")
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
AMERICAN_DATE = re.compile(
    rf"\b(?:{MONTHS})[a-z]*\.? \d{{1,2}}, \d{{4}}|\b(?:{MONTHS})\. \d{{1,2}}\b"
)


# What a page says


def visible_lines(soup):
    """The text of the page, one line per block element, whitespace collapsed."""
    parts = []

    def walk(node):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, str):
                parts.append(str(child))
            elif child.name in ("script", "style"):
                continue
            elif child.name in BLOCK_TAGS:
                parts.append("\n")
                walk(child)
                parts.append("\n")
            else:
                walk(child)

    walk(soup)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def attribute_texts(soup):
    texts = []
    for element in soup.find_all(True):
        for name in TEXT_ATTRIBUTES:
            if element.get(name):
                texts.append(element[name])
        if element.name == "input" and element.get("type") in ("submit", "button"):
            texts.append(element.get("value", ""))
    return [" ".join(text.split()) for text in texts if text.strip()]


def is_choice(element, soup):
    """A label of a checkbox or radio button: its text is data (a theme, a type), not a label."""
    if element.name != "label":
        return False
    target = element.find("input") or (element.get("for") and soup.find(id=element["for"]))
    return bool(target) and target.get("type") in ("checkbox", "radio")


def label_texts(soup):
    """The text of the elements that hold labels, and the text attributes."""
    labels = [
        " ".join(e.get_text(" ").split())
        for e in soup.find_all(LABEL_TAGS)
        if not is_choice(e, soup)
    ]
    return [text for text in labels if text] + attribute_texts(soup)


def catalogue_labels():
    """{language: the package's labels as the *other* language writes them}.

    From the package's Dutch catalogue: the English msgid and the Dutch msgstr of every
    entry whose two differ, without placeholders and of at least two letters.
    """
    english, dutch = set(), set()
    for entry in polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po")):
        if entry.msgid_plural or not entry.msgstr or entry.msgid == entry.msgstr:
            continue
        if re.search(r"%\(|%s|\{", entry.msgid) or len(entry.msgid) < 3:
            continue
        english.add(" ".join(entry.msgid.split()))
        dutch.add(" ".join(entry.msgstr.split()))
    # A word the two languages share is not a label in the other language.
    common = english & dutch
    return {"nl": english - common, "en": dutch - common}


FOREIGN = catalogue_labels()


def problems_of(html, language, public):
    soup = BeautifulSoup(html, "html.parser")
    found = []
    lines = visible_lines(soup)
    texts = lines + attribute_texts(soup)
    for text in texts:
        if REPR.search(text):
            found.append(f"Python value in “{text}”")
        if DOUBLED.search(text):
            found.append(f"doubled punctuation in “{text}”")
        if public and AMERICAN_DATE.search(text):
            found.append(f"date in American order in “{text}”")
    for text in label_texts(soup):
        if text in FOREIGN[language]:
            found.append(f"label in the other language: “{text}”")
    ids = [element["id"] for element in soup.find_all(id=True)]
    found += [f"id used twice: {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for attribute in ("aria-describedby", "aria-labelledby"):
        for element in soup.find_all(attrs={attribute: True}):
            for target in element[attribute].split():
                if target not in ids:
                    found.append(f'{attribute}="{target}" names no element ({element.name})')
    return found


# The site


@pytest.fixture
def demo(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("jeugdzorg_demo", "--yes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Site.objects.get(is_default_site=True)


def package_page_types():
    config = apps.get_app_config("jeugdzorg_wagtail")
    return [m for m in config.get_models() if issubclass(m, Page) and m is not Page]


def plain_routes(page):
    """The routes of a routable page that take no parameter (``past/``, ``thanks/``)."""
    routes = []
    for pattern in getattr(page, "get_subpage_urls", list)():
        text = str(getattr(pattern.pattern, "_route", "") or pattern.pattern).lstrip("^")
        text = text.rstrip("$")
        if text and "<" not in text and "(" not in text:
            routes.append(text)
    return routes


def public_urls():
    """Every live page of each page type of the package, each route, and visitor states."""
    urls = []
    for model in package_page_types():
        pages = list(model.objects.live().public())
        assert pages, f"The demo has no {model.__name__}: the test would not see it."
        for page in pages:
            urls.append(page.url)
            urls += [page.url + route for route in plain_routes(page)]
    agenda = apps.get_model("jeugdzorg_wagtail", "EventIndexPage").objects.live().first()
    library = apps.get_model("jeugdzorg_wagtail", "PracticeExampleIndexPage").objects.first()
    themes = apps.get_model("jeugdzorg_wagtail", "ThemeIndexPage").objects.live().first()
    urls += [
        themes.url + "de-professional/",
        themes.url + "de-professional/?region=limburg",
        themes.url + "de-professional/?region=bestaat-niet",
        agenda.url + "?theme=bestaat-niet&from_date=2030-05-02&to_date=2030-05-01",
        agenda.url + "?mode=online",
        library.url + "?q=xyzzy",
        library.url + "?q=xyzzy&theme=de-professional",
        library.url + "?theme=bestaat-niet",
    ]
    return urls


def url_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join(filter(None, [namespace, pattern.name])), pattern


def object_for(name):
    """An object of the model a package admin URL name is about."""
    label = name.split(":", 1)[0]
    for model in apps.get_app_config("jeugdzorg_wagtail").get_models():
        if label.startswith(f"jeugdzorg_wagtail_{model._meta.model_name}_"):
            return model.objects.order_by("pk").first()
        if label == "jeugdzorg_organisation_chooser" and model._meta.model_name == "organisation":
            return model.objects.order_by("pk").first()
    return None


def admin_urls():
    """The package's admin views (by URL name), its settings, and its pages in the editor."""
    urls = []
    for name, pattern in url_patterns():
        if not name.startswith(("jeugdzorg_wagtail_", "jeugdzorg_organisation_chooser:")):
            continue
        params = list(pattern.pattern.regex.groupindex)
        if params:
            obj = object_for(name)
            assert obj is not None, f"No object for {name}"
            if name.endswith(("_practice_example", "_market")):
                obj = CallSubmission.objects.filter(status=SubmissionStatus.ACCEPTED).first()
            urls.append(reverse(name, kwargs={params[0]: obj.pk}))
        else:
            urls.append(reverse(name))
    for model in apps.get_app_config("jeugdzorg_wagtail").get_models():
        if issubclass(model, BaseSiteSetting):
            site = Site.objects.get(is_default_site=True)
            args = [model._meta.app_label, model._meta.model_name, site.pk]
            urls.append(reverse("wagtailsettings:edit", args=args))
    for model in package_page_types():
        page = model.objects.order_by("pk").first()
        urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        meta = model._meta
        parent = page.get_parent()
        urls.append(
            reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
        )
    return urls


def check(client, urls, language, public):
    problems = []
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        problems += [f"{url}: {problem}" for problem in problems_of(html, language, public)]
    return problems


def register_on_demo_events():
    """Registrations on the demo's events that take them: a place and a waiting one each."""
    event_model = apps.get_model("jeugdzorg_wagtail", "EventPage")
    pages = [p for p in event_model.objects.live() if p.get_on_site_registration_state() == "open"]
    assert pages, "The demo has no event open for registration: the test would not see it."
    registrations = []
    for page in pages:
        session = page.get_registrable_sessions()[0]
        type(session).objects.filter(pk=session.pk).update(places=1)
        session.refresh_from_db()
        registrations.append(make_registration(page, [session]))
        make_registration(page, [session], name="Piet Jansen", email="piet@example.org")
    return registrations


# The checks work


def test_the_checks_find_each_kind_of_problem():
    html = (
        "<html><body><p>Verstuurd: False</p><p>tot <strong>28 jan. 2027, 5 p.m.</strong>.</p>"
        "<label>Send your proposal</label><p>until Jan. 28, 2027</p>"
        '<div id="a"></div><div id="a"></div><input aria-describedby="id_to_date_error">'
        "</body></html>"
    )
    found = problems_of(html, "nl", public=True)
    assert "Python value in “Verstuurd: False”" in found
    assert "doubled punctuation in “tot 28 jan. 2027, 5 p.m..”" in found
    assert "label in the other language: “Send your proposal”" in found
    assert "date in American order in “until Jan. 28, 2027”" in found
    assert "id used twice: a" in found
    assert 'aria-describedby="id_to_date_error" names no element (input)' in found
    fine = '<p>Zondag 13 december 2026, 17:00. Zie ook: “Wat we vragen”…</p><p id="b">Ja</p>'
    assert problems_of(fine, "nl", public=True) == []


# The pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_reads_well(client, demo, language):
    urls = public_urls()
    call = apps.get_model("jeugdzorg_wagtail", "CallForParticipationPage")
    open_call = next(c for c in call.objects.live() if c.is_open())
    for registration in register_on_demo_events():
        page = registration.event.specific
        urls += [
            page.url + f"registration/{registration.token}/",
            page.url + f"register/thanks/?r={registration.token}",
        ]
    problems = check(client, urls, language, public=True)
    # The registration form sent back with errors.
    for page in {
        r.event.specific for r in apps.get_model("jeugdzorg_wagtail", "Registration").objects.all()
    }:
        response = client.post(
            page.url + "register/",
            {"jw_token": registration_token(page, seconds_ago=60), "name": ""},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        problems += [
            f"{page.url}register/ (POST): {p}"
            for p in problems_of(response.content.decode(), language, public=True)
        ]
    # The call form sent back with errors.
    response = client.post(open_call.url, {"name": ""}, HTTP_ACCEPT_LANGUAGE=language)
    problems += [
        f"{open_call.url} (POST): {p}"
        for p in problems_of(response.content.decode(), language, public=True)
    ]
    assert len(urls) > 20
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_view_of_the_package_reads_well(client, demo, language, django_user_model):
    CallSubmission.objects.filter(pk=CallSubmission.objects.order_by("pk")[0].pk).update(
        email_failed=True, email_notes="2026-03-10 12:00 notice: SMTPException"
    )
    register_on_demo_events()
    admin = django_user_model.objects.create_superuser("redacteur", "r@example.org", "x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    client.force_login(admin)
    urls = admin_urls()
    assert len(urls) > 60
    problems = check(client, urls, language, public=False)
    assert not problems, "\n".join(problems)
