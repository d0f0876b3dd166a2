"""The export of call submissions (personal data included: see the admin's permission check)."""

from django.utils import timezone
from import_export import fields, resources

from ..importexport.registry import register_resource
from ..importexport.resources import ResourceMixin
from .models import CallSubmission

__all__ = ["CallSubmissionResource"]


def _local(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


@register_resource(CallSubmission)
class CallSubmissionResource(ResourceMixin, resources.Resource):
    """One row per submission. Export only; every text cell is escaped by ``export_dataset``."""

    reference = fields.Field(column_name="reference", attribute="pk")
    received_at = fields.Field(column_name="received_at")
    call = fields.Field(column_name="call")
    status = fields.Field(column_name="status")
    submission_type = fields.Field(column_name="type", attribute="submission_type")
    title = fields.Field(column_name="title", attribute="title")
    summary = fields.Field(column_name="summary", attribute="summary")
    description = fields.Field(column_name="description", attribute="description")
    organisation = fields.Field(column_name="organisation", attribute="organisation")
    region = fields.Field(column_name="region")
    themes = fields.Field(column_name="themes")
    target_groups = fields.Field(column_name="target_groups")
    links = fields.Field(column_name="links")
    name = fields.Field(column_name="name", attribute="name")
    role = fields.Field(column_name="role", attribute="role")
    email = fields.Field(column_name="email", attribute="email")
    phone = fields.Field(column_name="phone", attribute="phone")
    attachment = fields.Field(column_name="attachment", attribute="attachment_name")
    editor_notes = fields.Field(column_name="editor_notes", attribute="editor_notes")
    reviewed_by = fields.Field(column_name="reviewed_by")
    reviewed_at = fields.Field(column_name="reviewed_at")

    def export_dataset(self, queryset):
        queryset = queryset.select_related("call", "region", "reviewed_by").prefetch_related(
            "themes", "target_groups"
        )
        return self.export(queryset=queryset)

    def dehydrate_received_at(self, obj):
        return _local(obj.created_at)

    def dehydrate_call(self, obj):
        return obj.call.title

    def dehydrate_status(self, obj):
        return str(obj.get_status_display())

    def dehydrate_region(self, obj):
        return obj.region.name if obj.region_id else ""

    def dehydrate_themes(self, obj):
        return "; ".join(term.name for term in obj.themes.all())

    def dehydrate_target_groups(self, obj):
        return "; ".join(term.name for term in obj.target_groups.all())

    def dehydrate_links(self, obj):
        return "\n".join(obj.links or [])

    def dehydrate_reviewed_by(self, obj):
        user = obj.reviewed_by
        return (user.get_full_name() or user.get_username()) if user else ""

    def dehydrate_reviewed_at(self, obj):
        return _local(obj.reviewed_at)
