"""Calls for participation and the submissions they receive.

A call page offers a public form between its opening and closing moments, which the server
enforces: before it opens and after it closes the page shows no form and a POST is refused
with nothing stored. Each submission records when consent was given and to which version of
the call's privacy statement (:class:`PrivacyStatementVersion`, one row per distinct text).
E-mails (a confirmation to the sender, a notice to editors) go out after the submission is
committed; when sending fails the submission is kept and marked.

Behaviour lives in mixins (:mod:`.mixins`, :mod:`.emails`) so that a site with its own base
page model can combine them with it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.permissions import page_permission_policy
from wagtail.search import index

from ..core.queries import not_in_private_section
from ..taxonomy.models import (
    TaxonomyMixin,
    taxonomy_panel,
    taxonomy_search_fields,
)
from .blocks import SubmissionTypeBlock, default_submission_types
from .choices import CallState, SubmissionStatus
from .emails import CallEmailMixin
from .mixins import CallForParticipationMixin, CallPeriodMixin, CallPrivacyMixin
from .submissions import (
    AbstractCallSubmission,
    AbstractPrivacyStatementVersion,
    CallSubmission,
    PersonalDataRequest,
    PrivacyStatementVersion,
    SubmissionExport,
    known_user,
)

__all__ = [
    "AbstractCallSubmission",
    "AbstractPrivacyStatementVersion",
    "CallForParticipationPage",
    "CallQuerySet",
    "CallState",
    "CallSubmission",
    "PersonalDataRequest",
    "PrivacyStatementVersion",
    "SubmissionExport",
    "SubmissionStatus",
    "calls_for_user",
    "known_user",
    "open_calls",
    "visible_calls",
]


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


class CallForParticipationPage(
    TaxonomyMixin,
    CallEmailMixin,
    CallPrivacyMixin,
    CallPeriodMixin,
    CallForParticipationMixin,
    RoutablePageMixin,
    Page,
):
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
    event = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("The event this call is for, if any."),
    )
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("submission_types"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Open for submissions")
        ),
        FieldPanel("event"),
        taxonomy_panel(order=("themes", "target_groups", "region")),
        FieldPanel("privacy_statement"),
        FieldPanel("confirmation_text"),
        FieldPanel("notify_emails"),
    ]

    search_fields = (
        Page.search_fields
        + [
            index.SearchField("intro"),
            index.SearchField("body"),
            index.FilterField("closes_at"),
        ]
        + taxonomy_search_fields()
    )

    objects = CallPageManager()

    subpage_types = []

    class Meta:
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")


def visible_calls():
    """Calls anyone may see: live, outside every section with a view restriction."""
    return CallForParticipationPage.objects.visible()


def open_calls(now=None):
    """Visible calls that accept submissions at ``now``, the first to close first."""
    return CallForParticipationPage.objects.open(now)


def calls_for_user(user):
    """The calls whose submissions ``user`` may see: the calls whose page they may edit.

    As Wagtail's own form submissions (``get_forms_for_user``): the page permission "edit"
    on the call or an ancestor, or "add" there for a call the user owns. Superusers: every
    call; inactive and anonymous users: none.
    """
    pages = page_permission_policy.instances_user_has_permission_for(user, "change")
    return CallForParticipationPage.objects.filter(pk__in=pages.values("pk"))
