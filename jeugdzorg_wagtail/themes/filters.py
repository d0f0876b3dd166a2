"""The theme page's filter: the region, which narrows all four sections and the feed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.filters import SlugMultipleChoiceField, ValidFiltersMixin
from ..taxonomy.models import Region

__all__ = ["FILTER_PARAMETERS", "ThemeFilterForm"]

FILTER_PARAMETERS = ["region"]


class ThemeFilterForm(ValidFiltersMixin, forms.Form):
    """Bound to ``request.GET``: ``?region=limburg`` (several regions widen the result).

    An unknown region is an error next to the field: the page shows everything of the theme,
    the feed answers 400.
    """

    region = SlugMultipleChoiceField(Region.objects.all(), label=_("Region"))

    #: The filters the theme's feed takes (its subscribe box keeps only these).
    feed_parameters = FILTER_PARAMETERS

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in FILTER_PARAMETERS)

    def regions(self):
        """The valid regions chosen, or an empty list."""
        return list(self.valid_filters().get("region") or [])

    def narrow(self, pages):
        """``pages`` (of a model with ``TaxonomyMixin``) in the chosen regions."""
        regions = self.regions()
        return pages.filter(region__in=regions) if regions else pages

    def filter_sessions(self, sessions):
        """Sessions whose event is in the chosen regions (for the feed)."""
        regions = self.regions()
        return sessions.filter(page__region__in=regions) if regions else sessions

    def error_text(self):
        """All errors as one plain sentence per field (for the feed's 400 answer)."""
        return "\n".join(
            f"{name} ({self.fields[name].label}): {' '.join(str(e) for e in errors)}"
            for name, errors in self.errors.items()
        )
