from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from jeugdzorg_wagtail.models import open_calls


class HomePage(Page):
    """The example site's home page: an introduction, the calls open now and the sections."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        context["open_calls"] = open_calls().descendant_of(self)
        return context

    class Meta:
        verbose_name = _("home page")
