"""The registrations list's own admin views: the printable attendance list and cancelling a
place. Each takes its rows from the listing's queryset, so a registration the user may not see
is a 404 here too."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View
from wagtail.log_actions import log

from ..core.admin import PK_RANGE
from ..core.privacy import can_view_personal_data
from ..events.models import EventSession
from . import emails, places
from .choices import PlaceStatus
from .models import events_for_user

__all__ = ["AttendanceListView", "CancelPlaceView", "session_summaries"]


def session_summaries(sessions, entries):
    """Each session with ``confirmed``, ``waiting`` and ``free`` (``None``: no limit) set,
    counted from ``entries`` in one query."""
    counts = places.counts_by_session(entries.model, [session.pk for session in sessions])
    for session in sessions:
        found = counts.get(session.pk, {"confirmed": 0, "waiting": 0})
        session.confirmed, session.waiting = found["confirmed"], found["waiting"]
        session.free = (
            None if session.places is None else max(session.places - found["confirmed"], 0)
        )
    return sessions


class RegistrationAdminView(View):
    model_admin = None

    def has_permission(self, user):
        return self.model_admin.permission_helper.user_can_list(user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.has_permission(request.user):
            # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect.
            return HttpResponseForbidden(gettext("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)


def _session_key(value):
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if PK_RANGE[0] <= number <= PK_RANGE[1] else None


class AttendanceListView(RegistrationAdminView):
    """The attendance list of one session (``?session=<id>``), made to be printed: the
    people with a place, by name, with their organisation and what else the form asked.

    Without a session (or with one the user may not see) it lists the sessions to choose
    from. Names are personal data: only for users who may see it.
    """

    template_name = "jeugdzorg_wagtail/registrations/attendance.html"

    def has_permission(self, user):
        return can_view_personal_data(user) and super().has_permission(user)

    def get(self, request):
        events = events_for_user(request.user)
        sessions = EventSession.objects.filter(page__in=events.values("pk")).select_related("page")
        key = _session_key(request.GET.get("session"))
        session = sessions.filter(pk=key).first() if key is not None else None
        context = {
            "view": self,
            "header_icon": self.model_admin.get_menu_icon(),
            "index_url": self.model_admin.url_helper.index_url,
            "session": session,
        }
        if session is None:
            chosen = (
                sessions.filter(registrations__isnull=False).distinct().order_by("-start", "pk")
            )
            context["sessions"] = session_summaries(
                list(chosen[:200]), self.model_admin.model.objects
            )
        else:
            entries = (
                self.model_admin.get_queryset(request)
                .filter(session=session, status=PlaceStatus.CONFIRMED)
                .select_related("registration")
                .order_by("registration__name", "pk")
            )
            context["entries"] = list(entries)
            context["event"] = session.page.specific
        return TemplateResponse(request, self.template_name, context)


class CancelPlaceView(RegistrationAdminView):
    """Cancels one place (or a place on a waiting list); the first on the waiting list gets a
    place that came free, and an e-mail."""

    template_name = "jeugdzorg_wagtail/registrations/cancel.html"

    def has_permission(self, user):
        return self.model_admin.user_can_cancel(user)

    def get(self, request, pk):
        entry = self.model_admin.get_object_or_404(request, pk)
        context = {
            "view": self,
            "entry": entry,
            "header_icon": self.model_admin.get_menu_icon(),
            "index_url": self.model_admin.url_helper.index_url,
            "can_cancel": entry.status != PlaceStatus.CANCELLED,
        }
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, pk):
        entry = self.model_admin.get_object_or_404(request, pk)
        if entry.status == PlaceStatus.CANCELLED:
            return redirect(self.model_admin.url_helper.index_url)
        page = entry.registration.event.specific
        now = timezone.now()
        with transaction.atomic():
            promoted = places.cancel_entries([entry], now)
            transaction.on_commit(lambda: emails.send_promotions(page, promoted))
        log(
            instance=entry,
            action="jeugdzorg_wagtail.registration_cancelled",
            user=request.user,
            data={"promoted": len(promoted)},
        )
        message = gettext("The registration has been cancelled.")
        if promoted:
            message += " " + gettext("The first on the waiting list got the place.")
        messages.success(request, message)
        return redirect(self.model_admin.url_helper.index_url)
