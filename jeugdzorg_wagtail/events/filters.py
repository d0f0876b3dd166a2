"""The agenda's filters, shared by the listing and the iCal feed.

Filter values are slugs of the shared taxonomy, so filtered URLs stay readable and can be
shared: ``?region=limburg&theme=de-professional&mode=online&from_date=2026-01-01``. Several
values of one filter widen the result (OR); different filters narrow it (AND). An unknown or
malformed value makes the form invalid: the listing then shows the error and ignores that
filter, and the feed answers 400.
"""

import datetime as dt

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..core.conf import jw_settings
from ..core.filters import SlugMultipleChoiceField
from ..taxonomy.filters import TaxonomyFilterForm
from ..taxonomy.models import EventType
from .choices import AttendanceMode

__all__ = [
    "FILTER_PARAMETERS",
    "MAX_DATE",
    "MIN_DATE",
    "AgendaFilterForm",
    "filter_pairs",
    "filter_values",
]

FILTER_PARAMETERS = ["region", "theme", "target_group", "type", "mode", "from_date", "to_date"]

# Dates outside this range are refused: they cannot be meant, and at the extremes (year 1,
# year 9999) turning them into instants in the calendar's zone would overflow.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)


def filter_pairs(query, form=None):
    """The agenda filters of a query string as (name, value) pairs, in a fixed order.

    Other parameters (``page``, tracking codes) are left out; with a bound ``form``, so are
    the filters it rejected, so that a link built from them never leads to a 400.
    """
    rejected = set(form.errors) if form is not None and form.is_bound else set()
    getlist = getattr(query, "getlist", None) or (lambda name: [query.get(name)])
    return [
        (name, value)
        for name in FILTER_PARAMETERS
        if name not in rejected
        for value in getlist(name)
        if value
    ]


def filter_values(query):
    """The agenda filters of a query string as ``((name, (value, ...)), ...)``: the same
    filters in any order give the same value (a feed's cache key and identity)."""
    getlist = getattr(query, "getlist", None) or (lambda name: [query.get(name)])
    return tuple(
        (name, tuple(sorted(value for value in getlist(name) if value is not None)))
        for name in FILTER_PARAMETERS
    )


class AgendaFilterForm(TaxonomyFilterForm):
    """Bound to ``request.GET``. ``filter_sessions`` applies the valid filters to sessions."""

    type = SlugMultipleChoiceField(EventType.objects.all(), label=_("Type of event"))
    mode = forms.MultipleChoiceField(
        label=_("Attendance"),
        choices=AttendanceMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    from_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    to_date = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (MIN_DATE <= value <= MAX_DATE):
            raise forms.ValidationError(
                _("Enter a date between %(min)s and %(max)s."),
                code="out_of_range",
                params={"min": MIN_DATE.year, "max": MAX_DATE.year},
            )
        return value

    def clean_from_date(self):
        return self._clean_date("from_date")

    def clean_to_date(self):
        return self._clean_date("to_date")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", _("The end date is before the start date."))
        return cleaned

    @property
    def is_filtered(self):
        """True when the query string gives a value for any filter (valid or not)."""
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:  # a plain dict
            return any(self.data.get(name) for name in FILTER_PARAMETERS)
        return any(value for name in FILTER_PARAMETERS for value in getlist(name, []))

    def filter_sessions(self, sessions):
        """Narrow a queryset of sessions by the valid filters, in the database.

        The sessions' ``page`` is the event page whose taxonomy the filters look at.
        """
        values = self.valid_filters()
        zone = jw_settings.calendar_zone
        pages = sessions.model._meta.get_field("page").related_model.objects.all()
        narrowed = False
        if values.get("region"):
            pages, narrowed = pages.filter(region__in=values["region"]), True
        if values.get("theme"):
            pages, narrowed = pages.filter(themes__in=values["theme"]), True
        if values.get("target_group"):
            pages, narrowed = pages.filter(target_groups__in=values["target_group"]), True
        if values.get("type"):
            pages, narrowed = pages.filter(event_type__in=values["type"]), True
        if narrowed:
            shown = Q(page__in=pages.values("pk"))
            if any(f.name == "source_event" for f in sessions.model._meta.get_fields()):
                shown |= Q(source_event__in=self.filter_source_events(values).values("pk"))
            sessions = sessions.filter(shown)
        if values.get("mode"):
            sessions = sessions.filter(attendance_mode__in=values["mode"])
        if values.get("from_date"):
            start = dt.datetime.combine(values["from_date"], dt.time.min, tzinfo=zone)
            sessions = sessions.filter(end_bound__gt=start)
        if values.get("to_date"):
            day_after = values["to_date"] + dt.timedelta(days=1)
            end = dt.datetime.combine(day_after, dt.time.min, tzinfo=zone)
            sessions = sessions.filter(start__lt=end)
        return sessions

    @staticmethod
    def filter_source_events(values):
        """The partners' events (``SourceEvent``) that match the taxonomy filters of
        ``values`` (valid filters), by the classification the editor gave them."""
        events = apps.get_model("jeugdzorg_wagtail", "SourceEvent").objects.all()
        if values.get("region"):
            events = events.filter(region__in=values["region"])
        if values.get("theme"):
            events = events.filter(themes__in=values["theme"])
        if values.get("target_group"):
            events = events.filter(target_groups__in=values["target_group"])
        if values.get("type"):
            events = events.filter(event_type__in=values["type"])
        return events

    def filter_partner_events(self, events):
        """Narrow a queryset of partners' events (``SourceEvent``) by the valid filters: those
        with a date in the agenda that the filters let through."""
        entries = apps.get_model("jeugdzorg_wagtail", "AgendaEntry").objects.filter(
            source_event__in=events.values("pk")
        )
        return events.filter(pk__in=self.filter_sessions(entries).values("source_event_id"))

    def error_text(self):
        """All errors as one plain sentence per field (for the feed's 400 answer)."""
        lines = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            lines.append(f"{name} ({label}): {' '.join(str(e) for e in errors)}")
        return "\n".join(lines)
