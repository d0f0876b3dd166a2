"""The admin form of a presentation page."""

from ..core.pages import RouteSlugGuardPageForm

__all__ = ["PresentationPageForm"]


class PresentationPageForm(RouteSlugGuardPageForm):
    """Fills in the event when a presentation is added under an event page, and refuses a
    slug that a route of the parent uses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = getattr(self, "parent_page", None)
        if (
            "event" in self.fields
            and self.instance._state.adding
            and not self.initial.get("event")
            and parent is not None
        ):
            event_model = self.instance._meta.get_field("event").related_model
            if isinstance(parent.specific, event_model):
                self.initial["event"] = parent.pk
