"""Choices of the partner agendas: how often a source is fetched, how its last fetch went,
and the status of a partner's event."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FETCH_INTERVALS", "FetchState", "SourceEventStatus"]


class SourceEventStatus(models.TextChoices):
    """The ``STATUS`` of a partner's event, as iCalendar writes it (no status: confirmed)."""

    CONFIRMED = "CONFIRMED", _("confirmed")
    TENTATIVE = "TENTATIVE", _("tentative")
    CANCELLED = "CANCELLED", _("cancelled")


class FetchState(models.TextChoices):
    """How the last fetch of a source ended."""

    NEVER = "", _("not fetched yet")
    IMPORTED = "imported", _("fetched")
    NOT_MODIFIED = "not_modified", _("unchanged since the previous fetch")
    FAILED = "failed", _("failed")


#: How often a source may be fetched, in minutes.
FETCH_INTERVALS = [
    (15, _("every 15 minutes")),
    (30, _("every half hour")),
    (60, _("every hour")),
    (180, _("every 3 hours")),
    (360, _("every 6 hours")),
    (720, _("twice a day")),
    (1440, _("once a day")),
]
