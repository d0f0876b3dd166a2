"""What a call offers: its submission types, and the types a new call starts with."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

__all__ = ["SubmissionTypeBlock", "default_submission_types"]


class SubmissionTypeBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=100)
    description = blocks.CharBlock(
        label=_("description"),
        required=False,
        max_length=255,
        help_text=_("For example “a workshop of 45 minutes for up to 20 people”."),
    )

    class Meta:
        icon = "list-ul"
        label = _("submission type")


def default_submission_types():
    """The types a new call offers: a practice example, a workshop, a presentation, a stand."""
    return [
        ("type", {"label": gettext("Practice example"), "description": ""}),
        ("type", {"label": gettext("Workshop proposal"), "description": ""}),
        ("type", {"label": gettext("Presentation"), "description": ""}),
        ("type", {"label": gettext("Stand at the open-space market"), "description": ""}),
    ]
