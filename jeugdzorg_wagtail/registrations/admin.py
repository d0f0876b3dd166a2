"""The registrations list: one row per person and session, with counts, the waiting lists in
their order, export, the printable attendance list and cancelling a place.

As for the submissions inbox, a user sees the registrations of the events whose page they may
edit (``events_for_user``), everywhere in the list: the listing's queryset is the one every
view here starts from, and a row outside it is a 404. Personal data (names, addresses, roles,
dietary wishes, answers) is shown, searched and exported only for users with the permission
``jeugdzorg_wagtail.view_personal_data``; other editors see the counts, the organisations and
where each registration stands. Registrations arrive through the public form and are changed
by the people themselves through their link, so nobody adds or edits them here.
"""

from django.contrib.admin import DateFieldListFilter, RelatedFieldListFilter, SimpleListFilter
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import InspectView

from ..core.admin import BaseModelAdmin, PageScopedPermissionHelper, PersonalDataAdminMixin
from ..core.privacy import can_view_personal_data
from ..importexport import views as importexport_views
from ..importexport.options import ImportExportIndexView, ImportExportModelAdminMixin
from .choices import PlaceStatus
from .models import SessionRegistration, events_for_user
from .views import AttendanceListView, CancelPlaceView, session_summaries

__all__ = ["SessionRegistrationAdmin"]


def column(label, order=None):
    """Makes a method a listing column with ``label``, sorted by ``order``."""

    def decorator(function):
        function.short_description = label
        if order:
            function.admin_order_field = order
        return function

    return decorator


def session_text(session):
    start = timezone.localtime(session.start)
    when = date_format(start, "j F Y") if session.all_day else date_format(start, "j F Y, H:i")
    place = session.city or session.venue
    return f"{when}, {place}" if place else when


class RegistrationPermissionHelper(PageScopedPermissionHelper):
    """The model permissions, and for one row also the page permission on its event."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def pages_for_user(self, user):
        return events_for_user(user)

    def page_id_of(self, obj):
        return obj.registration.event_id


class KeyListFilter(RelatedFieldListFilter):
    """A related filter that refuses a key the database cannot hold (the listing then shows
    what it shows without the filter)."""

    def queryset(self, request, queryset):
        for value in self.lookup_val or []:
            if not (str(value).isdigit() and len(str(value)) < 19):
                raise ValueError(value)
        return super().queryset(request, queryset)


class EventListFilter(KeyListFilter):
    """Filter by event, offering the events with registration whose page the user may edit."""

    def field_choices(self, field, request, model_admin):
        events = events_for_user(request.user).filter(
            Q(registration_mode__gt="") | Q(registrations__isnull=False)
        )
        return list(events.distinct().order_by("title").values_list("pk", "title"))

    def has_output(self):
        # Also with one event: choosing it shows the counts of its sessions.
        return bool(self.lookup_choices)


class SessionListFilter(KeyListFilter):
    """Filter by session: the sessions of the chosen event, or of every event offered."""

    def field_choices(self, field, request, model_admin):
        events = events_for_user(request.user)
        sessions = field.related_model.objects.filter(page__in=events.values("pk"))
        sessions = sessions.filter(registrations__isnull=False).distinct()
        chosen_event = request.GET.get("registration__event__page_ptr__exact", "")
        if chosen_event.isdigit() and len(chosen_event) < 19:
            sessions = sessions.filter(page_id=int(chosen_event))
        sessions = sessions.select_related("page").order_by("start", "pk")
        return [(s.pk, f"{session_text(s)} ({s.page.title})") for s in sessions]


class EmailFailedFilter(SimpleListFilter):
    title = _("e-mail failed")
    parameter_name = "email_failed"

    def lookups(self, request, model_admin):
        return [("1", _("yes"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(registration__email_failed=True)
        return None


class RegistrationButtonHelper(ButtonHelper):
    """Adds "Cancel" to the buttons of a confirmed or waiting place."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if (
            obj.status != PlaceStatus.CANCELLED
            and "cancel" not in (exclude or [])
            and self.view.model_admin.user_can_cancel(self.request.user)
        ):
            buttons.append(
                {
                    "url": self.view.model_admin.get_extra_url("cancel", obj.pk),
                    "label": gettext("Cancel"),
                    "classname": "button button-small button-secondary",
                    "title": gettext("Cancel this registration for the session"),
                }
            )
        return buttons


class RegistrationIndexView(ImportExportIndexView):
    """The listing, with the counts of the chosen event's sessions above it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = None
        for spec in self.filter_specs:
            if isinstance(spec, EventListFilter) and spec.lookup_val:
                key = str(spec.lookup_val[-1])
                if key.isdigit() and len(key) < 19:  # a key the database can hold
                    event = events_for_user(self.request.user).filter(pk=int(key)).first()
        if event is not None:
            sessions = list(event.sessions.order_by("start", "pk"))
            context["summary_event"] = event
            context["summary_sessions"] = session_summaries(sessions, self.model.objects)
            context["summary_interest"] = event.registration_interests.filter(
                confirmed_at__isnull=False
            ).count()
        context["attendance_url"] = self.model_admin.get_extra_url("attendance")
        context["can_view_personal_data"] = can_view_personal_data(self.request.user)
        return context


class RegistrationInspectView(InspectView):
    """The person's registration and this place; personal fields only for users who may see
    personal data."""

    def get_fields_dict(self):
        entry = self.instance
        registration = entry.registration
        personal = can_view_personal_data(self.request.user)
        rows = [
            (_("event"), registration.event.title),
            (_("session"), session_text(entry.session)),
            (_("status"), entry.get_status_display()),
            (_("registered at"), registration.created_at),
        ]
        if entry.waiting_since and entry.status == PlaceStatus.WAITING:
            rows.append((_("on the waiting list since"), entry.waiting_since))
        if entry.confirmed_at:
            rows.append((_("confirmed at"), entry.confirmed_at))
        if entry.cancelled_at:
            rows.append((_("cancelled at"), entry.cancelled_at))
        rows.append((_("organisation"), registration.organisation))
        if personal:
            rows += [
                (_("name"), registration.name),
                (_("e-mail address"), registration.email),
                (_("role or position"), registration.role),
                (_("dietary wishes"), registration.dietary_wishes),
            ]
            if registration.question:
                rows.append((registration.question, registration.answer))
        rows += [
            (_("consent given at"), registration.consent_given_at),
            (
                _("privacy statement agreed to"),
                _("version of %(date)s")
                % {
                    "date": date_format(
                        timezone.localtime(registration.privacy_version.created_at),
                        "DATETIME_FORMAT",
                    )
                },
            ),
            (_("e-mail failed"), gettext("yes") if registration.email_failed else gettext("no")),
        ]
        if registration.email_notes:
            rows.append((_("e-mail notes"), registration.email_notes))
        result = []
        for label, value in rows:
            if hasattr(value, "tzinfo"):
                value = date_format(timezone.localtime(value), "DATETIME_FORMAT")
            result.append({"label": capfirst(label), "value": value or "-", "type": "text"})
        return result


class SessionRegistrationAdmin(PersonalDataAdminMixin, ImportExportModelAdminMixin, BaseModelAdmin):
    model = SessionRegistration
    menu_label = _("Registrations")
    menu_icon = "list-ul"
    list_display = ("reference", "organisation", "session_column", "status_column", "registered")
    personal_columns = ("name", "email")
    list_filter = (
        ("registration__event", EventListFilter),
        ("session", SessionListFilter),
        "status",
        EmailFailedFilter,
        ("created_at", DateFieldListFilter),
    )
    list_select_related = ("registration", "session")
    search_fields = ("registration__organisation",)
    personal_search_fields = (
        "registration__organisation",
        "registration__name",
        "registration__email",
    )
    ordering = ("session__start", "session_id", "status_rank", "waiting_since", "created_at")
    add_to_settings_menu = False
    exclude_from_explorer = True
    inspect_view_enabled = True
    index_view_class = RegistrationIndexView
    index_template_name = "jeugdzorg_wagtail/registrations/index.html"
    inspect_view_class = RegistrationInspectView
    permission_helper_class = RegistrationPermissionHelper
    button_helper_class = RegistrationButtonHelper
    export_formats = ("csv", "xlsx")

    # The listing's columns

    @column(_("registration"), "registration_id")
    def reference(self, obj):
        return f"#{obj.registration_id}"

    @column(_("organisation"), "registration__organisation")
    def organisation(self, obj):
        return obj.registration.organisation

    @column(_("name"), "registration__name")
    def name(self, obj):
        return obj.registration.name

    @column(_("e-mail address"), "registration__email")
    def email(self, obj):
        return obj.registration.email

    @column(_("session"), "session__start")
    def session_column(self, obj):
        return session_text(obj.session)

    @column(_("status"), "status_rank")
    def status_column(self, obj):
        if obj.status == PlaceStatus.WAITING:
            return gettext("waiting list, number %(position)s") % {
                "position": obj.waiting_ahead + 1
            }
        text = str(obj.get_status_display())
        if obj.registration.email_failed:
            return format_html("{} ({})", text, gettext("e-mail failed"))
        return text

    @column(_("registered at"), "created_at")
    def registered(self, obj):
        return date_format(timezone.localtime(obj.created_at), "j F Y, H:i")

    def get_list_display(self, request):
        columns = list(self.list_display)
        if can_view_personal_data(request.user):
            columns[1:1] = self.personal_columns
        return columns

    def get_queryset(self, request):
        """The places in the events whose page the user may edit (all for superusers)."""
        rank = Case(
            When(status=PlaceStatus.CONFIRMED, then=Value(0)),
            When(status=PlaceStatus.WAITING, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        queryset = (
            self.model._default_manager.get_queryset()
            .for_user(request.user)
            .with_waiting_position()
            .annotate(status_rank=rank)
        )
        # The ordering names the annotation, so it comes after it.
        return queryset.order_by(*self.get_ordering(request))

    # Permissions and URLs: PersonalDataAdminMixin

    def user_can_cancel(self, user):
        return self.user_can_change_records(user)

    def get_extra_views(self):
        return (
            ("export", importexport_views.ExportView, "export"),
            ("attendance", AttendanceListView, "attendance"),
            (r"cancel/(?P<pk>\d+)", CancelPlaceView, "cancel"),
        )
