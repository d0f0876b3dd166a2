"""Registrations for events on the site, and the interest lists before registration opens.

* :class:`Registration`: one person's registration for an event (their details, answers and
  consent), with its own signed link (:mod:`.tokens`) to see, change or cancel it.
* :class:`SessionRegistration`: that registration's place in one session, confirmed or on the
  waiting list (or cancelled). Places are handed out in :mod:`.places`.
* :class:`RegistrationInterest`: an address that asked to hear once when registration opens
  (confirmed by the visitor: double opt-in).
* :class:`RegistrationPrivacyVersion`: the texts of an event's privacy statement that
  registrations agreed to, kept as calls keep theirs.
"""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import page_permission_policy

from ..calls.retention import months_before
from ..core.conf import jw_settings
from ..core.privacy_statement import AbstractPrivacyStatementVersion
from ..events.models import EventPage, EventSession
from . import tokens
from .choices import PlaceStatus

__all__ = [
    "Registration",
    "RegistrationInterest",
    "RegistrationPrivacyVersion",
    "RegistrationQuerySet",
    "SessionRegistration",
    "SessionRegistrationQuerySet",
    "events_for_user",
]


def events_for_user(user):
    """The events whose registrations ``user`` may see: those whose page they may edit.

    As for the submissions of calls (``calls_for_user``): the page permission "edit" on the
    event or an ancestor. Superusers: every event; inactive and anonymous users: none.
    """
    pages = page_permission_policy.instances_user_has_permission_for(user, "change")
    return EventPage.objects.filter(pk__in=pages.values("pk"))


class RegistrationPrivacyVersion(AbstractPrivacyStatementVersion):
    """One text of an event's privacy statement, kept as long as a registration refers to it."""

    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registration_privacy_versions",
    )

    class Meta:
        verbose_name = _("privacy statement version of registration")
        verbose_name_plural = _("privacy statement versions of registration")
        ordering = ["event", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "text_hash"],
                name="jeugdzorg_wagtail_registration_privacy_version_unique",
            )
        ]

    def __str__(self):
        return f"{self.event_id} / {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


def _events_of(user):
    return events_for_user(user).values("pk")


class RegistrationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The registrations of the events whose page ``user`` may edit (all for superusers)."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(event__in=_events_of(user))

    def for_email(self, address):
        """Registrations with this e-mail address (compared case-insensitively)."""
        return self.filter(email__iexact=(address or "").strip())

    def past_retention(self, now=None, months=None):
        """Registrations not yet anonymised whose event ended more than ``months`` ago
        (``REGISTRATION_RETENTION_MONTHS``). An event ends with its last session; an event
        without sessions is kept."""
        now = now or timezone.now()
        months = jw_settings.REGISTRATION_RETENTION_MONTHS if months is None else months
        last_end = (
            EventSession.objects.filter(page_id=OuterRef("event_id"))
            .order_by("-end_bound")
            .values("end_bound")[:1]
        )
        return (
            self.filter(anonymised_at__isnull=True)
            .annotate(event_end=Subquery(last_end))
            .filter(event_end__lte=months_before(now, months))
        )


class Registration(models.Model):
    """One person's registration for an event: who, their answers, and their consent.

    ``personal_data_fields`` are shown, searched and exported only for users with the
    permission ``jeugdzorg_wagtail.view_personal_data``, and emptied when the retention
    period has passed. The client's IP address is never stored.
    """

    personal_data_fields = ("name", "email", "role", "dietary_wishes", "answer")
    # Registrations are no content: keep them out of Wagtail's usage counts.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role or position"), max_length=200, blank=True)
    dietary_wishes = models.CharField(_("dietary wishes"), max_length=300, blank=True)
    question = models.CharField(_("question"), max_length=255, blank=True, editable=False)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), editable=False)
    privacy_version = models.ForeignKey(
        RegistrationPrivacyVersion,
        verbose_name=_("privacy statement agreed to"),
        on_delete=models.PROTECT,
        related_name="registrations",
        editable=False,
    )
    secret = models.CharField(max_length=32, default=tokens.new_secret, editable=False)
    email_failed = models.BooleanField(_("e-mail failed"), default=False)
    email_notes = models.TextField(_("e-mail notes"), blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]

    def __str__(self):
        # Never personal data: the admin log and search index see this.
        return gettext("Registration #%(number)s") % {"number": self.pk}

    @property
    def token(self):
        """The token of the visitor's own link (``registration/<token>/``)."""
        return tokens.make_token(tokens.REGISTRATION, self)

    def anonymise(self, now=None):
        """Empty the personal fields; keeps the organisation, the sessions and their status.

        Returns whether anything changed (an anonymised registration stays as it is).
        """
        if self.anonymised_at:
            return False
        self.name = self.email = self.role = self.dietary_wishes = self.answer = ""
        self.secret = tokens.new_secret()  # the old link opens nothing any more
        self.anonymised_at = now or timezone.now()
        self.save(
            update_fields=[
                "name",
                "email",
                "role",
                "dietary_wishes",
                "answer",
                "secret",
                "anonymised_at",
                "updated_at",
            ]
        )
        return True

    def personal_data_report(self):
        """Everything stored about the person of this registration, as plain JSON values."""
        return {
            "reference": self.pk,
            "event": self.event.title,
            "registered_at": self.created_at.isoformat(),
            "name": self.name,
            "email": self.email,
            "organisation": self.organisation,
            "role": self.role,
            "dietary_wishes": self.dietary_wishes,
            "question": self.question,
            "answer": self.answer,
            "language": self.language,
            "consent_given_at": self.consent_given_at.isoformat(),
            "privacy_statement_version": self.privacy_version.created_at.isoformat(),
            "sessions": [
                {
                    "start": entry.session.start.isoformat(),
                    "place": entry.session.city or entry.session.venue,
                    "status": str(entry.status),
                }
                for entry in self.entries.all()
            ],
        }


class SessionRegistrationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The places in the sessions of events whose page ``user`` may edit."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(registration__event__in=_events_of(user))

    def active(self):
        """Confirmed places and places on a waiting list."""
        return self.filter(status__in=[PlaceStatus.CONFIRMED, PlaceStatus.WAITING])

    def with_waiting_position(self):
        """Annotates ``waiting_position``: 1 for the first on the session's waiting list, ..."""
        ahead = (
            self.model.objects.filter(session=OuterRef("session"), status=PlaceStatus.WAITING)
            .filter(
                Q(waiting_since__lt=OuterRef("waiting_since"))
                | Q(waiting_since=OuterRef("waiting_since"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("session")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(waiting_ahead=Coalesce(Subquery(ahead), Value(0)))


class SessionRegistration(models.Model):
    """A registration's place in one session: confirmed, on the waiting list, or cancelled.

    The waiting list is in the order of ``waiting_since`` (then the key). ``sequence_sent``
    is the session's ``sequence`` the person was last sent, so that a change to the session
    is announced once.
    """

    #: The lookups of the registration's personal fields (see ``Registration``).
    personal_data_fields = tuple(
        f"registration__{name}" for name in Registration.personal_data_fields
    )
    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    session = models.ForeignKey(
        "jeugdzorg_wagtail.EventSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.CONFIRMED
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    sequence_sent = models.PositiveIntegerField(default=0, editable=False)

    objects = SessionRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration for a session")
        verbose_name_plural = _("registrations")
        ordering = ["session", "status", "waiting_since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="jeugdzorg_wagtail_session_registration_unique",
            )
        ]
        indexes = [models.Index(fields=["session", "status"], name="jw_session_status_idx")]
        permissions = [("cancel_sessionregistration", _("Can cancel registrations"))]

    def __str__(self):
        return gettext("Registration #%(number)s") % {"number": self.registration_id}

    @property
    def is_confirmed(self):
        return self.status == PlaceStatus.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == PlaceStatus.WAITING


class RegistrationInterest(models.Model):
    """An address that asked to hear once when registration for an event opens.

    It counts only once the visitor confirmed it (``confirmed_at``, from the link sent to it);
    ``notified_at`` is when the one message went out. Nothing else is ever sent to it.
    """

    personal_data_fields = ("email",)
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registration_interests",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("left at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("told of the opening at"), null=True, blank=True)
    privacy_version = models.ForeignKey(
        RegistrationPrivacyVersion,
        verbose_name=_("privacy statement agreed to"),
        null=True,
        on_delete=models.PROTECT,
        related_name="interests",
        editable=False,
    )
    secret = models.CharField(max_length=32, default=tokens.new_secret, editable=False)

    class Meta:
        verbose_name = _("interest in registration")
        verbose_name_plural = _("interest in registration")
        ordering = ["event", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="jeugdzorg_wagtail_registration_interest_unique"
            )
        ]

    def __str__(self):
        return gettext("Interest #%(number)s") % {"number": self.pk}

    def token(self, purpose):
        return tokens.make_token(purpose, self)
