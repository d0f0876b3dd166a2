"""Behaviour of the practice example library and of a practice example, for composing onto a
site's own page models.

:class:`PracticeExampleIndexMixin` and :class:`PracticeExampleMixin` are plain mixins (no
fields): a migration names them in the ``bases`` of the package's pages, so they must never
become models with fields. The fields that go with behaviour live in abstract models
(:class:`PracticePeriodMixin`, :class:`PracticeContactMixin`) that the concrete page lists
beside them. The mixins reach the package's models through hooks that look them up in
the app registry, or through their page's own relations.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Min
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from ..core.conf import jw_settings
from ..core.pages import JeugdzorgPageMixin
from ..core.search import ReindexAfterRelationsMixin
from ..events.page_cache import PageCacheMixin
from .filters import PracticeExampleFilterForm
from .library import LibraryQuery

__all__ = [
    "MONTH_CHOICES",
    "YEAR_VALIDATORS",
    "PracticeContactMixin",
    "PracticeExampleIndexMixin",
    "PracticeExampleMixin",
    "PracticePeriodMixin",
]

APP_LABEL = "jeugdzorg_wagtail"

MONTH_CHOICES = list(MONTHS.items())
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2999)]


class PracticeExampleIndexMixin(PageCacheMixin, JeugdzorgPageMixin):
    """Behaviour of the library page. You can combine it with your own base page model.

    The context of the page (see :meth:`get_context`) has ``filter_form``, ``facets``,
    ``chosen_filters``, ``search_query``, ``sort``, ``sort_options``, ``examples`` (the
    current page of results, a Django ``Page``), ``paginator``, ``result_count`` and
    ``query_string`` (the current filters without ``page``, for pagination links).
    """

    #: The image rendition of a result card (prefetched for the whole page of results).
    card_rendition = "fill-480x270"

    def get_practice_example_model(self):
        """The model of the practice examples this library lists (``PracticeExamplePage``).

        You can override this method to list examples of another page model.
        """
        return apps.get_model(APP_LABEL, "PracticeExamplePage")

    def get_filter_form_class(self):
        """The class of the filter form: :class:`~.filters.PracticeExampleFilterForm`.

        You can override this method to use a form with other facets.
        """
        return PracticeExampleFilterForm

    def get_library_query_class(self):
        """The class that filters, searches and counts: :class:`~.library.LibraryQuery`.

        You can override this method to search or count differently.
        """
        return LibraryQuery

    def get_practice_examples(self):
        """The examples this library shows: live, public, its own descendants, no aliases.

        You can override this method to widen or narrow the library (for example to show
        the examples of several libraries).
        """
        return (
            self.get_practice_example_model()
            .objects.live()
            .public()
            .descendant_of(self)
            .filter(alias_of__isnull=True)
        )

    def get_filter_form(self, request):
        """The filter form bound to the query string."""
        return self.get_filter_form_class()(request.GET)

    def get_listing_queryset(self, queryset):
        """The queryset a page of results is read from: what a result card needs.

        You can override this method when your template shows more (or less) per result.
        """
        images = get_image_model().objects.prefetch_renditions(self.card_rendition)
        links = self.get_practice_example_model()._meta.get_field("organisation_links")
        return queryset.select_related("region").prefetch_related(
            "themes",
            models.Prefetch(
                "organisation_links",
                queryset=links.related_model.objects.select_related("organisation"),
            ),
            models.Prefetch("image", queryset=images),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.get_filter_form(request)
        query = self.get_library_query_class()(self, form)
        results = query.results(self.get_listing_queryset)
        paginator = Paginator(results, jw_settings.PRACTICE_EXAMPLES_PER_PAGE)
        page_of_results = paginator.get_page(request.GET.get("page"))
        context.update(
            {
                "filter_form": form,
                "facets": query.facets(),
                "chosen_filters": query.chosen_filters(),
                "search_query": query.search_term,
                "sort": query.sort,
                "sort_options": query.sort_options(),
                "examples": page_of_results,
                "paginator": paginator,
                "result_count": paginator.count,
                "query_string": query.query_string(),
            }
        )
        return context


class PracticeExampleMixin(PageCacheMixin, ReindexAfterRelationsMixin, JeugdzorgPageMixin):
    """Behaviour of a practice example. You can combine it with your own base page model."""

    #: How many related examples :meth:`get_related_examples` gives at most.
    related_examples_limit = 3

    #: Relations that are written after the page row and that the search index reads.
    search_relations = ("organisation_links", "themes", "target_groups")

    # Relations shown on the page

    def get_library(self):
        """The library page this example belongs to (its parent), or None.

        You can override this method when your examples live elsewhere than under a
        library; the taxonomy links of the page go to the library's facets.
        """
        if not self.path or self.depth <= 1:
            return None
        return self.get_parent()

    def get_organisations(self):
        """The organisations behind this example, in the editor's order (one query)."""
        if getattr(self, "_organisations", None) is None:
            links = self.organisation_links.all()
            if hasattr(links, "select_related"):  # not in previews, where rows are in memory
                links = links.select_related("organisation")
            organisations = {}
            for link in links:  # an organisation chosen twice is shown once
                if link.organisation_id and link.organisation_id not in organisations:
                    organisations[link.organisation_id] = link.organisation
            self._organisations = list(organisations.values())
        return self._organisations

    def get_market_stands(self):
        """The stands of open-space markets where this example was shown (the reverse
        relation ``market_stands`` of :class:`~jeugdzorg_wagtail.market.models.MarketStand`;
        none for a page model without it)."""
        if not self.pk or not hasattr(self, "market_stands"):
            return []
        return list(self.market_stands.all())

    def get_events(self):
        """The live, public events where this example was presented (chosen by the editor,
        or on a stand of the event's market), earliest first. An event with a stand has
        ``market_stand`` set: the stand's number or place ("" when it has none)."""
        stands = {stand.event_id: stand.number for stand in self.get_market_stands()}
        ids = [event.pk for event in self.presented_at.all()] + list(stands)
        if not ids:
            return []
        event_model = type(self)._meta.get_field("presented_at").related_model
        events = list(
            event_model.objects.live()
            .public()
            .filter(pk__in=ids)
            .annotate(first_start=Min("sessions__start"))
            .order_by("first_start", "title")
        )
        for event in events:
            event.market_stand = stands.get(event.pk)
        return events

    def get_presentations(self):
        """The live, public presentations of this example."""
        if not self.pk:
            return []
        return list(self.presentations.live().public().order_by("title"))

    def get_chosen_examples(self):
        """The related examples an editor chose that are live and public, in their order."""
        ids = [link.example_id for link in self.related_example_links.all() if link.example_id]
        if not ids:
            return []
        found = type(self).objects.live().public().filter(pk__in=ids).exclude(pk=self.pk)
        by_id = {example.pk: example for example in found}
        return [by_id[pk] for pk in ids if pk in by_id]

    def get_suggested_examples(self, limit=None):
        """Examples of the same library that share themes with this one, most shared first.

        Live and public only, never this example itself; one query for the examples (plus
        the one Wagtail makes for view restrictions). You can override this method to
        suggest examples in another way.
        """
        limit = limit or self.related_examples_limit
        theme_ids = [theme.pk for theme in self.themes.all()]
        if not theme_ids:
            return []
        candidates = type(self).objects.live().public().filter(alias_of__isnull=True)
        if self.path and self.depth > 1:
            candidates = candidates.filter(
                path__startswith=self.path[: -self.steplen], depth=self.depth
            )
        if self.pk:
            candidates = candidates.exclude(pk=self.pk)
        return list(
            candidates.filter(themes__in=theme_ids)
            .annotate(shared_themes=Count("themes", distinct=True))
            .order_by("-shared_themes", "-first_published_at", "-id")[:limit]
        )

    def get_related_examples(self):
        """``(examples, suggested)``: the chosen examples, or suggestions when none are chosen.

        Suggestions are also given when none of the chosen examples is live and public.
        """
        chosen = self.get_chosen_examples()
        if chosen:
            return chosen, False
        return self.get_suggested_examples(), True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        library = self.get_library()
        library_url = library.get_url(request) if library else None
        related, suggested = self.get_related_examples()
        context.update(
            {
                "library": library,
                "library_url": library_url,
                "taxonomy_links": self.get_taxonomy_links(library_url),
                "organisations": self.get_organisations(),
                "events": self.get_events(),
                "presentations": self.get_presentations(),
                "related_examples": related,
                "related_are_suggested": suggested,
            }
        )
        return context


class PracticePeriodMixin(models.Model):
    """When a practice example runs: years and months, or the period in words, and whether it
    is still running; checked so that the period adds up."""

    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    start_month = models.PositiveSmallIntegerField(
        _("start month"), null=True, blank=True, choices=MONTH_CHOICES
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_month = models.PositiveSmallIntegerField(
        _("end month"), null=True, blank=True, choices=MONTH_CHOICES
    )
    period_text = models.CharField(
        _("period in words"),
        max_length=100,
        blank=True,
        help_text=_("For example “since 2019”. Shown instead of the years above."),
    )
    is_running = models.BooleanField(
        _("still running"),
        default=True,
        help_text=_("Untick when the example has ended."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = self.get_period_errors()
        if errors:
            raise ValidationError(errors)

    def get_period_errors(self):
        """``{field: message}`` for a period that does not add up (used by forms and imports).

        You can override this method to check the period differently.
        """
        errors = {}
        if self.start_month and not self.start_year:
            errors["start_year"] = _("Give the year of the start month.")
        if self.end_month and not self.end_year:
            errors["end_year"] = _("Give the year of the end month.")
        if self.start_year and self.end_year:
            start = (self.start_year, self.start_month or 1)
            end = (self.end_year, self.end_month or 12)
            if end < start:
                errors["end_year"] = _("The end is before the start.")
        if self.end_year and not self.start_year:
            errors["start_year"] = _("Give the start year when you give an end.")
        return errors

    # Period

    @staticmethod
    def _year_month(year, month):
        if not year:
            return ""
        if month:
            return f"{MONTHS[month]} {year}"
        return str(year)

    def get_period_display(self):
        """The period as text: the free text, or "since March 2019", or "2019 – 2021".

        You can override this method to show the period differently.
        """
        if self.period_text:
            return self.period_text
        start = self._year_month(self.start_year, self.start_month)
        end = self._year_month(self.end_year, self.end_month)
        if start and end:
            if start == end:
                return start
            return _("%(start)s – %(end)s") % {"start": start, "end": end}
        if start:
            return _("since %(start)s") % {"start": start}
        return ""

    def get_status_display(self):
        """ "Still running" or "ended", in words (never by colour alone)."""
        return _("still running") if self.is_running else _("ended")


class PracticeContactMixin(models.Model):
    """Whom to ask about a practice example: a team or role, a role address, a web page."""

    contact_name = models.CharField(
        _("contact"),
        max_length=255,
        blank=True,
        help_text=_("A team, role or organisation, for example “Projectteam Haven 71”."),
    )
    contact_email = models.EmailField(
        _("contact e-mail address"),
        blank=True,
        help_text=_(
            "A role address such as info@… or projecten@…, not a personal one. "
            "Phone numbers are not published."
        ),
    )
    contact_url = models.URLField(
        _("contact web page"),
        blank=True,
        help_text=_("A contact page or form, instead of or beside the e-mail address."),
    )

    class Meta:
        abstract = True
