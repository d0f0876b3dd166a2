from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from .admin_ui.events import EventPageAdmin
from .admin_ui.practice import PracticeExamplePageAdmin
from .admin_ui.submissions import CallSubmissionAdmin
from .admin_ui.taxonomy import TAXONOMY_ADMINS, organisation_chooser_viewset


class NetworkDataGroup(ModelAdminGroup):
    """One menu group for the network's data."""

    menu_label = _("Network data")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = [EventPageAdmin, PracticeExamplePageAdmin, *TAXONOMY_ADMINS, CallSubmissionAdmin]


modeladmin_register(NetworkDataGroup)


@hooks.register("register_admin_viewset")
def register_organisation_chooser():
    return organisation_chooser_viewset
