"""Behaviour shared by every page type of the package."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .conf import jw_settings
from .layout import head_block

__all__ = [
    "LAYOUT_TEMPLATE",
    "JeugdzorgPageMixin",
    "RouteSlugGuardMixin",
    "RouteSlugGuardPageForm",
    "allow_methods",
    "route_prefixes",
]


def allow_methods(*methods):
    """Marks a route of a page with the HTTP methods it answers (besides ``OPTIONS``).

    Routes without it answer ``GET`` and ``HEAD``. For example a route with a form::

        @path("register/", name="register")
        @allow_methods("GET", "HEAD", "POST")
        def register(self, request): ...
    """

    def decorator(view):
        view.allowed_methods = tuple(method.upper() for method in methods)
        return view

    return decorator


#: The template every page template of the package extends (see :mod:`.layout`).
LAYOUT_TEMPLATE = "jeugdzorg_wagtail/layout.html"


class JeugdzorgPageMixin:
    """Puts what the package's page templates need to render in the site's layout in the context.

    You can combine it with your own base page model. Templates start with
    ``{% extends jw_base_template %}`` and fill the ``content`` block:

    * ``jw_base_template``: ``jeugdzorg_wagtail/layout.html``, which extends
      ``jw_site_template`` (the ``BASE_TEMPLATE`` setting) and adds the package's head;
    * ``jw_head_block``: the block of the site's base template that is in the ``<head>``;
    * ``jw_stylesheet``: the ``STYLESHEET`` setting;
    * ``jw_noindex``: whether search engines should leave the page alone (default ``False``);
    * ``jw_calendar_feed``: ``{"href", "title"}`` of the page's calendar feed, or ``None``.

    It also answers only the HTTP methods the page (or the route a request goes to) serves.
    Wagtail asks every page, before serving it, whether it answers the request's method
    (``check_request_method``) and lets it answer ``OPTIONS`` (``handle_options_request``).
    Here both look at the route: ``OPTIONS`` gets an empty answer whose ``Allow`` header lists
    the methods of the page or route, and any other method gets ``405 Method Not Allowed`` with
    the same header. Routes declare their methods with :func:`allow_methods`.
    """

    #: The methods the page answers where its route does not say otherwise (Wagtail's own
    #: attribute, which allows every method by default).
    allowed_http_methods = ["GET", "HEAD", "OPTIONS"]

    def get_allowed_methods(self, request):
        """The methods the page, or the route ``request`` was routed to, answers."""
        match = getattr(request, "routable_resolver_match", None)
        declared = getattr(match.func, "allowed_methods", None) if match is not None else None
        methods = declared or self.allowed_http_method_names()
        return list(dict.fromkeys([*methods, "OPTIONS"]))

    def check_request_method(self, request, *args, **kwargs):
        allowed = self.get_allowed_methods(request)
        if request.method in allowed:
            return None
        response = HttpResponseNotAllowed(allowed)
        log_response(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            request=request,
            response=response,
        )
        return response

    def handle_options_request(self, request, *args, **kwargs):
        response = HttpResponse(headers={"Allow": ", ".join(self.get_allowed_methods(request))})
        response["Content-Length"] = "0"
        return response

    def get_calendar_feed_link(self, request):
        """The ``alternate`` link of the page's calendar feed, or ``None`` (the default).

        You can override this method; the pages with an ``ical/`` route do.
        """
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "jw_base_template": LAYOUT_TEMPLATE,
                "jw_site_template": jw_settings.BASE_TEMPLATE,
                "jw_head_block": head_block(jw_settings.BASE_TEMPLATE),
                "jw_stylesheet": jw_settings.STYLESHEET,
                "jw_noindex": False,
                "jw_calendar_feed": self.get_calendar_feed_link(request),
            }
        )
        return context


_SLUG_SEGMENT = re.compile(r"[-\w]+")


def route_prefixes(page_class):
    """The first path segments of the routes of a ``RoutablePageMixin`` page class.

    ``@path("past/")`` gives ``"past"``, ``@re_path(r"^ical/$")`` gives ``"ical"``; routes that
    start with a parameter (``<int:year>/``) or are the page itself (``""``) give nothing.
    """
    get_subpage_urls = getattr(page_class, "get_subpage_urls", None)
    if get_subpage_urls is None:
        return set()
    prefixes = set()
    for pattern in get_subpage_urls():
        if isinstance(pattern.pattern, RoutePattern):
            text = str(pattern.pattern._route)
        elif isinstance(pattern.pattern, RegexPattern):
            text = str(pattern.pattern._regex).lstrip("^")
        else:  # pragma: no cover - Django has no other kinds
            continue
        first = text.split("/", 1)[0]
        if _SLUG_SEGMENT.fullmatch(first):
            prefixes.add(first)
    return prefixes


class RouteSlugGuardMixin:
    """Refuses a slug that a route of the parent page uses.

    A child page called ``ical`` under an agenda would hide the agenda's ``ical/`` feed (or be
    hidden by it). Mix this into a page whose parents are routable pages; it reads the routes
    of the parent's class and adds :attr:`reserved_slugs`, the routes the package reserves
    whether or not the parent has them yet. Pair it with :class:`RouteSlugGuardPageForm` as
    the page's ``base_form_class`` so that the admin shows the error next to the slug when a
    page is created (the model's ``clean`` only knows the parent once the page is in the tree).
    """

    #: Slugs never available under a routable parent, also before the route exists: the
    #: feeds, the agenda's month calendar and an event's registration.
    reserved_slugs = ("ical", "calendar", "register", "registration")

    @classmethod
    def get_reserved_slugs(cls, parent):
        """The slugs a child of ``parent`` may not take.

        You can override this method to reserve more (or fewer) slugs.
        """
        if parent is None:
            return set()
        parent_class = getattr(parent, "specific_class", None) or type(parent)
        reserved = route_prefixes(parent_class)
        if reserved or hasattr(parent_class, "get_subpage_urls"):
            reserved |= set(cls.reserved_slugs)
        return reserved

    @classmethod
    def check_slug_against_routes(cls, slug, parent):
        """Raise ``ValidationError`` when ``slug`` is a route of ``parent``."""
        if slug and slug in cls.get_reserved_slugs(parent):
            raise ValidationError(
                {
                    "slug": _(
                        "The address “%(slug)s” is used by the parent page itself "
                        "(for example for its calendar feed or archive). Choose another slug."
                    )
                    % {"slug": slug}
                }
            )

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else None
        type(self).check_slug_against_routes(self.slug, parent)


class RouteSlugGuardPageForm(WagtailAdminPageForm):
    """Admin form that refuses a slug a route of the parent page uses (also on creation)."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        model = type(self.instance)
        parent = self.parent_page
        if parent is None and self.instance.path:
            parent = self.instance.get_parent()
        check = getattr(model, "check_slug_against_routes", None)
        if slug and check is not None and "slug" not in self.errors:
            try:
                check(slug, parent)
            except ValidationError as error:
                self.add_error("slug", forms.ValidationError(error.message_dict["slug"]))
        return cleaned_data
