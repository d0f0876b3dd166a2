"""Demo theme page: one page for the network's three themes (the programme lines)."""

from ..models import ThemeIndexPage
from .utils import add_child, get_child


def load(parent, report, context):
    page = get_child(parent, "themas")
    if page is None:
        page = add_child(
            parent,
            ThemeIndexPage(
                title="Thema's",
                slug="themas",
                show_in_menus=True,
                intro="<p>De drie programmalijnen van het netwerk. Per thema vind je de "
                "bijeenkomsten die eraan komen, praktijkvoorbeelden, presentaties en de "
                "oproepen waarop je nu kunt reageren.</p>",
                search_description="Alles over één thema: bijeenkomsten, "
                "praktijkvoorbeelden, presentaties en oproepen.",
            ),
            report,
        )
    context["theme_page"] = page
