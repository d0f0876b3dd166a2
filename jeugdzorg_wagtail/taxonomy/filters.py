"""The taxonomy filters that every listing shares: region, theme and target group, by slug.

``?region=limburg&theme=de-professional&target_group=gemeenten``. Several values of one filter
widen the result (OR); different filters narrow it (AND).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.filters import SlugMultipleChoiceField, ValidFiltersMixin
from .models import Region, TargetGroup, Theme

__all__ = ["TAXONOMY_PARAMETERS", "TaxonomyFilterForm"]

#: The query parameters of the taxonomy filters, in the order the forms show them.
TAXONOMY_PARAMETERS = ["region", "theme", "target_group"]


class TaxonomyFilterForm(ValidFiltersMixin, forms.Form):
    """The region, theme and target group filters; a listing's form adds its own."""

    region = SlugMultipleChoiceField(Region.objects.all(), label=_("Region"))
    theme = SlugMultipleChoiceField(Theme.objects.all(), label=_("Theme"))
    target_group = SlugMultipleChoiceField(TargetGroup.objects.all(), label=_("Target group"))
