"""The choices of sessions and of an organisation's part in an event.

No model here: the feeds (:mod:`.ical`) and the filters read these values without loading a
page model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AttendanceMode", "OrganisationRole", "SessionStatus"]


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", _("on site")
    ONLINE = "online", _("online")
    MIXED = "mixed", _("on site and online")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")
    POSTPONED = "postponed", _("postponed")
    MOVED_ONLINE = "moved_online", _("moved online")


class OrganisationRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")
