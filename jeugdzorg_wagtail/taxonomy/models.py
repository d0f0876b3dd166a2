"""The shared taxonomy: event types, themes, target groups, regions and organisations.

Editors manage these in the admin (the network's menu group); every page family reuses them,
and their slugs are the values of the listing filters.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from ..core.search import ReindexAfterRelationsMixin
from .serializers import TermSerializer

__all__ = [
    "EventType",
    "Organisation",
    "Region",
    "TargetGroup",
    "TaxonomyMixin",
    "TaxonomyTerm",
    "Theme",
    "taxonomy_api_fields",
    "taxonomy_panel",
    "taxonomy_search_fields",
]


class TaxonomyTerm(index.Indexed, models.Model):
    """Abstract base: a name, a slug for filter URLs and an optional description."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=_("Used in the addresses of filtered listings. Filled in from the name."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = slugify(self.name)[:240] or "term"
        slug, n = base, 2
        manager = type(self)._default_manager
        while manager.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class EventType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Region(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Organisation(TaxonomyTerm):
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = TaxonomyTerm.panels + [FieldPanel("website"), FieldPanel("logo")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")


#: The reverse name of a taxonomy field on the terms, one per page model, so that a site can
#: compose :class:`TaxonomyMixin` onto several models: ``region.jeugdzorg_wagtail_eventpage_pages``.
TERM_PAGES = "%(app_label)s_%(class)s_pages"


class TaxonomyMixin(ReindexAfterRelationsMixin, models.Model):
    """A page's region, themes and target groups, from the shared taxonomy.

    Events, practice examples, presentations and calls have them, so that the listings can
    filter on them and a theme page can gather everything about one theme (in one region).
    A page keeps its own wording in the admin with ``FieldPanel(..., help_text=...)``; see
    :func:`taxonomy_panel`, :func:`taxonomy_search_fields` and :func:`taxonomy_api_fields`.
    The themes and target groups are stored after the page row: the page is indexed again
    once they are (:class:`~jeugdzorg_wagtail.core.search.ReindexAfterRelationsMixin`).
    """

    search_relations = ("themes", "target_groups")

    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=TERM_PAGES,
        help_text=_("The region it is for."),
    )
    themes = ParentalManyToManyField(
        "jeugdzorg_wagtail.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name=TERM_PAGES,
        help_text=_("What it is about. A theme's page shows everything under the theme."),
    )
    target_groups = ParentalManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name=TERM_PAGES,
        help_text=_("Who it is for."),
    )

    class Meta:
        abstract = True

    def get_taxonomy_links(self, listing_url):
        """``[(label, [(name, url), ...]), ...]``: the taxonomy as links into a listing's
        filters (``?region=...``, ``?theme=...``, ``?target_group=...``)."""
        if not listing_url:
            return []
        groups = [
            (_("Region"), "region", [self.region] if self.region_id else []),
            (_("Themes"), "theme", list(self.themes.all())),
            (_("Target groups"), "target_group", list(self.target_groups.all())),
        ]
        return [
            (label, [(term.name, f"{listing_url}?{param}={term.slug}") for term in terms])
            for label, param, terms in groups
            if terms
        ]


CLASSIFICATION = _("Classification")


def taxonomy_panel(heading=CLASSIFICATION, order=("region", "themes", "target_groups")):
    """One panel with the taxonomy fields of :class:`TaxonomyMixin`, in ``order``."""
    return MultiFieldPanel([FieldPanel(name) for name in order], heading=heading)


def taxonomy_search_fields():
    """Search and filter fields of :class:`TaxonomyMixin`: the terms' names are searched, their
    slugs and the region filter."""
    return [
        index.RelatedFields("themes", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields(
            "target_groups", [index.SearchField("name"), index.FilterField("slug")]
        ),
        index.RelatedFields("region", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("region"),
    ]


def taxonomy_api_fields():
    """API fields of :class:`TaxonomyMixin`: each term as its name and slug."""
    return [
        APIField("region", serializer=TermSerializer(read_only=True)),
        APIField("themes", serializer=TermSerializer(many=True, read_only=True)),
        APIField("target_groups", serializer=TermSerializer(many=True, read_only=True)),
    ]
