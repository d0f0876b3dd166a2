"""The practice example library's filters, facet counts and search.

Filter values are slugs of the shared taxonomy, so filtered URLs stay readable and can be
shared: ``?theme=de-professional&region=limburg&q=jongeren&sort=title``. Several values of one
facet widen the result (OR); different facets narrow it (AND). An unknown or malformed value
makes the form invalid: the library then shows the error and ignores that parameter.

Each facet value comes with the number of examples it would give together with the *other*
chosen facets and the search term. The counts are database aggregates (one ``COUNT`` query
per facet over the filtered examples), because the search backends' ``facet()`` handles only
single-valued fields. The search itself is Wagtail's ``.search()`` on the filtered queryset;
with the database backends it becomes a subquery, so the number of queries does not grow with
the number of examples.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .core.filters import SlugMultipleChoiceField, ValidFiltersMixin
from .models import (
    Organisation,
    PracticeExampleOrganisation,
    PracticeExamplePage,
    Region,
    TargetGroup,
    Theme,
)

#: The query parameters of the facets, in the order the form shows them.
FACET_PARAMETERS = ["region", "theme", "target_group", "organisation"]

#: Every parameter of a library URL (``page`` is added by the pagination).
FILTER_PARAMETERS = ["q", *FACET_PARAMETERS, "sort"]

#: The longest search term accepted; a longer one is refused with an error.
MAX_QUERY_LENGTH = 200

#: The image rendition of a result card (prefetched for the whole page of results).
CARD_RENDITION = "fill-480x270"

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


class PracticeExampleFilterForm(ValidFiltersMixin, forms.Form):
    """Bound to ``request.GET``. :class:`LibraryQuery` applies its valid values."""

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = SlugMultipleChoiceField(Region.objects.all(), label=_("Region"))
    theme = SlugMultipleChoiceField(Theme.objects.all(), label=_("Theme"))
    target_group = SlugMultipleChoiceField(TargetGroup.objects.all(), label=_("Target group"))
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


@dataclass
class FacetOption:
    name: str
    slug: str
    count: int
    checked: bool


@dataclass
class Facet:
    parameter: str
    label: str
    options: list = field(default_factory=list)

    @property
    def id(self):
        return f"jw-facet-{self.parameter.replace('_', '-')}"


@dataclass
class ChosenFilter:
    label: str
    value: str
    drop_url: str


def _facet_filter(parameter, terms):
    """A ``Q`` on ``PracticeExamplePage`` for examples with any of ``terms``."""
    if parameter == "region":
        return Q(region__in=terms)
    if parameter == "theme":
        return Q(pk__in=PracticeExamplePage.objects.filter(themes__in=terms).values("pk"))
    if parameter == "target_group":
        return Q(pk__in=PracticeExamplePage.objects.filter(target_groups__in=terms).values("pk"))
    if parameter == "organisation":
        return Q(
            pk__in=PracticeExampleOrganisation.objects.filter(organisation__in=terms).values(
                "page_id"
            )
        )
    raise ValueError(parameter)


#: parameter: (term model, path from the term to its examples)
FACET_TERMS = {
    "region": (Region, "practice_examples"),
    "theme": (Theme, "practice_examples"),
    "target_group": (TargetGroup, "practice_examples"),
    "organisation": (Organisation, "practice_example_links__page"),
}


class LibraryQuery:
    """The examples, facets and chosen filters of one library request.

    ``library`` is a :class:`~jeugdzorg_wagtail.models.PracticeExampleIndexPage` (its
    ``get_practice_examples()`` gives the examples to start from) and ``form`` a bound
    :class:`PracticeExampleFilterForm`. Every method builds querysets; nothing is evaluated
    twice.
    """

    def __init__(self, library, form):
        self.library = library
        self.form = form
        self.values = form.valid_filters()
        self.raw_search_term = (self.values.get("q") or "").strip()
        self.search_term = normalise_search_term(self.raw_search_term)
        default_sort = SORT_RELEVANCE if self.search_term else SORT_NEWEST
        sort = self.values.get("sort") or default_sort
        if sort == SORT_RELEVANCE and not self.search_term:
            sort = SORT_NEWEST
        self.sort = sort
        # Evaluated once: Wagtail's public() reads the view restrictions when it is called.
        self.base = library.get_practice_examples()
        self._matches = None

    # Search

    def search_matches(self):
        """The ids of the examples that match the search term, as a subquery when possible.

        With Wagtail's database search backends the search results are a queryset, and this
        is a subquery; with another backend (Elasticsearch, OpenSearch) the matching ids are
        read once.
        """
        if self._matches is None:
            candidates = PracticeExamplePage.objects.filter(pk__in=self.base.values("pk"))
            results = candidates.search(self.search_term, operator="and", order_by_relevance=False)
            get_queryset = getattr(results, "get_queryset", None)
            if get_queryset is not None:
                self._matches = get_queryset().values("pk")
            else:  # pragma: no cover - search backends other than the database ones
                self._matches = [example.pk for example in results]
        return self._matches

    # Filtering

    def filtered(self, without=None, search=True):
        """The base examples narrowed by the search term and every chosen facet but one."""
        queryset = self.base
        if search and self.search_term:
            queryset = queryset.filter(pk__in=self.search_matches())
        for parameter in FACET_PARAMETERS:
            if parameter != without and self.values.get(parameter):
                queryset = queryset.filter(_facet_filter(parameter, self.values[parameter]))
        return queryset

    def results(self, prepare=None):
        """The examples to list, in the chosen order (a queryset or Wagtail search results).

        ``prepare`` is called with the queryset before it is ordered or searched, to add
        ``select_related``/``prefetch_related`` for the result cards.
        """
        if self.sort == SORT_RELEVANCE:
            queryset = PracticeExamplePage.objects.filter(
                pk__in=self.filtered(search=False).values("pk")
            )
            if prepare is not None:
                queryset = prepare(queryset)
            return queryset.search(self.search_term, operator="and")
        queryset = PracticeExamplePage.objects.filter(pk__in=self.filtered().values("pk"))
        if prepare is not None:
            queryset = prepare(queryset)
        return queryset.order_by(*ORDERINGS[self.sort])

    # Facets

    def facet_counts(self, parameter):
        """The terms of one facet with ``example_count``: the examples each would give with
        the other chosen facets and the search term. Terms without examples are left out,
        unless they are chosen. One query.
        """
        model, path = FACET_TERMS[parameter]
        examples = self.filtered(without=parameter).values("pk")
        chosen = self.values.get(parameter)
        counted = model.objects.annotate(
            example_count=Count(path, filter=Q(**{f"{path}__in": examples}), distinct=True)
        )
        keep = Q(example_count__gt=0)
        if chosen:
            keep |= Q(pk__in=[term.pk for term in chosen])
        return counted.filter(keep).order_by("name")

    def facets(self):
        """The facets for the template: a :class:`Facet` per parameter, with options."""
        facets = []
        for parameter in FACET_PARAMETERS:
            chosen = {term.pk for term in self.values.get(parameter) or []}
            facet = Facet(parameter, self.form.fields[parameter].label)
            facet.options = [
                FacetOption(term.name, term.slug, term.example_count, term.pk in chosen)
                for term in self.facet_counts(parameter)
            ]
            facets.append(facet)
        return facets

    # URLs

    def params(self):
        """The valid parameters as ``[(name, value), ...]``: the canonical, shareable form."""
        params = []
        if self.raw_search_term and self.search_term:
            params.append(("q", self.raw_search_term))
        for parameter in FACET_PARAMETERS:
            for term in self.values.get(parameter) or []:
                params.append((parameter, term.slug))
        if self.values.get("sort") and self.values["sort"] == self.sort:
            params.append(("sort", self.sort))
        return params

    def query_string(self, params=None):
        params = self.params() if params is None else params
        return urlencode(params)

    def chosen_filters(self):
        """Each chosen filter with a link that drops it (and keeps the others)."""
        params = self.params()
        chosen = []
        if self.raw_search_term and self.search_term:
            rest = [p for p in params if p[0] != "q"]
            chosen.append(
                ChosenFilter(self.form.fields["q"].label, self.raw_search_term, self._url(rest))
            )
        for parameter in FACET_PARAMETERS:
            for term in self.values.get(parameter) or []:
                rest = [p for p in params if p != (parameter, term.slug)]
                chosen.append(
                    ChosenFilter(self.form.fields[parameter].label, term.name, self._url(rest))
                )
        return chosen

    def _url(self, params):
        query = self.query_string(params)
        return f"?{query}" if query else ""

    def sort_options(self):
        """``[(value, label, selected), ...]``; "best match" only with a search term."""
        return [
            (value, label, value == self.sort)
            for value, label in SORT_CHOICES
            if value != SORT_RELEVANCE or self.search_term
        ]
