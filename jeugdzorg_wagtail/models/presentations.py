"""Presentations (slides) and their downloads, and a site-wide listing of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .base import JeugdzorgPageMixin

__all__ = ["PresentationIndexPage", "PresentationPage"]


class PresentationIndexMixin(JeugdzorgPageMixin):
    """Behaviour of the presentations listing. You can combine it with your own base page."""


class PresentationMixin(JeugdzorgPageMixin):
    """Behaviour of a presentation. You can combine it with your own base page model."""


class PresentationIndexPage(PresentationIndexMixin, Page):
    subpage_types = ["jeugdzorg_wagtail.PresentationPage"]

    class Meta:
        verbose_name = _("presentations listing")
        verbose_name_plural = _("presentations listings")


class PresentationPage(PresentationMixin, Page):
    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_presentations",
        help_text=_("The event where it was presented (filled in for you under an event)."),
    )
    practice_example = models.ForeignKey(
        "jeugdzorg_wagtail.PracticeExamplePage",
        verbose_name=_("practice example"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )

    parent_page_types = ["jeugdzorg_wagtail.EventPage", "jeugdzorg_wagtail.PresentationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
