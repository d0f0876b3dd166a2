"""The fields of registration on the site, as abstract models an event page and its sessions
compose (the routes are in :mod:`.routes`).

* :class:`SessionPlacesMixin`: how many places a session has.
* :class:`OnSiteRegistrationMixin`: whether an event takes registrations on the site, what the
  form asks, the privacy statement (with its versions, as calls keep them) and the text after
  registering. It answers the hooks of
  :class:`~jeugdzorg_wagtail.events.registration.EventRegistrationMixin`, so that the event
  page's "Register" button leads to the form; list it before that mixin.

An event page lists them with the routes::

    class MyEventPage(OnSiteRegistrationMixin, EventRegistrationMixin, RegistrationRoutesMixin,
                      EventMixin, RoutablePageMixin, Page): ...

    class MySession(SessionPlacesMixin, Orderable): ...
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from ..core.privacy_statement import PrivacyStatementMixin
from .choices import Question, RegistrationMode

__all__ = ["OnSiteRegistrationMixin", "SessionPlacesMixin", "registration_panel"]

APP_LABEL = "jeugdzorg_wagtail"


class SessionPlacesMixin(models.Model):
    """How many people can register for a session (empty: no limit)."""

    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_(
            "How many people can register for this session on the site. Leave empty for no "
            "limit. Lowering it takes no place away from anyone; raising it gives the new "
            "places to the waiting list when the page is published."
        ),
    )

    class Meta:
        abstract = True


class OnSiteRegistrationMixin(PrivacyStatementMixin):
    """Registration on the site: its mode, the questions, the privacy statement and the text
    after registering. The opening and closing moments are those of
    :class:`~jeugdzorg_wagtail.events.registration.EventRegistrationMixin`.
    """

    registration_mode = models.CharField(
        _("registration on this site"),
        max_length=10,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OFF,
        blank=True,
        help_text=_(
            "Registration on this site: visitors choose one or more sessions in a form and "
            "get a confirmation with the sessions for their calendar. Before registration "
            "opens, they can leave their e-mail address to hear once when it opens. "
            "“Register interest only” collects addresses until you switch to registration."
        ),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When a session is full, visitors can put their name on its waiting list. When a "
            "place comes free, the first on the list gets it and an e-mail."
        ),
    )
    ask_organisation = models.CharField(
        _("ask for the organisation"),
        max_length=10,
        choices=Question.choices,
        default=Question.REQUIRED,
        blank=True,
        help_text=_("Whether the form asks for the organisation someone works for."),
    )
    ask_role = models.CharField(
        _("ask for the role or position"),
        max_length=10,
        choices=Question.choices,
        default=Question.OPTIONAL,
        blank=True,
        help_text=_("Whether the form asks for someone's role or position."),
    )
    ask_dietary_wishes = models.CharField(
        _("ask for dietary wishes"),
        max_length=10,
        choices=Question.choices,
        default=Question.NO,
        blank=True,
        help_text=_("For a lunch or dinner: allergies, vegetarian and the like."),
    )
    free_question = models.CharField(
        _("a question of your own"),
        max_length=255,
        blank=True,
        help_text=_(
            "For example “Which workshop would you like to join?”. Leave empty to ask none."
        ),
    )
    free_question_required = models.BooleanField(
        _("an answer to your own question is required"),
        default=False,
        help_text=_("Leave off to let visitors skip your question."),
    )
    privacy_statement = RichTextField(
        _("privacy statement for registration"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Needed for registration on this site: what is done with the details of those "
            "who register, who sees them and how long they are kept. Each published change "
            "is kept as a new version; every registration records the version agreed to."
        ),
    )
    registration_confirmation_text = RichTextField(
        _("text after registering"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Shown after registering and included in the confirmation e-mail, for example "
            "how to get there."
        ),
    )

    privacy_version_page_field = "event"

    class Meta:
        abstract = True

    def get_privacy_version_class(self):
        """The model of the versions (``RegistrationPrivacyVersion``), with an ``event`` key.

        You can override this method to keep them in a model of your own.
        """
        return apps.get_model(APP_LABEL, "RegistrationPrivacyVersion")

    @property
    def takes_registrations(self):
        """Whether the event takes registrations (or interest) on the site."""
        return bool(self.registration_mode)

    # The hooks of EventRegistrationMixin: the page's "Register" button leads to the form.

    def get_registration_form_url(self):
        """The address of the ``register/`` route ("" for a page without an address yet)."""
        url = self.get_url() if self.pk else None
        return f"{url}{self.reverse_subpage('register').lstrip('/')}" if url else ""

    def get_registration_url(self):
        if self.registration_mode == RegistrationMode.OPEN:
            return self.get_registration_form_url()
        if self.registration_mode == RegistrationMode.INTEREST:
            return ""
        return super().get_registration_url()

    def get_interest_url(self):
        if self.registration_mode:
            return self.get_registration_form_url()
        return super().get_interest_url()

    def get_on_site_registration_state(self, now=None, sessions=None):
        """Where registration on the site stands at ``now``.

        ``"open"``, ``"interest"`` (not open yet: the form takes e-mail addresses of those
        interested), ``"closed"``, ``"over"`` (every session has ended), or ``None`` when the
        event takes no registrations on the site. Opening is inclusive, closing exclusive, as
        for calls. You can override this method for other rules.
        """
        if not self.registration_mode:
            return None
        now = now or timezone.now()
        if self.is_over(now, sessions):
            return "over"
        closes = self.registration_closes_at
        if closes and now >= closes:
            return "closed"
        opens = self.registration_opens_at
        if self.registration_mode == RegistrationMode.INTEREST or (opens and now < opens):
            return "interest"
        return "open"

    def clean(self):
        super().clean()
        errors = {}
        if self.registration_mode and not self.has_privacy_statement():
            errors["privacy_statement"] = _(
                "Registration on this site needs a privacy statement that visitors agree to."
            )
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)


def registration_panel():
    """The editor's panel of registration on the site."""
    return MultiFieldPanel(
        [
            FieldPanel("registration_mode"),
            FieldPanel("waiting_list"),
            FieldPanel("ask_organisation"),
            FieldPanel("ask_role"),
            FieldPanel("ask_dietary_wishes"),
            FieldPanel("free_question"),
            FieldPanel("free_question_required"),
            FieldPanel("privacy_statement"),
            FieldPanel("registration_confirmation_text"),
        ],
        heading=_("Registration on this site"),
        classname="collapsed",
    )
