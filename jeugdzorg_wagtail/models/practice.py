"""The library of practice examples: an index with facets and search, and the examples.

A practice example ("praktijkvoorbeeld") tells who does what, where, for whom and what it
brought. The library page lists the live, public examples below it with four facets (region,
theme, target group, organisation), full-text search and sorting; the filtering, the facet
counts and the search are done in :mod:`jeugdzorg_wagtail.practice_filters`.

Behaviour lives in mixins (``PracticeExampleIndexMixin``, ``PracticeExampleMixin``) so that a
site with its own base page model can combine them with it; the concrete pages add the
fields and panels.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Min
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..core.blocks import BodyBlock
from ..core.conf import jw_settings
from ..core.pages import JeugdzorgPageMixin
from ..core.search import index_now_or_later

__all__ = [
    "PracticeExampleIndexPage",
    "PracticeExamplePage",
    "PracticeExampleOrganisation",
    "RelatedPracticeExample",
]

MONTH_CHOICES = list(MONTHS.items())
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2999)]


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=255)
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("link")


class PracticeExampleTermSerializer(serializers.Serializer):
    """A taxonomy term of a practice example in the API: its name and slug."""

    name = serializers.CharField()
    slug = serializers.CharField()


class PracticeExampleOrganisationSerializer(serializers.Serializer):
    """An organisation behind a practice example, in the API."""

    name = serializers.CharField(source="organisation.name")
    slug = serializers.CharField(source="organisation.slug")
    website = serializers.CharField(source="organisation.website")


class PracticeExampleIndexMixin(JeugdzorgPageMixin):
    """Behaviour of the library page. You can combine it with your own base page model.

    The context of the page (see :meth:`get_context`) has ``filter_form``, ``facets``,
    ``chosen_filters``, ``search_query``, ``sort``, ``sort_options``, ``examples`` (the
    current page of results, a Django ``Page``), ``paginator``, ``result_count`` and
    ``query_string`` (the current filters without ``page``, for pagination links).
    """

    def get_practice_examples(self):
        """The examples this library shows: live, public, its own descendants, no aliases.

        You can override this method to widen or narrow the library (for example to show
        the examples of several libraries).
        """
        return (
            PracticeExamplePage.objects.live()
            .public()
            .descendant_of(self)
            .filter(alias_of__isnull=True)
        )

    def get_filter_form(self, request):
        """The filter form bound to the query string.

        You can override this method to use a form with other facets.
        """
        from ..practice_filters import PracticeExampleFilterForm

        return PracticeExampleFilterForm(request.GET)

    def get_listing_queryset(self, queryset):
        """The queryset a page of results is read from: what a result card needs.

        You can override this method when your template shows more (or less) per result.
        """
        from wagtail.images import get_image_model

        from ..practice_filters import CARD_RENDITION

        images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
        return queryset.select_related("region").prefetch_related(
            "themes",
            models.Prefetch(
                "organisation_links",
                queryset=PracticeExampleOrganisation.objects.select_related("organisation"),
            ),
            models.Prefetch("image", queryset=images),
        )

    def get_context(self, request, *args, **kwargs):
        from ..practice_filters import LibraryQuery

        context = super().get_context(request, *args, **kwargs)
        form = self.get_filter_form(request)
        query = LibraryQuery(self, form)
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


class PracticeExampleMixin(JeugdzorgPageMixin):
    """Behaviour of a practice example. You can combine it with your own base page model."""

    #: How many related examples :meth:`get_related_examples` gives at most.
    related_examples_limit = 3

    #: Relations that are written after the page row and that the search index reads.
    search_relations = ("organisation_links", "themes", "target_groups")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # Organisations and themes are written after the page row, so the index entry made
        # when the row was saved misses them: index the page again now that they are stored.
        update_fields = kwargs.get("update_fields")
        if getattr(self, "search_auto_update", True) and (
            update_fields is None or set(update_fields) & set(self.search_relations)
        ):
            index_now_or_later(self)
        return result

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

    def get_events(self):
        """The live, public events where this example was presented, earliest first."""
        from ..events.models import EventPage

        ids = [event.pk for event in self.presented_at.all()]
        if not ids:
            return []
        return list(
            EventPage.objects.live()
            .public()
            .filter(pk__in=ids)
            .annotate(first_start=Min("sessions__start"))
            .order_by("first_start", "title")
        )

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
        found = PracticeExamplePage.objects.live().public().filter(pk__in=ids).exclude(pk=self.pk)
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
        candidates = PracticeExamplePage.objects.live().public().filter(alias_of__isnull=True)
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

    def get_taxonomy_links(self, library_url):
        """``[(label, [(name, url), ...]), ...]``: the taxonomy as links into the facets."""
        if not library_url:
            return []
        groups = [
            (_("Region"), "region", [self.region] if self.region_id else []),
            (_("Themes"), "theme", list(self.themes.all())),
            (_("Target groups"), "target_group", list(self.target_groups.all())),
        ]
        return [
            (label, [(term.name, f"{library_url}?{param}={term.slug}") for term in terms])
            for label, param, terms in groups
            if terms
        ]

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


class PracticeExampleIndexPage(PracticeExampleIndexMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [APIField("intro")]

    subpage_types = ["jeugdzorg_wagtail.PracticeExamplePage"]

    class Meta:
        verbose_name = _("practice example library")
        verbose_name_plural = _("practice example libraries")


class PracticeExamplePage(PracticeExampleMixin, Page):
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("A few plain sentences: shown in the library and in search results."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    results = RichTextField(
        _("results and lessons learned"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the example brought, and what others can learn from it."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_examples",
    )
    themes = ParentalManyToManyField(
        "jeugdzorg_wagtail.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="practice_examples",
    )
    target_groups = ParentalManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="practice_examples",
    )
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
    links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("links"),
        blank=True,
        help_text=_("Reports, videos or websites about the example."),
    )
    presented_at = ParentalManyToManyField(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("presented at"),
        blank=True,
        related_name="practice_examples",
        help_text=_("Events where this example was presented."),
    )
    import_key = models.CharField(
        _("import key"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Identifies the practice example in imported spreadsheets: importing a row with "
            "the same key updates this example instead of adding a new one."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("results"),
        MultipleChooserPanel(
            "organisation_links",
            chooser_field_name="organisation",
            label=_("organisations"),
            heading=_("Organisations"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldPanel("themes"),
                FieldPanel("target_groups"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("start_month")]),
                FieldRowPanel([FieldPanel("end_year"), FieldPanel("end_month")]),
                FieldPanel("period_text"),
                FieldPanel("is_running"),
            ],
            heading=_("Period"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_url")],
            heading=_("Contact"),
        ),
        FieldPanel("links"),
        FieldPanel("presented_at"),
        InlinePanel(
            "related_example_links",
            label=_("related example"),
            heading=_("Related examples"),
            help_text=_("Leave empty to suggest examples that share themes with this one."),
        ),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("import_key")]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("results"),
        index.AutocompleteField("summary"),
        index.RelatedFields(
            "organisation_links",
            [index.RelatedFields("organisation", [index.SearchField("name")])],
        ),
        index.RelatedFields("themes", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields(
            "target_groups", [index.SearchField("name"), index.FilterField("slug")]
        ),
        index.RelatedFields("region", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("region"),
        index.FilterField("is_running"),
        index.FilterField("start_year"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("results"),
        APIField("image"),
        APIField("region", serializer=PracticeExampleTermSerializer(read_only=True)),
        APIField("themes", serializer=PracticeExampleTermSerializer(many=True, read_only=True)),
        APIField(
            "target_groups", serializer=PracticeExampleTermSerializer(many=True, read_only=True)
        ),
        APIField(
            "organisation_links",
            serializer=PracticeExampleOrganisationSerializer(many=True, read_only=True),
        ),
        APIField("start_year"),
        APIField("start_month"),
        APIField("end_year"),
        APIField("end_month"),
        APIField("period_text"),
        APIField("is_running"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_url"),
        APIField("links"),
        APIField("presented_at"),
    ]

    parent_page_types = ["jeugdzorg_wagtail.PracticeExampleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")


class PracticeExampleOrganisation(Orderable):
    """An organisation behind a practice example."""

    page = ParentalKey(
        PracticeExamplePage, on_delete=models.CASCADE, related_name="organisation_links"
    )
    organisation = models.ForeignKey(
        "jeugdzorg_wagtail.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="practice_example_links",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation of the practice example")
        verbose_name_plural = _("organisations of the practice example")


class RelatedPracticeExample(Orderable):
    """A practice example an editor relates to another one."""

    page = ParentalKey(
        PracticeExamplePage, on_delete=models.CASCADE, related_name="related_example_links"
    )
    example = models.ForeignKey(
        PracticeExamplePage,
        verbose_name=_("practice example"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("example")]

    class Meta(Orderable.Meta):
        verbose_name = _("related practice example")
        verbose_name_plural = _("related practice examples")
