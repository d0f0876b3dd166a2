"""Editor-managed settings of the network, per site."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

__all__ = ["NetworkSettings"]


@register_setting(icon="group")
class NetworkSettings(BaseSiteSetting):
    """The network behind a site: its name, contact address, social media and calendar."""

    name = models.CharField(
        _("network name"),
        max_length=255,
        blank=True,
        help_text=_("Shown in page titles, e-mails and as the name of the calendar feed."),
    )
    description = models.TextField(
        _("short description"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences about the network; used as the calendar description."),
    )
    notification_email = models.EmailField(
        _("e-mail address for notifications"),
        blank=True,
        help_text=_(
            "Editors are notified at this address of new submissions to calls, "
            "unless a call names its own addresses."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    mastodon = models.URLField(_("Mastodon"), blank=True)
    bluesky = models.URLField(_("Bluesky"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)
    calendar_refresh_hours = models.PositiveSmallIntegerField(
        _("calendar refresh interval (hours)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("How often calendar apps that subscribe to the agenda should fetch it again."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("description"), FieldPanel("website")],
            heading=_("Network"),
        ),
        FieldPanel("notification_email"),
        MultiFieldPanel(
            [
                FieldPanel("mastodon"),
                FieldPanel("bluesky"),
                FieldPanel("linkedin"),
                FieldPanel("instagram"),
                FieldPanel("facebook"),
                FieldPanel("youtube"),
            ],
            heading=_("Social media"),
        ),
        FieldPanel("calendar_refresh_hours"),
    ]

    class Meta:
        verbose_name = _("network settings")

    def __str__(self):
        return self.name or str(self.site)

    @property
    def social_links(self):
        """(label, url) pairs of the accounts that are filled in, in a stable order."""
        fields = ["mastodon", "bluesky", "linkedin", "instagram", "facebook", "youtube"]
        return [
            (self._meta.get_field(f).verbose_name, getattr(self, f))
            for f in fields
            if getattr(self, f)
        ]
