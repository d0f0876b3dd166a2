"""Editor-managed settings of the network, per site, the epochs of shared caches and the
narrow copy of Wagtail's search index that searches on PostgreSQL read."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

__all__ = ["CacheEpoch", "NetworkSettings", "SearchIndexVectors"]


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


class CacheEpoch(models.Model):
    """A number per shared cache, raised when an invalidation of it could not be written.

    The feed cache (:mod:`jeugdzorg_wagtail.events.feed_cache`) raises ``"feeds"`` when Redis
    cannot be reached while a page is published, so that the entries Redis still holds from
    before are dropped once it answers again. It is written only on such a failure.
    """

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("cache epoch")
        verbose_name_plural = _("cache epochs")

    def __str__(self):
        return f"{self.name}: {self.value}"

    @classmethod
    def current(cls, name):
        """The epoch ``name`` (0 when it was never raised); one query."""
        return cls.objects.filter(name=name).values_list("value", flat=True).first() or 0

    @classmethod
    def advance(cls, name):
        """Raise the epoch ``name`` by one (in the current transaction, if any)."""
        with transaction.atomic():
            cls.objects.get_or_create(name=name)
            cls.objects.filter(name=name).update(value=models.F("value") + 1)


if connection.vendor == "postgresql":
    # A lazy import: django.contrib.postgres needs psycopg, which only PostgreSQL sites have.
    from django.contrib.postgres.search import SearchVectorField as _VectorField
else:
    _VectorField = models.TextField


class SearchIndexVectors(models.Model):
    """The title and body vectors of Wagtail's PostgreSQL search index entries, narrow.

    PostgreSQL only: migration ``0009_search_index_vectors`` creates the table and triggers
    on Wagtail's index entries table that copy every insert, update and delete (and empty it
    with a ``TRUNCATE``), so it holds exactly what Wagtail's index holds, whichever way the
    index is written: a page saved or deleted, a batch, ``update_index``. An entry whose
    object id is not an integer is not copied. On other databases there is no table and
    nothing reads the model.

    The practice library matches and ranks a search term on these rows instead of on
    Wagtail's wide entries (with their autocomplete vector and plain texts), by the integer
    id of the page instead of its text form.
    """

    entry_id = models.BigIntegerField(primary_key=True)
    content_type_id = models.IntegerField()
    object_id = models.BigIntegerField()
    title = _VectorField(null=True)
    body = _VectorField(null=True)
    title_norm = models.FloatField()

    wagtail_reference_index_ignore = True

    class Meta:
        managed = False
        db_table = "jeugdzorg_wagtail_searchindexvectors"
        verbose_name = _("search index vectors")
        verbose_name_plural = _("search index vectors")

    def __str__(self):
        return f"{self.content_type_id}: {self.object_id}"
