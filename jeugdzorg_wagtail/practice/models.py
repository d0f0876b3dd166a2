"""The library of practice examples: an index with facets and search, and the examples.

A practice example ("praktijkvoorbeeld") tells who does what, where, for whom and what it
brought. The library page lists the live, public examples below it with four facets (region,
theme, target group, organisation), full-text search and sorting; the filtering, the facet
counts and the search are done in :mod:`jeugdzorg_wagtail.practice.library`.

Behaviour lives in mixins (:mod:`.mixins`) so that a site with its own base page model can
combine them with it; the concrete pages here add the fields and panels.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
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
from ..importexport.pages import ImportKeyMixin
from ..taxonomy.models import TaxonomyMixin
from ..taxonomy.serializers import OrganisationLinkSerializer, TermSerializer
from .mixins import (
    PracticeContactMixin,
    PracticeExampleIndexMixin,
    PracticeExampleMixin,
    PracticePeriodMixin,
)

__all__ = [
    "PracticeContactMixin",
    "PracticeExampleIndexMixin",
    "PracticeExampleMixin",
    "PracticePeriodMixin",
    "PracticeExampleIndexPage",
    "PracticeExamplePage",
    "PracticeExampleOrganisation",
    "RelatedPracticeExample",
]


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=255)
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("link")


class PracticeExampleIndexPage(PracticeExampleIndexMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    api_fields = [APIField("intro")]

    subpage_types = ["jeugdzorg_wagtail.PracticeExamplePage"]

    class Meta:
        verbose_name = _("practice example library")
        verbose_name_plural = _("practice example libraries")


class PracticeExamplePage(
    ImportKeyMixin,
    TaxonomyMixin,
    PracticePeriodMixin,
    PracticeContactMixin,
    PracticeExampleMixin,
    Page,
):
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
    promote_panels = Page.promote_panels + [
        FieldPanel(
            "import_key",
            help_text=_(
                "Identifies the practice example in imported spreadsheets: importing a row with "
                "the same key updates this example instead of adding a new one."
            ),
        )
    ]

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
        APIField("region", serializer=TermSerializer(read_only=True)),
        APIField("themes", serializer=TermSerializer(many=True, read_only=True)),
        APIField("target_groups", serializer=TermSerializer(many=True, read_only=True)),
        APIField(
            "organisation_links",
            serializer=OrganisationLinkSerializer(many=True, read_only=True),
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
