"""Modeladmin listing of practice examples, with import and export."""

from django.utils.translation import gettext_lazy as _

from ..importexport.options import ImportExportModelAdminMixin
from ..importexport.resources import PracticeExampleResource
from ..models import PracticeExamplePage
from .base import BaseModelAdmin


class PracticeExamplePageAdmin(ImportExportModelAdminMixin, BaseModelAdmin):
    """Practice examples as a list; editing opens the page editor."""

    model = PracticeExamplePage
    menu_label = _("Practice examples")
    menu_icon = "doc-full"
    list_display = ("title", "region", "is_running", "import_key", "live")
    list_filter = ("region", "themes", "target_groups", "is_running", "live")
    search_fields = ("title", "summary", "import_key")
    ordering = ("title",)
    exclude_from_explorer = False
    resource_class = PracticeExampleResource
