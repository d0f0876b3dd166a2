"""Listing columns that read well in the editor's language."""

from django.utils.translation import gettext


def yes_no(field_name, label):
    """A column for a boolean field that says "yes" or "no".

    Modeladmin shows a boolean as Django's admin does, an icon whose text alternative is
    ``True`` or ``False``: that is what a screen reader reads out, in no language.
    """

    def column(obj):
        return gettext("yes") if getattr(obj, field_name) else gettext("no")

    column.__name__ = field_name
    column.short_description = label
    column.admin_order_field = field_name
    return column
