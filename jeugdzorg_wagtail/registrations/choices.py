"""The choices of registration: how an event takes registrations, what a visitor is asked, and
where a registration for a session stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PlaceStatus", "Question", "RegistrationMode"]


class RegistrationMode(models.TextChoices):
    """How an event takes registrations on the site."""

    OFF = "", _("not on this site")
    INTEREST = "interest", _("register interest only, registration not open yet")
    OPEN = "open", _("registration on this site")


class Question(models.TextChoices):
    """Whether a question of the form is asked, and whether it must be answered."""

    NO = "", _("not asked")
    OPTIONAL = "optional", _("optional")
    REQUIRED = "required", _("required")


class PlaceStatus(models.TextChoices):
    """Where a registration for one session stands."""

    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
