"""Fields and behaviour shared by the filter forms of the listings and feeds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import form_fields

__all__ = ["SlugMultipleChoiceField", "ValidFiltersMixin"]


class SlugMultipleChoiceField(form_fields.ModelMultipleChoiceField):
    """Chooses taxonomy terms by slug; the error names the unknown value."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not one of the available choices."),
        "invalid_pk_value": _("“%(pk)s” is not a valid value."),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset, **kwargs)


class ValidFiltersMixin:
    """For a filter form: the values of the fields that validated, the others left out."""

    def valid_filters(self):
        """The cleaned values of the fields that validated (an invalid field is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors
            and value not in (None, "", [])
            and not (hasattr(value, "exists") and not value)
        }
