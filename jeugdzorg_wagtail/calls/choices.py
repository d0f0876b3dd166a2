"""The states of a call and the review statuses of a submission."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CallState", "SubmissionStatus"]


class CallState(models.TextChoices):
    NOT_OPEN = "not_open", _("not open yet")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    UNDER_REVIEW = "under_review", _("under review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
