"""Calls for participation and the submissions they receive."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .base import JeugdzorgPageMixin

__all__ = ["CallForParticipationPage", "CallSubmission"]


class CallForParticipationMixin(JeugdzorgPageMixin):
    """Behaviour of a call page. You can combine it with your own base page model."""


class CallForParticipationPage(CallForParticipationMixin, Page):
    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("The event this call is for, if any."),
    )

    subpage_types = []

    class Meta:
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")


class CallSubmission(models.Model):
    """A submission to a call for participation."""

    call = models.ForeignKey(
        CallForParticipationPage,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]

    def __str__(self):
        # Never personal data: the admin log and search index see this.
        return f"#{self.pk} ({self.call_id})"
