"""Partner agendas in the admin: the sources ("Agendabronnen") and their events.

The model permissions decide who does what: ``add``/``change``/``delete`` of *agenda source*
to manage sources (``change`` also to fetch one now), ``view``/``change`` of *partner event*
to see the events and to hide, show, classify or copy one. Which agendas a source can be
shown in, and under which agenda a copy can be made, follows the page permissions (see
:mod:`.forms`). The events come from the feeds: nobody adds or deletes them here.
"""

from django import forms
from django.db.models import Count, Q
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.views import EditView, InspectView

from ..core.admin import BaseModelAdmin, yes_no
from .forms import AgendaSourceForm, SourceEventForm
from .models import AgendaSource, SourceEvent
from .views import CopyToPageView, FetchNowView, HideView

__all__ = ["AgendaSourceAdmin", "SourceEventAdmin", "when_text"]


def _local(value):
    return timezone.localtime(value)


def moment_text(value):
    """A date and time in the reader's language, or "" for none."""
    if value is None:
        return ""
    return date_format(_local(value), "DATETIME_FORMAT")


def when_text(event):
    """When a partner's event is, in words: its (first) date and times, and whether it
    repeats."""
    if event.all_day:
        first, last = event.start_date, event.last_date
        text = date_format(first, "DATE_FORMAT")
        if last != first:
            text = f"{text} – {date_format(last, 'DATE_FORMAT')}"
    else:
        start, end = _local(event.start), _local(event.end)
        text = f"{date_format(start, 'DATE_FORMAT')} {time_format(start, 'TIME_FORMAT')}"
        if end.date() == start.date():
            if end > start:
                text = f"{text}–{time_format(end, 'TIME_FORMAT')}"
        else:
            text = f"{text} – {date_format(end, 'DATE_FORMAT')} {time_format(end, 'TIME_FORMAT')}"
    if event.is_recurring:
        return gettext("repeats, first on %(when)s") % {"when": text}
    return text


# --- Sources ------------------------------------------------------------------------------


class AgendaSourceEditView(EditView):
    """Gives the source's events its new defaults when the editor changed them."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if any(name in form.changed_data for name in ("region", "event_type", "themes",
                                                      "target_groups")):  # fmt: skip
            self.instance.apply_defaults()
        return response


class AgendaSourceInspectView(InspectView):
    """The source with how its last fetches went, its problems and a button to fetch now."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.instance
        context.update(
            {
                "source": source,
                "can_fetch": self.model_admin.user_can_fetch(self.request.user, source),
                "fetch_url": self.model_admin.get_extra_url("fetch", source.pk),
                "events_url": self.model_admin.events_url(source),
                "problems": source.get_problem_messages(),
            }
        )
        return context

    def get_field_label(self, field_name, field=None):
        return capfirst(super().get_field_label(field_name, field))

    def get_field_display_value(self, field_name, field=None):
        source = self.instance
        empty = self.model_admin.get_empty_value_display(field_name)
        if field_name == "enabled":
            return gettext("yes") if source.enabled else gettext("no")
        if field_name == "agendas":
            return ", ".join(page.title for page in source.agendas.all()) or empty
        if field_name in ("last_attempt_at", "last_success_at", "last_error_at", "next_fetch_at"):
            return moment_text(getattr(source, field_name)) or empty
        if field_name == "last_result":
            return source.get_result_text()
        if field_name == "last_error":
            return source.last_error_message or empty
        return super().get_field_display_value(field_name, field)


class AgendaSourceButtonHelper(ButtonHelper):
    """Adds a link to the source's events to its buttons."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if "events" not in (exclude or []):
            buttons.append(
                {
                    "url": self.view.model_admin.events_url(obj),
                    "label": gettext("Events"),
                    "classname": "button button-secondary button-small",
                    "title": gettext("The events of %(source)s") % {"source": obj.name},
                }
            )
        return buttons


class AgendaSourceAdmin(BaseModelAdmin):
    model = AgendaSource
    menu_icon = "calendar-check"
    list_display = (
        "name",
        "agendas_column",
        yes_no("enabled", _("fetch and show")),
        "last_fetch_column",
        "events_column",
        "fetch_column",
    )
    list_filter = ("enabled", "last_result")
    search_fields = ("name", "url")
    ordering = ("name",)
    add_to_settings_menu = False
    exclude_from_explorer = True
    inspect_view_enabled = True
    index_template_name = "jeugdzorg_wagtail/sources/index.html"
    inspect_template_name = "jeugdzorg_wagtail/sources/inspect.html"
    edit_view_class = AgendaSourceEditView
    inspect_view_class = AgendaSourceInspectView
    button_helper_class = AgendaSourceButtonHelper
    inspect_view_fields = [
        "name",
        "url",
        "enabled",
        "agendas",
        "fetch_interval",
        "last_result",
        "last_attempt_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "next_fetch_at",
        "feed_name",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("agendas"),
            FieldPanel("enabled"),
            FieldPanel("fetch_interval"),
            MultiFieldPanel(
                [
                    FieldPanel("region"),
                    FieldPanel("event_type"),
                    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Classification of new events"),
                help_text=_(
                    "New events of this calendar get these; you can change them per event. "
                    "A change here reaches the events whose classification nobody changed."
                ),
            ),
        ],
        base_form_class=AgendaSourceForm,
    )

    def get_menu_label(self):
        return self.menu_label or capfirst(self.opts.verbose_name_plural)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(event_count=Count("events", filter=Q(events__removed_at__isnull=True)))
            .prefetch_related("agendas")
        )

    # The listing's columns

    @property
    def agendas_column(self):
        def agendas_column(obj):
            return ", ".join(page.title for page in obj.agendas.all()) or "—"

        agendas_column.short_description = _("agendas")
        return agendas_column

    @property
    def last_fetch_column(self):
        def last_fetch_column(obj):
            if obj.last_attempt_at is None:
                return obj.get_result_text()
            return format_html("{}<br>{}", moment_text(obj.last_attempt_at), obj.get_result_text())

        last_fetch_column.short_description = _("last fetched")
        last_fetch_column.admin_order_field = "last_attempt_at"
        return last_fetch_column

    @property
    def events_column(self):
        def events_column(obj):
            return format_html('<a href="{}">{}</a>', self.events_url(obj), obj.event_count)

        events_column.short_description = _("events")
        events_column.admin_order_field = "event_count"
        return events_column

    @property
    def fetch_column(self):
        def fetch_column(obj):
            return format_html(
                '<button type="submit" form="jw-source-actions" formaction="{}" '
                'class="button button-small button-secondary" aria-label="{}">{}</button>',
                self.get_extra_url("fetch", obj.pk),
                gettext("Fetch %(source)s now") % {"source": obj.name},
                gettext("Fetch now"),
            )

        fetch_column.short_description = _("fetch")
        return fetch_column

    def get_list_display(self, request):
        columns = list(self.list_display)
        if not self.permission_helper.user_has_specific_permission(
            request.user, self.permission_helper.get_perm_codename("change")
        ):
            columns.remove("fetch_column")
        return columns

    # Permissions and URLs

    def user_can_fetch(self, user, source=None):
        helper = self.permission_helper
        if source is not None:
            return helper.user_can_edit_obj(user, source)
        return helper.user_has_specific_permission(user, helper.get_perm_codename("change"))

    def events_url(self, source):
        listing = reverse("jeugdzorg_wagtail_sourceevent_modeladmin_index")
        return f"{listing}?{urlencode({'source__id__exact': source.pk})}"

    def get_extra_url(self, action, *args):
        return reverse(f"jeugdzorg_wagtail_agendasource_modeladmin_{action}", args=args)

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        base = self.url_helper.get_action_url_pattern("index").rstrip("$").rstrip("/")
        return urls + (
            re_path(
                rf"{base}/fetch/(?P<pk>\d+)/$",
                FetchNowView.as_view(model_admin=self),
                name="jeugdzorg_wagtail_agendasource_modeladmin_fetch",
            ),
        )


# --- The events of the sources ------------------------------------------------------------


class SourceEventPermissionHelper(PermissionHelper):
    """The events come from the feeds: nobody adds or deletes them in the admin."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SourceEventButtonHelper(ButtonHelper):
    """Adds "Copy to an event" to an event's buttons."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if "copy" not in (exclude or []) and self.permission_helper.user_can_edit_obj(
            self.request.user, obj
        ):
            buttons.append(
                {
                    "url": self.view.model_admin.get_extra_url("copy", obj.pk),
                    "label": gettext("Copy to an event"),
                    "classname": "button button-secondary button-small",
                    "title": gettext("Make a draft event of your own from this one"),
                }
            )
        return buttons


class SourceEventInspectView(InspectView):
    """A partner's event as the feed gave it, with its coming dates."""

    def get_field_label(self, field_name, field=None):
        if field_name == "when":
            return capfirst(gettext("when"))
        if field_name == "next_dates":
            return capfirst(gettext("next dates"))
        return capfirst(super().get_field_label(field_name, field))

    def get_field_display_value(self, field_name, field=None):
        event = self.instance
        empty = self.model_admin.get_empty_value_display(field_name)
        if field_name == "when":
            return when_text(event)
        if field_name == "next_dates":
            dates = event.upcoming_occurrences()
            if not dates:
                return empty
            return format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((occurrence_text(o),) for o in dates)),
            )
        if field_name == "description":
            return linebreaks(event.description, autoescape=True) if event.description else empty
        if field_name == "url":
            if not event.url:
                return empty
            return format_html(
                '<a href="{}" rel="noopener noreferrer">{}</a>', event.url, event.url
            )
        if field_name == "hidden":
            return gettext("yes") if event.hidden else gettext("no")
        if field_name == "categories":
            return ", ".join(event.categories or []) or empty
        if field_name in ("first_seen_at", "changed_at"):
            return moment_text(getattr(event, field_name))
        if field_name == "copied_to":
            page = event.copied_to
            if page is None:
                return empty
            return format_html(
                '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), page
            )
        return super().get_field_display_value(field_name, field)


def occurrence_text(occurrence):
    """One date of a partner's event in words, with "cancelled" when it is."""
    event = occurrence.event
    start = occurrence.start
    if event.all_day:
        text = date_format(start, "DATE_FORMAT")
    else:
        start = _local(start)
        text = f"{date_format(start, 'DATE_FORMAT')} {time_format(start, 'TIME_FORMAT')}"
    if event.cancelled:
        text = gettext("%(date)s (cancelled)") % {"date": text}
    return text


class SourceEventAdmin(BaseModelAdmin):
    model = SourceEvent
    menu_icon = "calendar"
    list_display = (
        "summary",
        "when_column",
        "source",
        "status",
        "shown_column",
        "actions_column",
    )
    list_filter = ("source", "status", "hidden")
    list_select_related = ("source",)
    search_fields = ("summary", "location", "uid")
    ordering = ("start",)
    add_to_settings_menu = False
    exclude_from_explorer = True
    inspect_view_enabled = True
    index_template_name = "jeugdzorg_wagtail/sources/event_index.html"
    permission_helper_class = SourceEventPermissionHelper
    button_helper_class = SourceEventButtonHelper
    inspect_view_class = SourceEventInspectView
    inspect_view_fields = [
        "source",
        "summary",
        "when",
        "next_dates",
        "status",
        "location",
        "url",
        "description",
        "categories",
        "hidden",
        "copied_to",
        "uid",
        "first_seen_at",
        "changed_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("hidden"),
            MultiFieldPanel(
                [
                    FieldPanel("region"),
                    FieldPanel("event_type"),
                    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Classification"),
                help_text=_("What you set here stays when the partner changes the event."),
            ),
        ],
        base_form_class=SourceEventForm,
    )

    def get_menu_label(self):
        return self.menu_label or capfirst(self.opts.verbose_name_plural)

    def get_queryset(self, request):
        """The events still in their feeds (those that left it are kept out of sight)."""
        return super().get_queryset(request).present()

    @property
    def when_column(self):
        def when_column(obj):
            return when_text(obj)

        when_column.short_description = _("when")
        when_column.admin_order_field = "start"
        return when_column

    @property
    def shown_column(self):
        def shown_column(obj):
            if obj.copied_to_id:
                return format_html(
                    '{} (<a href="{}">{}</a>)',
                    gettext("no"),
                    reverse("wagtailadmin_pages:edit", args=[obj.copied_to_id]),
                    gettext("copied"),
                )
            return gettext("no") if obj.hidden else gettext("yes")

        shown_column.short_description = _("shown")
        shown_column.admin_order_field = "hidden"
        return shown_column

    @property
    def actions_column(self):
        def actions_column(obj):
            label = gettext("Show") if obj.hidden else gettext("Hide")
            described = (gettext("Show %(event)s") if obj.hidden else gettext("Hide %(event)s")) % {
                "event": obj
            }
            return format_html(
                '<button type="submit" form="jw-source-event-actions" formaction="{}" '
                'class="button button-small button-secondary" aria-label="{}">{}</button>',
                self.get_extra_url("hide", obj.pk),
                described,
                label,
            )

        actions_column.short_description = _("hide or show")
        return actions_column

    def get_list_display(self, request):
        columns = list(self.list_display)
        if not self.user_can_change(request.user):
            columns.remove("actions_column")
        return columns

    def user_can_change(self, user):
        helper = self.permission_helper
        return helper.user_has_specific_permission(user, helper.get_perm_codename("change"))

    def get_extra_url(self, action, *args):
        return reverse(f"jeugdzorg_wagtail_sourceevent_modeladmin_{action}", args=args)

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        base = self.url_helper.get_action_url_pattern("index").rstrip("$").rstrip("/")
        return urls + (
            re_path(
                rf"{base}/hide/(?P<pk>\d+)/$",
                HideView.as_view(model_admin=self),
                name="jeugdzorg_wagtail_sourceevent_modeladmin_hide",
            ),
            re_path(
                rf"{base}/copy/(?P<pk>\d+)/$",
                CopyToPageView.as_view(model_admin=self),
                name="jeugdzorg_wagtail_sourceevent_modeladmin_copy",
            ),
        )
