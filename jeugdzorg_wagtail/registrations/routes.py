"""The routes of registration on an event page, for composing onto a site's own event page.

:class:`RegistrationRoutesMixin` is a plain mixin (no fields: those are in :mod:`.mixins`):

===============================  ===================================================
route (name)                     what
===============================  ===================================================
``register/`` (``register``)     the form while registration is open (``POST`` sends
                                 it); before it opens, the form that takes an e-mail
                                 address of someone interested
``register/thanks/``             after registering (``?r=<token>``: where the
(``register_thanks``)            registration stands), or after leaving an address
``registration/<token>/``        a visitor's own registration: see, change, cancel
(``registration``)               (signed link, no account)
``registration/``                asking for one's link again
(``registration_find``)
``register/interest/<token>/``   confirming an address on the interest list
(``interest_confirm``)           (``GET`` asks, ``POST`` confirms)
``register/leave/<token>/``      removing an address from the interest list, in one
(``interest_leave``)             click (the link of the one message it gets)
===============================  ===================================================

The forms have the call form's guards (:mod:`jeugdzorg_wagtail.calls.guards`): a honeypot, a
signed timer and a rate limit that counts accepted posts and posts refused as abuse, never a
form sent back with mistakes. The page also gets ``offers`` and the places of each session in
its structured data.
"""

from django.apps import apps
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.text import normalize_newlines
from django.utils.translation import gettext
from wagtail.contrib.routable_page.models import path

from ..calls import guards
from ..core.conf import jw_settings
from ..core.pages import JeugdzorgPageMixin, allow_methods
from ..core.privacy_statement import PRIVACY_FIELD
from . import emails, places, tokens
from .choices import PlaceStatus
from .forms import FindRegistrationForm, InterestForm, RegistrationChangeForm, RegistrationForm

__all__ = ["FORM_FIELD", "RegistrationRoutesMixin"]

APP_LABEL = "jeugdzorg_wagtail"

#: The hidden field that says which form was sent to ``register/``.
FORM_FIELD = "jw_form"
#: The rate limit's scope of the registration forms (separate from the calls' count).
RATE_SCOPE = "registrations"
#: A body larger than this is refused before it is read: the forms hold only short texts.
MAX_BODY = 64 * 1024

SCHEMA = "https://schema.org/"


def _logged_send(send, *args, **kwargs):
    """Run ``send``; a failure is logged, never raised (the visitor's request must succeed)."""
    try:
        send(*args, **kwargs)
    except Exception:  # any backend error: what was stored stays
        emails.logger.exception("Sending an e-mail of registration failed")


class RegistrationRoutesMixin:
    """Registration on the site: the routes of an event page (see the module's table).

    It needs :class:`~jeugdzorg_wagtail.registrations.mixins.OnSiteRegistrationMixin`,
    ``EventRegistrationMixin`` and ``EventMixin`` on the same page, and ``RoutablePageMixin``.
    Models, forms and templates are reached through the hooks below.
    """

    #: The templates of the routes.
    registration_templates = {
        "register": "jeugdzorg_wagtail/event_page_register.html",
        "thanks": "jeugdzorg_wagtail/event_page_register_thanks.html",
        "registration": "jeugdzorg_wagtail/event_page_registration.html",
        "find": "jeugdzorg_wagtail/event_page_registration_find.html",
        "interest": "jeugdzorg_wagtail/event_page_interest.html",
    }

    # Hooks

    def get_registration_template(self, name):
        """The template of a route (a key of :attr:`registration_templates`).

        You can override this method.
        """
        return self.registration_templates[name]

    def get_registration_email_template(self, kind):
        """The template of an e-mail (see :mod:`.emails`). You can override this method."""
        return emails.EMAIL_TEMPLATES[kind]

    def get_registration_model(self):
        """The model of registrations (``Registration``). You can override this method."""
        return apps.get_model(APP_LABEL, "Registration")

    def get_session_registration_model(self):
        """The model of a registration's places (the model behind its ``entries``)."""
        return self.get_registration_model()._meta.get_field("entries").related_model

    def get_interest_model(self):
        """The model of the interest list (``RegistrationInterest``)."""
        return apps.get_model(APP_LABEL, "RegistrationInterest")

    def get_registration_form_class(self):
        """The registration form (:class:`~.forms.RegistrationForm`)."""
        return RegistrationForm

    def get_registration_change_form_class(self):
        """The form of a visitor's own registration (:class:`~.forms.RegistrationChangeForm`)."""
        return RegistrationChangeForm

    def get_interest_form_class(self):
        """The form of the interest list (:class:`~.forms.InterestForm`)."""
        return InterestForm

    def get_find_registration_form_class(self):
        """The form that asks for one's link again (:class:`~.forms.FindRegistrationForm`)."""
        return FindRegistrationForm

    # Sessions and their places

    def get_place_counts(self):
        """``{session id: {"confirmed": n, "waiting": m}}`` of this event (one query, kept)."""
        counts = getattr(self, "_jw_place_counts", None)
        if counts is None:
            entries = self.get_session_registration_model()._default_manager
            counts = (
                places.place_counts(entries.filter(session__page_id=self.pk)) if self.pk else {}
            )
            self._jw_place_counts = counts
        return counts

    def with_places(self, sessions):
        """Set ``places_taken``, ``places_left`` (``None``: no limit), ``waiting_count`` and
        ``is_full`` on each of ``sessions``; returns them."""
        counts = self.get_place_counts() if self.takes_registrations else {}
        for session in sessions:
            found = counts.get(session.pk, {"confirmed": 0, "waiting": 0})
            session.places_taken = found["confirmed"]
            session.waiting_count = found["waiting"]
            limit = getattr(session, "places", None)
            session.places_left = None if limit is None else max(limit - found["confirmed"], 0)
            session.is_full = session.places_left == 0
        return sessions

    def get_registrable_sessions(self, now=None, sessions=None):
        """The sessions one can register for at ``now``: taking place and not started yet."""
        now = now or timezone.now()
        sessions = self.get_event_sessions() if sessions is None else sessions
        open_sessions = [
            session
            for session in sessions
            if session.pk and session.status in places.TAKING_PLACE and session.start > now
        ]
        return self.with_places(open_sessions)

    # The event page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.takes_registrations and "event_sessions" in context:
            self.with_places(context["event_sessions"])
            context["registration_on_site"] = self.get_on_site_registration_state(
                sessions=context["event_sessions"]
            )
        return context

    def get_session_json_ld(self, session, request=None):
        """The session's ``Event`` with its places (``maximumAttendeeCapacity``,
        ``remainingAttendeeCapacity``) and, while registration is open or about to open, an
        ``Offer`` whose ``availability`` is ``InStock`` (places left), ``BackOrder`` (full,
        with a waiting list: a place is promised once one comes free), ``SoldOut`` (full) or
        ``PreOrder`` (registration not open yet)."""
        data = super().get_session_json_ld(session, request)
        # The event page passes the dates it lists (agenda entries, which carry their
        # session); the places belong to the session, the status to the date.
        status = session.status
        session = getattr(session, "session", None) or session
        if not self.takes_registrations or not session.pk:
            return data
        self.with_places([session])
        if session.places is not None:
            data["maximumAttendeeCapacity"] = session.places
            data["remainingAttendeeCapacity"] = session.places_left
        # Once per page, not once per session: without sessions it reads them all again.
        if not hasattr(self, "_jw_json_ld_state"):
            self._jw_json_ld_state = self.get_on_site_registration_state()
        state = self._jw_json_ld_state
        if state not in ("open", "interest") or status not in places.TAKING_PLACE:
            return data
        if state == "interest":
            availability = "PreOrder"
        elif not session.is_full:
            availability = "InStock"
        else:
            availability = "BackOrder" if self.waiting_list else "SoldOut"
        offer = {
            "@type": "Offer",
            "url": emails.absolute_route_url(self, "register"),
            "availability": SCHEMA + availability,
        }
        if self.is_free:
            offer.update({"price": "0", "priceCurrency": "EUR"})
        if self.registration_opens_at:
            offer["validFrom"] = self.registration_opens_at.isoformat()
        if self.registration_closes_at:
            offer["validThrough"] = self.registration_closes_at.isoformat()
        data["offers"] = offer
        return data

    # Rendering

    def _alias_redirect(self, request):
        """An alias sends every registration route to its original page."""
        if not self.alias_of_id:
            return None
        original = self.alias_of.specific
        return HttpResponseRedirect(original.get_url(request) + request.path[len(self.url) :])

    def get_registration_context(self, request, sessions=None, **extra):
        """The context of the registration routes: the layout's (not the event page's own
        calls, organisations and structured data), the sessions with their places and the
        state of registration. ``sessions``: those of :meth:`get_event_sessions` when the
        caller has them already."""
        context = JeugdzorgPageMixin.get_context(self, request)
        now = timezone.now()
        sessions = self.get_event_sessions() if sessions is None else sessions
        state = self.get_on_site_registration_state(now, sessions)
        base = self.get_url(request) or ""
        context.update(
            {
                "event_sessions": self.with_places(sessions),
                "registration_on_site": state,
                "registration": self.get_registration(now, sessions),
                "register_url": base + self.reverse_subpage("register").lstrip("/"),
                "find_url": base + self.reverse_subpage("registration_find").lstrip("/"),
                "jw_calendar_zone": jw_settings.calendar_time_zone,
                "jw_noindex": True,
                **extra,
            }
        )
        return context

    def render_registration_route(self, request, name, context, status=200):
        response = TemplateResponse(
            request, self.get_registration_template(name), context, status=status
        )
        add_never_cache_headers(response)
        # Also as a header, which holds whatever blocks the site's base template has.
        response["X-Robots-Tag"] = "noindex"
        return response

    def _form_fields_context(self, request, scope):
        token = getattr(request, "_jw_form_token", None) or guards.make_form_token(scope)
        return {
            "form_token": token,
            "token_field": guards.TOKEN_FIELD,
            "honeypot_field": guards.HONEYPOT_FIELD,
            "privacy_field": PRIVACY_FIELD,
            "privacy_hash": self.get_privacy_text_hash(),
            "form_field": FORM_FIELD,
        }

    def get_registration_form(self, *args, sessions=(), **kwargs):
        return self.get_registration_form_class()(*args, event=self, sessions=sessions, **kwargs)

    def render_register(
        self, request, form=None, interest_form=None, status=200, message=None, kind="info"
    ):
        """``register/``: the registration form, the interest form, or why there is none."""
        now = timezone.now()
        sessions = self.get_event_sessions()
        state = self.get_on_site_registration_state(now, sessions)
        offered = self.get_registrable_sessions(now, sessions) if state == "open" else []
        if state == "open" and not offered:
            state = "closed"
        if state == "open":
            form = form or self.get_registration_form(sessions=offered)
            scope = self._register_scope()
        else:
            form = None
        if state == "interest":
            interest_form = interest_form or self.get_interest_form_class()()
            scope = self._interest_scope()
        else:
            interest_form = None
        context = self.get_registration_context(request, sessions=sessions)
        context["registration_on_site"] = state
        shown = form or interest_form
        if shown is not None:
            context.update(self._form_fields_context(request, scope))
        context.update(
            {
                "form": form,
                "interest_form": interest_form,
                "error_summary": shown.error_summary()
                if shown is not None and shown.is_bound
                else [],
                "form_message": message,
                "form_message_kind": kind,
                "jw_noindex": False,
            }
        )
        return self.render_registration_route(request, "register", context, status=status)

    # register/

    def _register_scope(self):
        return f"register:{self.pk}"

    def _interest_scope(self):
        return f"interest:{self.pk}"

    @path("register/", name="register")
    @allow_methods("GET", "HEAD", "POST")
    def register(self, request, *args, **kwargs):
        """The registration form (or the interest form before registration opens)."""
        if not self.takes_registrations:
            raise Http404
        redirect = self._alias_redirect(request)
        if redirect is not None:
            return redirect
        if request.method == "POST" and not getattr(request, "is_preview", False):
            return self.handle_register_post(request)
        return self.render_register(request)

    def check_register_post(self, request, state, scope):
        """A :class:`~jeugdzorg_wagtail.calls.guards.Refusal` for a POST that is closed, too
        large, too frequent or from a bot; ``None`` for one whose form may be read.

        You can override this method to add checks; call ``super()`` to keep these.
        """
        if state not in ("open", "interest"):
            guards.count_toward_rate_limit(request, RATE_SCOPE)
            if state == "closed":
                return guards.Refusal(403, gettext("Registration is closed."))
            return guards.Refusal(403, gettext("This event is over."))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            return guards.Refusal(413, gettext("What you sent is too large."))
        abuse = guards.abuse_of_post(request, scope, RATE_SCOPE)
        if abuse == guards.RATE_LIMITED:
            return guards.Refusal(
                429,
                gettext(
                    "This form has been sent from your connection too often. Please try "
                    "again later. What you typed is still here."
                ),
                keep_input=True,
            )
        if abuse == guards.BOT:
            return guards.Refusal(
                400,
                gettext("Your form could not be sent. Please check it and send it again."),
                keep_input=True,
            )
        return None

    def _typed(self, request, form_class, **kwargs):
        """An unbound form with what was typed as its initial values (nothing validated)."""
        form = form_class(**kwargs)
        initial = {}
        for name, field in form.fields.items():
            if name == "consent":
                continue
            if getattr(field.widget, "allow_multiple_selected", False):
                initial[name] = request.POST.getlist(name)
            elif name in request.POST:
                initial[name] = request.POST.get(name)
        return form_class(initial=initial, **kwargs)

    def handle_register_post(self, request):
        """Refuse what :meth:`check_register_post` refuses; store a valid registration (or an
        address on the interest list) and send the visitor on to ``register/thanks/``."""
        now = timezone.now()
        sessions = self.get_event_sessions()
        state = self.get_on_site_registration_state(now, sessions)
        offered = self.get_registrable_sessions(now, sessions) if state == "open" else []
        if state == "open" and not offered:
            state = "closed"
        sent = request.POST.get(FORM_FIELD)
        interest = state == "interest"
        scope = self._interest_scope() if interest else self._register_scope()
        refusal = self.check_register_post(request, state, scope)
        if refusal is None and sent == "interest" and state == "open":
            # The interest form of a page shown before registration opened.
            form = self._typed(
                request, self.get_registration_form_class(), event=self, sessions=offered
            )
            return self.render_register(
                request,
                form=form,
                message=gettext("Registration has opened in the meantime: register below."),
            )
        if refusal is not None:
            if interest:
                interest_form = self._typed(request, self.get_interest_form_class())
                form = None
            else:
                interest_form = None
                form = (
                    self._typed(
                        request, self.get_registration_form_class(), event=self, sessions=offered
                    )
                    if state == "open"
                    else None
                )
            if not refusal.keep_input:
                form = interest_form = None
            return self.render_register(
                request,
                form=form,
                interest_form=interest_form,
                status=refusal.status,
                message=refusal.message,
                kind="error",
            )
        # The form passed the bot checks: keep its token when showing errors.
        request._jw_form_token = request.POST.get(guards.TOKEN_FIELD)
        if interest:
            return self.handle_interest_post(request)
        form = self.get_registration_form(request.POST, sessions=offered, request=request)
        valid = form.is_valid()
        if request.POST.get(PRIVACY_FIELD) != self.get_privacy_text_hash():
            form.add_error("consent", self._privacy_changed_message())
            valid = False
        if valid:
            valid = self.check_not_registered(form)
        if valid:
            try:
                registration = self.process_registration(form)
            except places.SessionFull as full:
                form.add_error(
                    "sessions",
                    gettext("“%(session)s” is full in the meantime. Choose another session.")
                    % {"session": full.session.city or full.session.venue or self.title},
                )
                valid = False
        if not valid:
            form.describe_fields()
            return self.render_register(request, form=form)
        guards.count_toward_rate_limit(request, RATE_SCOPE)
        thanks = self.get_url(request) + self.reverse_subpage("register_thanks").lstrip("/")
        return HttpResponseRedirect(f"{thanks}?{urlencode({'r': registration.token})}")

    @staticmethod
    def _privacy_changed_message():
        return gettext(
            "The privacy statement has changed since you opened this form. "
            "Read it again and tick the box to agree."
        )

    def check_not_registered(self, form):
        """Refuse a session the address is already registered for (one place a person)."""
        email = form.cleaned_data.get("email", "")
        chosen = form.cleaned_data.get("sessions", [])
        taken = set(
            self.get_session_registration_model()
            .objects.active()
            .filter(registration__event=self, registration__email__iexact=email)
            .filter(session__in=chosen)
            .values_list("session_id", flat=True)
        )
        if not taken:
            return True
        form.add_error(
            "email",
            gettext(
                "This e-mail address is already registered for this event. Use the link in "
                "your confirmation e-mail to change your registration."
            ),
        )
        return False

    def process_registration(self, form):
        """Store the registration of a valid ``form`` and hand out its places (in one
        transaction); the confirmation goes out after commit. Returns the registration.

        Raises :class:`~.places.SessionFull` (and stores nothing) when a chosen session is
        full and the event has no waiting list. You can override this method; call
        ``super()`` to keep the storing and the e-mail.
        """
        with transaction.atomic():
            registration = self.create_registration(form)
            places.book(
                registration,
                form.cleaned_data["sessions"],
                self.get_session_registration_model(),
                timezone.now(),
                waiting_list=self.waiting_list,
            )
            transaction.on_commit(lambda: emails.send_confirmation(self, registration))
        return registration

    def create_registration(self, form):
        """Build and save a registration (of :meth:`get_registration_model`) from a valid form."""
        data = form.cleaned_data
        registration = self.get_registration_model()(
            event=self,
            language=(translation.get_language() or "")[:10],
            name=data["name"],
            email=data["email"],
            organisation=data.get("organisation", ""),
            role=data.get("role", ""),
            dietary_wishes=data.get("dietary_wishes", ""),
            question=(self.free_question or "")[:255] if "answer" in data else "",
            answer=normalize_newlines(data.get("answer", "")),
            consent_given_at=timezone.now(),
            privacy_version=self.get_privacy_version(),
        )
        registration.save()
        return registration

    # Interest before registration opens

    def handle_interest_post(self, request):
        """Keep a valid address on the interest list (unconfirmed) and send the message that
        asks to confirm it; an address already there is asked again, a confirmed one is left
        alone. The visitor is told the same either way."""
        form = self.get_interest_form_class()(request.POST, request=request)
        valid = form.is_valid()
        if request.POST.get(PRIVACY_FIELD) != self.get_privacy_text_hash():
            form.add_error("consent", self._privacy_changed_message())
            form.describe_fields()
            valid = False
        if not valid:
            return self.render_register(request, interest_form=form)
        email = form.cleaned_data["email"].strip()
        model = self.get_interest_model()
        with transaction.atomic():
            interest = model.objects.filter(event=self, email__iexact=email).first()
            if interest is None:
                interest = model.objects.create(
                    event=self,
                    email=email,
                    language=(translation.get_language() or "")[:10],
                    privacy_version=self.get_privacy_version(),
                )
            if interest.confirmed_at is None:
                transaction.on_commit(
                    lambda: _logged_send(emails.send_interest_confirmation, self, interest)
                )
        guards.count_toward_rate_limit(request, RATE_SCOPE)
        thanks = self.get_url(request) + self.reverse_subpage("register_thanks").lstrip("/")
        return HttpResponseRedirect(f"{thanks}?interest=1")

    def _interest_from_token(self, purpose, token):
        key = tokens.read_token(token)
        if key is None:
            raise Http404
        interest = self.get_interest_model().objects.filter(pk=key, event=self).first()
        if interest is not None and not tokens.token_matches(purpose, token, interest):
            raise Http404
        return interest

    @path("register/interest/<str:token>/", name="interest_confirm")
    @allow_methods("GET", "HEAD", "POST")
    def interest_confirm(self, request, token, *args, **kwargs):
        """Confirming an address on the interest list: ``GET`` asks (a link checker that
        opens the link confirms nothing), ``POST`` confirms."""
        if not self.takes_registrations:
            raise Http404
        interest = self._interest_from_token(tokens.CONFIRM_INTEREST, token)
        done = False
        if interest is not None and request.method == "POST" and not interest.confirmed_at:
            interest.confirmed_at = timezone.now()
            interest.save(update_fields=["confirmed_at"])
            done = True
        leave = ""
        if interest is not None:
            leave = self.reverse_subpage(
                "interest_leave", args=[interest.token(tokens.LEAVE_INTEREST)]
            )
            leave = self.get_url(request) + leave.lstrip("/")
        context = self.get_registration_context(
            request, interest=interest, interest_done=done, leave_url=leave, action="confirm"
        )
        return self.render_registration_route(request, "interest", context)

    @path("register/leave/<str:token>/", name="interest_leave")
    def interest_leave(self, request, token, *args, **kwargs):
        """Removing an address from the interest list, at once.

        Its link is in the one message the address gets, after which nothing more is sent,
        so a link checker that opens it early takes nothing away.
        """
        if not self.takes_registrations:
            raise Http404
        interest = self._interest_from_token(tokens.LEAVE_INTEREST, token)
        if interest is not None:
            interest.delete()
        context = self.get_registration_context(request, interest=None, action="leave")
        return self.render_registration_route(request, "interest", context)

    # After registering

    def get_registration_by_token(self, token):
        """The registration of this event that ``token`` opens, or ``None``."""
        key = tokens.read_token(token)
        if key is None:
            return None
        registration = (
            self.get_registration_model()
            .objects.filter(pk=key, event=self, anonymised_at__isnull=True)
            .first()
        )
        if not tokens.token_matches(tokens.REGISTRATION, token, registration):
            return None
        return registration

    def get_entries(self, registration):
        """The places of ``registration``, soonest session first, with their waiting position."""
        return list(
            registration.entries.with_waiting_position()
            .select_related("session")
            .order_by("session__start", "session_id")
        )

    @path("register/thanks/", name="register_thanks")
    def register_thanks(self, request, *args, **kwargs):
        """After registering: where each session stands (``?r=<token>``), or after leaving an
        address for the interest list (``?interest=1``)."""
        if not self.takes_registrations:
            raise Http404
        registration = self.get_registration_by_token(request.GET.get("r"))
        context = self.get_registration_context(
            request,
            registration_done=registration,
            entries=self.get_entries(registration) if registration else [],
            registration_url=(
                self.get_url(request)
                + self.reverse_subpage("registration", args=[registration.token]).lstrip("/")
                if registration
                else ""
            ),
            interest_left=request.GET.get("interest") == "1",
        )
        return self.render_registration_route(request, "thanks", context)

    # registration/<token>/

    def get_change_form(self, registration, entries, *args, now=None, **kwargs):
        """The form of a visitor's own registration: the sessions they hold that have not
        started, and (while registration is open) the others on offer."""
        now = now or timezone.now()
        sessions = self.get_event_sessions()
        held = {e.session_id for e in entries if e.status != PlaceStatus.CANCELLED}
        changeable = [session for session in sessions if session.pk in held and session.start > now]
        if self.get_on_site_registration_state(now, sessions) == "open":
            offered = self.get_registrable_sessions(now, sessions)
            changeable += [s for s in offered if s.pk not in held]
        changeable.sort(key=lambda session: (session.start, session.pk))
        self.with_places(changeable)
        if not args:
            kwargs.setdefault(
                "initial",
                {
                    "sessions": [s.pk for s in changeable if s.pk in held],
                    **{
                        name: getattr(registration, name)
                        for name in ("name", "email", "organisation", "role", "dietary_wishes")
                    },
                    "answer": registration.answer,
                },
            )
        return self.get_registration_change_form_class()(
            *args, event=self, sessions=changeable, **kwargs
        )

    @path("registration/<str:token>/", name="registration")
    @allow_methods("GET", "HEAD", "POST")
    def registration(self, request, token, *args, **kwargs):
        """A visitor's own registration: see it, change it, cancel it."""
        if not self.takes_registrations:
            raise Http404
        redirect = self._alias_redirect(request)
        if redirect is not None:
            return redirect
        registration = self.get_registration_by_token(token)
        if registration is None:
            raise Http404
        entries = self.get_entries(registration)
        form = None
        if request.method == "POST" and not getattr(request, "is_preview", False):
            if request.POST.get("action") == "cancel":
                self.cancel_registration(registration, entries)
                return HttpResponseRedirect(f"{request.path}?done=cancelled")
            form = self.get_change_form(registration, entries, request.POST)
            if form.is_valid():
                self.change_registration(registration, entries, form)
                return HttpResponseRedirect(f"{request.path}?done=changed")
        form = form or self.get_change_form(registration, entries)
        active = [e for e in entries if e.status != PlaceStatus.CANCELLED]
        context = self.get_registration_context(
            request,
            registration_done=registration,
            entries=entries,
            form=form,
            error_summary=form.error_summary() if form.is_bound else [],
            has_active=bool(active),
            done=request.GET.get("done")
            if request.GET.get("done") in ("changed", "cancelled")
            else "",
        )
        return self.render_registration_route(request, "registration", context)

    def cancel_registration(self, registration, entries):
        """Cancel every place of ``registration``; the waiting lists move up (with e-mails)."""
        now = timezone.now()
        with transaction.atomic():
            promoted = places.cancel_entries([e for e in entries if e.session.start > now], now)
            transaction.on_commit(lambda: emails.send_promotions(self, promoted))
        return promoted

    def change_registration(self, registration, entries, form):
        """Apply a valid change form: the details, and the sessions ticked or unticked."""
        data = form.cleaned_data
        now = timezone.now()
        offered = {session.pk for session in form.session_list}
        chosen = {session.pk for session in data["sessions"]}
        held = {e.session_id: e for e in entries if e.status != PlaceStatus.CANCELLED}
        to_cancel = [e for pk, e in held.items() if pk in offered and pk not in chosen]
        to_add = [session for session in data["sessions"] if session.pk not in held]
        for name in ("name", "email", "organisation", "role", "dietary_wishes"):
            if name in data:
                setattr(registration, name, data[name])
        if "answer" in data:
            registration.answer = normalize_newlines(data["answer"])
        with transaction.atomic():
            registration.save()
            promoted = places.cancel_entries(to_cancel, now)
            added = places.book(
                registration,
                to_add,
                self.get_session_registration_model(),
                now,
                waiting_list=True,
            )
            new_ids = [entry.session_id for entry in added]
            transaction.on_commit(
                lambda: emails.send_confirmation(
                    self, registration, changed=True, only_sessions=new_ids
                )
            )
            transaction.on_commit(lambda: emails.send_promotions(self, promoted))

    # registration/

    @path("registration/", name="registration_find")
    @allow_methods("GET", "HEAD", "POST")
    def registration_find(self, request, *args, **kwargs):
        """Asking for the link to one's registration again. Every answer is the same, so the
        form tells nobody whether an address registered."""
        if not self.takes_registrations:
            raise Http404
        scope = f"find:{self.pk}"
        form = self.get_find_registration_form_class()()
        status, message, sent = 200, None, False
        if request.method == "POST" and not getattr(request, "is_preview", False):
            abuse = guards.abuse_of_post(request, scope, RATE_SCOPE)
            if abuse is not None:
                status = 429 if abuse == guards.RATE_LIMITED else 400
                message = gettext("Your form could not be sent. Please try again later.")
            else:
                request._jw_form_token = request.POST.get(guards.TOKEN_FIELD)
                form = self.get_find_registration_form_class()(request.POST, request=request)
                if form.is_valid():
                    guards.count_toward_rate_limit(request, RATE_SCOPE)
                    self.send_registration_links(form.cleaned_data["email"])
                    sent = True
        context = self.get_registration_context(
            request,
            form=form,
            sent=sent,
            error_summary=form.error_summary() if form.is_bound else [],
            form_message=message,
            form_message_kind="error",
            **self._form_fields_context(request, scope),
        )
        return self.render_registration_route(request, "find", context, status=status)

    def send_registration_links(self, email):
        """Send the links of the registrations of ``email`` for this event (after commit)."""
        found = list(
            self.get_registration_model()
            .objects.for_email(email)
            .filter(event=self, anonymised_at__isnull=True)
            .order_by("created_at")
        )
        if found:
            language = (translation.get_language() or "")[:10]
            transaction.on_commit(lambda: emails.send_links(self, found, language))
