"""The library's filter form: search words, the four facets and the sort order.

Filter values are slugs of the shared taxonomy, so filtered URLs stay readable and can be
shared: ``?theme=de-professional&region=limburg&q=jongeren&sort=title``. An unknown or
malformed value makes the form invalid: the library then shows the error and ignores that
parameter. :class:`~jeugdzorg_wagtail.practice.library.LibraryQuery` applies the valid values.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.filters import SlugMultipleChoiceField
from ..taxonomy.filters import TAXONOMY_PARAMETERS, TaxonomyFilterForm
from ..taxonomy.models import Organisation

__all__ = [
    "FACET_PARAMETERS",
    "FILTER_PARAMETERS",
    "MAX_QUERY_LENGTH",
    "ORDERINGS",
    "SORT_CHOICES",
    "SORT_NEWEST",
    "SORT_RELEVANCE",
    "SORT_TITLE",
    "PracticeExampleFilterForm",
    "normalise_search_term",
]

#: The query parameters of the facets, in the order the form shows them.
FACET_PARAMETERS = [*TAXONOMY_PARAMETERS, "organisation"]

#: Every parameter of a library URL (``page`` is added by the pagination).
FILTER_PARAMETERS = ["q", *FACET_PARAMETERS, "sort"]

#: The longest search term accepted; a longer one is refused with an error.
MAX_QUERY_LENGTH = 200

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_TITLE = "title"
SORT_CHOICES = [
    (SORT_RELEVANCE, _("Best match")),
    (SORT_NEWEST, _("Newest first")),
    (SORT_TITLE, _("Title (A–Z)")),
]
ORDERINGS = {
    SORT_NEWEST: ("-first_published_at", "-id"),
    SORT_TITLE: ("title", "id"),
}

_WORD = re.compile(r"\w+")


def normalise_search_term(text):
    """The words of a search term, joined by spaces: punctuation is never search syntax."""
    return " ".join(_WORD.findall(text or ""))


class PracticeExampleFilterForm(TaxonomyFilterForm):
    """Bound to ``request.GET``. :class:`~.library.LibraryQuery` applies its valid values."""

    field_order = FILTER_PARAMETERS

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    organisation = SlugMultipleChoiceField(Organisation.objects.all(), label=_("Organisation"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    @property
    def is_filtered(self):
        return any(self.data.get(name) for name in FILTER_PARAMETERS if name != "sort")

    def error_list(self):
        """``[(label, message), ...]`` of every error, for the template."""
        return [
            (self.fields[name].label if name in self.fields else name, str(message))
            for name, messages in self.errors.items()
            for message in messages
        ]
