"""The library of practice examples: an index with facets and search, and the examples."""

from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page

from .base import JeugdzorgPageMixin

__all__ = ["PracticeExampleIndexPage", "PracticeExamplePage"]


class PracticeExampleIndexMixin(JeugdzorgPageMixin):
    """Behaviour of the library page. You can combine it with your own base page model."""


class PracticeExampleMixin(JeugdzorgPageMixin):
    """Behaviour of a practice example. You can combine it with your own base page model."""


class PracticeExampleIndexPage(PracticeExampleIndexMixin, Page):
    subpage_types = ["jeugdzorg_wagtail.PracticeExamplePage"]

    class Meta:
        verbose_name = _("practice example library")
        verbose_name_plural = _("practice example libraries")


class PracticeExamplePage(PracticeExampleMixin, Page):
    presented_at = ParentalManyToManyField(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("presented at"),
        blank=True,
        related_name="practice_examples",
        help_text=_("Events where this example was presented."),
    )

    parent_page_types = ["jeugdzorg_wagtail.PracticeExampleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")
