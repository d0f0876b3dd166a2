"""The filters of the presentations listing: event, year, theme and speaker organisation.

``?event=12&year=2018&theme=de-professional&organisation=two-jeugdhulp``. The event is given
by its page ID (event slugs are only unique within one agenda), themes and organisations by
their slugs. Several values of one filter widen the result (OR); different filters narrow it
(AND). An unknown or malformed value makes that field invalid: the listing shows the error and
ignores that filter (never a server error).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core import form_fields
from ..core.filters import SlugMultipleChoiceField, ValidFiltersMixin
from ..taxonomy.models import Organisation, Theme

__all__ = ["FILTER_PARAMETERS", "EventChoiceField", "PresentationFilterForm"]

FILTER_PARAMETERS = ["event", "year", "theme", "organisation"]


class EventChoiceField(form_fields.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Choose one of the events in the list."),
    }

    def label_from_instance(self, obj):
        return obj.title


class PresentationFilterForm(ValidFiltersMixin, forms.Form):
    """Bound to ``request.GET``; ``presentations`` (the unfiltered listing) decides which
    events and years can be chosen. ``filter_presentations`` applies the valid filters."""

    event = EventChoiceField(None, label=_("Event"), required=False, empty_label=_("All events"))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    theme = SlugMultipleChoiceField(Theme.objects.all(), label=_("Theme"))
    organisation = SlugMultipleChoiceField(
        Organisation.objects.all(), label=_("Speaker's organisation")
    )

    def __init__(self, data=None, *, presentations, **kwargs):
        super().__init__(data, **kwargs)
        model = presentations.model
        self.speaker_model = model._meta.get_field("speakers").related_model
        event_model = model._meta.get_field("event").related_model
        self.fields["event"].queryset = event_model.objects.filter(
            pk__in=presentations.filter(event__isnull=False).values("event")
        ).order_by("title")
        years = presentations.filter(date__isnull=False).dates("date", "year", order="DESC")
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(day.year), str(day.year)) for day in years
        ]
        self.fields["theme"].queryset = Theme.objects.filter(pk__in=presentations.values("themes"))
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=self.speaker_model.objects.filter(page__in=presentations.values("pk")).values(
                "organisation"
            )
        )

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in FILTER_PARAMETERS)

    def filter_presentations(self, presentations):
        """Narrow a queryset of presentations by the valid filters, in the database."""
        values = self.valid_filters()
        if values.get("event"):
            presentations = presentations.filter(event=values["event"])
        if values.get("year"):
            presentations = presentations.filter(date__year=values["year"])
        if values.get("theme"):
            presentations = presentations.filter(
                pk__in=presentations.model.objects.filter(themes__in=values["theme"]).values("pk")
            )
        if values.get("organisation"):
            presentations = presentations.filter(
                pk__in=self.speaker_model.objects.filter(
                    organisation__in=values["organisation"]
                ).values("page_id")
            )
        return presentations
