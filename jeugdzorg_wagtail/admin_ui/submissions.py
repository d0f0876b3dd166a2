"""A minimal admin for call submissions: a list and a detail (inspect) view.

Personal data (``CallSubmission.personal_data_fields``) is shown only to users with the
permission ``jeugdzorg_wagtail.view_personal_data``; the list and its search hold none.
Submissions arrive through the public form, so nobody creates them here.
"""

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from ..models import CallSubmission

PERSONAL_DATA_PERMISSION = "jeugdzorg_wagtail.view_personal_data"


def can_view_personal_data(user):
    return bool(user and user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION))


class CallSubmissionPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False


class CallSubmissionInspectView(InspectView):
    """Shows personal fields only to users who may see personal data."""

    def get_fields_dict(self):
        fields = []
        for field_name in self.model_admin.get_inspect_view_fields():
            if field_name in CallSubmission.personal_data_fields and not can_view_personal_data(
                self.request.user
            ):
                continue
            fields.append(self.get_dict_for_field(field_name))
        return fields

    def get_field_display_value(self, field_name, field=None):
        if field_name == "attachment":
            # The file has no public URL: name and size only (downloads come with the inbox).
            if not self.instance.attachment:
                return self.model_admin.get_empty_value_display(field_name)
            size = filesizeformat(self.instance.attachment_size or 0)
            return f"{self.instance.attachment_name} ({size})"
        if field_name == "links":
            return "\n".join(self.instance.links or []) or self.model_admin.get_empty_value_display(
                field_name
            )
        if field_name == "privacy_version":
            version = self.instance.privacy_version
            created = timezone.localtime(version.created_at)
            return _("version of %(date)s") % {"date": f"{created:%Y-%m-%d %H:%M}"}
        return super().get_field_display_value(field_name, field)


class CallSubmissionAdmin(ModelAdmin):
    model = CallSubmission
    menu_label = _("Submissions")
    menu_icon = "form"
    list_display = ("__str__", "title", "call", "submission_type", "status", "created_at")
    list_filter = ("status", "call")
    search_fields = ("title",)
    ordering = ("-created_at",)
    add_to_settings_menu = False
    exclude_from_explorer = True
    inspect_view_enabled = True
    inspect_view_class = CallSubmissionInspectView
    permission_helper_class = CallSubmissionPermissionHelper
    inspect_view_fields = [
        "call",
        "created_at",
        "status",
        "submission_type",
        "title",
        "summary",
        "description",
        "region",
        "themes",
        "target_groups",
        "links",
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "attachment",
        "consent_given_at",
        "privacy_version",
        "editor_notes",
        "email_failed",
        "email_notes",
    ]
    form_fields_exclude = [
        "call",
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "region",
        "submission_type",
        "title",
        "summary",
        "description",
        "themes",
        "target_groups",
        "links",
        "attachment",
        "email_failed",
    ]
