"""The taxonomy in the admin: a listing per kind of term (with import and export, their
resources from the registry), and the organisation chooser."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from ..core.admin import BaseModelAdmin
from ..importexport.options import ImportExportModelAdminMixin
from .models import EventType, Organisation, Region, TargetGroup, Theme


class TaxonomyAdmin(ImportExportModelAdminMixin, BaseModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    add_to_settings_menu = False
    exclude_from_explorer = True

    def get_menu_label(self):
        # Not str.title(), which writes "Thema'S" for "thema's".
        return self.menu_label or capfirst(self.opts.verbose_name_plural)


class EventTypeAdmin(TaxonomyAdmin):
    model = EventType
    menu_icon = "date"


class ThemeAdmin(TaxonomyAdmin):
    model = Theme
    menu_icon = "tag"


class TargetGroupAdmin(TaxonomyAdmin):
    model = TargetGroup
    menu_icon = "group"


class RegionAdmin(TaxonomyAdmin):
    model = Region
    menu_icon = "site"


class OrganisationAdmin(TaxonomyAdmin):
    model = Organisation
    menu_icon = "home"
    list_display = ("name", "website")


class OrganisationChooserViewSet(ChooserViewSet):
    """Picks an organisation in page forms: the list is too long for a plain select."""

    model = Organisation
    icon = "home"
    choose_one_text = _("Choose an organisation")
    choose_another_text = _("Choose another organisation")
    edit_item_text = _("Edit this organisation")
    form_fields = ["name", "website"]


organisation_chooser_viewset = OrganisationChooserViewSet("jeugdzorg_organisation_chooser")

TAXONOMY_ADMINS = [EventTypeAdmin, ThemeAdmin, TargetGroupAdmin, RegionAdmin, OrganisationAdmin]
