"""Behaviour of the theme page, for composing onto a site's own page models.

:class:`ThemeIndexMixin` is a plain mixin (no fields): a migration names it in the ``bases`` of
:class:`~jeugdzorg_wagtail.themes.models.ThemeIndexPage`, so it must never become a model with
fields. It reaches the models of every feature through hooks that look them up in the app
registry.
"""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path
from wagtail.images import get_image_model
from wagtail.models import Page

from ..core.conf import jw_settings
from ..core.pages import JeugdzorgPageMixin
from ..core.queries import site_root_path
from ..events.entries import ensure_horizon
from ..events.feeds import FeedSpec, feed_href, serve_feed, window_start
from ..events.filters import filter_pairs
from ..presentations.queries import with_listing_data
from .filters import FILTER_PARAMETERS, ThemeFilterForm
from .queries import pages_with_theme, upcoming_entries

__all__ = ["ThemeIndexMixin"]

APP_LABEL = "jeugdzorg_wagtail"


class ThemeIndexMixin(JeugdzorgPageMixin):
    """Everything about one theme of the shared taxonomy, across the features.

    The page lists the themes (the route ``""``); ``<theme>/`` (route name ``"theme"``) shows
    for one theme the upcoming sessions, practice examples, presentations and open calls of the
    page's site, at most ``THEME_SECTION_SIZE`` each, narrowed by ``?region=``; and
    ``<theme>/ical/`` (route name ``"theme_ical"``) is the feed of the theme's sessions. It
    needs ``RoutablePageMixin``.
    """

    #: The template of one theme's page.
    theme_template = "jeugdzorg_wagtail/theme_index_page_theme.html"
    #: The image rendition of a practice example's card.
    card_rendition = "fill-480x270"

    # Models, forms and templates

    def get_theme_model(self):
        """The model of the themes (``Theme``). You can override this method."""
        return apps.get_model(APP_LABEL, "Theme")

    def get_section_models(self):
        """The page models of the sections, by section: ``events``, ``practice_examples``,
        ``presentations`` and ``calls``. You can override this method."""
        return {
            "events": apps.get_model(APP_LABEL, "EventPage"),
            "practice_examples": apps.get_model(APP_LABEL, "PracticeExamplePage"),
            "presentations": apps.get_model(APP_LABEL, "PresentationPage"),
            "calls": apps.get_model(APP_LABEL, "CallForParticipationPage"),
        }

    def get_listing_models(self):
        """The page models of the full listings a section links to, by section."""
        return {
            "events": apps.get_model(APP_LABEL, "EventIndexPage"),
            "practice_examples": apps.get_model(APP_LABEL, "PracticeExampleIndexPage"),
            "presentations": apps.get_model(APP_LABEL, "PresentationIndexPage"),
        }

    def get_filter_form_class(self):
        """The class of the filter form: :class:`~.filters.ThemeFilterForm`."""
        return ThemeFilterForm

    def get_filter_form(self, request):
        """The filter form, bound to the query string."""
        return self.get_filter_form_class()(request.GET)

    def get_theme_template(self, request):
        """The template of one theme's page (:attr:`theme_template`)."""
        return self.theme_template

    # Queries

    def get_themes(self):
        """The themes the page lists, by name."""
        return self.get_theme_model().objects.order_by("name")

    def get_theme(self, slug):
        """The theme with ``slug``, or ``Http404``."""
        theme = self.get_theme_model().objects.filter(slug=slug).first()
        if theme is None:
            raise Http404
        return theme

    def get_scope_url_path(self):
        """The ``url_path`` of the root page of this page's site: the part of the tree whose
        pages the theme page shows (from Wagtail's cached site root paths)."""
        return site_root_path(self)

    def get_pages(self, section, theme, form):
        """The live, public pages of one section with ``theme``, in the chosen regions."""
        model = self.get_section_models()[section]
        return form.narrow(pages_with_theme(model, theme, self.get_scope_url_path()))

    def get_sections(self, theme, form, now=None):
        """``{section: (items, listing URL or None)}``, at most ``THEME_SECTION_SIZE`` items
        each: upcoming dates of the agenda, practice examples (newest first), presentations
        (most recent first) and open calls (the first to close first)."""
        now = now or timezone.now()
        ensure_horizon()
        size = jw_settings.THEME_SECTION_SIZE
        images = get_image_model().objects.prefetch_renditions(self.card_rendition)
        examples = self.get_pages("practice_examples", theme, form)
        links = examples.model._meta.get_field("organisation_links").related_model
        examples = (
            examples.select_related("region")
            .prefetch_related(
                "themes",
                Prefetch(
                    "organisation_links", queryset=links.objects.select_related("organisation")
                ),
                Prefetch("image", queryset=images),
            )
            .order_by("-first_published_at", "-pk")
        )
        presentations = self.get_pages("presentations", theme, form).order_by(
            F("date").desc(nulls_last=True), "title", "pk"
        )
        calls = self.get_pages("calls", theme, form).filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now), closes_at__gt=now
        )
        return {
            "events": list(upcoming_entries(self.get_pages("events", theme, form), now)[:size]),
            "practice_examples": list(examples[:size]),
            "presentations": list(with_listing_data(presentations)[:size]),
            "calls": list(calls.order_by("closes_at", "pk")[:size]),
        }

    def get_listing_urls(self, request, theme, form):
        """``{section: URL}`` of the site's full listings, filtered on the theme (and the
        region where the listing has that filter); a section without a listing has none."""
        scope = self.get_scope_url_path()
        regions = [("region", region.slug) for region in form.regions()]
        urls = {}
        for section, model in self.get_listing_models().items():
            listing = None
            if scope is not None:
                listing = (
                    model.objects.live().filter(url_path__startswith=scope).order_by("path").first()
                )
            url = listing.get_url(request) if listing is not None else None
            if url:
                params = [("theme", theme.slug)]
                if section != "presentations":
                    params += regions
                urls[section] = f"{url}?{urlencode(params)}"
        return urls

    # The feed

    def get_feed_sessions(self, request, theme, since):
        """The sessions of the theme's feed before its filters: not over before ``since``."""
        events = pages_with_theme(
            self.get_section_models()["events"], theme, self.get_scope_url_path()
        )
        session_model = events.model._meta.get_field("sessions").related_model
        return session_model.objects.filter(page__in=events.values("pk"), end_bound__gt=since)

    def get_feed_scope(self):
        """The place in the tree whose changes drop the stored feed: the site's top (any
        event published in the site can join the theme's feed)."""
        steplen = Page.steplen
        depth = 2 if self.depth > 2 else 1
        return SimpleNamespace(path=self.path[: steplen * depth])

    def get_theme_feed_link(self, request, theme, filter_form=None):
        """The ``alternate`` link of the theme's feed, with the valid filters."""
        pairs = filter_pairs(request.GET, filter_form) if filter_form is not None else []
        pairs = [pair for pair in pairs if pair[0] in FILTER_PARAMETERS]
        href = feed_href(request, self, pairs, route="theme_ical", args=(theme.slug,))
        return {"href": href, "title": f"{self.title}: {theme.name}"} if href else None

    # Routes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = self.get_themes()
        return context

    @path("<slug:theme>/", name="theme")
    def theme_page(self, request, theme):
        """One theme: its upcoming sessions, practice examples, presentations, open calls."""
        theme = self.get_theme(theme)
        form = self.get_filter_form(request)
        context = self.get_context(request)
        sections = self.get_sections(theme, form)
        context.update(
            {
                "theme": theme,
                "filter_form": form,
                "sections": sections,
                "listing_urls": self.get_listing_urls(request, theme, form),
                "theme_url": (self.get_url(request) or "")
                + self.reverse_subpage("theme", args=(theme.slug,)).lstrip("/"),
                "jw_calendar_zone": jw_settings.calendar_time_zone,
                "jw_calendar_feed": self.get_theme_feed_link(request, theme, form),
                "feed_route": "theme_ical",
                "feed_arg": theme.slug,
                "subscribe_title": _("Subscribe to the events of this theme"),
            }
        )
        return TemplateResponse(request, self.get_theme_template(request), context)

    @path("<slug:theme>/ical/", name="theme_ical")
    def theme_ical(self, request, theme):
        """The sessions of the theme's events in the feed window, narrowed by ``?region=``."""
        theme = self.get_theme(theme)
        since = window_start()
        regions = tuple(sorted(value for value in request.GET.getlist("region") if value))
        filters = (("theme", (theme.slug,)), ("region", regions))
        spec = FeedSpec(
            page=self,
            sessions=self.get_feed_sessions(request, theme, since),
            form=self.get_filter_form(request),
            title=theme.name,
            description=theme.description,
            filename=f"{theme.slug}.ics",
            filters=[("region", region) for region in regions],
            route="theme_ical",
            args=(theme.slug,),
            key=(filters, since.isoformat()),
            identity=filters,
            scope=self.get_feed_scope(),
        )
        return serve_feed(request, spec)
