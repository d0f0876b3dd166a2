"""The practice example library's results, facet counts and search.

Several values of one facet widen the result (OR); different facets narrow it (AND) (the
parameters are read by :class:`~jeugdzorg_wagtail.practice.filters.PracticeExampleFilterForm`).

Each facet value comes with the number of examples it would give together with the *other*
chosen facets and the search term. The counts are database aggregates (one ``COUNT`` query
per facet over the filtered examples), because the search backends' ``facet()`` handles only
single-valued fields. The search itself is Wagtail's ``.search()`` on the filtered queryset;
with the database backends it becomes a subquery, so the number of queries does not grow with
the number of examples.

With Wagtail's PostgreSQL search backend the library reads a narrow copy of Wagtail's search
index (:class:`PostgresIndexSearch` on
:class:`~jeugdzorg_wagtail.core.models.SearchIndexVectors`), for the same results in less
time: Wagtail's search matches the concatenation of an entry's title and body vectors, which
no index serves and which the planner cannot estimate, and joins its entries on the text form
of the page id, so a facet count with a search term took seconds with many examples. There,
the number of results and every facet's counts come from one query (:meth:`LibraryQuery.summary`)
that reads the matching examples once.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Value
from django.db.models import Subquery as SubqueryExpression
from wagtail.search.backends import get_search_backend

from ..core.models import SearchIndexVectors
from .filters import (
    FACET_PARAMETERS,
    ORDERINGS,
    SORT_CHOICES,
    SORT_NEWEST,
    SORT_RELEVANCE,
    normalise_search_term,
)

__all__ = ["ChosenFilter", "Facet", "FacetOption", "LibraryQuery", "PostgresIndexSearch"]

#: parameter: the field of the practice example model that the facet filters on
FACET_FIELDS = {"region": "region", "theme": "themes", "target_group": "target_groups"}


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


def _is_postgres_search_backend(backend):
    module = type(backend).__module__
    return connection.vendor == "postgresql" and module.startswith(
        ("modelsearch.backends.database.postgres", "wagtail.search.backends.database.postgres")
    )


class PostgresIndexSearch:
    """A search term matched and ranked on the vectors of Wagtail's PostgreSQL search index.

    It gives what ``queryset.search(term, operator="and")`` gives with Wagtail's PostgreSQL
    backend (the same matches, the same relevance, the same order), in queries the planner
    can estimate: each word must be in the entry's title or in its body (one ``@@`` per
    vector, which GIN indexes serve), instead of the whole query against the concatenation
    of both. Words the text search configuration drops (Dutch stop words such as "de") are
    left out, as ``to_tsquery`` leaves them out of Wagtail's query; a term of stop words only
    matches nothing, as in Wagtail.

    It reads :class:`~jeugdzorg_wagtail.core.models.SearchIndexVectors`, the narrow copy of
    Wagtail's entries that triggers keep equal to them, by the integer id of the page.
    """

    def __init__(self, model, term, backend):
        from modelsearch.backends.database.postgres.query import Lexeme
        from modelsearch.backends.database.postgres.weights import get_sql_weights
        from modelsearch.utils import get_descendants_content_types_pks

        self.model = model
        self.config = backend.config
        self.words = term.split()
        self.weights = get_sql_weights()
        self.entries = SearchIndexVectors.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(model)
        )
        self._lexeme = Lexeme
        self._kept = None

    def tsquery(self, words):
        from django.contrib.postgres.search import SearchQuery

        lexemes = self._lexeme(words[0])
        for word in words[1:]:
            lexemes &= self._lexeme(word)
        return SearchQuery(lexemes, search_type="raw", config=self.config)

    def kept_words(self):
        """The words that are in the text search configuration's query (one query)."""
        if self._kept is None:
            function = "to_tsquery(%s::regconfig, %s)" if self.config else "to_tsquery(%s)"
            columns, params = [], []
            for word in self.words:
                columns.append(f"numnode({function})")
                params += [self.config, _quoted(word)] if self.config else [_quoted(word)]
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {', '.join(columns)}", params)
                nodes = cursor.fetchone()
            self._kept = [word for word, count in zip(self.words, nodes, strict=True) if count]
        return self._kept

    def matches(self):
        """The primary keys of the matching examples, as a subquery."""
        words = self.kept_words()
        if not words:
            return self.model.objects.none().values("pk")
        condition = Q()
        for word in words:
            query = self.tsquery([word])
            condition &= Q(title=query) | Q(body=query)
        return self.entries.filter(condition).values("object_id")

    def rank(self):
        """Wagtail's relevance of an example: title rank times the title norm plus body rank."""
        from django.contrib.postgres.search import SearchRank

        query = self.tsquery(self.words)
        rank = SearchRank(F("title"), query, weights=self.weights) * F("title_norm") + SearchRank(
            F("body"), query, weights=self.weights
        ) * Value(1.0)
        entry = self.entries.filter(object_id=OuterRef("pk"))
        return SubqueryExpression(entry.annotate(search_rank=rank).values("search_rank")[:1])


def _compiled(queryset):
    """The SQL and parameters of ``queryset``, unordered, to nest in a query of one's own."""
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, list(params)


def _quoted(word):
    escaped = word.replace("'", "''").replace("\\", "\\\\")
    return f"'{escaped}'"


class RankedPage:
    """Paginator input in two steps: the ranked primary keys of a page, then its rows.

    ``narrow`` is the ordered queryset without the relations a card needs; ``full`` reads the
    rows of one page with them; ``count``, when given, returns the number of rows (instead of
    counting ``narrow``).
    """

    def __init__(self, narrow, full, count=None):
        self.narrow = narrow
        self.full = full
        self._count = count

    def count(self):
        return self._count() if self._count is not None else self.narrow.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, slice):
            ids = list(self.narrow.values_list("pk", flat=True)[item])
            rows = {row.pk: row for row in self.full.filter(pk__in=ids)}
            return [rows[pk] for pk in ids if pk in rows]
        return self[item : item + 1][0]


class LibraryQuery:
    """The examples, facets and chosen filters of one library request.

    ``library`` is a page with :class:`~jeugdzorg_wagtail.practice.mixins.PracticeExampleIndexMixin`
    (its ``get_practice_examples()`` gives the examples to start from, its
    ``get_practice_example_model()`` their model) and ``form`` a bound
    :class:`~jeugdzorg_wagtail.practice.filters.PracticeExampleFilterForm`. Every method builds
    querysets; nothing is evaluated twice.
    """

    def __init__(self, library, form):
        self.library = library
        self.model = library.get_practice_example_model()
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
        self._index_search = None
        self._summary = None

    def index_search(self):
        """A :class:`PostgresIndexSearch` with Wagtail's PostgreSQL search backend, or None."""
        if self._index_search is None and self.search_term:
            backend = get_search_backend()
            if _is_postgres_search_backend(backend):
                self._index_search = PostgresIndexSearch(self.model, self.search_term, backend)
            else:
                self._index_search = False
        return self._index_search or None

    # Search

    def search_matches(self):
        """The ids of the examples that match the search term, as a subquery when possible.

        With Wagtail's database search backends the search results are a queryset, and this
        is a subquery; with another backend (Elasticsearch, OpenSearch) the matching ids are
        read once.
        """
        if self._matches is None and self.index_search():
            self._matches = self.index_search().matches()
        if self._matches is None:
            candidates = self.model.objects.filter(pk__in=self.base.values("pk"))
            results = candidates.search(self.search_term, operator="and", order_by_relevance=False)
            get_queryset = getattr(results, "get_queryset", None)
            if get_queryset is not None:
                self._matches = get_queryset().values("pk")
            else:  # pragma: no cover - search backends other than the database ones
                self._matches = [example.pk for example in results]
        return self._matches

    # Filtering

    def facet_filter(self, parameter, terms):
        """A ``Q`` on the practice examples for those with any of ``terms`` of a facet."""
        if parameter == "region":
            return Q(region__in=terms)
        if parameter in FACET_FIELDS:
            lookup = {f"{FACET_FIELDS[parameter]}__in": terms}
            return Q(pk__in=self.model.objects.filter(**lookup).values("pk"))
        if parameter == "organisation":
            links = self.model._meta.get_field("organisation_links").related_model
            return Q(pk__in=links.objects.filter(organisation__in=terms).values("page_id"))
        raise ValueError(parameter)

    def facet_terms(self, parameter):
        """``(term model, path from a term to its practice examples)`` of a facet."""
        if parameter in FACET_FIELDS:
            model_field = self.model._meta.get_field(FACET_FIELDS[parameter])
            return model_field.related_model, model_field.related_query_name()
        if parameter == "organisation":
            links = self.model._meta.get_field("organisation_links").related_model
            organisation = links._meta.get_field("organisation")
            return organisation.related_model, f"{organisation.related_query_name()}__page"
        raise ValueError(parameter)

    def filtered(self, without=None, search=True, facets=True):
        """The base examples narrowed by the search term and every chosen facet but one
        (``without``), or by no facet (``facets=False``)."""
        queryset = self.base
        if search and self.search_term:
            queryset = queryset.filter(pk__in=self.search_matches())
        for parameter in FACET_PARAMETERS if facets else ():
            if parameter != without and self.values.get(parameter):
                queryset = queryset.filter(self.facet_filter(parameter, self.values[parameter]))
        return queryset

    def results(self, prepare=None):
        """The examples to list, in the chosen order (a queryset or Wagtail search results).

        ``prepare`` is called with the queryset before it is ordered or searched, to add
        ``select_related``/``prefetch_related`` for the result cards.
        """
        if self.sort == SORT_RELEVANCE and self.index_search():
            narrow = self.filtered().annotate(search_rank=self.index_search().rank())
            full = self.model.objects.all()
            if prepare is not None:
                full = prepare(full)
            return RankedPage(narrow.order_by("-search_rank", "-pk"), full, self.result_count)
        if self.sort == SORT_RELEVANCE:
            queryset = self.model.objects.filter(pk__in=self.filtered(search=False).values("pk"))
            if prepare is not None:
                queryset = prepare(queryset)
            return queryset.search(self.search_term, operator="and")
        queryset = self.model.objects.filter(pk__in=self.filtered().values("pk"))
        if prepare is not None:
            queryset = prepare(queryset)
        return queryset.order_by(*ORDERINGS[self.sort])

    # Facets

    def facet_counts(self, parameter):
        """The terms of one facet with ``example_count``: the examples each would give with
        the other chosen facets and the search term. Terms without examples are left out,
        unless they are chosen. One query (with the index search, one for every facet and
        the number of results: :meth:`summary`).
        """
        if self.index_search():
            return self.summary()[parameter]
        model, path = self.facet_terms(parameter)
        examples = self.filtered(without=parameter).values("pk")
        chosen = self.values.get(parameter)
        counted = model.objects.annotate(
            example_count=Count(path, filter=Q(**{f"{path}__in": examples}), distinct=True)
        )
        keep = Q(example_count__gt=0)
        if chosen:
            keep |= Q(pk__in=[term.pk for term in chosen])
        return counted.filter(keep).order_by("name")

    def result_count(self):
        """The number of results with the index search (read with the facets' counts)."""
        return self.summary()[None]

    def summary(self):
        """With the index search: the number of results and the terms of every facet with
        their ``example_count``, in one query.

        The examples that match the search term are read once (a materialised ``WITH``),
        with a flag per chosen facet; the count takes those with every flag, and each facet
        counts, per term, those with every flag but its own, as :meth:`facet_counts` does
        with one query per facet. Chosen terms without examples come at a count of 0. Terms
        are in the database's order of names. Returns ``{None: count, parameter: [terms]}``.
        """
        if self._summary is None:
            self._summary = self._read_summary()
        return self._summary

    def _facet_links(self, parameter):
        """``(example id, term id)`` pairs of a facet as a queryset, or None when the term
        is a column of the example (a foreign key: the region)."""
        if parameter in FACET_FIELDS:
            field = self.model._meta.get_field(FACET_FIELDS[parameter])
            if not field.many_to_many:
                return None
            through = field.remote_field.through
            return through.objects.values_list(
                through._meta.get_field(field.m2m_field_name()).attname,
                through._meta.get_field(field.m2m_reverse_field_name()).attname,
            )
        if parameter == "organisation":
            relation = self.model._meta.get_field("organisation_links")
            links = relation.related_model.objects.values_list(
                relation.field.attname, "organisation_id"
            )
            return links.distinct()  # an organisation may be linked twice to an example
        raise ValueError(parameter)

    def _read_summary(self):
        # Every piece is SQL that Django compiled from a queryset, with its parameters; the
        # names put together here are the facets' fixed parameter names.
        columns = [p for p in FACET_PARAMETERS if self._facet_links(p) is None]
        chosen = [p for p in FACET_PARAMETERS if self.values.get(p)]
        try:
            matched, params = _compiled(
                self.filtered(facets=False).values("pk", *(FACET_FIELDS[p] for p in columns))
            )
        except EmptyResultSet:  # a term of stop words only: nothing matches
            matched = f"SELECT {', '.join(['NULL::bigint'] * (1 + len(columns)))} WHERE FALSE"
            params = []
        flags = []
        for parameter in chosen:
            ids = [term.pk for term in self.values[parameter]]
            marks = ", ".join(["%s"] * len(ids))
            links = self._facet_links(parameter)
            if links is None:
                flags.append(f", m.{parameter} IN ({marks}) AS in_{parameter}")
            else:
                sql, more = _compiled(links)
                flags.append(
                    f", m.pk IN (SELECT l.e FROM ({sql}) AS l(e, t) WHERE l.t IN ({marks}))"  # noqa: S608
                    f" AS in_{parameter}"
                )
                params += more
            params += ids

        def where(but=None):
            names = [f"n.in_{parameter}" for parameter in chosen if parameter != but]
            return " AND ".join(names) or "TRUE"

        parts = [f"SELECT NULL, NULL, NULL, NULL, COUNT(*) FROM narrowed n WHERE {where()}"]  # noqa: S608
        for index, parameter in enumerate(FACET_PARAMETERS):
            links = self._facet_links(parameter)
            if links is None:
                counts = (
                    f"SELECT n.{parameter} AS term, COUNT(*) AS n FROM narrowed n"  # noqa: S608
                    f" WHERE {where(but=parameter)} AND n.{parameter} IS NOT NULL"
                    f" GROUP BY n.{parameter}"
                )
            else:
                sql, more = _compiled(links)
                counts = (
                    f"SELECT l.t AS term, COUNT(*) AS n FROM narrowed n"  # noqa: S608
                    f" JOIN ({sql}) AS l(e, t) ON l.e = n.pk"
                    f" WHERE {where(but=parameter)} GROUP BY l.t"
                )
                params += more
            terms, more = _compiled(
                self.facet_terms(parameter)[0].objects.values_list("pk", "name", "slug")
            )
            parts.append(
                f"SELECT {index}, t.pk, t.name, t.slug, c.n FROM ({counts}) AS c"  # noqa: S608
                f" JOIN ({terms}) AS t(pk, name, slug) ON t.pk = c.term"
            )
            params += more
            if self.values.get(parameter):
                ids = [term.pk for term in self.values[parameter]]
                parts.append(
                    f"SELECT {index}, t.pk, t.name, t.slug, 0 FROM ({terms}) AS t(pk, name, slug)"  # noqa: S608
                    f" WHERE t.pk IN ({', '.join(['%s'] * len(ids))})"
                )
                params += more + ids
        names = ", ".join(["pk", *columns])
        sql = (
            f"WITH matched({names}) AS MATERIALIZED ({matched}),"  # noqa: S608
            f" narrowed AS MATERIALIZED (SELECT m.*{''.join(flags)} FROM matched m) "
            + " UNION ALL ".join(f"({part})" for part in parts)
            + " ORDER BY 1, 3, 2"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        summary = {parameter: {} for parameter in FACET_PARAMETERS}
        summary[None] = 0
        for index, pk, name, slug, count in rows:
            if index is None:
                summary[None] = count
                continue
            parameter = FACET_PARAMETERS[index]
            terms = summary[parameter]
            if pk not in terms or count > terms[pk].example_count:
                terms[pk] = self.facet_terms(parameter)[0](pk=pk, name=name, slug=slug)
                terms[pk].example_count = count
        for parameter in FACET_PARAMETERS:
            summary[parameter] = list(summary[parameter].values())
        return summary

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
