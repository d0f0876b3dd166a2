from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from .calls.admin import CallSubmissionAdmin
from .events.admin import EventPageAdmin
from .market.admin import MarketStandAdmin
from .practice.admin import PracticeExamplePageAdmin
from .registrations.admin import SessionRegistrationAdmin
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
