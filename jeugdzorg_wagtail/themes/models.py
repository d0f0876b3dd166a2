"""The theme page: one page that serves every theme of the shared taxonomy."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from .mixins import ThemeIndexMixin

__all__ = ["ThemeIndexMixin", "ThemeIndexPage"]


class ThemeIndexPage(ThemeIndexMixin, RoutablePageMixin, Page):
    """The themes of the network, and for each theme everything about it on this site."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of themes."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = []

    class Meta:
        verbose_name = _("theme page")
        verbose_name_plural = _("theme pages")
