"""StreamField blocks of an event page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

__all__ = ["ProgrammeItemBlock"]


class ProgrammeItemBlock(blocks.StructBlock):
    start_time = blocks.TimeBlock(label=_("start time"))
    end_time = blocks.TimeBlock(label=_("end time"), required=False)
    title = blocks.CharBlock(label=_("title"))
    speaker = blocks.CharBlock(label=_("speaker"), required=False)
    room = blocks.CharBlock(label=_("room"), required=False)

    class Meta:
        icon = "time"
        label = _("programme item")
