"""What a call receives and keeps: the submissions, the versions of a call's privacy
statement they agreed to, and the records of exports and personal-data requests."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.permissions import page_permission_policy
from wagtail.rich_text import RichText

from ..core.conf import jw_settings
from ..core.privacy_statement import AbstractPrivacyStatementVersion
from ..market.models import MarketStand
from ..practice.models import PracticeExampleOrganisation, PracticeExamplePage
from ..taxonomy.models import Organisation
from .attachments import get_attachment_storage, submission_attachment_path
from .choices import SubmissionStatus
from .retention import months_before

__all__ = [
    "AbstractCallSubmission",
    "AbstractPrivacyStatementVersion",
    "CallSubmission",
    "CallSubmissionQuerySet",
    "PersonalDataRequest",
    "PrivacyStatementVersion",
    "SubmissionExport",
    "known_user",
]


def known_user(user):
    """``user`` when it is a signed-in user, else ``None`` (for "who did it" fields and logs)."""
    return user if user is not None and user.is_authenticated else None


class PrivacyStatementVersion(AbstractPrivacyStatementVersion):
    """One text of a call's privacy statement, kept as long as a submission refers to it."""

    call = models.ForeignKey(
        "jeugdzorg_wagtail.CallForParticipationPage",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="privacy_versions",
    )

    class Meta:
        verbose_name = _("privacy statement version")
        verbose_name_plural = _("privacy statement versions")
        ordering = ["call", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "text_hash"], name="jeugdzorg_wagtail_privacy_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.call_id} / {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class CallSubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        """The submissions ``user`` may see in the admin: those of the calls whose page they
        may edit (see ``calls_for_user``)."""
        if user.is_active and user.is_superuser:
            return self
        calls = self.model._meta.get_field("call").related_model.objects
        pages = page_permission_policy.instances_user_has_permission_for(user, "change")
        return self.filter(call__in=calls.filter(pk__in=pages.values("pk")).values("pk"))

    def past_retention(self, now=None, months=None):
        """Submissions not yet anonymised whose call closed more than ``months`` ago."""
        now = now or timezone.now()
        months = jw_settings.SUBMISSION_RETENTION_MONTHS if months is None else months
        return self.filter(
            anonymised_at__isnull=True, call__closes_at__lte=months_before(now, months)
        )

    def for_email(self, address):
        """Submissions sent with this e-mail address (compared case-insensitively)."""
        return self.filter(email__iexact=(address or "").strip())


class AbstractCallSubmission(models.Model):
    """What every submission to a call holds, for a site that stores submissions in a model of
    its own (see ``CallForParticipationMixin.get_submission_class()``).

    The concrete model adds ``call`` (a key to its call page model) and ``privacy_version`` (a
    key to its privacy statement version model); ``region``, ``themes`` and ``target_groups``
    are stored when it has them. ``personal_data_fields`` names the fields that hold personal
    data: only users with the permission ``jeugdzorg_wagtail.view_personal_data`` see them, and
    they are the fields anonymised when the retention period has passed. The client's IP
    address is never stored.
    """

    personal_data_fields = (
        "name",
        "role",
        "email",
        "phone",
        "attachment",
        "attachment_name",
    )
    # Submissions are no content: keep them out of Wagtail's usage counts.
    wagtail_reference_index_ignore = True

    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.RECEIVED,
        db_index=True,
    )
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    # Who sent it (personal data)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    # What was sent
    submission_type = models.CharField(_("type"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    attachment = models.FileField(
        _("attachment"),
        upload_to=submission_attachment_path,
        storage=get_attachment_storage,
        max_length=255,
        blank=True,
    )
    attachment_name = models.CharField(
        _("original file name"), max_length=255, blank=True, editable=False
    )
    attachment_size = models.PositiveBigIntegerField(
        _("file size"), null=True, blank=True, editable=False
    )
    attachment_type = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    # Consent
    consent_given_at = models.DateTimeField(_("consent given at"), editable=False)
    # Review
    editor_notes = models.TextField(_("editor notes"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    # E-mail delivery and retention
    email_failed = models.BooleanField(_("e-mail failed"), default=False)
    email_notes = models.TextField(_("e-mail notes"), blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        # Never personal data: the admin log and search index see this.
        return gettext("Submission #%(number)s") % {"number": self.pk}

    # Review

    def set_status(self, status, user=None, now=None, log_entry=True):
        """Change the status; records who reviewed it and when, and logs the change.

        Returns whether the status changed (setting the same status again changes nothing).
        You can override this method to add conditions or notifications.
        """
        status = SubmissionStatus(status)
        if status == self.status:
            return False
        previous = self.status
        self.status = status
        self.reviewed_by = known_user(user)
        self.reviewed_at = now or timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        if log_entry:
            self.log_status_change(previous, user)
        return True

    def log_status_change(self, previous, user=None):
        """A log entry (action ``jeugdzorg_wagtail.submission_status``) with both statuses."""
        log(
            instance=self,
            action="jeugdzorg_wagtail.submission_status",
            user=known_user(user),
            data={"from": str(previous), "to": str(self.status)},
        )

    # Retention

    def anonymise(self, now=None):
        """Empty the personal fields and delete the attachment; keeps the content.

        Returns whether anything changed (an anonymised submission stays as it is).
        """
        if self.anonymised_at:
            return False
        if self.attachment:
            self.attachment.delete(save=False)
        self.name = self.role = self.email = self.phone = ""
        self.attachment = ""
        self.attachment_name = ""
        self.anonymised_at = now or timezone.now()
        self.save(
            update_fields=[
                "name",
                "role",
                "email",
                "phone",
                "attachment",
                "attachment_name",
                "anonymised_at",
            ]
        )
        return True


class CallSubmission(AbstractCallSubmission):
    """A submission to a call for participation (see :class:`AbstractCallSubmission`)."""

    call = models.ForeignKey(
        "jeugdzorg_wagtail.CallForParticipationPage",
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    themes = models.ManyToManyField(
        "jeugdzorg_wagtail.Theme", verbose_name=_("themes"), blank=True, related_name="submissions"
    )
    target_groups = models.ManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="submissions",
    )
    privacy_version = models.ForeignKey(
        PrivacyStatementVersion,
        verbose_name=_("privacy statement agreed to"),
        on_delete=models.PROTECT,
        related_name="submissions",
        editable=False,
    )
    practice_example = models.ForeignKey(
        "jeugdzorg_wagtail.PracticeExamplePage",
        verbose_name=_("practice example made from it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_submissions",
        editable=False,
    )

    objects = CallSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]
        permissions = [("view_personal_data", _("Can view personal data of submissions"))]

    # Practice examples

    def get_practice_example_values(self):
        """The non-personal content a practice example is made from. You can override this.

        Never the sender's name, role, e-mail address, phone number or attachment.
        """
        body = []
        if self.description:
            body.append(("paragraph", RichText(linebreaks(self.description, autoescape=True))))
        links = [("link", {"title": url[:255], "url": url}) for url in (self.links or [])]
        return {
            "title": self.title,
            "summary": Truncator(self.summary).chars(400),
            "body": body,
            "links": links,
            "region": self.region,
        }

    def get_practice_example_organisation(self):
        """The organisation term for the practice example: found by name, made when missing
        (the term makes its own unique slug)."""
        name = (self.organisation or "").strip()
        if not name:
            return None
        found = Organisation.objects.filter(name__iexact=name).first()
        return found or Organisation.objects.create(name=name[:255])

    def make_practice_example(self, parent, user=None):
        """Make a **draft** practice example under ``parent`` and link it to this submission.

        The page is never published here; its revision holds no personal data.
        """
        with transaction.atomic():
            page = PracticeExamplePage(live=False, **self.get_practice_example_values())
            page.themes = list(self.themes.all())
            page.target_groups = list(self.target_groups.all())
            organisation = self.get_practice_example_organisation()
            if organisation is not None:
                page.organisation_links = [PracticeExampleOrganisation(organisation=organisation)]
            if known_user(user) is not None:
                page.owner = user
            parent.add_child(instance=page)
            page.save_revision(user=known_user(user))
            self.practice_example = page
            self.save(update_fields=["practice_example"])
        log(
            instance=self,
            action="jeugdzorg_wagtail.practice_example_made",
            user=known_user(user),
            data={"page": page.pk},
        )
        return page

    # The open-space market

    def get_market_event(self):
        """The event whose market this submission can be placed on: its call's event."""
        return self.call.event if self.call.event_id else None

    def place_on_market(self, number="", round=None, library=None, user=None):
        """Put this submission on the open-space market of its call's event; returns the stand.

        The stand gets the submission's title and organisation, and the practice example
        made from it; when none was made yet and ``library`` is given, a **draft** one is
        made there first (:meth:`make_practice_example`). The names of the people present
        are left for the editor to fill in. A submission already on that market gets its
        stand back unchanged. Raises ``ValueError`` when the call has no event.
        """
        event = self.get_market_event()
        if event is None:
            raise ValueError("The call of this submission is for no event.")
        existing = MarketStand.objects.filter(event=event, submission=self).first()
        if existing is not None:
            return existing
        with transaction.atomic():
            if self.practice_example_id is None and library is not None:
                self.make_practice_example(library, user=user)
            stand = MarketStand.objects.create(
                event=event,
                submission=self,
                number=(number or "")[:50],
                round=round,
                title=self.title[:255],
                organisation=self.get_practice_example_organisation(),
                practice_example_id=self.practice_example_id,
            )
        log(
            instance=self,
            action="jeugdzorg_wagtail.market_stand_made",
            user=known_user(user),
            data={"stand": stand.pk, "event": event.pk},
        )
        return stand

    # Personal data

    def personal_data_report(self):
        """Everything stored about the sender of this submission, as plain JSON values."""
        return {
            "reference": self.pk,
            "call": self.call.title,
            "received_at": self.created_at.isoformat(),
            "status": str(self.status),
            "name": self.name,
            "organisation": self.organisation,
            "role": self.role,
            "email": self.email,
            "phone": self.phone,
            "region": self.region.name if self.region_id else "",
            "type": self.submission_type,
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "themes": [term.name for term in self.themes.all()],
            "target_groups": [term.name for term in self.target_groups.all()],
            "links": list(self.links or []),
            "attachment": (
                {
                    "name": self.attachment_name,
                    "size": self.attachment_size,
                    "type": self.attachment_type,
                }
                if self.attachment
                else None
            ),
            "consent_given_at": self.consent_given_at.isoformat(),
            "privacy_statement_version": self.privacy_version.created_at.isoformat(),
            "editor_notes": self.editor_notes,
            "language": self.language,
            "practice_example": self.practice_example_id,
        }


class SubmissionExport(models.Model):
    """A record of one export of submissions: who, when, how many rows, which format."""

    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    row_count = models.PositiveIntegerField(_("number of submissions"))
    file_format = models.CharField(_("format"), max_length=10)
    filters = models.CharField(
        _("filters"),
        max_length=500,
        blank=True,
        help_text=_("The listing's filters (never its search text, which may be a name)."),
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("export of submissions")
        verbose_name_plural = _("exports of submissions")
        ordering = ["-exported_at"]

    def __str__(self):
        return f"{self.file_format} / {self.row_count}"


class PersonalDataRequest(models.Model):
    """A record that an access or erasure request was handled, without the address itself."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("access")
        ERASURE = "erasure", _("erasure")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email_hash = models.CharField(
        _("hash of the e-mail address"), max_length=64, db_index=True, editable=False
    )
    handled_at = models.DateTimeField(_("handled at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission_count = models.PositiveIntegerField(_("number of submissions"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-handled_at"]

    def __str__(self):
        return f"{self.kind} {self.email_hash[:12]}"
