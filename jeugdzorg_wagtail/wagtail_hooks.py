from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from .calls.admin import CallSubmissionAdmin
from .calls.models import CallSubmission
from .events.admin import EventPageAdmin
from .market.admin import MarketStandAdmin
from .practice.admin import PracticeExamplePageAdmin
from .registrations.admin import SessionRegistrationAdmin
from .registrations.models import Registration
from .sources.admin import AgendaSourceAdmin, SourceEventAdmin
from .taxonomy.admin import TAXONOMY_ADMINS, organisation_chooser_viewset


class NetworkDataGroup(ModelAdminGroup):
    """One menu group for the network's data."""

    menu_label = _("Network data")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = [
        EventPageAdmin,
        AgendaSourceAdmin,
        SourceEventAdmin,
        PracticeExamplePageAdmin,
        *TAXONOMY_ADMINS,
        CallSubmissionAdmin,
        SessionRegistrationAdmin,
        MarketStandAdmin,
    ]


modeladmin_register(NetworkDataGroup)


def personal_data_below(pages):
    """How many submissions and registrations belong to ``pages`` or a page below them."""
    below = Page.objects.none()
    for page in pages:
        below |= Page.objects.descendant_of(page, inclusive=True)
    ids = below.values("pk")
    return (
        CallSubmission.objects.filter(call_id__in=ids).count()
        + Registration.objects.filter(event_id__in=ids).count()
    )


def refusal_to_delete(request, pages, back):
    """Refuse to delete pages that submissions or registrations still belong to.

    They keep a visitor's data and its consent; deleting the page would fail on them (or lose
    them). The editor can unpublish the page, or remove the data first.
    """
    count = personal_data_below(pages)
    if not count:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” cannot be deleted while submissions or registrations belong to it or "
            "to a page below it (%(count)s in all). Unpublish it instead, or delete those "
            "first."
        )
        % {"title": pages[0].get_admin_display_title(), "count": count},
    )
    return redirect(back)


@hooks.register("before_delete_page")
def keep_pages_with_personal_data(request, page):
    if request.method == "POST":
        return refusal_to_delete(request, [page], request.get_full_path())
    return None


@hooks.register("before_bulk_action")
def keep_pages_with_personal_data_in_bulk(request, action_type, objects, action):
    if action_type == "delete" and objects and isinstance(objects[0], Page):
        return refusal_to_delete(request, list(objects), request.get_full_path())
    return None


@hooks.register("register_admin_viewset")
def register_organisation_chooser():
    return organisation_chooser_viewset


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    actions.register_action(
        "jeugdzorg_wagtail.submission_status",
        _("Change status"),
        _("Status changed"),
    )
    actions.register_action(
        "jeugdzorg_wagtail.submissions_export",
        _("Export submissions"),
        _("Submissions exported"),
    )
    actions.register_action(
        "jeugdzorg_wagtail.practice_example_made",
        _("Make a practice example"),
        _("Practice example made"),
    )
    actions.register_action(
        "jeugdzorg_wagtail.market_stand_made",
        _("Place on the market"),
        _("Placed on the market"),
    )
    actions.register_action(
        "jeugdzorg_wagtail.registration_cancelled",
        _("Cancel a registration"),
        _("Registration cancelled"),
    )
    actions.register_action(
        "jeugdzorg_wagtail.personal_data_request",
        _("Personal data request"),
        _("Personal data request handled"),
    )
