"""The admin form of a market stand: only events the editor may edit can be chosen."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permissions import page_permission_policy

from ..events.models import EventPage

__all__ = ["MarketStandForm", "editable_events"]


def editable_events(user):
    """The events whose page ``user`` may edit (their stands with them)."""
    pages = page_permission_policy.instances_user_has_permission_for(user, "change")
    return EventPage.objects.filter(pk__in=pages.values("pk"))


class MarketStandForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "event" in self.fields:
            self.fields["event"].queryset = editable_events(self.for_user).order_by("title")
