"""Repeating sessions: the fields of a repeat rule and its exceptions, for a session model.

:class:`SessionSeriesMixin` is an abstract model: the session model lists it among its bases
and gets the fields an editor fills in (how often, until when, the exceptions) and two that
are derived on save (``rrule``, the feed's rule, and ``exception_sequences``, the SEQUENCE of
each changed date). The rules themselves are in :mod:`.recurrence`, over plain values.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.fields import StreamField

from ..core.conf import jw_settings
from . import recurrence
from .blocks import SessionExceptionsBlock
from .choices import RepeatFrequency, Weekday, WeekOfMonth

__all__ = [
    "SeriesPreviewPanel",
    "SessionSeriesMixin",
    "WeekdaysField",
    "WeekdaysFormField",
]

#: The session fields of a repeat rule, as the editor's form and the import name them.
RULE_FIELDS = (
    "repeat_frequency",
    "repeat_interval",
    "repeat_weekdays",
    "repeat_week_of_month",
    "repeat_until",
    "repeat_count",
)


def _codes(value):
    if isinstance(value, str):
        value = value.split(",")
    chosen = {str(code).strip().upper() for code in value or () if code}
    return [code for code in recurrence.WEEKDAY_CODES if code in chosen]


class WeekdaysFormField(forms.MultipleChoiceField):
    """Checkboxes for the days of the week; cleans to ``"MO,WE"`` (Monday first)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices=Weekday.choices, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        return _codes(value)

    def clean(self, value):
        return ",".join(_codes(super().clean(value)))

    def has_changed(self, initial, data):
        return _codes(initial) != _codes(data)


class WeekdaysField(models.CharField):
    """Days of the week as comma-separated iCalendar codes (``"MO,WE"``), chosen with
    checkboxes."""

    description = _("Days of the week")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, form_class=WeekdaysFormField, **kwargs)


class SessionSeriesMixin(models.Model):
    """A session that repeats: "every fourth Wednesday of the month, 12 times".

    The session's own start is the first date; every date the rule gives has the same time
    of day (in the calendar's zone) and length. Exceptions leave dates out or change one
    (time, place, status, note) while it keeps its identity in calendars.
    """

    repeat_frequency = models.CharField(
        _("repeat"),
        max_length=10,
        choices=RepeatFrequency.choices,
        blank=True,
        help_text=_("Leave empty for a single date. The start above is the first date."),
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("every how many"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(recurrence.MAX_INTERVAL)],
        help_text=_("1: every day, week or month; 2: every other day, week or month; and so on."),
    )
    repeat_weekdays = WeekdaysField(
        _("on"),
        help_text=_(
            "Weekly: the days of the week. Monthly: the weekday, together with the week of "
            "the month. Empty: the weekday of the start date."
        ),
    )
    repeat_week_of_month = models.SmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_(
            "Monthly only, for example the fourth Wednesday of the month. Empty: the same "
            "day of the month as the start date."
        ),
    )
    repeat_until = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("The last day of the series (included). Or give a number of times."),
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("number of times"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(recurrence.MAX_DATES)],
        help_text=_("How many dates, the first included. Or give an end date."),
    )
    repeat_exceptions = StreamField(
        SessionExceptionsBlock(),
        verbose_name=_("exceptions"),
        blank=True,
        help_text=_(
            "Leave out a date of the series (a holiday), or change one: another time or "
            "place, cancelled, postponed or moved online, with a note."
        ),
    )
    # Derived on save, not edited:
    rrule = models.CharField(max_length=255, blank=True, editable=False)
    exception_sequences = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    #: A session is never a changed date of a series (an agenda date can be).
    is_changed = False
    is_moved = False

    # The rule and its exceptions as plain values

    @property
    def is_recurring(self):
        return bool(self.repeat_frequency)

    def get_rule(self):
        """The repeat rule as a :class:`~.recurrence.Rule`, or ``None`` for a single date."""
        if not self.repeat_frequency:
            return None
        return recurrence.Rule(
            frequency=self.repeat_frequency,
            interval=self.repeat_interval or 1,
            weekdays=tuple(_codes(self.repeat_weekdays)),
            week_of_month=self.repeat_week_of_month or None,
            until=self.repeat_until,
            count=self.repeat_count,
        )

    def get_exceptions(self):
        """The exceptions as :class:`~.recurrence.SkippedDate` and
        :class:`~.recurrence.ChangedDate` values, in the editor's order."""
        return recurrence.exceptions_from_blocks(self.repeat_exceptions or ())

    def get_first_date(self):
        """The session's own values as the first :class:`~.recurrence.SeriesDate`."""
        return recurrence.SeriesDate(
            start=self.start.astimezone(self.calendar_zone()),
            end=self.end.astimezone(self.calendar_zone()) if self.end else None,
            all_day=self.all_day,
            status=self.status,
            venue=self.venue,
            address=self.address,
            postal_code=self.postal_code,
            city=self.city,
            online_url=self.online_url,
            note=self.note,
        )

    def has_valid_rule(self):
        """Whether the rule and exceptions pass :func:`~.recurrence.check_series`."""
        if self.start is None:
            return False
        rule = self.get_rule()
        problems = recurrence.check_series(
            self.start, self.all_day, rule, self.get_exceptions(), self.calendar_zone()
        )
        return not problems

    def get_series_dates(self, before=None):
        """Every date of the session as :class:`~.recurrence.SeriesDate` values, soonest first.

        A single session gives itself. A rule that does not pass the checks (saved around
        the editor's form) is read as a single date. With ``before``, the dates the rule gives
        from then on are left out, except the first and the changed ones.
        """
        rule = self.get_rule() if self.is_recurring and self.has_valid_rule() else None
        return recurrence.series_dates(
            self.get_first_date(),
            rule,
            self.get_exceptions() if rule is not None else (),
            zone=self.calendar_zone(),
            before=before,
        )

    def series_end_bound(self, dates=None):
        """The instant the last date of the session is over (see ``compute_end_bound()``)."""
        dates = self.get_series_dates() if dates is None else dates
        zone = self.calendar_zone()
        bounds = [self.compute_end_bound()]
        for date in dates:
            if date.all_day:
                first = date.start.astimezone(zone).date()
                last = max((date.end or date.start).astimezone(zone).date(), first)
                day_after = last + dt.timedelta(days=1)
                bounds.append(dt.datetime.combine(day_after, dt.time.min, tzinfo=zone))
            else:
                bounds.append(date.end or date.start)
        return max(bounds)

    def series_fingerprint(self):
        """What the series' own SEQUENCE must rise for: the rule, the dates left out and which
        dates are changed (each changed date has a SEQUENCE of its own as well)."""
        exceptions = self.get_exceptions()
        return (
            self.repeat_frequency,
            self.repeat_interval if self.repeat_frequency else None,
            tuple(_codes(self.repeat_weekdays)) if self.repeat_frequency else (),
            self.repeat_week_of_month if self.repeat_frequency else None,
            self.rrule,
            tuple(sorted(str(e.date) for e in exceptions if isinstance(e, recurrence.SkippedDate))),
            tuple(sorted(str(e.date) for e in exceptions if isinstance(e, recurrence.ChangedDate))),
        )

    def compute_rrule(self, dates):
        """The feed's ``RRULE`` for ``dates`` (all of them, from :meth:`get_series_dates`)."""
        rule = self.get_rule()
        if rule is None or not self.has_valid_rule():
            return ""
        zone = self.calendar_zone()
        first = self.start.astimezone(zone)
        if self.all_day:
            first = first.replace(hour=0, minute=0, second=0, microsecond=0)
        wall = recurrence.rule_starts(rule, first.replace(tzinfo=None))
        last = wall[-1].replace(tzinfo=zone)
        return recurrence.rrule_text(rule, first, last, self.all_day, zone)

    def changed_dates(self, dates=None):
        """``{key: fingerprint}`` of the changed dates (see
        :func:`~.recurrence.next_exception_sequences`)."""
        dates = self.get_series_dates() if dates is None else dates
        return {d.key: recurrence.exception_fingerprint(d) for d in dates if d.changed}

    def exception_sequence(self, key):
        """The SEQUENCE of the changed date ``key`` (its original day, ISO)."""
        remembered = (self.exception_sequences or {}).get(key)
        return max(remembered[0], self.sequence) if remembered else self.sequence

    # Words

    @property
    def repeat_description(self):
        """The rule in words in the active language ("every fourth Wednesday of the month"),
        or ``""`` for a single date."""
        rule = self.get_rule()
        if rule is None or self.start is None:
            return ""
        return recurrence.describe(rule, self.start.astimezone(self.calendar_zone()))

    def series_preview(self, limit=8):
        """What the editor sees before publishing: the rule in words, its first dates and how
        many there are, or why the rule is refused."""
        if not self.is_recurring or self.start is None:
            return {"recurring": False}
        zone = self.calendar_zone()
        rule = self.get_rule()
        problems = recurrence.check_series(
            self.start, self.all_day, rule, self.get_exceptions(), zone
        )
        if problems:
            messages = [m for ms in problems.fields.values() for m in ms]
            for index, fields in sorted(problems.exceptions.items()):
                messages += [f"{index + 1}: {m}" for ms in fields.values() for m in ms]
            return {"recurring": True, "problems": messages}
        dates = self.get_series_dates()
        return {
            "recurring": True,
            "description": capfirst(self.repeat_description),
            "count": len(dates),
            "dates": recurrence.format_dates(
                [d.start.astimezone(zone) for d in dates], limit=limit, all_day=self.all_day
            ),
        }

    # Checks

    def clean_series(self):
        """The rule's and the exceptions' problems as a dict for ``ValidationError``: field
        errors by field, the exceptions' by block (shown at the block in the editor)."""
        if self.start is None:
            return {}
        problems = recurrence.check_series(
            self.start, self.all_day, self.get_rule(), self.get_exceptions(), self.calendar_zone()
        )
        errors = {name: list(messages) for name, messages in problems.fields.items()}
        if problems.exceptions:
            block_errors = {
                index: StructBlockValidationError(
                    block_errors={
                        name: ValidationError(messages) for name, messages in fields.items()
                    }
                )
                for index, fields in problems.exceptions.items()
            }
            errors.setdefault("repeat_exceptions", []).append(
                StreamBlockValidationError(block_errors=block_errors)
            )
        return errors

    def clean(self):
        super().clean()
        errors = self.clean_series()
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def calendar_zone():
        return jw_settings.calendar_zone


class SeriesPreviewPanel(Panel):
    """Shows the dates of a session's series in the editor, as the session was last saved (a
    draft included) or as it was just sent: "woensdag 24 juni 2026, 19:30; …"."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "jeugdzorg_wagtail/admin/series_preview.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            preview = {"recurring": False, "unsaved": True}
            if instance is not None and getattr(instance, "start", None) is not None:
                try:
                    preview = instance.series_preview()
                except (TypeError, ValueError):  # values the form has not cleaned
                    preview = {"recurring": False, "unsaved": True}
            context["preview"] = preview
            return context
