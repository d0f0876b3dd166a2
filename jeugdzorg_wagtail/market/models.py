"""The open-space market of an event: stands where people show their work.

A stand is a row of its own (:class:`MarketStand`), not a part of the event page: it is made
from an accepted submission in the submissions inbox (``CallSubmission.place_on_market()``)
or in the admin's list of stands, and shows on the event page as soon as it is saved, without
a new revision of the page (so that publishing an older draft of the page never drops it).
Its practice example is linked only while that page is live and public.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import page_permission_policy

__all__ = ["MarketStand", "MarketStandQuerySet"]


class MarketStandQuerySet(models.QuerySet):
    def for_user(self, user):
        """The stands of the events whose page ``user`` may edit (all for superusers)."""
        if user.is_active and user.is_superuser:
            return self
        pages = page_permission_policy.instances_user_has_permission_for(user, "change")
        return self.filter(event__in=pages.values("pk"))


class MarketStand(models.Model):
    """One stand of an event's open-space market."""

    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="market_stands",
    )
    number = models.CharField(
        _("stand"),
        max_length=50,
        blank=True,
        help_text=_("A number or a place, for example “12” or “by the windows”."),
    )
    round = models.PositiveSmallIntegerField(
        _("round"),
        null=True,
        blank=True,
        help_text=_(
            "For a market in rounds: the round this stand is in. Leave empty when the market "
            "has no rounds."
        ),
    )
    title = models.CharField(_("what is shown"), max_length=255)
    organisation = models.ForeignKey(
        "jeugdzorg_wagtail.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="market_stands",
    )
    practice_example = models.ForeignKey(
        "jeugdzorg_wagtail.PracticeExamplePage",
        verbose_name=_("practice example"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="market_stands",
        help_text=_("Linked from the event page once the practice example is published."),
    )
    people = models.CharField(
        _("people present"),
        max_length=500,
        blank=True,
        help_text=_(
            "Shown on the event page. Name only people who agreed to it; leave empty to name "
            "no one."
        ),
    )
    submission = models.ForeignKey(
        "jeugdzorg_wagtail.CallSubmission",
        verbose_name=_("made from submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="market_stands",
        editable=False,
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = MarketStandQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("market stand")
        verbose_name_plural = _("market stands")
        ordering = ["event", "round", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "submission"],
                condition=models.Q(submission__isnull=False),
                name="jeugdzorg_wagtail_market_stand_submission_unique",
            )
        ]

    def __str__(self):
        if self.number:
            return gettext("Stand %(number)s: %(title)s") % {
                "number": self.number,
                "title": self.title,
            }
        return self.title
