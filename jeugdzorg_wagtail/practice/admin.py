"""Practice examples in the admin: a listing, with import and export."""

from django.utils.translation import gettext_lazy as _

from ..core.admin import BaseModelAdmin, yes_no
from ..importexport.options import ImportExportModelAdminMixin
from .models import PracticeExamplePage


class PracticeExamplePageAdmin(ImportExportModelAdminMixin, BaseModelAdmin):
    """Practice examples as a list; editing opens the page editor."""

    model = PracticeExamplePage
    menu_label = _("Practice examples")
    menu_icon = "doc-full"
    list_display = (
        "title",
        "region",
        yes_no("is_running", _("still running")),
        "import_key",
        yes_no("live", _("live")),
    )
    list_filter = ("region", "themes", "target_groups", "is_running", "live")
    search_fields = ("title", "summary", "import_key")
    ordering = ("title",)
    exclude_from_explorer = False
