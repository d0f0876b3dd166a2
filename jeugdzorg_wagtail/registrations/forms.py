"""The public forms of registration: registering, changing one's registration, leaving an
address until registration opens, and asking for one's link again."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..core import form_fields
from .choices import Question

__all__ = [
    "FindRegistrationForm",
    "InterestForm",
    "RegistrationChangeForm",
    "RegistrationForm",
    "session_label",
    "places_text",
]


def places_text(session, waiting_list=True):
    """What a visitor is told about a session's places ("12 places left", "full")."""
    left = getattr(session, "places_left", None)
    if left is None:
        return ""
    if left > 0:
        return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}
    if waiting_list:
        return gettext("full: you can join the waiting list")
    return gettext("full")


def session_label(session, waiting_list=True):
    """A session as a choice: its place, day and time, and its places."""
    zone = session.calendar_zone()
    start = timezone.localtime(session.start, zone)
    when = date_format(start, "l j F Y")
    if not session.all_day:
        when = f"{when}, {start:%H:%M}"
    place = session.city or session.venue or (gettext("online") if session.online_url else "")
    parts = [", ".join(part for part in (place, when) if part)]
    places = places_text(session, waiting_list)
    if places:
        parts.append(places)
    return " – ".join(parts)


class RegistrationDetailsForm(form_fields.AccessibleFormMixin, forms.Form):
    """The sessions and the details of a registration, with the event's questions.

    ``event`` is the event page (its ``ask_*`` and ``free_question`` fields decide which
    questions are asked); ``sessions`` the sessions that may be chosen, each with
    ``places_left`` set (``None``: no limit).
    """

    sessions = form_fields.ModelMultipleChoiceField(
        label=_("Sessions"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one session."),
            "invalid_choice": _("Choose one of the sessions offered."),
            "invalid_pk_value": _("Choose one of the sessions offered."),
        },
    )
    name = form_fields.name_field()
    email = form_fields.email_field(
        _("We send the confirmation and a link to change your registration here.")
    )
    organisation = form_fields.organisation_field()
    role = form_fields.role_field()
    dietary_wishes = form_fields.CharField(
        label=_("Dietary wishes"),
        max_length=300,
        help_text=_("For example vegetarian, or an allergy."),
        error_messages={"required": _("Enter your dietary wishes, or “none”.")},
    )
    answer = form_fields.CharField(
        max_length=2000,
        error_messages={"required": _("Answer the question.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    form_id = "jw-registration-form"
    group_fields = ("sessions",)
    #: Questions and the event's field that says whether (and how) they are asked.
    questions = {
        "organisation": "ask_organisation",
        "role": "ask_role",
        "dietary_wishes": "ask_dietary_wishes",
    }

    def __init__(self, *args, event=None, sessions=(), request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        #: The request that sent the form (``None`` for a form only shown).
        self.request = request
        self.session_list = list(sessions)
        waiting_list = getattr(event, "waiting_list", True)
        field = self.fields["sessions"]
        session_model = type(event)._meta.get_field("sessions").related_model
        field.queryset = session_model._default_manager.filter(
            pk__in=[session.pk for session in self.session_list]
        ).order_by("start", "pk")
        # The choices carry the places counted for the page (no query per label).
        by_pk = {session.pk: session for session in self.session_list}
        field.label_from_instance = lambda obj: session_label(by_pk.get(obj.pk, obj), waiting_list)
        for name, setting in self.questions.items():
            asked = getattr(event, setting, Question.NO)
            if not asked:
                del self.fields[name]
            elif asked == Question.OPTIONAL:
                self.fields[name].required = False
                self.fields[name].label = gettext("%(label)s (optional)") % {
                    "label": self.fields[name].label
                }
        question = (getattr(event, "free_question", "") or "").strip()
        if not question:
            del self.fields["answer"]
        else:
            required = getattr(event, "free_question_required", False)
            self.fields["answer"].required = required
            self.fields["answer"].label = (
                question if required else gettext("%(label)s (optional)") % {"label": question}
            )
        self.describe_fields()

    @property
    def single_session(self):
        """The one session on offer, when there is only one (the form then shows no choice)."""
        return self.session_list[0] if len(self.session_list) == 1 else None

    @property
    def single_session_label(self):
        single = self.single_session
        return session_label(single, getattr(self.event, "waiting_list", True)) if single else ""

    def clean_sessions(self):
        return list(self.cleaned_data.get("sessions") or [])


class RegistrationForm(RegistrationDetailsForm):
    """Registering for one or more sessions of an event."""

    consent = forms.BooleanField(
        label=_(
            "I have read the privacy statement and agree that my details are used to handle "
            "my registration."
        ),
        error_messages={"required": _("Tick the box to agree to the privacy statement.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single = self.single_session
        if single is not None and not self.is_bound:
            self.initial.setdefault("sessions", [single.pk])


class RegistrationChangeForm(RegistrationDetailsForm):
    """A visitor's own registration: details and sessions (unticking one cancels it).

    ``sessions`` are those still open to change: the ones the registration holds and, while
    registration is open, the others on offer.
    """

    form_id = "jw-registration-change-form"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].required = False
        self.fields["sessions"].help_text = _(
            "Untick a session to cancel your place in it (or your place on its waiting list)."
        )
        # A bound field copies its help text when made: make it again with the new one.
        self._bound_fields_cache.pop("sessions", None)
        self.describe_fields()


class InterestForm(form_fields.AccessibleFormMixin, forms.Form):
    """An e-mail address that hears once when registration opens."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "You get one e-mail to confirm your address, and one when registration opens. "
            "Nothing else."
        ),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy statement and agree that my address is kept for this."),
        error_messages={"required": _("Tick the box to agree to the privacy statement.")},
    )

    form_id = "jw-interest-form"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.describe_fields()


class FindRegistrationForm(form_fields.AccessibleFormMixin, forms.Form):
    """Asking for the link to one's registration again."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address you registered with."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    form_id = "jw-find-registration-form"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.describe_fields()
