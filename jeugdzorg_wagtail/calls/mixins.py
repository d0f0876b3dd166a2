"""Behaviour of a call for participation, for composing onto a site's own page models.

* :class:`CallForParticipationMixin` (plain, no fields): the public form at the page's own URL
  and the confirmation at ``thanks/``: checks on a POST, storing a submission, the landing
  page. A migration names it in the ``bases`` of the package's call page, so it must never
  become a model with fields.
* :class:`CallPeriodMixin` (an abstract model): ``opens_at`` and ``closes_at`` and the call's
  state.
* :class:`CallPrivacyMixin` (an abstract model): ``privacy_statement`` and its versions.
* :class:`~jeugdzorg_wagtail.calls.emails.CallEmailMixin` (an abstract model): the e-mails.

A call page lists them all::

    class MyCallPage(CallEmailMixin, CallPrivacyMixin, CallPeriodMixin,
                     CallForParticipationMixin, RoutablePageMixin, Page): ...

The mixins reach the package's models through hooks (``get_submission_class()``,
``get_privacy_version_class()``), so a site can store its submissions in a model of its own
(derived from :class:`~jeugdzorg_wagtail.calls.models.AbstractCallSubmission`).
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import normalize_newlines
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField

from ..core.conf import jw_settings
from ..core.pages import JeugdzorgPageMixin, allow_methods
from ..core.privacy_statement import PRIVACY_FIELD, PrivacyStatementMixin
from . import guards
from .attachments import clean_original_name
from .blocks import default_submission_types
from .choices import CallState
from .forms import CallSubmissionForm

__all__ = ["PRIVACY_FIELD", "CallForParticipationMixin", "CallPeriodMixin", "CallPrivacyMixin"]

APP_LABEL = "jeugdzorg_wagtail"


class CallPeriodMixin(models.Model):
    """When a call accepts submissions: from ``opens_at`` (empty: at once) until ``closes_at``.

    The server decides: before it opens and after it closes the page shows no form and a POST
    is refused with nothing stored.
    """

    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Leave empty to open at once.")
    )
    closes_at = models.DateTimeField(
        _("closes"), help_text=_("From this moment no submission is accepted.")
    )

    class Meta:
        abstract = True

    def get_state(self, now=None):
        """:class:`~.choices.CallState` at ``now``: not open yet, open, or closed.

        The call is open from ``opens_at`` (inclusive; empty: at once) until ``closes_at``
        (exclusive). You can override this method to add conditions of your own.
        """
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return CallState.NOT_OPEN
        if self.closes_at and now >= self.closes_at:
            return CallState.CLOSED
        return CallState.OPEN

    def is_open(self, now=None):
        return self.get_state(now) == CallState.OPEN

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})


class CallPrivacyMixin(PrivacyStatementMixin):
    """A call's privacy statement, each published text of which is kept as a version.

    Every submission records the version its sender agreed to. The versions are rows of the
    model of :meth:`get_privacy_version_class`, with a key ``call`` (see
    :class:`~jeugdzorg_wagtail.core.privacy_statement.PrivacyStatementMixin`).
    """

    privacy_statement = RichTextField(
        _("privacy statement"),
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "What is done with the data people send, who sees it and how long it is kept. "
            "Each published change is kept as a new version; every submission records the "
            "version its sender agreed to."
        ),
    )

    privacy_version_page_field = "call"

    class Meta:
        abstract = True

    def get_privacy_version_class(self):
        """The model of the versions (``PrivacyStatementVersion``), with a ``call`` key.

        You can override this method to keep them in a model of your own (derived from
        ``AbstractPrivacyStatementVersion``).
        """
        return apps.get_model(APP_LABEL, "PrivacyStatementVersion")


class CallForParticipationMixin(JeugdzorgPageMixin):
    """Behaviour of a call page. You can combine it with your own base page model.

    It needs :class:`CallPeriodMixin` (``get_state()``) and :class:`CallPrivacyMixin`
    (``get_privacy_version()``) on the same page, and ``RoutablePageMixin``: the form is served
    at the page's own URL, the confirmation at ``thanks/``. ``submission_types`` is read when
    the page has it. E-mails come with
    :class:`~jeugdzorg_wagtail.calls.emails.CallEmailMixin`, which extends
    :meth:`process_form_submission` as Wagtail's ``EmailFormMixin`` does.
    """

    #: The template of the confirmation after a successful submission (Wagtail's name).
    landing_page_template = "jeugdzorg_wagtail/call_for_participation_page_thanks.html"

    # Submission types

    def get_submission_types(self):
        """The types offered, as dicts with ``label`` and ``description``.

        When the editor left the list empty (or the page has no list), the default types are
        offered. You can override this method to offer types from elsewhere.
        """
        types = []
        for block in getattr(self, "submission_types", None) or []:
            label = (block.value.get("label") or "").strip()
            if label and label not in {t["label"] for t in types}:
                types.append({"label": label, "description": block.value.get("description", "")})
        if not types:
            types = [
                {"label": value["label"], "description": ""}
                for _name, value in default_submission_types()
            ]
        return types

    # The form and the submissions

    def get_form_class(self):
        """The form class of the public form (:class:`~.forms.CallSubmissionForm`).

        You can override this method.
        """
        return CallSubmissionForm

    def get_form_parameters(self):
        """The keyword arguments every form of this call gets: ``call`` and
        ``submission_types``. You can override this method to pass more."""
        return {"call": self, "submission_types": self.get_submission_types()}

    def get_form(self, *args, **kwargs):
        """An instance of :meth:`get_form_class` with :meth:`get_form_parameters`."""
        for name, value in self.get_form_parameters().items():
            kwargs.setdefault(name, value)
        return self.get_form_class()(*args, **kwargs)

    def get_submission_class(self):
        """The model submissions are stored in (``CallSubmission``).

        You can override this method to store them in a model of your own, derived from
        :class:`~jeugdzorg_wagtail.calls.models.AbstractCallSubmission`.
        """
        return apps.get_model(APP_LABEL, "CallSubmission")

    def get_landing_page_template(self, request, *args, **kwargs):
        """The template of the confirmation (:attr:`landing_page_template`).

        You can override this method to choose it per request.
        """
        return self.landing_page_template

    def get_max_request_size(self):
        """Bodies larger than this are refused before they are read (the attachment plus
        room for the text fields)."""
        return jw_settings.ATTACHMENT_MAX_SIZE + 256 * 1024

    @path("", name="form")
    @allow_methods("GET", "HEAD", "POST")
    def call_form(self, request, *args, **kwargs):
        """The page: the call, and its form while it is open. A POST sends the form."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if request.method == "POST" and not getattr(request, "is_preview", False):
            response = self.handle_post(request)
        else:
            response = self.render_call(request, form=self.get_form())
        add_never_cache_headers(response)
        return response

    @path("thanks/", name="thanks")
    def thanks(self, request, *args, **kwargs):
        """The confirmation after a successful submission."""
        context = self.get_context(request, *args, **kwargs)
        context["jw_noindex"] = True
        template = self.get_landing_page_template(request, *args, **kwargs)
        response = TemplateResponse(request, template, context)
        add_never_cache_headers(response)
        # Also as a header, which holds whatever blocks the site's base template has.
        response["X-Robots-Tag"] = "noindex"
        return response

    def render_call(
        self, request, form=None, status=200, message=None, message_kind="info", posted=False
    ):
        """Render the page. ``posted``: the form came back (a chosen file must be chosen again)."""
        context = self.get_context(request)
        state = self.get_state()
        if state != CallState.OPEN:
            form = None
        token = None
        if form is not None:
            token = getattr(request, "_jw_form_token", None) or guards.make_form_token(self.pk)
        rechoose_file = None
        if form is not None and posted:
            uploaded = request.FILES.get("attachment")
            if uploaded is not None:
                rechoose_file = clean_original_name(uploaded.name)
                widget = form.fields["attachment"].widget
                described = widget.attrs.get("aria-describedby", "").split()
                described.insert(0, f"{form['attachment'].auto_id}_rechoose")
                widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
        context.update(
            {
                "call_state": state,
                "form": form,
                "form_token": token,
                "token_field": guards.TOKEN_FIELD,
                "honeypot_field": guards.HONEYPOT_FIELD,
                "privacy_field": PRIVACY_FIELD,
                "privacy_hash": self.get_privacy_text_hash(),
                "error_summary": form.error_summary() if form is not None and form.is_bound else [],
                "rechoose_file": rechoose_file,
                "call_message": message,
                "call_message_kind": message_kind,
            }
        )
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def _initial_from_post(self, request):
        """What was typed, as initial values of an unbound form (nothing is validated)."""
        form = self.get_form()
        initial = {}
        for name, field in form.fields.items():
            if name in ("attachment", "consent"):
                continue
            if hasattr(field.widget, "allow_multiple_selected") and (
                field.widget.allow_multiple_selected
            ):
                initial[name] = request.POST.getlist(name)
            elif name in request.POST:
                initial[name] = request.POST.get(name)
        return self.get_form(initial=initial)

    def check_post(self, request):
        """A :class:`~.guards.Refusal` for a late, early, oversized, too frequent or bot POST,
        or ``None`` for a POST whose form may be read.

        Posts refused as abuse (to a call that is not open, with the honeypot filled, without
        a valid token) count toward the client's rate limit. You can override this method to
        add checks; call ``super()`` to keep these.
        """
        state = self.get_state()
        if state != CallState.OPEN:
            guards.count_toward_rate_limit(request)
        if state == CallState.CLOSED:
            return guards.Refusal(403, gettext("This call is closed."))
        if state == CallState.NOT_OPEN:
            return guards.Refusal(403, gettext("This call is not open yet."))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.get_max_request_size():
            return guards.Refusal(
                413,
                gettext(
                    "What you sent is too large. Choose a smaller file and fill in the form again."
                ),
            )
        abuse = guards.abuse_of_post(request, self.pk)
        if abuse == guards.RATE_LIMITED:
            return guards.Refusal(
                429,
                gettext(
                    "This form has been sent from your connection too often. "
                    "Please try again later. What you typed is still here, "
                    "but a chosen file must be chosen again."
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

    def handle_post(self, request):
        """Refuse what :meth:`check_post` refuses; store a valid submission.

        Accepted submissions count toward the client's rate limit; a form sent back with
        mistakes does not, so an honest visitor can correct it as often as needed.
        """
        refusal = self.check_post(request)
        if refusal is not None:
            form = self._initial_from_post(request) if refusal.keep_input else self.get_form()
            return self.render_call(
                request,
                form=form,
                posted=refusal.keep_input,
                status=refusal.status,
                message=refusal.message,
                message_kind="error",
            )
        # The form passed the bot checks: keep its token when showing errors.
        request._jw_form_token = request.POST.get(guards.TOKEN_FIELD)

        form = self.get_form(request.POST, request.FILES, request=request)
        valid = form.is_valid()
        if request.POST.get(PRIVACY_FIELD) != self.get_privacy_text_hash():
            form.add_error(
                "consent",
                gettext(
                    "The privacy statement has changed since you opened this form. "
                    "Read it again and tick the box to agree."
                ),
            )
            form.describe_fields()
            valid = False
        if not valid:
            return self.render_call(request, form=form, posted=True)
        self.process_form_submission(form)
        guards.count_toward_rate_limit(request)
        return HttpResponseRedirect(self.get_thanks_url(request))

    def get_thanks_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("thanks")

    def process_form_submission(self, form):
        """Store the submission of a valid ``form`` in a transaction; returns it.

        Wagtail's signature: the request, when an override needs it, is ``form.request``.
        You can override this method; call ``super()`` to keep the storing (and, with
        ``CallEmailMixin``, the e-mails after commit).
        """
        with transaction.atomic():
            return self.create_submission(form)

    def create_submission(self, form):
        """Build and save a submission (of :meth:`get_submission_class`) from a valid form."""
        data = form.cleaned_data
        submission_class = self.get_submission_class()
        submission = submission_class(
            call=self,
            language=(translation.get_language() or "")[:10],
            name=data["name"],
            organisation=data["organisation"],
            role=data["role"],
            email=data["email"],
            phone=data.get("phone", ""),
            submission_type=data["submission_type"],
            title=data["title"],
            summary=normalize_newlines(data["summary"]),
            description=normalize_newlines(data["description"]),
            links=data.get("links") or [],
            consent_given_at=timezone.now(),
            privacy_version=self.get_privacy_version(),
        )
        fields = {field.name: field for field in submission_class._meta.get_fields()}
        if "region" in fields:
            submission.region = data.get("region")
        attachment = data.get("attachment")
        if attachment is not None:
            submission.attachment_name = attachment.original_name
            submission.attachment_size = attachment.size
            submission.attachment_type = attachment.kind
            submission.attachment.save(attachment.storage_name, attachment.content, save=False)
        try:
            submission.save()
            # A new row has no relations yet: one INSERT per relation, no SELECT first.
            for name in ("themes", "target_groups"):
                terms = data.get(name) or []
                if terms and name in fields and fields[name].many_to_many:
                    through = fields[name].remote_field.through
                    source = fields[name].m2m_field_name()
                    target = fields[name].m2m_reverse_field_name()
                    through.objects.bulk_create(
                        through(**{source: submission, target: term}) for term in terms
                    )
        except Exception:
            if submission.attachment:
                submission.attachment.delete(save=False)
            raise
        return submission
