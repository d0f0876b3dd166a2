"""Whether a presentation's slides can be downloaded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Availability"]


class Availability(models.TextChoices):
    AVAILABLE = "available", _("available")
    WITHDRAWN = "withdrawn", _("withdrawn by the editors")
    REMOVED = "removed", _("the file was removed")
