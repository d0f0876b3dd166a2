"""The admin views of the partner agendas besides the listings: fetch a source now, hide or
show one of its events, copy one into an event page.

Each answers GET with a page that says what will happen and holds the form; the change itself
is a POST (with Django's CSRF check). The object comes from the listing's queryset, so what a
user cannot see there is a 404 here; the action takes the model permission ``change``.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import View

from .choices import FetchState
from .copying import copy_to_page
from .forms import CopyToPageForm
from .importing import BUSY, fetch_source

__all__ = ["CopyToPageView", "FetchNowView", "HideView"]


class SourceAdminView(View):
    """An admin view on one object of ``model_admin``, for users who may change it."""

    model_admin = None
    template_name = None

    def has_permission(self, user):
        helper = self.model_admin.permission_helper
        return helper.user_has_specific_permission(user, helper.get_perm_codename("change"))

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.has_permission(request.user):
            # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect.
            return HttpResponseForbidden(gettext("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, request, pk):
        return self.model_admin.get_object_or_404(request, pk)

    def redirect_back(self, request, default):
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = default
        return redirect(target)

    def render(self, request, obj, **context):
        context = {
            "view": self,
            "object": obj,
            "header_icon": self.model_admin.get_menu_icon(),
            "index_url": self.model_admin.url_helper.index_url,
            "inspect_url": self.model_admin.url_helper.get_action_url("inspect", obj.pk),
            "next": request.GET.get("next", ""),
            **context,
        }
        return TemplateResponse(request, self.template_name, context)


class FetchNowView(SourceAdminView):
    """Fetches one source at once and says how it went."""

    template_name = "jeugdzorg_wagtail/sources/fetch.html"

    def get(self, request, pk):
        return self.render(request, self.get_object(request, pk))

    def post(self, request, pk):
        source = self.get_object(request, pk)
        try:
            outcome = fetch_source(source)
        except Exception:  # an error of this site, logged by fetch_source: say so, no 500
            messages.error(
                request,
                gettext(
                    "“%(name)s” could not be fetched because of an error on this site. The "
                    "events of the previous fetch stay as they were."
                )
                % {"name": source.name},
            )
        else:
            if outcome.state == FetchState.FAILED:
                messages.error(request, outcome.message)
            elif outcome.state == BUSY:
                messages.warning(request, outcome.message)
            else:
                messages.success(request, outcome.message)
        return self.redirect_back(request, self.model_admin.url_helper.index_url)


class HideView(SourceAdminView):
    """Hides a shown event, or shows a hidden one."""

    template_name = "jeugdzorg_wagtail/sources/event_hide.html"

    def get(self, request, pk):
        return self.render(request, self.get_object(request, pk))

    def post(self, request, pk):
        event = self.get_object(request, pk)
        event.hidden = not event.hidden
        event.save(update_fields=["hidden"])
        if event.hidden:
            text = gettext("“%(event)s” is hidden: the agendas no longer show it.")
        else:
            text = gettext("“%(event)s” is shown again in the agendas of its source.")
        messages.success(request, text % {"event": event})
        return self.redirect_back(request, self.model_admin.url_helper.index_url)


class CopyToPageView(SourceAdminView):
    """Makes a draft event page from a partner's event, under an agenda the user chooses."""

    template_name = "jeugdzorg_wagtail/sources/event_copy.html"

    def get(self, request, pk):
        event = self.get_object(request, pk)
        form = CopyToPageForm(user=request.user, source_event=event)
        return self.render(request, event, form=form)

    def post(self, request, pk):
        event = self.get_object(request, pk)
        form = CopyToPageForm(request.POST, user=request.user, source_event=event)
        if not form.is_valid():
            return self.render(request, event, form=form)
        page = copy_to_page(event, form.cleaned_data["agenda"], user=request.user)
        messages.success(
            request,
            gettext(
                "Draft event “%(title)s” made; the partner's event is now hidden. Check the "
                "draft and publish it."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
