"""No dead link on the example site as `make demo` serves it.

The site runs under ``runserver`` on 127.0.0.1 with the demo content, its Site record pointed
at that address by ``set_site_address`` (as ``make demo`` does). Starting from the home page,
the crawl follows every link, stylesheet, script, image, form action and ``alternate`` link of
every page it reaches; the feeds it finds are read too, and their ``URL`` and ``SOURCE``
addresses followed. ``webcal://`` addresses are fetched as ``http://``; links to other hosts
(Google Calendar, Outlook.com, the network's social media) are never fetched, but an address
of this site inside one (the event page in a Google Calendar link) is. An in-page link
(``#main-content``) must name an id of its page. Finally, every live page of the demo must
have been reached by clicking from the home page.

The crawl needs no browser: it speaks HTTP to the server itself.
"""

import http.client
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from .conftest import EXAMPLE

#: Attributes that hold an address, per element.
ADDRESS_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "form": "action",
}
#: A crawl that reaches more addresses than this has found a loop of links.
MAX_ADDRESSES = 3000


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        name = ADDRESS_ATTRIBUTES.get(tag)
        if name is None:
            return
        value = attrs.get(name)
        if tag == "form" and value is None:
            value = ""  # a form without action is sent to its own page
        if value is not None:
            self.links.append((tag, value))


def unfolded(calendar_text):
    return re.sub(r"\r?\n[ \t]", "", calendar_text)


def calendar_links(calendar_text):
    """The URL and SOURCE addresses of a calendar and of its events."""
    return re.findall(r"^(?:URL|SOURCE)(?:;[^:\r\n]*)?:(\S+)", unfolded(calendar_text), re.M)


def fetch(origin, url):
    """(status, content type, body) of ``url``, following redirects within the site."""
    for _ in range(5):
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request("GET", path, headers={"Accept-Language": "nl"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status in (301, 302, 303, 307, 308):
            url = urljoin(url, response.getheader("Location"))
            if not url.startswith(origin):
                return 200, "", b""  # leaves the site: not followed
            continue
        return response.status, response.getheader("Content-Type") or "", body
    return 999, "", b""  # a redirect loop


def crawl(base_url):
    origin = base_url.rstrip("/")
    queue = [origin + "/"]
    seen = set(queue)
    results = {}
    linked_from = {}
    dead = []
    pages = set()

    def add(url, found_on):
        url, _fragment = urldefrag(url)
        if url not in seen:
            seen.add(url)
            queue.append(url)
            linked_from[url] = found_on

    while queue:
        url = queue.pop(0)
        assert len(seen) < MAX_ADDRESSES, "The crawl does not end: a loop of links?"
        status, content_type, body = fetch(origin, url)
        results[url] = status
        if status >= 400:
            dead.append(f"{url} answers {status} (linked from {linked_from.get(url)})")
            continue
        path = urlsplit(url).path
        if path.startswith(("/admin/", "/static/", "/media/", "/documents/")):
            continue
        if content_type.startswith("text/calendar"):
            for link in calendar_links(body.decode()):
                check(link, url, add, dead, origin, ids=None)
            continue
        if not content_type.startswith("text/html"):
            continue
        pages.add(path)
        parser = LinkParser()
        parser.feed(body.decode())
        for _tag, link in parser.links:
            check(urljoin(url, link), url, add, dead, origin, ids=parser.ids)
    return results, dead, pages


def check(link, found_on, add, dead, origin, ids):
    """Queue an address of this site; test an in-page link; look inside outside links."""
    if link.startswith("webcal://"):
        link = "http://" + link[len("webcal://") :]
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return
    page, fragment = urldefrag(link)
    if page.startswith(origin):
        if fragment and page == urldefrag(found_on)[0] and ids is not None:
            if fragment not in ids:
                dead.append(f"{found_on}: #{fragment} names no element of the page")
        add(page, found_on)
        return
    # Another host: never fetched. An address of this site inside it (a query parameter) is.
    for _name, value in parse_qsl(parts.query):
        for inner in re.findall(r"https?://\S+", value):
            if inner.startswith(origin):
                add(inner, found_on)
            elif urlsplit(inner).hostname in ("127.0.0.1", "localhost"):
                dead.append(f"{found_on}: {inner} (inside {parts.hostname}) is not this site")
    if parts.hostname in ("127.0.0.1", "localhost"):
        dead.append(f"{found_on}: {link} points at a local address that is not this site")


LIVE_PAGES = """
import json
from wagtail.models import Page
print(json.dumps([p.url for p in Page.objects.live().public().filter(depth__gt=1)]))
"""


def live_page_paths(site_env):
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", LIVE_PAGES],
        cwd=EXAMPLE,
        env=site_env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_every_link_of_the_example_site_works(base_url, site_env):
    results, dead, pages = crawl(base_url)
    print(f"{len(results)} addresses fetched, {len(pages)} pages read")
    assert not dead, "\n".join(dead)
    # Everything a visitor meets was reached: each kind of page and each kind of address.
    paths = {urlsplit(url).path for url in results}
    assert any(p.endswith("/ical/") for p in paths), "no calendar feed was reached"
    assert any(p.endswith("/download/") for p in paths), "no download was reached"
    assert "/agenda/past/" in paths
    assert any(p.startswith("/static/") for p in paths)
    assert len(results) > 40
    if not os.environ.get("BROWSER_TEST_BASE_URL"):
        unreached = live_page_paths(site_env) - pages
        assert not unreached, f"Pages no link leads to: {sorted(unreached)}"
