"""The e-mails of a call: a confirmation to the sender and a notice to the editors.

:class:`CallEmailMixin` is an abstract model, as Wagtail's ``EmailFormMixin``: it declares the
fields it needs (``confirmation_text``, ``notify_emails``) and extends
``process_form_submission(form)``: the submission is stored by ``super()``, the e-mails go out
after the transaction commits. When sending fails the submission is kept and marked.
"""

import html
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import finder_classes
from wagtail.fields import RichTextField
from wagtail.hooks import search_for_hooks
from wagtail.rich_text import expand_db_html

from ..core.models import NetworkSettings

__all__ = [
    "CallEmailMixin",
    "admin_url_path",
    "one_line",
    "rich_text_to_plain",
    "split_addresses",
    "validate_email_list",
]

logger = logging.getLogger("jeugdzorg_wagtail.calls")


def split_addresses(value):
    """Addresses separated by commas, semicolons, spaces or new lines."""
    for separator in ";\n\r\t ":
        value = value.replace(separator, ",")
    return [part.strip() for part in value.split(",") if part.strip()]


def validate_email_list(value):
    for address in split_addresses(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("“%(address)s” is not a valid e-mail address."), params={"address": address}
            ) from None


def rich_text_to_plain(value):
    """Rich text as plain text for e-mails: one line per paragraph, list item or heading.

    (Imports write a blank line between paragraphs instead, see
    ``jeugdzorg_wagtail.importexport.values.html_to_text``; the e-mails keep their layout.)
    """
    text = expand_db_html(value or "")
    for tag in ("</p>", "<br>", "<br/>", "</li>", "</h2>", "</h3>", "</h4>"):
        text = text.replace(tag, tag + "\n")
    lines = [line.strip() for line in html.unescape(strip_tags(text)).splitlines()]
    return "\n".join(line for line in lines if line)


def one_line(text):
    """``text`` on one line of at most 200 characters (an e-mail subject)."""
    return " ".join(str(text).split())[:200]


def admin_url_path(instance):
    """The path of ``instance`` in the admin, or ``None`` when no admin shows it.

    Its detail page when the admin that registered a URL finder for its model offers one
    (``get_inspect_url``), else its edit page; asked without a user, so without permission
    checks (the link is for the editors the notice goes to).
    """
    search_for_hooks()  # the admin registers its URL finders in wagtail_hooks
    finder_class = finder_classes.get(instance)
    if finder_class is None:
        return None
    finder = finder_class(None)
    get_url = getattr(finder, "get_inspect_url", None) or finder.get_edit_url
    return get_url(instance)


class CallEmailMixin(models.Model):
    """The e-mails of a call page, sent after a submission is stored.

    Compose it before ``CallForParticipationMixin`` so that its
    :meth:`process_form_submission` runs first and calls ``super()``.
    """

    confirmation_text = RichTextField(
        _("confirmation text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown after sending and included in the confirmation e-mail."),
    )
    notify_emails = models.CharField(
        _("addresses to notify"),
        max_length=1000,
        blank=True,
        validators=[validate_email_list],
        help_text=_(
            "Editors notified of each new submission, separated by commas. Left empty, the "
            "address in the network settings is used."
        ),
    )

    #: The template of the confirmation to the sender.
    confirmation_email_template = "jeugdzorg_wagtail/emails/call_submission_confirmation.txt"
    #: The template of the notice to the editors.
    notice_email_template = "jeugdzorg_wagtail/emails/call_submission_notice.txt"

    class Meta:
        abstract = True

    def process_form_submission(self, form):
        """Store the submission (``super()``), then send the e-mails after commit."""
        submission = super().process_form_submission(form)
        transaction.on_commit(lambda: self.send_submission_emails(submission))
        return submission

    def get_confirmation_email_template(self):
        """The template of the confirmation. You can override this method."""
        return self.confirmation_email_template

    def get_notice_email_template(self):
        """The template of the notice. You can override this method."""
        return self.notice_email_template

    def get_notification_recipients(self):
        """The editors' addresses: the call's own, or else the network setting's."""
        own = split_addresses(self.notify_emails or "")
        if own:
            return own
        site = self.get_site()
        if site is None:
            return []
        address = NetworkSettings.for_site(site).notification_email
        return [address] if address else []

    def get_admin_url_for_submission(self, submission):
        """Absolute URL of the submission in the admin, or ``None`` when no admin shows it.

        On ``WAGTAILADMIN_BASE_URL``, or without it on the root URL of the call's site.
        """
        path = admin_url_path(submission)
        if path is None:
            return None
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
        if not base:
            site = self.get_site()
            base = site.root_url if site else ""
        return base.rstrip("/") + path

    def send_submission_emails(self, submission):
        """Send the confirmation and the notice; failures are logged and marked, never raised."""
        failures = []
        for kind, send in (
            ("confirmation", self.send_confirmation_email),
            ("notice", self.send_notice_email),
        ):
            try:
                if not send(submission):
                    failures.append(f"{kind}: no recipient")
            except Exception as exc:  # any backend error: the submission must stay
                logger.exception("Sending the %s of submission %s failed", kind, submission.pk)
                failures.append(f"{kind}: {type(exc).__name__}")
        if failures:
            note = f"{timezone.now():%Y-%m-%d %H:%M} " + "; ".join(failures)
            notes = "\n".join(filter(None, [submission.email_notes, note]))
            type(submission).objects.filter(pk=submission.pk).update(
                email_failed=True, email_notes=notes
            )
            submission.email_failed, submission.email_notes = True, notes

    def get_email_context(self, submission):
        """What the templates of both e-mails get. You can override this method."""
        return {
            "page": self,
            "call": self,
            "submission": submission,
            "confirmation_text": rich_text_to_plain(self.confirmation_text),
        }

    def send_confirmation_email(self, submission):
        """The confirmation to the sender, in the language the form was sent in.

        It repeats none of the free text that was sent (an address typed by someone else
        receives nothing they can use).
        """
        if not submission.email:
            return False
        with translation.override(submission.language or settings.LANGUAGE_CODE):
            context = self.get_email_context(submission)
            context["call_url"] = self.get_full_url()
            subject = gettext("We received your submission to “%(call)s”") % {"call": self.title}
            body = render_to_string(self.get_confirmation_email_template(), context)
        EmailMessage(subject=one_line(subject), body=body, to=[submission.email]).send()
        return True

    def send_notice_email(self, submission):
        """The notice to editors: a link to the submission in the admin, no personal data."""
        recipients = self.get_notification_recipients()
        if not recipients:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = self.get_email_context(submission)
            context["admin_url"] = self.get_admin_url_for_submission(submission)
            subject = gettext("New submission to “%(call)s”") % {"call": self.title}
            body = render_to_string(self.get_notice_email_template(), context)
        EmailMessage(subject=one_line(subject), body=body, to=recipients).send()
        return True
