"""Events in the admin: a listing of event pages, with import and export."""

from django.utils.translation import gettext_lazy as _

from ..core.admin import BaseModelAdmin, yes_no
from ..importexport.options import ImportExportModelAdminMixin
from .models import EventPage


class EventPageAdmin(ImportExportModelAdminMixin, BaseModelAdmin):
    """Events as a list; editing opens the page editor."""

    model = EventPage
    menu_label = _("Events")
    menu_icon = "date"
    list_display = ("title", "event_type", "region", "import_key", yes_no("live", _("live")))
    list_filter = ("event_type", "region", "live")
    search_fields = ("title", "import_key")
    ordering = ("title",)
    exclude_from_explorer = False
