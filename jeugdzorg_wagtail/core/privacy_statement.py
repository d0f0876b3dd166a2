"""A page's privacy statement, each published text of which is kept as a version.

Calls for participation and events with registration on the site ask visitors to agree to a
privacy statement. :class:`PrivacyStatementMixin` carries the field and the versions: every
distinct text the page published is a row of its version model (derived from
:class:`AbstractPrivacyStatementVersion`, with a key to the page), and what a visitor sends
records the version they agreed to. The form carries a hash of the text it showed
(:data:`PRIVACY_FIELD`); when the statement changed in the meantime the visitor is asked to
read it again.
"""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

__all__ = [
    "PRIVACY_FIELD",
    "AbstractPrivacyStatementVersion",
    "PrivacyStatementMixin",
    "record_privacy_statement_version",
]

#: The hidden field that carries the hash of the privacy statement the visitor agreed to.
PRIVACY_FIELD = "jw_privacy"


class AbstractPrivacyStatementVersion(models.Model):
    """One text of a page's privacy statement. The concrete model adds a key to its page
    (``call`` for calls, ``event`` for events), named by the page's
    :attr:`PrivacyStatementMixin.privacy_version_page_field`."""

    text = RichTextField(_("text"))
    text_hash = models.CharField(_("SHA-256 of the text"), max_length=64, editable=False)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("published with revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("first used at"), auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True


class PrivacyStatementMixin(models.Model):
    """A page's privacy statement and its versions, for composing onto a page model.

    The versions are rows of :meth:`get_privacy_version_class`, whose key to the page is
    :attr:`privacy_version_page_field`. Each published text is kept (a signal handler asks
    :meth:`get_privacy_version` on ``page_published``), and so is the text a visitor agreed
    to if it was never published (a preview, a form of a page published long ago).
    """

    privacy_statement = RichTextField(
        _("privacy statement"),
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "What is done with the data people send, who sees it and how long it is kept. "
            "Each published change is kept as a new version; everyone who sends the form "
            "is recorded with the version they agreed to."
        ),
    )

    #: The name of the version model's key to this page.
    privacy_version_page_field = "page"

    class Meta:
        abstract = True

    def get_privacy_version_class(self):
        """The model of the versions. You must override this method."""
        raise NotImplementedError("Return the model of the privacy statement's versions.")

    def get_privacy_text_hash(self):
        """SHA-256 of the privacy statement's stored text: the identity of a version."""
        return hashlib.sha256((self.privacy_statement or "").encode("utf-8")).hexdigest()

    def get_privacy_version(self, revision=None):
        """The version of the current text, created when it is new."""
        versions = self.get_privacy_version_class().objects
        text_hash = self.get_privacy_text_hash()
        key = self.privacy_version_page_field
        version = versions.filter(**{f"{key}_id": self.pk, "text_hash": text_hash}).first()
        if version is None:
            version, _created = versions.get_or_create(
                **{f"{key}_id": self.pk, "text_hash": text_hash},
                defaults={"text": self.privacy_statement or "", "revision": revision},
            )
        return version

    def has_privacy_statement(self):
        """Whether there is a statement to keep versions of (a page may leave it empty)."""
        return bool((self.privacy_statement or "").strip())


def record_privacy_statement_version(sender, instance, revision=None, **kwargs):
    """A ``page_published`` handler: keep the published text of the page's privacy statement
    as a version of its own (nothing for an empty statement)."""
    if instance.has_privacy_statement():
        instance.get_privacy_version(revision=revision)
