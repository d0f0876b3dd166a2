"""Query helpers every listing and feed of the package uses: what is public, and where a
page's site begins."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction, Site

__all__ = ["not_in_private_section", "site_root_path"]


def not_in_private_section():
    """A filter for pages outside any section with a view restriction (as ``.public()``).

    One subquery, where ``PageQuerySet.public()`` first reads every restriction in a query
    of its own: this keeps a feed's conditional request at one query.
    """
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


def site_root_path(page):
    """The ``url_path`` of the root page of ``page``'s site, or ``None`` outside every site.

    Read from Wagtail's cached site root paths, so it costs no query once cached.
    """
    best = None
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best)
        ):
            best = root.root_path
    return best
