"""Calls for participation and the submissions they receive.

A call page offers a public form between its opening and closing moments, which the server
enforces: before it opens and after it closes the page shows no form and a POST is refused
with nothing stored. Each submission records when consent was given and to which version of
the call's privacy statement (:class:`PrivacyStatementVersion`, one row per distinct text).
E-mails (a confirmation to the sender, a notice to editors) go out after the submission is
committed; when sending fails the submission is kept and marked.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import models, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.permissions import page_permission_policy
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from .. import abuse
from ..attachments import get_attachment_storage, submission_attachment_path
from ..core.conf import jw_settings
from ..core.models import NetworkSettings
from ..core.pages import JeugdzorgPageMixin, allow_methods
from ..core.queries import not_in_private_section

__all__ = [
    "CallForParticipationPage",
    "CallSubmission",
    "PrivacyStatementVersion",
    "SubmissionStatus",
    "CallState",
    "SubmissionExport",
    "PersonalDataRequest",
    "email_hash",
    "months_before",
    "calls_for_user",
]

logger = logging.getLogger("jeugdzorg_wagtail.calls")

PRIVACY_FIELD = "jw_privacy"


class CallState(models.TextChoices):
    NOT_OPEN = "not_open", _("not open yet")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    UNDER_REVIEW = "under_review", _("under review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SubmissionTypeBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=100)
    description = blocks.CharBlock(
        label=_("description"),
        required=False,
        max_length=255,
        help_text=_("For example “a workshop of 45 minutes for up to 20 people”."),
    )

    class Meta:
        icon = "list-ul"
        label = _("submission type")


def default_submission_types():
    """The types a new call offers: a practice example, a workshop, a presentation, a stand."""
    return [
        ("type", {"label": gettext("Practice example"), "description": ""}),
        ("type", {"label": gettext("Workshop proposal"), "description": ""}),
        ("type", {"label": gettext("Presentation"), "description": ""}),
        ("type", {"label": gettext("Stand at the open-space market"), "description": ""}),
    ]


def validate_email_list(value):
    for address in split_addresses(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("“%(address)s” is not a valid e-mail address."), params={"address": address}
            ) from None


def split_addresses(value):
    """Addresses separated by commas, semicolons, spaces or new lines."""
    for separator in ";\n\r\t ":
        value = value.replace(separator, ",")
    return [part.strip() for part in value.split(",") if part.strip()]


def rich_text_to_plain(value):
    """Rich text as plain text for e-mails."""
    import html

    text = expand_db_html(value or "")
    for tag in ("</p>", "<br>", "<br/>", "</li>", "</h2>", "</h3>", "</h4>"):
        text = text.replace(tag, tag + "\n")
    lines = [line.strip() for line in html.unescape(strip_tags(text)).splitlines()]
    return "\n".join(line for line in lines if line)


class CallForParticipationMixin(JeugdzorgPageMixin):
    """Behaviour of a call page. You can combine it with your own base page model.

    The concrete page must have the fields ``opens_at``, ``closes_at``, ``submission_types``,
    ``privacy_statement``, ``confirmation_text`` and ``notify_emails``, and also mix in
    ``RoutablePageMixin`` (the form is served at the page's own URL, the confirmation at
    ``thanks/``).
    """

    form_template = None  # None: the page's own template
    thanks_template = "jeugdzorg_wagtail/call_for_participation_page_thanks.html"
    confirmation_email_template = "jeugdzorg_wagtail/emails/call_submission_confirmation.txt"
    notice_email_template = "jeugdzorg_wagtail/emails/call_submission_notice.txt"

    # State

    def get_state(self, now=None):
        """:class:`CallState` at ``now``: not open yet, open, or closed.

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

    # Submission types

    def get_submission_types(self):
        """The types offered, as dicts with ``label`` and ``description``.

        When the editor left the list empty, the default types are offered.
        You can override this method to offer types from elsewhere.
        """
        types = []
        for block in self.submission_types or []:
            label = (block.value.get("label") or "").strip()
            if label and label not in {t["label"] for t in types}:
                types.append({"label": label, "description": block.value.get("description", "")})
        if not types:
            types = [
                {"label": value["label"], "description": ""}
                for _name, value in default_submission_types()
            ]
        return types

    # Privacy statement versions

    def get_privacy_text_hash(self):
        """SHA-256 of the privacy statement's stored text: the identity of a version."""
        return hashlib.sha256((self.privacy_statement or "").encode("utf-8")).hexdigest()

    def get_privacy_version(self, revision=None):
        """The :class:`PrivacyStatementVersion` of the current text, created when it is new."""
        text_hash = self.get_privacy_text_hash()
        version = PrivacyStatementVersion.objects.filter(call=self, text_hash=text_hash).first()
        if version is None:
            version, _created = PrivacyStatementVersion.objects.get_or_create(
                call_id=self.pk,
                text_hash=text_hash,
                defaults={"text": self.privacy_statement or "", "revision": revision},
            )
        return version

    # The form

    def get_form_class(self):
        """The form class of the public form. You can override this method."""
        from ..call_forms import CallSubmissionForm

        return CallSubmissionForm

    def get_form(self, *args, **kwargs):
        kwargs.setdefault("call", self)
        kwargs.setdefault("submission_types", self.get_submission_types())
        return self.get_form_class()(*args, **kwargs)

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
        response = TemplateResponse(request, self.thanks_template, context)
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
            token = getattr(request, "_jw_form_token", None) or abuse.make_form_token(self.pk)
        rechoose_file = None
        if form is not None and posted:
            uploaded = request.FILES.get("attachment")
            if uploaded is not None:
                from ..attachments import clean_original_name

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
                "token_field": abuse.TOKEN_FIELD,
                "honeypot_field": abuse.HONEYPOT_FIELD,
                "privacy_field": PRIVACY_FIELD,
                "privacy_hash": self.get_privacy_text_hash(),
                "error_summary": form.error_summary() if form is not None and form.is_bound else [],
                "rechoose_file": rechoose_file,
                "call_message": message,
                "call_message_kind": message_kind,
            }
        )
        template = self.form_template or self.get_template(request)
        return TemplateResponse(request, template, context, status=status)

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

    def handle_post(self, request):
        """Refuse late, early, oversized, too frequent and bot POSTs; store a valid one.

        Accepted submissions and posts refused as abuse (to a closed call, with the honeypot
        filled, without a valid token) count toward the client's rate limit; a form sent back
        with mistakes does not, so an honest visitor can correct it as often as needed.
        You can override this method to add checks; call ``super()`` to keep these.
        """
        state = self.get_state()
        if state != CallState.OPEN:
            abuse.count_toward_rate_limit(request)
        if state == CallState.CLOSED:
            return self.render_call(
                request, status=403, message=gettext("This call is closed."), message_kind="error"
            )
        if state == CallState.NOT_OPEN:
            return self.render_call(
                request,
                status=403,
                message=gettext("This call is not open yet."),
                message_kind="error",
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.get_max_request_size():
            return self.render_call(
                request,
                form=self.get_form(),
                status=413,
                message=gettext(
                    "What you sent is too large. Choose a smaller file and fill in the form again."
                ),
                message_kind="error",
            )
        if abuse.rate_limit_reached(request):
            return self.render_call(
                request,
                form=self._initial_from_post(request),
                posted=True,
                status=429,
                message=gettext(
                    "This form has been sent from your connection too often. "
                    "Please try again later. What you typed is still here, "
                    "but a chosen file must be chosen again."
                ),
                message_kind="error",
            )
        token_result = abuse.check_form_token(request.POST.get(abuse.TOKEN_FIELD), self.pk)
        if abuse.honeypot_filled(request.POST) or token_result != abuse.TOKEN_OK:
            abuse.count_toward_rate_limit(request)
            return self.render_call(
                request,
                form=self._initial_from_post(request),
                posted=True,
                status=400,
                message=gettext("Your form could not be sent. Please check it and send it again."),
                message_kind="error",
            )
        # The form passed the bot checks: keep its token when showing errors.
        request._jw_form_token = request.POST.get(abuse.TOKEN_FIELD)

        form = self.get_form(request.POST, request.FILES)
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
        self.process_form_submission(request, form)
        abuse.count_toward_rate_limit(request)
        return HttpResponseRedirect(self.get_thanks_url(request))

    def get_thanks_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("thanks")

    def process_form_submission(self, request, form):
        """Store the submission in a transaction, then send the e-mails after commit.

        You can override this method; call ``super()`` to keep the storing and mailing.
        """
        with transaction.atomic():
            submission = self.create_submission(request, form)
            transaction.on_commit(lambda: self.send_submission_emails(submission))
        return submission

    def create_submission(self, request, form):
        """Build and save a :class:`CallSubmission` from a valid form; returns it."""
        data = form.cleaned_data
        submission = CallSubmission(
            call=self,
            language=(translation.get_language() or "")[:10],
            name=data["name"],
            organisation=data["organisation"],
            role=data["role"],
            email=data["email"],
            phone=data.get("phone", ""),
            region=data.get("region"),
            submission_type=data["submission_type"],
            title=data["title"],
            summary=normalize_newlines(data["summary"]),
            description=normalize_newlines(data["description"]),
            links=data.get("links") or [],
            consent_given_at=timezone.now(),
            privacy_version=self.get_privacy_version(),
        )
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
                if terms:
                    relation = getattr(CallSubmission, name)
                    through = relation.through
                    source = relation.field.m2m_field_name()
                    target = relation.field.m2m_reverse_field_name()
                    through.objects.bulk_create(
                        through(**{source: submission, target: term}) for term in terms
                    )
        except Exception:
            if submission.attachment:
                submission.attachment.delete(save=False)
            raise
        return submission

    # E-mails

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
        """Absolute URL of the submission in the admin.

        On ``WAGTAILADMIN_BASE_URL``, or without it on the root URL of the call's site.
        """
        from wagtail_modeladmin.helpers import AdminURLHelper

        path = AdminURLHelper(CallSubmission).get_action_url("inspect", submission.pk)
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
            CallSubmission.objects.filter(pk=submission.pk).update(
                email_failed=True, email_notes=notes
            )
            submission.email_failed, submission.email_notes = True, notes

    def _email_context(self, submission):
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
            context = self._email_context(submission)
            context["call_url"] = self.get_full_url()
            subject = gettext("We received your submission to “%(call)s”") % {"call": self.title}
            body = render_to_string(self.confirmation_email_template, context)
        EmailMessage(subject=_one_line(subject), body=body, to=[submission.email]).send()
        return True

    def send_notice_email(self, submission):
        """The notice to editors: a link to the submission in the admin, no personal data."""
        recipients = self.get_notification_recipients()
        if not recipients:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = self._email_context(submission)
            context["admin_url"] = self.get_admin_url_for_submission(submission)
            subject = gettext("New submission to “%(call)s”") % {"call": self.title}
            body = render_to_string(self.notice_email_template, context)
        EmailMessage(subject=_one_line(subject), body=body, to=recipients).send()
        return True


def _one_line(text):
    return " ".join(str(text).split())[:200]


class CallQuerySet(PageQuerySet):
    """Calls as visitors find them: visible, open, and open ones first."""

    def visible(self):
        """Calls anyone may see: live, outside every section with a view restriction."""
        return self.live().filter(not_in_private_section())

    def open(self, now=None):
        """Visible calls that accept submissions at ``now``, the first to close first.

        Decided in the database, with the same rule as
        :meth:`CallForParticipationMixin.get_state` (open from ``opens_at``, inclusive, until
        ``closes_at``, exclusive).
        """
        now = now or timezone.now()
        return (
            self.visible()
            .filter(
                models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now), closes_at__gt=now
            )
            .order_by("closes_at", "pk")
        )

    def open_first(self, now=None):
        """Open calls first, then those not open yet, then closed ones; each group by its
        closing moment (the rule of :meth:`CallForParticipationMixin.get_state`)."""
        now = now or timezone.now()
        state = models.Case(
            models.When(opens_at__gt=now, then=models.Value(1)),
            models.When(closes_at__lte=now, then=models.Value(2)),
            default=models.Value(0),
        )
        return self.annotate(state_rank=state).order_by("state_rank", "closes_at", "path")


CallPageManager = PageManager.from_queryset(CallQuerySet)


class CallForParticipationPage(CallForParticipationMixin, RoutablePageMixin, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A few sentences: what the call is about and for which event."),
    )
    body = RichTextField(
        _("what is asked"),
        blank=True,
        # Shown under the page's own heading "What we ask" (an h2): its headings start at h3.
        features=["h3", "h4", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What you ask of participants and how proposals are chosen."),
    )
    submission_types = StreamField(
        [("type", SubmissionTypeBlock())],
        verbose_name=_("submission types"),
        blank=True,
        default=default_submission_types,
        help_text=_("What people can offer. Left empty, the default types are offered."),
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Leave empty to open at once.")
    )
    closes_at = models.DateTimeField(
        _("closes"), help_text=_("From this moment no submission is accepted.")
    )
    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("The event this call is for, if any."),
    )
    privacy_statement = RichTextField(
        _("privacy statement"),
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "What is done with the data people send, who sees it and how long it is kept. "
            "Each published change is kept as a new version; every submission records the "
            "version its sender agreed to."
        ),
    )
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

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("submission_types"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Open for submissions")
        ),
        FieldPanel("event"),
        FieldPanel("privacy_statement"),
        FieldPanel("confirmation_text"),
        FieldPanel("notify_emails"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("closes_at"),
    ]

    objects = CallPageManager()

    subpage_types = []

    class Meta:
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})


def visible_calls():
    """Calls anyone may see: live, outside every section with a view restriction."""
    return CallForParticipationPage.objects.visible()


def open_calls(now=None):
    """Visible calls that accept submissions at ``now``, the first to close first."""
    return CallForParticipationPage.objects.open(now)


class PrivacyStatementVersion(models.Model):
    """One text of a call's privacy statement, kept as long as a submission refers to it."""

    call = models.ForeignKey(
        CallForParticipationPage,
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="privacy_versions",
    )
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


def months_before(moment, months):
    """``moment`` minus a number of calendar months (the day clipped to the month's length)."""
    import calendar

    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def email_hash(address):
    """A keyed hash (HMAC-SHA256 with ``SECRET_KEY``) of an e-mail address, never the address.

    The address is compared case-insensitively, so the same person gets the same hash.
    """
    from django.utils.crypto import salted_hmac

    normalised = (address or "").strip().lower()
    return salted_hmac("jeugdzorg_wagtail.email_hash", normalised, algorithm="sha256").hexdigest()


def calls_for_user(user):
    """The calls whose submissions ``user`` may see: the calls whose page they may edit.

    As Wagtail's own form submissions (``get_forms_for_user``): the page permission "edit"
    on the call or an ancestor, or "add" there for a call the user owns. Superusers: every
    call; inactive and anonymous users: none.
    """
    pages = page_permission_policy.instances_user_has_permission_for(user, "change")
    return CallForParticipationPage.objects.filter(pk__in=pages.values("pk"))


class CallSubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        """The submissions ``user`` may see in the admin: those of :func:`calls_for_user`."""
        if user.is_active and user.is_superuser:
            return self
        return self.filter(call__in=calls_for_user(user).values("pk"))

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


class CallSubmission(models.Model):
    """A submission to a call for participation.

    ``personal_data_fields`` names the fields that hold personal data: only users with the
    permission ``jeugdzorg_wagtail.view_personal_data`` see them, and they are the fields
    anonymised when the retention period has passed. The client's IP address is never stored.
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

    call = models.ForeignKey(
        CallForParticipationPage,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
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
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    # What was sent
    submission_type = models.CharField(_("type"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    themes = models.ManyToManyField(
        "jeugdzorg_wagtail.Theme", verbose_name=_("themes"), blank=True, related_name="submissions"
    )
    target_groups = models.ManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="submissions",
    )
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
    privacy_version = models.ForeignKey(
        PrivacyStatementVersion,
        verbose_name=_("privacy statement agreed to"),
        on_delete=models.PROTECT,
        related_name="submissions",
        editable=False,
    )
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
        self.reviewed_by = user if user is not None and user.is_authenticated else None
        self.reviewed_at = now or timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        if log_entry:
            self.log_status_change(previous, user)
        return True

    def log_status_change(self, previous, user=None):
        """A log entry (action ``jeugdzorg_wagtail.submission_status``) with both statuses."""
        from wagtail.log_actions import log

        log(
            instance=self,
            action="jeugdzorg_wagtail.submission_status",
            user=user if user is not None and user.is_authenticated else None,
            data={"from": str(previous), "to": str(self.status)},
        )

    # Practice examples

    def get_practice_example_values(self):
        """The non-personal content a practice example is made from. You can override this.

        Never the sender's name, role, e-mail address, phone number or attachment.
        """
        from django.utils.html import linebreaks
        from django.utils.text import Truncator
        from wagtail.rich_text import RichText

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
        """The organisation term for the practice example: found by name, made when missing."""
        from django.utils.text import slugify

        from ..taxonomy.models import Organisation

        name = (self.organisation or "").strip()
        if not name:
            return None
        found = Organisation.objects.filter(name__iexact=name).first()
        if found:
            return found
        slug = base = slugify(name)[:240] or "organisation"
        number = 1
        while Organisation.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return Organisation.objects.create(name=name[:255], slug=slug)

    def make_practice_example(self, parent, user=None):
        """Make a **draft** practice example under ``parent`` and link it to this submission.

        The page is never published here; its revision holds no personal data.
        """
        from ..practice.models import PracticeExampleOrganisation, PracticeExamplePage

        with transaction.atomic():
            page = PracticeExamplePage(live=False, **self.get_practice_example_values())
            page.themes = list(self.themes.all())
            page.target_groups = list(self.target_groups.all())
            organisation = self.get_practice_example_organisation()
            if organisation is not None:
                page.organisation_links = [PracticeExampleOrganisation(organisation=organisation)]
            if user is not None and user.is_authenticated:
                page.owner = user
            parent.add_child(instance=page)
            page.save_revision(user=user if user is not None and user.is_authenticated else None)
            self.practice_example = page
            self.save(update_fields=["practice_example"])
        from wagtail.log_actions import log

        log(
            instance=self,
            action="jeugdzorg_wagtail.practice_example_made",
            user=user if user is not None and user.is_authenticated else None,
            data={"page": page.pk},
        )
        return page

    # Retention

    def get_retention_end(self, months=None):
        """When the personal data is to be anonymised: months after the call closed."""
        months = jw_settings.SUBMISSION_RETENTION_MONTHS if months is None else months
        closes_at = self.call.closes_at
        # Adding months: the inverse of months_before.
        return months_before(closes_at, -months)

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
