"""What a page needs to be imported: a key that a spreadsheet row names it by."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ImportKeyMixin"]


class ImportKeyMixin(models.Model):
    """The ``import_key`` of a page that :class:`~.resources.PageResource` imports: a row with
    the same key updates the page instead of adding a new one.

    A page keeps its own wording in the admin with ``FieldPanel("import_key", help_text=...)``.
    """

    import_key = models.CharField(
        _("import key"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Identifies the page in imported spreadsheets: importing a row with the same key "
            "updates this page instead of adding a new one."
        ),
    )

    class Meta:
        abstract = True
