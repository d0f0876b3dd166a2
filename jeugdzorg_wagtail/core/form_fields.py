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
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AccessibleFormMixin",
    "CharField",
    "ModelChoiceField",
    "ModelMultipleChoiceField",
    "email_field",
    "name_field",
    "organisation_field",
    "role_field",
]


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


class AccessibleFormMixin:
    """What the package's public forms do for screen readers and keyboards.

    After validation every field with an error gets ``aria-invalid`` and an
    ``aria-describedby`` that names its message first, then its help text (the templates give
    them the ids ``<field id>_error`` and ``<field id>_helptext``). :meth:`error_summary`
    gives the list of problems the page shows at the top, each linking to its field; a group
    of checkboxes or radio buttons (``group_fields``) is linked by its first input.
    """

    #: The id of the ``<form>`` element (the summary links errors of the whole form to it).
    form_id = "jw-form"
    #: Fields whose inputs are a group (rendered in a fieldset; the summary links the first).
    group_fields = ()

    def field_anchor(self, name):
        """The id the error summary links to: the input, or the first of a group."""
        bound = self[name]
        if name in self.group_fields:
            return f"{bound.auto_id}_0"
        return bound.auto_id

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        """``aria-describedby`` (message first, then help) and ``aria-invalid`` on error."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            field.widget.attrs.pop("aria-invalid", None)
            if name in errors:
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def error_summary(self):
        """[{"href", "message"}] for the summary at the top, in the order of the form."""
        items = [{"href": f"#{self.form_id}", "message": e} for e in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append({"href": f"#{self.field_anchor(name)}", "message": message})
        return items


# The contact fields a visitor fills in on the package's public forms (a call's form, a
# registration), each with its ``autocomplete`` token. A function a field, so that every form
# gets fields of its own and keeps its own order.


def name_field():
    return CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def organisation_field():
    return CharField(
        label=_("Organisation"),
        max_length=200,
        error_messages={"required": _("Enter the name of your organisation.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


def role_field():
    return CharField(
        label=_("Your role or position"),
        max_length=200,
        error_messages={"required": _("Enter your role or position.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


def email_field(help_text):
    """The e-mail address; ``help_text`` says what the form sends to it."""
    return forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=help_text,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
