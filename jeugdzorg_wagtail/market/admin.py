"""Market stands in the admin: a list per event, to add, edit and remove stands.

A user sees and changes the stands of the events whose page they may edit. Stands made from a
submission come from the submissions inbox ("Place on the market").
"""

from django.contrib.admin import RelatedFieldListFilter
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from ..core.admin import BaseModelAdmin, PageScopedPermissionHelper
from .forms import MarketStandForm, editable_events
from .models import MarketStand

__all__ = ["MarketStandAdmin"]


class MarketStandPermissionHelper(PageScopedPermissionHelper):
    """The model permissions, and for one stand also the page permission on its event."""

    def pages_for_user(self, user):
        return editable_events(user)

    def page_id_of(self, obj):
        return obj.event_id


class MarketEventFilter(RelatedFieldListFilter):
    """Filter by event, offering the events with stands whose page the user may edit."""

    def field_choices(self, field, request, model_admin):
        events = editable_events(request.user).filter(market_stands__isnull=False).distinct()
        return list(events.order_by("title").values_list("pk", "title"))


class MarketStandAdmin(BaseModelAdmin):
    model = MarketStand
    menu_label = _("Market stands")
    menu_icon = "group"
    list_display = ("number", "title", "event", "round", "organisation", "practice_example")
    list_filter = (("event", MarketEventFilter), "round")
    list_select_related = ("event", "organisation", "practice_example")
    search_fields = ("number", "title", "people")
    ordering = ("event", "round", "number", "pk")
    add_to_settings_menu = False
    exclude_from_explorer = True
    permission_helper_class = MarketStandPermissionHelper
    edit_handler = ObjectList(
        [
            FieldPanel("event"),
            FieldRowPanel([FieldPanel("number"), FieldPanel("round")]),
            FieldPanel("title"),
            FieldPanel("organisation"),
            FieldPanel("practice_example"),
            FieldPanel("people"),
        ],
        base_form_class=MarketStandForm,
    )

    def get_queryset(self, request):
        """The stands of the events whose page the user may edit (all for superusers)."""
        return super().get_queryset(request).for_user(request.user)
