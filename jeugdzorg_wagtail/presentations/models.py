"""Presentations (slides) and their downloads, and a site-wide listing of them.

A presentation offers either a Wagtail document or a link to slides hosted elsewhere. Its
``download/`` route serves the document (respecting the privacy of its collection and
``WAGTAILDOCS_SERVE_METHOD``) or redirects to the link, and counts the download without
storing anything about the visitor. A presentation that is withdrawn, whose document was
deleted or whose file is missing keeps its page with a "no longer available" notice, and its
``download/`` answers 410 Gone.

Behaviour lives in mixins (:mod:`.mixins`) so that a site with its own base page model can
combine them with it; the concrete pages here add the fields.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..taxonomy.models import (
    TaxonomyMixin,
    taxonomy_api_fields,
    taxonomy_panel,
    taxonomy_search_fields,
)
from .choices import Availability
from .forms import PresentationPageForm
from .mixins import PresentationIndexMixin, PresentationMixin, PresentationSlidesMixin

__all__ = [
    "Availability",
    "PresentationIndexMixin",
    "PresentationIndexPage",
    "PresentationMixin",
    "PresentationPage",
    "PresentationSlidesMixin",
    "PresentationSpeaker",
]


class PresentationIndexPage(PresentationIndexMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = ["jeugdzorg_wagtail.PresentationPage"]

    class Meta:
        verbose_name = _("presentations listing")
        verbose_name_plural = _("presentations listings")


class PresentationPage(
    TaxonomyMixin, PresentationSlidesMixin, PresentationMixin, RoutablePageMixin, Page
):
    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_presentations",
        help_text=_("The event where it was presented (filled in for you under an event)."),
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("When it was presented. Left empty, the date of the event is used."),
    )
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    practice_example = models.ForeignKey(
        "jeugdzorg_wagtail.PracticeExamplePage",
        verbose_name=_("practice example"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    content_panels = Page.content_panels + [
        InlinePanel("speakers", label=_("speaker"), heading=_("Speakers")),
        MultiFieldPanel(
            [FieldPanel("event"), FieldPanel("date")],
            heading=_("Where and when"),
        ),
        FieldPanel("summary"),
        taxonomy_panel(order=("themes", "target_groups", "region")),
        FieldPanel("practice_example"),
        MultiFieldPanel(
            [
                FieldPanel("document"),
                FieldPanel("external_url"),
                FieldPanel("withdrawn"),
                FieldPanel("withdrawn_reason"),
                FieldPanel("download_count", read_only=True),
            ],
            heading=_("Slides"),
        ),
    ]

    search_fields = (
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.FilterField("date"),
            index.FilterField("event"),
        ]
        + taxonomy_search_fields()
    )

    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("external_url"),
        APIField("withdrawn"),
        APIField("withdrawn_reason"),
        APIField("download_count"),
        *taxonomy_api_fields(),
    ]

    base_form_class = PresentationPageForm

    exclude_fields_in_copy = ["download_count"]

    parent_page_types = ["jeugdzorg_wagtail.EventPage", "jeugdzorg_wagtail.PresentationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")


class PresentationSpeaker(Orderable):
    """Who gave a presentation: a name and/or role, and an organisation (chosen or typed)."""

    page = ParentalKey(PresentationPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=255, blank=True)
    role = models.CharField(
        _("role"), max_length=255, blank=True, help_text=_("For example “manager”.")
    )
    organisation = models.ForeignKey(
        "jeugdzorg_wagtail.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentation_speakers",
    )
    organisation_name = models.CharField(
        _("other organisation"),
        max_length=255,
        blank=True,
        help_text=_("When the organisation is not in the list."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("organisation_name"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return ", ".join(part for part in (self.name, self.role, self.organisation_label) if part)

    def clean(self):
        super().clean()
        if not self.name and not self.role:
            raise ValidationError({"name": _("Give a name or a role.")})

    @property
    def organisation_label(self):
        return self.organisation.name if self.organisation_id else self.organisation_name
