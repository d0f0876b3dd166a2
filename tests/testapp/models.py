"""A site's own pages, composed from the package's mixins onto the site's own base page.

This is what docs/pages.md shows a site doing when it has a base page model of its own: the
behaviour comes from the plain mixins, the fields that go with it from the abstract ones, and
the submissions of the call go to the site's own models, reached through the mixins' hooks.
"""

from django.db import models
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from jeugdzorg_wagtail.models import (
    AbstractCallSubmission,
    AbstractPrivacyStatementVersion,
    CallEmailMixin,
    CallForParticipationMixin,
    CallPeriodMixin,
    CallPrivacyMixin,
    EventIndexMixin,
    PracticeExampleIndexMixin,
    PresentationIndexMixin,
    TaxonomyMixin,
)


class SitePage(Page):
    """The site's own base page, with a field of its own."""

    strapline = models.CharField(max_length=255, blank=True)
    intro = RichTextField(blank=True)


class SiteAgendaPage(EventIndexMixin, RoutablePageMixin, SitePage):
    template = "jeugdzorg_wagtail/event_index_page.html"


class SiteCallPage(
    TaxonomyMixin,
    CallEmailMixin,
    CallPrivacyMixin,
    CallPeriodMixin,
    CallForParticipationMixin,
    RoutablePageMixin,
    SitePage,
):
    template = "jeugdzorg_wagtail/call_for_participation_page.html"

    def get_submission_class(self):
        return SiteSubmission

    def get_privacy_version_class(self):
        return SitePrivacyVersion


class SitePrivacyVersion(AbstractPrivacyStatementVersion):
    call = models.ForeignKey(SiteCallPage, on_delete=models.CASCADE, related_name="versions")


class SiteSubmission(AbstractCallSubmission):
    call = models.ForeignKey(SiteCallPage, on_delete=models.PROTECT, related_name="submissions")
    privacy_version = models.ForeignKey(SitePrivacyVersion, on_delete=models.PROTECT)


class SiteLibraryPage(PracticeExampleIndexMixin, SitePage):
    template = "jeugdzorg_wagtail/practice_example_index_page.html"


class SitePresentationsPage(PresentationIndexMixin, SitePage):
    template = "jeugdzorg_wagtail/presentation_index_page.html"
