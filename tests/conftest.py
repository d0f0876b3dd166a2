import importlib.util

import pytest
from wagtail.models import Page, Site

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
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
