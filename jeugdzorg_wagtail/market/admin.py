"""Market stands in the admin: a list per event, to add, edit and remove stands.

A user sees and changes the stands of the events whose page they may edit. Stands made from a
submission come from the submissions inbox ("Place on the market").
"""

from django.contrib.admin import RelatedFieldListFilter
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper

from ..core.admin import BaseModelAdmin
from .forms import MarketStandForm, editable_events
from .models import MarketStand

__all__ = ["MarketStandAdmin"]


class MarketStandPermissionHelper(PermissionHelper):
    """The model permissions, and for one stand also the page permission on its event."""

    def user_can_see_obj(self, user, obj):
        if user.is_active and user.is_superuser:
            return True
        event_ids = getattr(user, "_jeugdzorg_market_event_ids", None)
        if event_ids is None:
            event_ids = set(editable_events(user).values_list("pk", flat=True))
            user._jeugdzorg_market_event_ids = event_ids
        return obj.event_id in event_ids

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self.user_can_see_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self.user_can_see_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self.user_can_see_obj(user, obj)


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
