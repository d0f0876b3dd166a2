"""StreamField blocks of an event page and of its sessions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .choices import SessionStatus

__all__ = ["ChangedDateBlock", "ProgrammeItemBlock", "SessionExceptionsBlock", "SkippedDateBlock"]


class ProgrammeItemBlock(blocks.StructBlock):
    start_time = blocks.TimeBlock(label=_("start time"))
    end_time = blocks.TimeBlock(label=_("end time"), required=False)
    title = blocks.CharBlock(label=_("title"))
    speaker = blocks.CharBlock(label=_("speaker"), required=False)
    room = blocks.CharBlock(label=_("room"), required=False)

    class Meta:
        icon = "time"
        label = _("programme item")


class SkippedDateBlock(blocks.StructBlock):
    """A date of the series that is left out, for example in a school holiday."""

    date = blocks.DateBlock(
        label=_("date"),
        help_text=_("A date of the series. It disappears from the agenda and from calendars."),
    )

    class Meta:
        icon = "cross"
        label = _("leave out a date")
        form_classname = "jw-exception jw-exception--skip"


class ChangedDateBlock(blocks.StructBlock):
    """One date of the series with another time, place, status or note."""

    date = blocks.DateBlock(
        label=_("date"),
        help_text=_(
            "The date of the series that changes. Calendar apps keep knowing it as that date."
        ),
    )
    status = blocks.ChoiceBlock(
        choices=SessionStatus.choices,
        default=SessionStatus.SCHEDULED,
        label=_("status"),
        help_text=_(
            "Cancelled and postponed dates stay in the agenda, plainly marked; add a note."
        ),
    )
    new_date = blocks.DateBlock(
        required=False,
        label=_("new date"),
        help_text=_("Only when this time moves to another day."),
    )
    start_time = blocks.TimeBlock(
        required=False, label=_("new start time"), help_text=_("Empty: the series' time.")
    )
    end_time = blocks.TimeBlock(
        required=False,
        label=_("new end time"),
        help_text=_("Empty: as long as the other dates."),
    )
    venue = blocks.CharBlock(
        required=False, max_length=255, label=_("venue"), help_text=_("Empty: the series' place.")
    )
    address = blocks.CharBlock(required=False, max_length=255, label=_("street address"))
    postal_code = blocks.CharBlock(required=False, max_length=20, label=_("postal code"))
    city = blocks.CharBlock(required=False, max_length=100, label=_("city"))
    online_url = blocks.URLBlock(
        required=False,
        max_length=500,
        label=_("online link"),
        help_text=_("For a date moved online. Shown only when the series' online link is public."),
    )
    note = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("note"),
        help_text=_("For example “in the library this time” or “new date follows”."),
    )

    class Meta:
        icon = "edit"
        label = _("change a date")
        form_classname = "jw-exception jw-exception--change"


class SessionExceptionsBlock(blocks.StreamBlock):
    """The exceptions of a repeating session: dates left out and dates changed."""

    skip = SkippedDateBlock()
    change = ChangedDateBlock()

    class Meta:
        required = False
