"""Form fields shared by the package's public and admin forms.

Browsers count a line break as one character against a text area's ``maxlength`` but send it
as two (CR LF). :class:`CharField` turns every line break into LF before the length is
checked, so a text that fits the browser's limit fits the server's.

Django's model choice fields send whatever number they are given to the database. A number
outside the range of the key (``?event=999999999999999999999999999999``) then fails in the
database driver (``OverflowError`` on SQLite) instead of becoming a form error. These fields
refuse such a value as an invalid choice before any query, so every form that chooses records
by key answers bad input with a form error. Use them instead of Django's.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils.text import normalize_newlines

__all__ = ["CharField", "ModelChoiceField", "ModelMultipleChoiceField"]


class CharField(forms.CharField):
    """Django's ``CharField``; CR LF and CR become LF before the length is checked."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_newlines(value) if value else value


class KeyRangeMixin:
    """Refuses values that cannot be a key of the field's queryset (out of the integer range)."""

    def key_range(self):
        """``(lowest, highest)`` a key can be, or ``None`` when the key is no integer."""
        model_field = (
            self.queryset.model._meta.get_field(self.to_field_name)
            if self.to_field_name
            else self.queryset.model._meta.pk
        )
        # A one-to-one key (a page type's ``page_ptr``) holds the key of the model it points at.
        while model_field.is_relation and model_field.target_field is not model_field:
            model_field = model_field.target_field
        connection = connections[self.queryset.db]
        try:
            return connection.ops.integer_field_range(model_field.get_internal_type())
        except KeyError:
            return None

    def refuse_out_of_range(self, value):
        """Raise the field's ``invalid_choice`` error when ``value`` is an integer out of range."""
        bounds = self.key_range()
        if bounds is None:
            return
        try:
            number = int(str(value).strip())
        except ValueError:
            return  # not a number: the field's own check answers it
        low, high = bounds
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:100]},
            )


class ModelChoiceField(KeyRangeMixin, forms.ModelChoiceField):
    """Django's ``ModelChoiceField``; a key out of range is an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values:
            self.refuse_out_of_range(value)
        return super().to_python(value)


class ModelMultipleChoiceField(KeyRangeMixin, forms.ModelMultipleChoiceField):
    """Django's ``ModelMultipleChoiceField``; a key out of range is an invalid choice."""

    def _check_values(self, value):
        for item in value:  # clean() has made sure it is a list
            self.refuse_out_of_range(item)
        return super()._check_values(value)
