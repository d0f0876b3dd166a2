import importlib.util

import pytest
import time_machine
from django.core.cache import caches
from wagtail.models import Page, Site

from tests.utils import make_agenda, make_library

# The browser tests need Playwright, which `make browser-test` installs; `make test` runs
# everything else (the browser tests are also marked `browser` and deselected there).
if importlib.util.find_spec("playwright") is None:
    collect_ignore = ["browser"]


@pytest.fixture
def root_page(db):
    """The default site's root page (Wagtail's migration creates it)."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def tree_root(db):
    return Page.get_first_root_node()


@pytest.fixture(autouse=True)
def empty_caches(settings):
    """Every test starts with empty caches (built feeds, rate limits, Wagtail's site roots)."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def no_page_cache(settings):
    """Pages are rendered for every request (for tests that count a rendering's queries or read
    its context), as with ``PAGE_CACHE_TIMEOUT`` 0."""
    settings.JEUGDZORG_WAGTAIL = {**settings.JEUGDZORG_WAGTAIL, "PAGE_CACHE_TIMEOUT": 0}


@pytest.fixture(autouse=True)
def clock(request):
    """In a test module that sets ``NOW``, the clock stands still at ``NOW``.

    Yields the traveller (``clock.shift(...)`` moves it), or ``None`` in other modules.
    """
    now = getattr(request.module, "NOW", None)
    if now is None:
        yield None
        return
    with time_machine.travel(now, tick=False) as traveller:
        yield traveller


@pytest.fixture
def agenda(root_page):
    """A published agenda (``/agenda/``) under the root page."""
    return make_agenda(root_page)


@pytest.fixture
def library(root_page):
    """A published practice example library (``/praktijkvoorbeelden/``) under the root page."""
    return make_library(root_page)
