"""Cost and registration of an event: an abstract model that carries its fields."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["EventRegistrationMixin"]


class EventRegistrationMixin(models.Model):
    """Cost and registration of an event: whether it is free, what it costs, where to register
    (or register one's interest until registration opens), and when registration opens and
    closes. Compose it before :class:`EventMixin`.
    """

    is_free = models.BooleanField(
        _("free of charge"),
        default=False,
        help_text=_("Tick when taking part costs nothing; the page then says “free”."),
    )
    cost = models.CharField(
        _("cost"),
        max_length=255,
        blank=True,
        help_text=_("For example “€ 25, free for members”. Leave empty when it is free."),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_("Where visitors register once registration is open."),
    )
    interest_url = models.URLField(
        _("register-your-interest link"),
        blank=True,
        help_text=_("Offered while registration is not open yet."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_(
            "Until then the page offers the register-your-interest link. "
            "Leave empty when registration is open right away."
        ),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("After this moment the page says that registration is closed."),
    )

    class Meta:
        abstract = True

    def get_registration_url(self):
        """Where visitors register once registration is open (default: ``registration_url``).

        You can override this method; registration on the site
        (:class:`~jeugdzorg_wagtail.registrations.mixins.OnSiteRegistrationMixin`) does.
        """
        return self.registration_url

    def get_interest_url(self):
        """Where visitors register their interest until registration opens (default:
        ``interest_url``). You can override this method."""
        return self.interest_url

    def get_registration(self, now=None, sessions=None):
        """The state of registration, or None when there is nothing to say.

        Returns a dict with ``state`` (``"open"``, ``"not_open"`` or ``"closed"``), ``url``
        (the registration link when open, the register-your-interest link when not open yet;
        see :meth:`get_registration_url` and :meth:`get_interest_url`), ``opens_at`` and
        ``closes_at``. Nothing is said once the event is over. You can override this method
        for other registration rules.
        """
        now = now or timezone.now()
        if self.is_over(now, sessions):
            return None
        opens, closes = self.registration_opens_at, self.registration_closes_at
        info = {"opens_at": opens, "closes_at": closes, "url": ""}
        if closes and now >= closes:
            return {**info, "state": "closed"}
        if opens and now < opens:
            return {**info, "state": "not_open", "url": self.get_interest_url()}
        registration_url = self.get_registration_url()
        if registration_url:
            return {**info, "state": "open", "url": registration_url}
        interest_url = self.get_interest_url()
        if interest_url:
            return {**info, "state": "not_open", "url": interest_url}
        return None
