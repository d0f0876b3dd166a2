"""The shared taxonomy: event types, themes, target groups, regions and organisations.

Editors manage these in the admin (the network's menu group); every page family reuses them,
and their slugs are the values of the listing filters.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

__all__ = ["EventType", "Theme", "TargetGroup", "Region", "Organisation", "TaxonomyTerm"]


class TaxonomyTerm(index.Indexed, models.Model):
    """Abstract base: a name, a slug for filter URLs and an optional description."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=_("Used in the addresses of filtered listings. Filled in from the name."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = slugify(self.name)[:240] or "term"
        slug, n = base, 2
        manager = type(self)._default_manager
        while manager.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class EventType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Region(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Organisation(TaxonomyTerm):
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = TaxonomyTerm.panels + [FieldPanel("website"), FieldPanel("logo")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
